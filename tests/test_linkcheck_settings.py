"""Link-check settings of the wrong type, and a report that hostile input cannot
turn into markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from linkcheck_site import FAST, Site, by_uri, callout, report, serve
from sphinx_cmi.linkcheck import DEFAULTS, settings_of
from sphinx_cmi.linkcheck_report import REPORT_MD

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    from helpers import Build


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    yield from serve()


WRONG: Mapping[str, object] = {
    "cmi_linkcheck_cache_days": "7",
    "cmi_linkcheck_timeout": 0,
    "cmi_linkcheck_retries": 1.5,
    "cmi_linkcheck_backoff": -1,
    "cmi_linkcheck_host_concurrency": True,
    "cmi_linkcheck_max_retry_after": [60],
    "cmi_linkcheck_strict": "yes",
    "cmi_linkcheck_refresh": 1,
}


def test_wrong_settings_warn_once_and_use_the_default(
    build: Callable[..., Build],
) -> None:
    result = build({"page.md": "# Page\n"}, conf=WRONG)
    assert settings_of(result.app.config) == DEFAULTS
    warned = [w for w in result.reported() if w.type == "cmi.config"]
    assert sorted(w.message.split()[0] for w in warned) == sorted(WRONG)
    conf_py = str(result.srcdir / "conf.py")
    assert all(w.path == conf_py and w.line for w in warned)
    assert "Traceback" not in result.warnings
    assert len(result.reported()) == len(WRONG), result.warnings


def test_wrong_flag_on_the_command_line_warns(build: Callable[..., Build]) -> None:
    result = build(
        {"page.md": "# Page\n"}, confoverrides={"cmi_linkcheck_refresh": "yes"}
    )
    assert result.warnings.strip() == (
        "WARNING: cmi_linkcheck_refresh must be True or False, not 'yes'; "
        "using False [cmi.config]"
    )
    assert result.app.config.cmi_linkcheck_refresh is False


HOSTILE_TITLE = (
    "Evil <img src=x onerror=alert(1)> | [pwn](javascript:alert(1)) **b** @team `c`"
)


def test_markdown_report_escapes_titles_and_urls(
    build: Callable[..., Build], site: Site
) -> None:
    hostile_url = site.url("/ok/1?q=|*x*_[y](javascript:alert(1))&lt;b&gt;@a")
    files = {
        "index.md": "# Index\n\n```{toctree}\nevil\nplain\n```\n",
        "evil.md": "# Evil\n\n" + callout(HOSTILE_TITLE, site.url("/ok/2")),
        "plain.rst": f"Plain\n=====\n\n`hostile <{hostile_url}>`_\n",
    }
    result = build(files, buildername="linkcheck", conf=FAST)
    assert by_uri(report(result))[hostile_url]["status"] == "working"
    html = (
        MarkdownIt("commonmark")
        .enable("table")
        .render((result.outdir / REPORT_MD).read_text())
    )
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select("img, a, script, strong, em, code")
    cells = {td.get_text() for td in soup.select("td")}
    assert HOSTILE_TITLE in cells
    assert hostile_url in cells
    for table in soup.select("table"):
        width = len(table.select("th"))
        assert all(len(tr.select("td")) == width for tr in table.select("tbody tr"))
