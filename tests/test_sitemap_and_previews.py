"""sitemap.xml (sphinx-sitemap) and link previews (sphinxext-opengraph) in the
handbook and in the starter: every page in the sitemap, every page with its
``og:`` tags, and a course's description in the preview of its page."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from helpers import PROJECT, page, shared_build, sphinx_process
from sphinx_cmi.cli import main

if TYPE_CHECKING:
    from pathlib import Path

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HANDBOOK_URL = "https://sphinx-cmi.readthedocs.io/en/latest/"
NOT_IN_SITEMAP = {"search", "genindex"}


def sitemap(outdir: Path) -> list[str]:
    tree = ElementTree.parse(outdir / "sitemap.xml")
    return [str(loc.text) for loc in tree.getroot().iter(f"{SITEMAP}loc")]


def pages(outdir: Path) -> list[str]:
    """Every page of an html build, as its docname (``guide/getting-started``)."""
    found = sorted(
        str(path.relative_to(outdir).with_suffix("")) for path in outdir.rglob("*.html")
    )
    return [name for name in found if not name.startswith("_") and name not in
            NOT_IN_SITEMAP]  # fmt: skip


def og_tags(outdir: Path, docname: str) -> dict[str, str]:
    html = (outdir / f"{docname}.html").read_text(encoding="utf-8")
    head = BeautifulSoup(html, "html.parser").head
    assert head is not None
    return {
        str(meta["property"]): str(meta["content"])
        for meta in head.find_all("meta", property=True)
        if str(meta["property"]).startswith("og:")
    }


def first_course_summaries(outdir: Path) -> dict[str, str]:
    """docname -> the summary of its first course, from curriculum.json."""
    data = json.loads((outdir / "curriculum.json").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for course in data["cards"]["course"]:
        # A call-out without body text has no summary: the page describes it.
        summary = course["fields"].get("summary")
        if summary:
            found.setdefault(course["page"], summary)
    return found


def test_handbook_sitemap_lists_every_page(handbook: Path) -> None:
    expected = {f"{HANDBOOK_URL}{name}.html" for name in pages(handbook)}
    listed = sitemap(handbook)
    assert len(listed) == len(set(listed))
    assert set(listed) == expected
    assert f"{HANDBOOK_URL}reference/curriculum-export.html" in expected


def test_handbook_pages_have_og_tags(handbook: Path) -> None:
    courses = first_course_summaries(handbook)
    assert "becoming-a-leader" in courses
    for docname in pages(handbook):
        tags = og_tags(handbook, docname)
        title = BeautifulSoup(
            (handbook / f"{docname}.html").read_text(encoding="utf-8"), "html.parser"
        ).select_one("h1")
        assert title is not None, docname
        assert tags["og:title"] == title.get_text().rstrip("#¶ \n"), docname
        assert tags["og:type"] == "website"
        assert tags["og:url"] == f"{HANDBOOK_URL}{docname}.html"
        assert tags["og:site_name"] == "sphinx-cmi"
        assert tags["og:description"], docname
        if docname in courses:
            assert tags["og:description"] == courses[docname], docname


HOSTILE = 'Teams & "trust" <script>alert(1)</script> grow'
PREVIEW_CONF = {
    "extensions": ["myst_parser", "sphinx_cmi", "sphinxext.opengraph"],
    "html_baseurl": "https://example.org/",
    "ogp_site_url": "https://example.org/",
    "ogp_social_cards": {"enable": False},
}


def test_preview_description_is_the_first_course_escaped(tmp_path: Path) -> None:
    files = {
        "courses.rst": page(
            "rst",
            f"Intro words.\n\n.. course-callout:: First\n\n   {HOSTILE}\n\n"
            ".. course-callout:: Second\n\n   Second summary.\n",
        ),
        "own.md": "---\nog:description: My own words.\n---\n"
        + page("md", ":::{course-callout} Third\n\nThird summary.\n:::\n"),
    }
    built = shared_build(tmp_path / "src", files, conf=PREVIEW_CONF)
    assert built.warnings == ""
    html = (built.outdir / "courses.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    description = og_tags(built.outdir, "courses")["og:description"]
    assert description == first_course_summaries(built.outdir)["courses"]
    assert "& \u201ctrust\u201d <script>alert(1)</script> grow" in description
    assert og_tags(built.outdir, "own")["og:description"] == "My own words."


def test_starter_has_sitemap_and_previews_when_published(tmp_path: Path) -> None:
    target = tmp_path / "h"
    assert main(["new", str(target)]) == 0
    url = "https://my-handbook.example.org/en/latest/"
    out = tmp_path / "html"
    strict = ("-W", "--keep-going", "-n", "-b", "html", target, out)
    sphinx_process(*strict, env={"READTHEDOCS_CANONICAL_URL": url})
    expected = {f"{url}{name}.html" for name in pages(out)}
    assert len(expected) == 6
    assert set(sitemap(out)) == expected
    courses = first_course_summaries(out)
    assert courses
    for docname in pages(out):
        tags = og_tags(out, docname)
        assert tags["og:url"] == f"{url}{docname}.html"
        assert tags["og:title"]
        if docname in courses:
            assert tags["og:description"] == courses[docname]
    data = json.loads((out / "curriculum.json").read_text(encoding="utf-8"))
    assert data["base_url"] == url


def test_starter_without_an_address_has_no_sitemap(tmp_path: Path) -> None:
    target = tmp_path / "h"
    assert main(["new", str(target), "--language", "fr"]) == 0
    out = tmp_path / "html"
    sphinx_process("-W", "-n", "-b", "html", target, out)
    assert not (out / "sitemap.xml").exists()
    assert og_tags(out, "index")["og:title"]


@pytest.mark.parametrize("name", ["sphinx_sitemap", "sphinxext.opengraph"])
def test_handbook_conf_uses_the_extension(name: str) -> None:
    conf = (PROJECT / "docs" / "conf.py").read_text(encoding="utf-8")
    assert f'"{name}"' in conf
