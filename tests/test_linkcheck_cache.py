"""The link check's cache between runs, against a local server."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

import pytest

from helpers import Build, run_build
from linkcheck_site import FAST, Site, by_uri, callout, report, serve
from sphinx_cmi.linkcheck import CACHE_FILE
from sphinx_cmi.linkcheck_http import JITTER, LinkCache, Settings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


WORKING = ("/ok/1", "/ok/2", "/ok/3", "/ok/4", "/with-anchor")
BROKEN = ("/gone-404", "/gone-410", "/without-anchor")


@pytest.fixture
def fresh_site() -> Iterator[Site]:
    yield from serve()


def cache_project(site: Site) -> dict[str, str]:
    links = [site.url(p) for p in WORKING[:-1]] + [site.url("/with-anchor#target")]
    links += [site.url(p) for p in BROKEN[:-1]] + [site.url("/without-anchor#target")]
    links.append(site.url("/moved"))
    body = "".join(f"See [this]({url}).\n\n" for url in links[1:])
    return {"page.md": "# Page\n\n" + callout("Cached course", links[0]) + body}


@pytest.fixture
def run(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, fresh_site: Site
) -> Callable[..., Build]:
    """Build the same project again and again into the same output folder."""

    def again(**conf: object) -> Build:
        files = cache_project(fresh_site)
        settings = {**FAST, **conf}
        return run_build(
            make_app, tmp_path / "src", files, buildername="linkcheck", conf=settings
        )

    return again


def requests_for(site: Site, paths: tuple[str, ...]) -> int:
    return sum(site.count(path) for path in paths)


def test_second_run_within_the_cache_period_skips_working_links(
    run: Callable[..., Build], fresh_site: Site
) -> None:
    run()
    first = requests_for(fresh_site, WORKING)
    assert first >= len(WORKING)
    fresh_site.forget()
    second = run()
    assert requests_for(fresh_site, WORKING) <= first / 10
    for path in (*BROKEN, "/moved"):
        assert fresh_site.count(path) >= 1, f"{path} was not checked again"
    rows = by_uri(report(second))
    assert {rows[fresh_site.url(p)]["status"] for p in WORKING[:-1]} == {"cached"}
    assert rows[fresh_site.url("/gone-404")]["label"] == "broken (404)"
    assert report(second)["summary"]["cached"] == len(WORKING)
    assert second.app.statuscode == 1


def test_refresh_ignores_the_cache(run: Callable[..., Build], fresh_site: Site) -> None:
    run()
    first = requests_for(fresh_site, WORKING)
    fresh_site.forget()
    second = run(cmi_linkcheck_refresh=True)
    assert requests_for(fresh_site, WORKING) == first
    assert report(second)["summary"]["cached"] == 0
    fresh_site.forget()
    run()  # the refreshed results are cached again
    assert requests_for(fresh_site, WORKING) == 0


def test_no_cache_with_zero_days(run: Callable[..., Build], fresh_site: Site) -> None:
    run(cmi_linkcheck_cache_days=0)
    first = requests_for(fresh_site, WORKING)
    fresh_site.forget()
    run(cmi_linkcheck_cache_days=0)
    assert requests_for(fresh_site, WORKING) == first


def test_expired_entries_are_fetched_again(
    run: Callable[..., Build], fresh_site: Site
) -> None:
    first = run()
    cache_file = first.outdir / CACHE_FILE
    data = json.loads(cache_file.read_text())
    assert set(data["links"]) == {fresh_site.url(p) for p in WORKING[:-1]} | {
        fresh_site.url("/with-anchor#target")
    }
    now = time.time()
    data["links"][fresh_site.url("/ok/1")]["checked"] = now - 8 * 86400  # expired
    data["links"][fresh_site.url("/ok/2")]["checked"] = now - 6 * 86400  # still fresh
    data["links"][fresh_site.url("/ok/3")]["checked"] = now + 86400  # in the future
    cache_file.write_text(json.dumps(data))
    fresh_site.forget()
    run()
    assert fresh_site.count("/ok/1") == 1
    assert fresh_site.count("/ok/2") == 0
    assert fresh_site.count("/ok/3") == 1
    assert fresh_site.count("/ok/4") == 0


def test_cache_entries_expire_with_jitter(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    writer = LinkCache(path, Settings())
    for n in range(20):
        writer.record(f"https://example.org/{n}", _working())
    writer.save()
    jitters = [e["jitter"] for e in json.loads(path.read_text())["links"].values()]
    assert len(set(jitters)) == 20
    assert all(0 <= j < JITTER for j in jitters)
    # One day old, with a one-day period: fresh only without jitter.
    entries = {"https://a": 0.0, "https://b": JITTER}
    stamp = time.time() - 0.95 * 86400
    data = {u: {"checked": stamp, "jitter": j} for u, j in entries.items()}
    path.write_text(json.dumps({"version": 1, "links": data}))
    reader = LinkCache(path, Settings(cache_days=1))
    assert reader.fresh("https://a")
    assert not reader.fresh("https://b")


def _working() -> Any:
    from sphinx_cmi.linkcheck_http import Verdict

    return Verdict("working", 200)


def test_a_damaged_cache_is_ignored(
    run: Callable[..., Build], fresh_site: Site
) -> None:
    first = run()
    (first.outdir / CACHE_FILE).write_text('{"version": 1, "links": {"x": [')
    fresh_site.forget()
    second = run()
    assert requests_for(fresh_site, WORKING) >= len(WORKING)
    assert report(second)["summary"]["cached"] == 0
    (second.outdir / CACHE_FILE).write_text(
        json.dumps({"version": 1, "links": {fresh_site.url("/ok/1"): {"checked": "x"}}})
    )
    fresh_site.forget()
    run()
    assert fresh_site.count("/ok/1") == 1
