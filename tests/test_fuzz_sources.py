"""Property-based tests of two more input surfaces: translations and includes.

Translations: a generated ``.po`` catalogue gives every translatable message
of a page a hostile ``msgstr`` (markup, raw HTML, script links, Unicode
noise); whatever it holds, nothing in the output comes live from it and each
plain value shows its translated words.  Includes: generated cards written in
an included file warn at that file's own lines, never at the page's.

Same profiles as tests/test_fuzz.py ("ci": 12 examples, "fuzz": 1,000).
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from sphinx.transforms.i18n import parse_noqa

from fuzz_strategies import HOSTILE, OTHER, word
from helpers import href_scheme, page, po_text, shared_build, translatable_page
from test_fuzz import LANGUAGES, course_callouts, quality_cards

PLAIN = ("Leaders and managers", "Leader", "Aspect", "Integrity", "Level Five",
         "Chartered Institute", "Six months", "Every course", "Every quality",
         "Courses and qualities", "Keeps its word", "Speak with candour",
         "Enrol today", "Route to mastery")  # fmt: skip
BODY = ("Plans ahead.", "Lives the values.", "A course.", "Says what is true.")
MARKUP = (
    "*x*", "**x**", "`x`", "``x``", "[x](javascript:alert(1))",
    "`x <javascript:alert(2)>`_", ":sub:`x`", "|x|", "{quality}`x`",
    "\n\n.. raw:: html\n\n   <script>alert(3)</script>\n", "\n- item\n",
    "<!-- x -->", "&lt;b&gt;", "x::", "#noqa",
)  # fmt: skip
hostile_text = st.lists(
    st.one_of(
        word,
        st.sampled_from(HOSTILE + MARKUP),
        st.text(OTHER, min_size=1, max_size=3),
    ),
    min_size=1,
    max_size=8,
).map(" ".join)
_WORDS = re.compile(r"\bw[a-z0-9]{2,6}\b")


def content_of(outdir: Path, builder: str) -> str:
    """The HTML of the translated page's content, whichever builder wrote it."""
    if builder == "epub":
        with zipfile.ZipFile(next(outdir.glob("*.epub"))) as book:
            return book.read("translated.xhtml").decode("utf-8")
    return (
        outdir / ("index.html" if builder == "singlehtml" else "translated.html")
    ).read_text(encoding="utf-8")


@given(
    data=st.data(),
    syntax=LANGUAGES,
    builder=st.sampled_from(["html", "singlehtml", "epub"]),
)
def test_translations_change_words_never_structure(
    data: st.DataObject, syntax: str, builder: str
) -> None:
    table = {msgid: data.draw(hostile_text) for msgid in PLAIN + BODY}
    files = {
        f"translated.{syntax}": translatable_page(syntax, "Translated"),
        "locales/fr/LC_MESSAGES/translated.po": po_text("fr", table),
    }
    conf = {
        "extensions": ["myst_parser", "sphinx_cmi"],
        "myst_enable_extensions": ["colon_fence"],
        "myst_disable_syntax": ["html_inline", "html_block"],
        "language": "fr",
        "locale_dirs": ["locales"],
    }
    with tempfile.TemporaryDirectory() as tmp:
        result = shared_build(Path(tmp) / "src", files, buildername=builder, conf=conf)
        assert "Traceback" not in result.warnings
        soup = BeautifulSoup(content_of(result.outdir, builder), "html.parser")
    main = soup.select_one('[role="main"]') or soup.body
    assert main is not None
    assert not main.find_all(["script", "img", "iframe", "object", "embed"])
    assert not main.find_all(onerror=True)
    assert not main.find_all(id="injected")
    for element in main.find_all(href=True) + main.find_all(src=True):
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if isinstance(value, str):
                assert href_scheme(value) in ("", "http", "https", "mailto"), value
    shown = set(_WORDS.findall(main.get_text(" ")))
    for msgid in PLAIN:
        msgstr, _noqa = parse_noqa(table[msgid])
        if msgstr.strip() and msgstr != msgid:
            expected = set(_WORDS.findall(msgstr))
            assert expected <= shown, (msgid, msgstr, sorted(expected - shown))


def including(syntax: str) -> str:
    if syntax == "md":
        return page("md", "Before.\n\n```{include} part.md\n```\n\nAfter.\n", "Home")
    return page("rst", "Before.\n\n.. include:: part.rst\n\nAfter.\n", "Home")


@given(data=st.data(), syntax=LANGUAGES)
def test_warnings_of_included_files_point_into_them(
    data: st.DataObject, syntax: str
) -> None:
    cards = data.draw(quality_cards(syntax, data.draw(st.integers(1, 2))))
    courses = data.draw(course_callouts(syntax, data.draw(st.integers(1, 2))))
    part = f"Included.\n\n{cards.text}{courses.text}"
    expected = cards.warnings + courses.warnings
    files = {f"index.{syntax}": including(syntax), f"part.{syntax}": part}
    conf = {
        "extensions": ["myst_parser", "sphinx_cmi"],
        "myst_enable_extensions": ["colon_fence"],
        "exclude_patterns": ["part.*"],
    }
    with tempfile.TemporaryDirectory() as tmp:
        result = shared_build(Path(tmp) / "src", files, conf=conf)
        reported = [w for w in result.reported() if (w.type or "").startswith("cmi")]
        in_part = result.reported_in(f"part.{syntax}")
        main = result.main("index")
    assert Counter(w.type for w in reported) == expected
    assert len(in_part) == len(reported)
    lines = part.count("\n") + 1
    for warning in reported:
        assert warning.path.endswith(f"part.{syntax}"), warning
        assert warning.line is not None
        assert 1 <= warning.line <= lines, warning
    shown = set(_WORDS.findall(main.get_text(" ")))
    assert (cards.words | courses.words) <= shown
