"""The holes of the second red-team pass, each closed in MyST and rST.

Included files, nested tables, option slips docutils punished by dropping the
directive, ``only`` directives, single-page ids, Unicode names, semicolons in
index entries, nested call-outs and blank role titles.  (Translations have
their own file; the misuses that only warn are in tests/bad_input.py.)
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

import pytest

from curriculum_graph import only
from helpers import directive, line_of, nested_list, page, role, squash
from sphinx_cmi.sources import mend

if TYPE_CHECKING:
    from helpers import BuildProject

SYNTAXES = ("md", "rst")


def suffix(syntax: str) -> str:
    return ".md" if syntax == "md" else ".rst"


# --- warnings point into included files -------------------------------------------

INCLUDED = {
    "md": """\
Included text.

:::{quality-card} Integrity
:name: integrity
:icon: nosuch

Body with [a script](javascript:alert(1)).
:::

:::{course-callout} Level 5
:level: 9
:develops: integrity, nosuch
:::

:::{quality-card} Integrity again
:name: integrity
:::
""",
    "rst": """\
Included text.

.. quality-card:: Integrity
   :name: integrity
   :icon: nosuch

   Body with `a script <javascript:alert(1)>`_.

.. course-callout:: Level 5
   :level: 9
   :develops: integrity, nosuch

.. quality-card:: Integrity again
   :name: integrity
""",
}


def including(syntax: str) -> str:
    if syntax == "md":
        return page("md", "Before.\n\n```{include} part.md\n```\n\nAfter.\n", "Home")
    return page("rst", "Before.\n\n.. include:: part.rst\n\nAfter.\n", "Home")


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_warnings_name_the_included_file_and_its_lines(
    build: BuildProject, syntax: str
) -> None:
    part = INCLUDED[syntax]
    result = build(
        {
            f"index{suffix(syntax)}": including(syntax),
            f"part{suffix(syntax)}": part,
        },
        conf={"exclude_patterns": ["part.*"]},
    )
    found = {(w.line, w.type) for w in result.reported_in(f"part{suffix(syntax)}")}
    assert (line_of(part, ":icon: nosuch"), "cmi.quality") in found
    assert (line_of(part, ":level: 9"), "cmi.course") in found
    assert (line_of(part, ":develops:"), "cmi.ref") in found
    assert (line_of(part, "Integrity again"), "cmi.duplicate") in found, found
    if syntax == "rst":  # MyST reports an inline link at its block only
        assert (line_of(part, "Body with"), "cmi.quality") in found
    home = result.reported_in(f"index{suffix(syntax)}")
    assert not [w for w in home if (w.type or "").startswith("cmi.")]


# --- nested tables --------------------------------------------------------------

COMPARISON = {
    "md": directive(
        "md", "comparison-table", "Inner",
        {"columns": "Leader, Manager"},
        nested_list("md", {"Vision": ["Plans ahead.", "Runs things."]}),
    ),
    "rst": directive(
        "rst", "comparison-table", "Inner",
        {"columns": "Leader, Manager"},
        nested_list("rst", {"Vision": ["Plans ahead.", "Runs things."]}),
    ),
}  # fmt: skip


def nested_page(syntax: str) -> str:
    card = directive(syntax, "quality-card", "Integrity", {"name": "integrity"})
    course = directive(
        syntax, "course-callout", "Level 5", {"name": "l5", "develops": "integrity"}
    )
    inner = COMPARISON[syntax]
    catalog = directive(syntax, "course-catalog", "Catalogue inside")
    matrix = directive(syntax, "curriculum-matrix")
    if syntax == "md":
        indented = "\n".join(
            "    " + line if line else line
            for line in (inner + "\n" + catalog + "\n" + matrix).splitlines()
        )
        table = (
            "```{list-table} Outer\n:header-rows: 1\n\n* - Left\n  - Right\n"
            f"* - Cell text.\n\n{indented}\n  - Other cell.\n```\n"
        )
    else:
        body = "\n".join(
            "       " + line if line else line
            for line in (inner + "\n" + catalog + "\n" + matrix).splitlines()
        )
        table = (
            ".. list-table:: Outer\n   :header-rows: 1\n\n   * - Left\n     - Right\n"
            f"   * - Cell text.\n\n{body}\n     - Other cell.\n"
        )
    return page(syntax, f"{card}\n{course}\n{table}")


@pytest.mark.parametrize("syntax", SYNTAXES)
@pytest.mark.parametrize("builder", ["text", "man", "texinfo", "latex", "html"])
def test_tables_in_table_cells_build_everywhere(
    build: BuildProject, syntax: str, builder: str
) -> None:
    result = build({f"index{suffix(syntax)}": nested_page(syntax)}, buildername=builder)
    assert result.app.statuscode == 0
    assert "Traceback" not in result.warnings
    assert [w for w in result.reported() if w.type] == []
    written = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in result.outdir.rglob("*")
        if p.suffix in (".txt", ".1", ".texi", ".tex", ".html")
    )
    # Plain text wraps words across the cell borders: look for each word.
    written = re.sub(r"\\f[BIPR]", "", written)  # troff font changes (man)
    shown = set(re.findall(r"\w+", written))
    for word in ("Plans", "ahead", "Runs", "things", "Catalogue", "inside", "Other"):
        assert word in shown, (builder, word)


# --- values MyST would eat, and dashes ----------------------------------------------


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_a_url_that_starts_with_a_hash_is_kept(
    build: BuildProject, syntax: str
) -> None:
    callout = directive(
        syntax, "course-callout", "Anchored", {"name": "anchored", "url": "#level-5"}
    )
    result = build({f"index{suffix(syntax)}": page(syntax, callout)})
    assert [w for w in result.reported() if w.type] == []
    links = result.main("index").select("a.cmi-call-to-action")
    assert [a["href"] for a in links] == ["#level-5"]


def test_a_directive_shown_in_a_code_block_is_left_as_written() -> None:
    example = [
        "```markdown",
        ":::{course-callout} Example",
        ":url: #level-5",
        ":::",
        "```",
        ".. code-block:: rst",
        "",
        "   .. course-callout:: X",
        "      :level: 3",
        "      :level: 4",
    ]
    assert mend(example, markdown=True) == example
    assert mend(example[5:], markdown=False) == example[5:]


@pytest.mark.parametrize("syntax", SYNTAXES)
@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "-"])
def test_a_level_range_with_a_dash_filters(
    build: BuildProject, syntax: str, dash: str
) -> None:
    courses = "\n".join(
        directive(syntax, "course-callout", f"Course {n}", {"level": str(n)})
        for n in (3, 5, 7)
    )
    listing = directive(syntax, "course-catalog", "Middle", {"level": f"4{dash}6"})
    result = build({f"index{suffix(syntax)}": page(syntax, f"{courses}\n{listing}")})
    assert [w for w in result.reported() if w.type] == []
    rows = result.main("index").select("table.cmi-course-catalog tbody tr")
    assert [squash(only(r, "th").get_text()) for r in rows] == ["Course 5"]


# --- colon fences without colon_fence ------------------------------------------


def test_colon_fence_off_names_the_setting(build: BuildProject) -> None:
    text = page("md", ":::{quality-card} Integrity\n:name: integrity\n:::\n")
    result = build(
        {"index.md": text},
        conf={
            "extensions": ["myst_parser", "sphinx_cmi"],
            "myst_enable_extensions": [],
        },
    )
    (found,) = [w for w in result.reported() if w.type == "cmi.config"]
    assert found.line == line_of(text, ":::{quality-card}")
    assert "myst_enable_extensions" in found.message
    assert "colon_fence" in found.message


# --- only directives ------------------------------------------------------------


def only_pages(syntax: str) -> dict[str, str]:
    card = directive(syntax, "quality-card", "Print only", {"name": "print-only"})
    if syntax == "md":
        hidden = f"```{{only}} latex\n{card}```\n"
    else:
        hidden = ".. only:: latex\n\n" + "".join(
            f"   {line}\n" if line else "\n" for line in card.splitlines()
        )
    shown = directive(syntax, "quality-card", "Everywhere", {"name": "everywhere"})
    listing = directive(syntax, "quality-index", "All qualities")
    refs = f"See {role(syntax, 'quality', 'print-only')}.\n"
    return {
        f"index{suffix(syntax)}": page(syntax, f"{hidden}\n{shown}\n{listing}\n{refs}")
    }


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_a_card_kept_out_of_html_is_not_listed_there(
    build: BuildProject, syntax: str
) -> None:
    html = build(only_pages(syntax))
    listed = [
        squash(p.get_text())
        for p in html.main("index").select(".cmi-quality-index-title")
    ]
    assert listed == ["Everywhere"]
    (missing,) = [w for w in html.reported() if w.type == "cmi.ref"]
    assert "not in this output" in missing.message
    assert "Print only (quality)" not in html.main("genindex").get_text()
    latex = build(only_pages(syntax), buildername="latex")
    tex = next(latex.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\sphinxstyletopictitle{Print only}" in tex
    assert [w for w in latex.reported() if w.type] == []


# --- single-page HTML -------------------------------------------------------------


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_singlehtml_ids_stay_unique(build: BuildProject, syntax: str) -> None:
    heading = (
        "## Integrity\n\nA heading.\n"
        if syntax == "md"
        else "Integrity\n---------\n\nA heading.\n"
    )
    files = {
        f"index{suffix(syntax)}": page(
            syntax,
            f"{heading}\n"
            + (
                "```{toctree}\ncards\n```\n"
                if syntax == "md"
                else ".. toctree::\n\n   cards\n"
            )
            + f"\nSee {role(syntax, 'quality', 'integrity')}.\n",
            "Home",
        ),
        f"cards{suffix(syntax)}": page(
            syntax,
            directive(syntax, "quality-card", "Integrity", {"name": "integrity"}),
            "Cards",
        ),
    }
    result = build(files, buildername="singlehtml", conf={"myst_heading_anchors": 2})
    soup = result.soup("index.html")
    ids = [str(tag["id"]) for tag in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    card = soup.select_one("div.cmi-quality-card")
    assert card is not None
    link = only(soup, "a.reference:has(span.cmi-quality)")
    assert link["href"] == f"#{card['id']}"


# --- Unicode names, semicolons, nested call-outs, blank role titles ----------------


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_names_equal_under_unicode_normalisation_are_one_name(
    build: BuildProject, syntax: str
) -> None:
    composed, decomposed = "caf\u00e9", unicodedata.normalize("NFD", "caf\u00e9")
    cards = directive(syntax, "quality-card", "Cafe one", {"name": composed})
    cards += "\n" + directive(syntax, "quality-card", "Cafe two", {"name": decomposed})
    text = f"{cards}\nSee {role(syntax, 'quality', decomposed)}.\n"
    result = build({f"index{suffix(syntax)}": page(syntax, text)})
    assert [
        w.type for w in result.reported() if w.type and w.type.startswith("cmi")
    ] == ["cmi.duplicate"]
    assert "Cafe one" in squash(result.main("index").select("p")[-1].get_text())


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_a_semicolon_in_a_title_stays_in_the_general_index(
    build: BuildProject, syntax: str
) -> None:
    card = directive(
        syntax, "quality-card", "Listening; then acting", {"name": "listen"}
    )
    result = build({f"index{suffix(syntax)}": page(syntax, card)})
    entries = [squash(a.get_text()) for a in result.main("genindex").select("a")]
    assert "Listening\u037e then acting (quality)" in entries
    assert not any(entry == "Listening" for entry in entries)


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_a_nested_call_out_names_only_its_own_course(
    build: BuildProject, syntax: str
) -> None:
    inner = directive(
        syntax, "course-callout", "Inner", {"url": "https://example.org/i"}
    )
    if syntax == "md":
        outer = f"::::{{course-callout}} Outer\n:url: https://example.org/o\n\n{inner}::::\n"
    else:
        body = "".join(f"   {line}\n" if line else "\n" for line in inner.splitlines())
        outer = f".. course-callout:: Outer\n   :url: https://example.org/o\n\n{body}"
    result = build({f"index{suffix(syntax)}": page(syntax, outer)})
    hidden = {
        str(a["href"]): squash(only(a, ".cmi-visually-hidden").get_text())
        for a in result.main("index").select("a.cmi-call-to-action")
    }
    assert hidden == {
        "https://example.org/i": ": Inner",
        "https://example.org/o": ": Outer",
    }


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_a_blank_role_title_falls_back_to_the_card_title(
    build: BuildProject, syntax: str
) -> None:
    card = directive(syntax, "quality-card", "Integrity", {"name": "integrity"})
    blank = " " if syntax == "md" else "\\ "  # rST: an escaped space
    text = f"{card}\nSee {role(syntax, 'quality', 'integrity', blank)}.\n"
    result = build({f"index{suffix(syntax)}": page(syntax, text)})
    (link,) = result.main("index").select("a span.cmi-quality")
    assert squash(link.get_text()) == "Integrity"


def test_number_options_of_any_length_do_not_crash(build: BuildProject) -> None:
    """The corpus covers 5,000 digits in each syntax; here every option that
    becomes a number gets a 100,000-digit value at once."""
    huge = "7" * 100_000
    text = directive("md", "course-callout", "Huge", {"level": huge})
    text += "\n" + directive(
        "md", "comparison-table", "Wide",
        {"columns": "A, B", "widths": f"{huge} {huge} {huge}"},
        nested_list("md", {"Row": ["a", "b"]}),
    )  # fmt: skip
    text += "\n" + directive("md", "course-catalog", "", {"level": f"{huge}-{huge}"})
    result = build({"index.md": page("md", text)})
    assert result.app.statuscode == 0
    assert sorted(w.type for w in result.reported() if w.type) == [
        "cmi.catalog", "cmi.comparison", "cmi.course"
    ]  # fmt: skip
    assert all(len(w.message) < 400 for w in result.reported())
