"""A translation can change words, never structure.

A ``.po`` file is untrusted input: Sphinx parses every translated message as
markup again.  Values that are plain text in the source (titles, captions,
column names, facts) stay plain text; body text keeps the link policy and the
raw-HTML policy it has in the source.  MyST and rST; HTML, single-page HTML
and EPUB.
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from helpers import is_script_url, po_text, squash, translatable_page

if TYPE_CHECKING:
    from bs4 import Tag

    from helpers import Build, BuildProject

SYNTAXES = ("md", "rst")
BUILDERS = ("html", "singlehtml", "epub")

HTML = "<img src=x onerror=alert(1)><script>alert(2)</script>"
MARKUP = {
    "md": "*em* `code` [js](javascript:alert(3))",
    "rst": "*em* ``code`` `js <javascript:alert(3)>`_",
}

PLAIN = {
    "Leaders and managers": "caption",
    "Leader": "column",
    "Aspect": "dimension label",
    "Integrity": "card title",
    "Level Five": "call-out title",
    "Chartered Institute": "provider",
    "Six months": "duration",
    "Every course": "catalogue caption",
    "Every quality": "quality index caption",
    "Courses and qualities": "matrix caption",
    "Keeps its word": "quality summary",
    "Speak with candour": "outcome title",
    "Enrol today": "call to action",
    "Route to mastery": "learning-path caption",
}
"""Plain-text values of the source page, by the message they are."""
BODY = ["Lives the values.", "Plans ahead.", "Says what is true."]
"""Body text (markup allowed)."""


def hostile(syntax: str) -> dict[str, str]:
    """msgid -> msgstr: every plain value and body paragraph made hostile."""
    table = {msgid: f"{HTML} {MARKUP[syntax]} {msgid}" for msgid in PLAIN}
    table |= {msgid: f"{HTML} {MARKUP[syntax]} {msgid}" for msgid in BODY}
    return table


def build_translated(
    build: BuildProject, syntax: str, builder: str, conf: dict[str, object]
) -> Build:
    files = {
        f"hostile.{syntax}": translatable_page(syntax, "Hostile"),
        "locales/fr/LC_MESSAGES/hostile.po": po_text("fr", hostile(syntax)),
    }
    settings = {"language": "fr", "locale_dirs": ["locales"], **conf}
    return build(files, buildername=builder, conf=settings)


def pages_of(result: Build, builder: str) -> list[Tag]:
    """The content of the hostile page, without the theme around it."""
    if builder == "epub":
        with zipfile.ZipFile(next(result.outdir.glob("*.epub"))) as book:
            soups = [
                BeautifulSoup(book.read(name).decode("utf-8"), "html.parser")
                for name in book.namelist()
                if name.endswith("hostile.xhtml")
            ]
    else:
        name = "hostile.html" if builder == "html" else "index.html"
        soups = [result.soup(name)]
    found = [soup.select_one('[role="main"]') or soup.body for soup in soups]
    assert found, "no page"
    return [content for content in found if content is not None]


def assert_inert(root: Tag) -> None:
    assert not root.find_all(["script", "img", "iframe", "object"])
    assert not root.find_all(onerror=True)
    hrefs = [str(a.get("href")) for a in root.find_all("a")]
    assert not [href for href in hrefs if is_script_url(href)]


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize("syntax", SYNTAXES)
def test_plain_values_stay_plain_text(
    build: BuildProject, syntax: str, builder: str
) -> None:
    """With raw HTML switched off for bodies, nothing translated is live."""
    conf: dict[str, object] = (
        {"myst_disable_syntax": ["html_inline", "html_block"]} if syntax == "md" else {}
    )
    result = build_translated(build, syntax, builder, conf)
    for soup in pages_of(result, builder):
        assert_inert(soup)
        text = squash(soup.get_text(" "))
        # Each plain value shows the hostile text as typed, markup included.
        for msgid in PLAIN:
            assert squash(f"{HTML} {MARKUP[syntax]} {msgid}") in text, msgid
        for tag in ("em", "code", "strong"):
            for element in soup.select(
                f".cmi-card-title {tag}, caption {tag}, th {tag}, dd {tag}, "
                f"p.rubric {tag}, .cmi-quality-index {tag}"
            ):
                pytest.fail(f"markup {element} in a plain value")


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_body_text_keeps_the_policies_of_the_source(
    build: BuildProject, syntax: str
) -> None:
    """Links in translated bodies are checked like authored ones; raw HTML
    follows the project's setting (here: on for MyST, as by default)."""
    result = build_translated(build, syntax, "html", {})
    main = result.main("hostile")
    hrefs = [str(a.get("href")) for a in main.find_all("a")]
    assert not [href for href in hrefs if is_script_url(href)]
    refused = {w.type for w in result.reported() if "javascript" in w.message}
    # MyST does not make a link of an unknown scheme at all; rST does, and
    # sphinx-cmi refuses it in the card and the table, as in the source.
    expected = {"cmi.quality", "cmi.outcome", "cmi.comparison"}
    assert refused == (set() if syntax == "md" else expected)
    # Titles and captions never carry it, whatever the body policy is.
    for title in main.select(".cmi-card-title, caption, p.rubric, th"):
        assert not title.find_all(["img", "script"])


def test_rst_catalogue_captions_cannot_link(build: BuildProject) -> None:
    """The captions of the generated listings were outside the checked blocks."""
    result = build_translated(build, "rst", "html", {})
    main = result.main("hostile")
    captions = main.select("table.cmi-course-catalog caption, p.rubric")
    assert captions
    links = [a for caption in captions for a in caption.find_all("a", href=True)]
    assert not [a for a in links if is_script_url(str(a["href"]))]
    assert "javascript:alert(3)" in main.get_text()
