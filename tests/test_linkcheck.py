"""The link check against real local servers: statuses, politeness, report.

Every server runs on 127.0.0.1 (see ``linkcheck_site.py``); nothing leaves the
machine.  Timeouts and waits are short so each build takes a few seconds.
"""

from __future__ import annotations

import json
import time
from email.utils import formatdate
from typing import TYPE_CHECKING

import pytest

from helpers import Build, line_of, shared_build
from linkcheck_site import FAST, LIMIT, Dropper, Site, by_uri, callout, report, serve
from sphinx_cmi.linkcheck_http import retry_after_seconds
from sphinx_cmi.linkcheck_report import REPORT_MD

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


# --- One project linking to every kind of answer ---------------------------


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    yield from serve()


@pytest.fixture(scope="module")
def slow() -> Iterator[Site]:
    yield from serve(delay=2.0)


@pytest.fixture(scope="module")
def dropper() -> Iterator[Dropper]:
    host = Dropper()
    yield host
    host.close()


@pytest.fixture(scope="module")
def expected(site: Site, slow: Site, dropper: Dropper) -> dict[str, str]:
    """URL -> the exact status the report must give it."""
    ok = {site.url(f"/ok/{n}"): "working" for n in range(1, 7)}
    return ok | {
        site.url("/moved"): f"redirected (301) to {site.url('/new-home')}",
        site.url("/loop/a"): "broken (too many redirects)",
        site.url("/gone-404"): "broken (404)",
        site.url("/gone-410"): "broken (410)",
        site.url("/busy"): "working",
        site.url("/maintenance"): "working",
        site.url("/unavailable"): "working",
        site.url("/flaky"): "working",
        site.url("/limited"): "rate-limited (asked to wait 3600 s)",
        site.url("/with-anchor#target"): "working",
        site.url("/without-anchor#target"): "broken (anchor not found)",
        slow.url("/slow"): "timeout",
        dropper.url(): "broken (connection failed)",
    }


def everything(site: Site, slow: Site, dropper: Dropper) -> dict[str, str]:
    courses = "# Courses\n\n" + "".join(
        callout(title, url, body)
        for title, url, body in [
            (
                "Working course",
                site.url("/ok/1"),
                f"See [the syllabus]({site.url('/ok/2')}).",
            ),
            ("Moved course", site.url("/moved"), ""),
            ("Looping course", site.url("/loop/a"), ""),
            ("Missing course", site.url("/gone-404"), ""),
            ("Retired course", site.url("/gone-410"), ""),
            ("Busy course", site.url("/busy"), ""),
            ("Maintenance course", site.url("/maintenance"), ""),
            ("Anchored course", site.url("/with-anchor#target"), ""),
            ("Slow course", slow.url("/slow"), ""),
            ("Dropped course", dropper.url(), ""),
        ]
    )
    prose = ["/ok/1", "/ok/3", "/ok/4", "/ok/5", "/ok/6", "/unavailable", "/flaky",
             "/limited", "/without-anchor#target"]  # fmt: skip
    reading = "# Reading\n\n" + "".join(
        f"Paragraph {n} links to [a page]({site.url(path)}).\n\n"
        for n, path in enumerate(prose)
    )
    return {"courses.md": courses, "reading.md": reading}


@pytest.fixture(scope="module")
def checked(
    tmp_path_factory: pytest.TempPathFactory, site: Site, slow: Site, dropper: Dropper
) -> Build:
    files = everything(site, slow, dropper)
    srcdir = tmp_path_factory.mktemp("linkcheck") / "src"
    return shared_build(srcdir, files, buildername="linkcheck", conf=FAST)


def test_every_link_gets_its_exact_status(
    checked: Build, expected: dict[str, str]
) -> None:
    rows = by_uri(report(checked))
    assert {uri: row["label"] for uri, row in rows.items()} == expected
    assert {uri: row["status"] for uri, row in rows.items()} == {
        uri: label.split()[0] for uri, label in expected.items()
    }
    missing_anchor = rows[
        next(u for u in expected if u.endswith("without-anchor#target"))
    ]
    assert (missing_anchor["code"], missing_anchor["info"]) == (
        None, "Anchor 'target' not found",
    )  # fmt: skip


def test_no_false_positives_after_429_and_503(checked: Build, site: Site) -> None:
    """The rate-limited and unavailable pages answered 200 in the end."""
    rows = by_uri(report(checked))
    for path in ("/busy", "/maintenance", "/unavailable", "/flaky"):
        assert rows[site.url(path)]["status"] == "working", path
        assert site.count(path) >= 2, f"{path} was not asked again"
    # Sphinx's own output agrees.
    output = (checked.outdir / "output.json").read_text().splitlines()
    statuses = {json.loads(line)["uri"]: json.loads(line)["status"] for line in output}
    assert (
        statuses[site.url("/busy")] == statuses[site.url("/maintenance")] == "working"
    )


def test_no_host_sees_more_requests_at_once_than_the_limit(
    checked: Build, site: Site
) -> None:
    assert sum(site.counts()[f"/ok/{n}"] for n in range(1, 7)) >= 6
    assert 1 <= site.most_active <= LIMIT


def test_retry_after_is_waited_for(checked: Build, site: Site) -> None:
    for path in ("/busy", "/maintenance"):
        first, second = site.times(path)[:2]
        assert second - first >= 1.0, path
    assert site.count("/limited") == 1, "a one-hour Retry-After is not waited for"


def test_timeouts_and_5xx_are_retried(checked: Build, slow: Site) -> None:
    assert slow.count("/slow") == 1 + FAST["cmi_linkcheck_retries"]  # type: ignore[operator]
    assert by_uri(report(checked))[slow.url("/slow")]["status"] == "timeout"


def test_only_broken_links_fail_the_build(checked: Build) -> None:
    assert checked.app.statuscode == 1
    assert report(checked)["exit_status"] == 1


def test_report_groups_by_course_and_page(
    checked: Build, site: Site, slow: Site, dropper: Dropper
) -> None:
    files = everything(site, slow, dropper)
    data = report(checked)
    courses = {group["title"]: group for group in data["courses"]}
    assert list(courses)[:3] == ["Working course", "Moved course", "Looping course"]
    working = courses["Working course"]
    line = line_of(files["courses.md"], "Working course")
    assert (working["course"], working["file"], working["line"]) == (
        "working-course", "courses.md", line,
    )  # fmt: skip
    assert [(r["uri"], r["call_to_action"], r["line"]) for r in working["links"]] == [
        (site.url("/ok/1"), True, line),
        (site.url("/ok/2"), False, line_of(files["courses.md"], "the syllabus")),
    ]
    assert courses["Slow course"]["links"][0]["status"] == "timeout"
    (page,) = data["pages"]
    assert (page["page"], page["file"]) == ("reading", "reading.md")
    rows = [(r["line"], r["uri"]) for r in page["links"]]
    assert rows[0] == (line_of(files["reading.md"], "Paragraph 0"), site.url("/ok/1"))
    assert rows[-1] == (
        line_of(files["reading.md"], "Paragraph 8"),
        site.url("/without-anchor#target"),
    )
    assert data["summary"] == {
        "working": 11, "cached": 0, "redirected": 1, "broken": 5, "timeout": 1,
        "rate-limited": 1,
    }  # fmt: skip

    markdown = (checked.outdir / REPORT_MD).read_text()
    missing = line_of(files["courses.md"], "Missing course")
    assert f"| Missing course | courses.md:{missing} |" in markdown
    assert "| broken (404) |" in markdown
    assert "### reading.md" in markdown
    assert (checked.outdir / "output.txt").is_file()


@pytest.fixture
def own_site() -> Iterator[Site]:
    """A server for one test, whose requests no other test counts."""
    yield from serve()


@pytest.fixture
def own_slow() -> Iterator[Site]:
    yield from serve(delay=2.0)


def test_parallel_build_reports_every_page(
    build: Callable[..., Build], own_site: Site
) -> None:
    """Links are noted in the main process, also when pages are written in parallel."""
    files = {
        f"page{n}.md": f"# Page {n}\n\n"
        + callout(f"Course {n}", own_site.url(f"/ok/{n}"))
        + f"[prose]({own_site.url('/gone-404')})\n"
        for n in range(1, 5)
    }
    result = build(files, buildername="linkcheck", conf=FAST, parallel=2)
    assert result.app.builder.parallel_ok
    data = report(result)
    assert [g["title"] for g in data["courses"]] == [f"Course {n}" for n in range(1, 5)]
    assert [g["file"] for g in data["pages"]] == [f"page{n}.md" for n in range(1, 5)]
    assert {r["label"] for g in data["pages"] for r in g["links"]} == {"broken (404)"}
    assert result.app.statuscode == 1


def test_links_in_included_files_are_placed_in_them(
    build: Callable[..., Build], own_site: Site
) -> None:
    snippet = "Intro.\n\n" + callout("Shared course", own_site.url("/ok/1"))
    files = {
        "page.md": "# Page\n\nText.\n\n```{include} parts/shared.txt\n```\n",
        "parts/shared.txt": snippet,
    }
    result = build(files, buildername="linkcheck", conf=FAST)
    (course,) = report(result)["courses"]
    line = line_of(snippet, "Shared course")
    assert (course["page"], course["file"], course["line"]) == (
        "page", "parts/shared.txt", line,
    )  # fmt: skip
    assert [(r["file"], r["line"]) for r in course["links"]] == [
        ("parts/shared.txt", line)
    ]


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("1", 1.0), (" 120 ", 120.0), ("", None), ("soon", None), ("-5", None),
     ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)  # fmt: skip
def test_retry_after_header(header: str, seconds: float | None) -> None:
    assert retry_after_seconds(header) == seconds


def test_retry_after_date_in_the_future() -> None:
    when = formatdate(time.time() + 3600, usegmt=True)
    wait = retry_after_seconds(when)
    assert wait is not None
    assert 3500 < wait <= 3600


# --- Exit status ---------------------------------------------------------------


@pytest.mark.parametrize(("strict", "status"), [(False, 0), (True, 1)])
def test_timeouts_and_rate_limits_fail_only_in_strict_mode(
    build: Callable[..., Build],
    own_site: Site,
    own_slow: Site,
    strict: bool,
    status: int,
) -> None:
    page = "# Page\n\n" + "".join(
        f"[link]({url})\n\n"
        for url in (
            own_site.url("/ok/1"),
            own_site.url("/moved"),
            own_site.url("/limited"),
            own_slow.url("/slow"),
        )
    )
    conf = {**FAST, "cmi_linkcheck_retries": 0, "cmi_linkcheck_strict": strict}
    result = build({"page.md": page}, buildername="linkcheck", conf=conf)
    assert result.app.statuscode == status
    assert report(result)["summary"] == {
        "working": 1, "cached": 0, "redirected": 1, "broken": 0, "timeout": 1,
        "rate-limited": 1,
    }  # fmt: skip


def test_strict_mode_from_the_command_line(
    build: Callable[..., Build], own_site: Site, own_slow: Site
) -> None:
    """``-D cmi_linkcheck_strict=1``, as ``nox -s linkcheck -- --strict`` passes it."""
    conf = {**FAST, "cmi_linkcheck_retries": 0}
    result = build(
        {"page.md": f"# Page\n\n[late]({own_slow.url('/slow')})\n"},
        buildername="linkcheck",
        conf=conf,
        confoverrides={"cmi_linkcheck_strict": "1"},
    )
    assert result.app.statuscode == 1
    assert by_uri(report(result))[own_slow.url("/slow")]["status"] == "timeout"


def test_a_link_in_a_quality_card_is_filed_under_its_page(
    build: Callable[..., Build], own_site: Site
) -> None:
    """Only call-outs are course groups; a quality's link is the page's."""
    quality = (
        ":::{quality-card} Integrity\n:name: integrity\n\n"
        f"Read [the code]({own_site.url('/ok/7')}).\n:::\n\n"
    )
    files = {"page.md": "# Page\n\n" + quality + callout("C", own_site.url("/ok/1"))}
    result = build(files, buildername="linkcheck", conf=FAST)
    data = report(result)
    assert [g["title"] for g in data["courses"]] == ["C"]
    (page,) = data["pages"]
    assert [r["uri"] for r in page["links"]] == [own_site.url("/ok/7")]
