"""Misuses of the directives, shared by the warning and builder tests.

Each case is one page; the expected warning line is computed from the page
text (the line holding ``marker``), never written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from helpers import directive, line_of, nested_list, page, role

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class PageCase:
    """A page of its own holding *body*, in MyST ("md") or rST ("rst")."""

    prefix: ClassVar[str]
    id: str
    language: str  # "md" or "rst"
    body: str

    @property
    def filename(self) -> str:
        return f"{self.prefix}-{self.language}-{self.id}.{self.language}"

    @property
    def docname(self) -> str:
        return self.filename.rsplit(".", 1)[0]

    @property
    def source(self) -> str:
        return page(self.language, self.body)


@dataclass(frozen=True)
class Case(PageCase):
    """One misuse: where it is written and what must come out of it."""

    prefix = "case"
    subtype: str  # cmi.<subtype>
    marker: str  # text on the offending line
    message: str  # part of the expected warning message
    texts: tuple[str, ...] = ()  # authored text that must still be in the HTML

    @property
    def line(self) -> int:
        return line_of(self.source, self.marker)


CELLS = "- Dimension one\n  - cell alpha\n  - cell beta\n"
RST_CELLS = "   - Dimension one\n\n     - cell alpha\n     - cell beta\n"

MYST_CASES = [
    Case(
        "missing-columns",
        "md",
        f":::{{comparison-table}} Caption without columns\n{CELLS}:::\n",
        "comparison",
        ":::{comparison-table}",
        ":columns:",
        ("Caption without columns", "Dimension one", "cell alpha", "cell beta"),
    ),
    Case(
        "one-column",
        "md",
        f":::{{comparison-table}} Lonely\n:columns: Leader\n\n{CELLS}:::\n",
        "comparison",
        ":columns:",
        "at least two",
        ("Leader", "Dimension one", "cell alpha", "cell beta"),
    ),
    Case(
        "empty-column-name",
        "md",
        f":::{{comparison-table}} Gap\n:columns: Leader, , Manager\n\n{CELLS}:::\n",
        "comparison",
        ":columns:",
        "empty column name",
        ("Leader", "Manager", "cell alpha", "cell beta"),
    ),
    Case(
        "widths-not-integers",
        "md",
        ":::{comparison-table} Wide\n:columns: Leader, Manager\n"
        f":widths: 20 wide 40\n\n{CELLS}:::\n",
        "comparison",
        ":widths:",
        ":widths: must be positive integers",
        ("Wide", "cell alpha"),
    ),
    Case(
        "widths-wrong-count",
        "md",
        ":::{comparison-table} Narrow\n:columns: Leader, Manager\n"
        f":widths: 50 50\n\n{CELLS}:::\n",
        "comparison",
        ":widths:",
        "2 value(s)",
        ("Narrow", "cell beta"),
    ),
    Case(
        "body-not-list",
        "md",
        ":::{comparison-table} Prose\n:columns: Leader, Manager\n\n"
        "A stray paragraph of prose.\n:::\n",
        "comparison",
        "A stray paragraph",
        "must be a list",
        ("Prose", "A stray paragraph of prose."),
    ),
    Case(
        "row-without-cells",
        "md",
        ":::{comparison-table} Rows\n:columns: Leader, Manager\n\n"
        "- Good row\n  - good alpha\n  - good beta\n- Lonely dimension\n:::\n",
        "comparison",
        "- Lonely dimension",
        "no nested list",
        ("Good row", "good alpha", "Lonely dimension"),
    ),
    Case(
        "too-few-cells",
        "md",
        ":::{comparison-table} Rows\n:columns: Leader, Manager\n\n"
        "- Good row\n  - good alpha\n  - good beta\n- Short row\n  - only cell\n:::\n",
        "comparison",
        "- Short row",
        "1 cell(s)",
        ("Short row", "only cell"),
    ),
    Case(
        "too-many-cells",
        "md",
        ":::{comparison-table} Rows\n:columns: Leader, Manager\n\n"
        "- Long row\n  - first cell\n  - second cell\n  - third extra cell\n:::\n",
        "comparison",
        "- Long row",
        "3 cell(s)",
        ("Long row", "first cell", "second cell", "third extra cell"),
    ),
    Case(
        "row-without-dimension",
        "md",
        ":::{comparison-table} Rows\n:columns: Leader, Manager\n\n"
        "- Good row\n  - good alpha\n  - good beta\n"
        "- - orphan alpha\n  - orphan beta\n:::\n",
        "comparison",
        "- - orphan alpha",
        "no dimension",
        ("Good row", "orphan alpha", "orphan beta"),
    ),
    Case(
        "empty-body",
        "md",
        ":::{comparison-table} Empty table\n:columns: Leader, Manager\n:::\n",
        "comparison",
        ":::{comparison-table}",
        "no rows",
        ("Empty table", "Leader", "Manager"),
    ),
    Case(
        "unknown-icon",
        "md",
        ":::{quality-card} Iconic quality\n:icon: no-such-icon\n\nIconic body.\n:::\n",
        "quality",
        ":icon:",
        "unknown icon 'no-such-icon'",
        ("Iconic quality", "Iconic body."),
    ),
    Case(
        "quality-without-title",
        "md",
        ":::{quality-card}\n:icon: star\n\nUntitled quality body.\n:::\n",
        "quality",
        ":::{quality-card}",
        "needs a title",
        ("Untitled quality body.",),
    ),
    Case(
        "course-without-title",
        "md",
        ":::{course-callout}\n:provider: Untitled provider\n\n"
        "Untitled course body.\n:::\n",
        "course",
        ":::{course-callout}",
        "needs a title",
        ("Untitled provider", "Untitled course body."),
    ),
    Case(
        "level-zero",
        "md",
        ":::{course-callout} Level zero course\n:level: 0\n:::\n",
        "course",
        ":level:",
        "got '0'",
        ("Level zero course",),
    ),
    Case(
        "level-nine",
        "md",
        ":::{course-callout} Level nine course\n:provider: Nine provider\n"
        ":level: 9\n:::\n",
        "course",
        ":level:",
        "got '9'",
        ("Level nine course", "Nine provider"),
    ),
    Case(
        "level-word",
        "md",
        ":::{course-callout} Level word course\n:level: five\n:::\n",
        "course",
        ":level:",
        "got 'five'",
        ("Level word course",),
    ),
    Case(
        "url-javascript",
        "md",
        ":::{course-callout} Script course\n:url: javascript:alert(1)\n"
        ":link-text: Enrol here\n\nScript body.\n:::\n",
        "course",
        ":url:",
        "refused",
        ("Script course", "Enrol here", "Script body."),
    ),
    Case(
        "url-data",
        "md",
        ":::{course-callout} Data course\n"
        ":url: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\n:::\n",
        "course",
        ":url:",
        "refused",
        ("Data course",),
    ),
    Case(
        "url-vbscript",
        "md",
        ":::{course-callout} VB course\n:url: vbscript:msgbox(1)\n:::\n",
        "course",
        ":url:",
        "refused",
        ("VB course",),
    ),
    Case(
        "url-ftp",
        "md",
        ":::{course-callout} FTP course\n:url: ftp://example.org/course.pdf\n:::\n",
        "course",
        ":url:",
        "refused",
        ("FTP course",),
    ),
    Case(
        "url-tab-obfuscated",
        "md",
        ':::{course-callout} Tab course\n:url: "java\\tscript:alert(1)"\n:::\n',
        "course",
        ":url:",
        "refused",
        ("Tab course",),
    ),
    Case(
        "url-space-uppercase",
        "md",
        ':::{course-callout} Upper course\n:url: " JAVASCRIPT:alert(1)"\n:::\n',
        "course",
        ":url:",
        "refused",
        ("Upper course",),
    ),
    Case(
        "url-and-doc",
        "md",
        ":::{course-callout} Both course\n:url: https://example.org/both\n"
        ":doc: index\n:::\n",
        "course",
        ":url:",
        "either :url: or :doc:",
        ("Both course",),
    ),
    Case(
        "link-text-without-target",
        "md",
        ":::{course-callout} Aimless course\n:provider: Somebody\n"
        ":link-text: Lonely link text\n:::\n",
        "course",
        ":link-text:",
        "no :url: or :doc:",
        ("Aimless course", "Lonely link text"),
    ),
    Case(
        "nested-in-grid",
        "md",
        "::::{grid} 2\n\n:::{quality-card} Gridded quality\n:icon: nope\n\n"
        "Gridded body.\n:::\n\n::::\n",
        "quality",
        ":icon: nope",
        "unknown icon",
        ("Gridded quality", "Gridded body."),
    ),
    Case(
        "nested-table-row",
        "md",
        # The blank line after the note's opener matters: without it MyST
        # itself numbers the nested lines one too far (its own warnings too).
        "::::{note}\n\n:::{comparison-table} Noted\n:columns: Leader, Manager\n\n"
        "- Noted row\n  - noted cell\n:::\n::::\n",
        "comparison",
        "- Noted row",
        "1 cell(s)",
        ("Noted row", "noted cell"),
    ),
    Case(
        "yaml-option-block",
        "md",
        ":::{course-callout} Yaml course\n---\nprovider: Yaml provider\n"
        "level: 0\n---\nYaml body.\n:::\n",
        "course",
        "level: 0",
        "got '0'",
        ("Yaml course", "Yaml body."),
    ),
]

RST_CASES = [
    Case(
        "missing-columns",
        "rst",
        f".. comparison-table:: Caption without columns\n\n{RST_CELLS}",
        "comparison",
        ".. comparison-table::",
        ":columns:",
        ("Caption without columns", "Dimension one", "cell alpha", "cell beta"),
    ),
    Case(
        "widths-wrong-count",
        "rst",
        ".. comparison-table:: Narrow\n   :columns: Leader, Manager\n"
        f"   :widths: 10 10 10 10\n\n{RST_CELLS}",
        "comparison",
        ":widths:",
        "4 value(s)",
        ("Narrow", "cell alpha"),
    ),
    Case(
        "body-not-list",
        "rst",
        ".. comparison-table:: Prose\n   :columns: Leader, Manager\n\n"
        "   A stray paragraph of prose.\n",
        "comparison",
        "A stray paragraph",
        "must be a list",
        ("Prose", "A stray paragraph of prose."),
    ),
    Case(
        "row-without-cells",
        "rst",
        ".. comparison-table:: Rows\n   :columns: Leader, Manager\n\n"
        "   - Good row\n\n     - good alpha\n     - good beta\n\n"
        "   - Lonely dimension\n",
        "comparison",
        "- Lonely dimension",
        "no nested list",
        ("Good row", "Lonely dimension"),
    ),
    Case(
        "too-many-cells",
        "rst",
        ".. comparison-table:: Rows\n   :columns: Leader, Manager\n\n"
        "   - Long row\n\n     - first cell\n     - second cell\n"
        "     - third extra cell\n",
        "comparison",
        "- Long row",
        "3 cell(s)",
        ("Long row", "first cell", "second cell", "third extra cell"),
    ),
    Case(
        "cell-javascript-link",
        "rst",
        ".. comparison-table:: Links\n   :columns: Leader, Manager\n\n"
        "   - Linked row\n\n     - see javascript:alert(1) here\n     - plain\n",
        "comparison",
        "javascript:alert(1)",
        "refused",
        ("Linked row", "see javascript:alert(1) here"),
    ),
    Case(
        "nested-table-row",
        "rst",
        ".. note::\n\n   .. comparison-table:: Noted\n"
        "      :columns: Leader, Manager\n\n"
        "      - Noted row\n\n        - noted cell\n",
        "comparison",
        "- Noted row",
        "1 cell(s)",
        ("Noted row", "noted cell"),
    ),
    Case(
        "unknown-icon",
        "rst",
        ".. quality-card:: Iconic quality\n   :icon: no-such-icon\n\n   Iconic body.\n",
        "quality",
        ":icon:",
        "unknown icon 'no-such-icon'",
        ("Iconic quality", "Iconic body."),
    ),
    Case(
        "course-without-title",
        "rst",
        ".. course-callout::\n   :provider: Untitled provider\n\n"
        "   Untitled course body.\n",
        "course",
        ".. course-callout::",
        "needs a title",
        ("Untitled provider", "Untitled course body."),
    ),
    Case(
        "level-nine",
        "rst",
        ".. course-callout:: Level nine course\n   :level: 9\n",
        "course",
        ":level:",
        "got '9'",
        ("Level nine course",),
    ),
    Case(
        "url-javascript",
        "rst",
        ".. course-callout:: Script course\n   :url: javascript:alert(1)\n"
        "   :link-text: Enrol here\n\n   Script body.\n",
        "course",
        ":url:",
        "refused",
        ("Script course", "Enrol here", "Script body."),
    ),
    Case(
        "url-tab-obfuscated",
        "rst",
        ".. course-callout:: Tab course\n   :url: java\tscript:alert(1)\n",
        "course",
        ":url:",
        "refused",
        ("Tab course",),
    ),
    Case(
        "link-text-without-target",
        "rst",
        ".. course-callout:: Aimless course\n   :link-text: Lonely link text\n",
        "course",
        ":link-text:",
        "no :url: or :doc:",
        ("Aimless course", "Lonely link text"),
    ),
    Case(
        "body-bare-javascript",
        "rst",
        ".. course-callout:: Bare course\n   :url: https://example.org/bare\n\n"
        "   Try javascript:alert(1) now.\n",
        "course",
        "Try javascript:alert(1)",
        "refused",
        ("Bare course", "Try javascript:alert(1) now."),
    ),
    Case(
        "body-embedded-javascript",
        "rst",
        ".. quality-card:: Embedded quality\n\n"
        "   Visit `evil site <javascript:alert(2)>`_ please.\n",
        "quality",
        "Visit `evil site",
        "refused",
        ("Embedded quality", "Visit evil site please."),
    ),
]


def both(
    id: str,
    body: Callable[[str], str],
    subtype: str,
    marker: str,
    message: str,
    texts: tuple[str, ...] = (),
) -> list[Case]:
    """One misuse written in MyST and in rST: *body* gives the page text."""
    return [
        Case(id, language, body(language), subtype, marker, message, texts)
        for language in ("md", "rst")
    ]


def card(
    kind: str, title: str, options: list[tuple[str, str]], body: str = "Body."
) -> Callable[[str], str]:
    return lambda language: directive(language, kind, title, options, body)


HUGE = "9" * 5000
"""More digits than Python turns into an int (4,300)."""
SPACED_OPTIONS = {
    "md": ":::{quality-card} Spaced out\n\n:icon: shield\n\nSpaced body.\n:::\n",
    "rst": ".. quality-card:: Spaced out\n\n   :icon: shield\n\n   Spaced body.\n",
}
SEPARATED = card("quality-card", "Sep one", [("name", "sep-one")])
SEPARATED_TWO = card("quality-card", "Sep two", [("name", "sep-two")])
FEEDBACK = card("quality-card", "Giving feedback", [("name", "feedback")])

ROBUSTNESS_CASES = [
    *both("level-4301-digits", card("course-callout", "Huge level", [("level", HUGE)]),
          "course", ":level: 999", ":level: must be a whole number from 1 to 8",
          ("Huge level",)),
    *both("widths-4301-digits",
          lambda language: directive(
              language, "comparison-table", "Huge widths",
              [("columns", "Leader, Manager"), ("widths", f"20 {HUGE} 40")],
              nested_list(language, {"Dimension one": ["cell alpha", "cell beta"]})),
          "comparison", ":widths: 20 999", ":widths: must be positive integers up to",
          ("Huge widths", "cell alpha")),
    *both("repeated-option",
          card("course-callout", "Twice", [("level", "3"), ("level", "5")], "Kept."),
          "course", ":level: 5", "repeated option :level:", ("Twice", "Kept.")),
    *both("empty-class", card("quality-card", "Empty class", [("class", "")]),
          "quality", ":class:", ":class: has no value", ("Empty class", "Body.")),
    *both("empty-name", card("quality-card", "Empty name", [("name", "")]),
          "quality", ":name:", ":name: has no value", ("Empty name",)),
    *both("flag-with-value",
          card("quality-card", "Flagged", [("name", "flagged"), ("no-index", "false")]),
          "quality", ":no-index: false", ":no-index: takes no value", ("Flagged",)),
    *both("catalog-body",
          lambda language: directive(language, "course-catalog", "", {"level": "8"},
                                     "Text written inside."),
          "catalog", "Text written inside.", "takes no body",
          ("Text written inside.",)),
    *both("offsite-double-slash",
          card("course-callout", "Two slashes", [("url", "//academy.example.org/a")]),
          "course", ":url:", "names another site without a scheme", ("Two slashes",)),
    *both("offsite-backslash",
          card("course-callout", "Backslashes",
               [("url", "\\\\academy.example.org\\b")]),
          "course", ":url:", "names another site without a scheme", ("Backslashes",)),
    *both("host-without-scheme",
          card("course-callout", "No scheme", [("url", "academy.example.org/c")]),
          "course", ":url:", "names another site without a scheme", ("No scheme",)),
    *both("blank-line-before-options", lambda language: SPACED_OPTIONS[language],
          "quality", ":icon: shield", "is read as body text", ("Spaced body.",)),
    *both("list-separator",
          lambda language: SEPARATED(language) + "\n" + SEPARATED_TWO(language) + "\n"
          + directive(language, "course-callout", "Semicolons",
                      [("develops", "sep-one; sep-two")]),
          "course", ":develops:", "separates items with commas", ("Semicolons",)),
    *both("unknown-option-close", card("quality-card", "Typo", [("iconn", "shield")]),
          "quality", ":iconn:", "did you mean 'icon'?", ("Typo",)),
    *both("unknown-icon-close", card("quality-card", "Shiled", [("icon", "shiled")]),
          "quality", ":icon:", "did you mean 'shield'?", ("Shiled",)),
    *both("sort-close",
          lambda language: directive(language, "quality-index", "", {"sort": "titel"}),
          "catalog", ":sort:", "did you mean 'title'?"),
    *both("reference-by-title",
          lambda language: FEEDBACK(language) + "\nSee "
          + role(language, "quality", "Giving feedback") + ".\n",
          "ref", "See ", "did you mean 'feedback' (title 'Giving feedback')?",
          ("Giving feedback",)),
]  # fmt: skip
"""Issues 16 and 17: slips that docutils punished by dropping the directive,
or that built clean without a word."""

OUTCOME_CASES = [
    *both("outcome-without-title",
          lambda language: directive(language, "learning-outcome", "", {},
                                     "Untitled outcome body."),
          "outcome", "learning-outcome", "learning-outcome needs a title",
          ("Untitled outcome body.",)),
    *both("outcome-unknown-option",
          card("learning-outcome", "Indexless outcome",
               [("no-index", ""), ("devlops", "empathy")], "Outcome body."),
          "outcome", ":devlops:", "did you mean 'develops'?",
          ("Indexless outcome", "Outcome body.")),
    *both("prerequisite-close",
          lambda language: directive(language, "course-callout", "Prereq base",
                                     {"name": "prereq-base"}) + "\n"
          + directive(language, "course-callout", "Prereq next",
                      {"prerequisites": "prereq-bse"}),
          "ref", ":prerequisites:", "did you mean 'prereq-base' (title 'Prereq base')?",
          ("Prereq base", "Prereq next")),
    *both("matrix-rows-close",
          lambda language: directive(language, "curriculum-matrix", "Rows matrix",
                                     {"rows": "outcomes"}),
          "catalog", ":rows:", "did you mean 'outcome'?", ("Rows matrix",)),
    *both("path-level-word",
          lambda language: directive(language, "learning-path", "Path caption",
                                     {"level": "nine"}, "Path body."),
          "catalog", ":level:", "every level is shown", ("Path caption", "Path body.")),
]  # fmt: skip
"""Issue 20: learning outcomes, prerequisites, the matrix's kinds and the
learning path.  No outcome here joins the graph (untitled, or ``:no-index:``),
so the alignment checks stay off for the whole corpus."""

CASES = MYST_CASES + RST_CASES + ROBUSTNESS_CASES + OUTCOME_CASES


@dataclass(frozen=True)
class LinkCase(PageCase):
    """An unsafe link written inside a directive body."""

    prefix = "link"
    texts: tuple[str, ...]


LINK_CASES = [
    LinkCase(
        "inline",
        "md",
        ":::{course-callout} Inline course\n\n"
        "See [click me](javascript:alert(1)) here.\n:::\n",
        ("Inline course", "click me"),
    ),
    LinkCase(
        "autolink",
        "md",
        ":::{quality-card} Autolink quality\n\nSee <javascript:alert(1)> here.\n:::\n",
        ("Autolink quality", "javascript:alert(1)"),
    ),
    LinkCase(
        "reference-definition",
        "md",
        ":::{quality-card} Definition quality\n\nSee [the trap][trap].\n\n"
        "[trap]: javascript:alert(1)\n:::\n",
        ("Definition quality", "the trap"),
    ),
    LinkCase(
        "table-cell",
        "md",
        ":::{comparison-table} Cell links\n:columns: Leader, Manager\n\n"
        "- Linked row\n  - [cell trap](javascript:alert(1))\n  - plain\n:::\n",
        ("Linked row", "cell trap"),
    ),
    LinkCase(
        "bare",
        "rst",
        ".. course-callout:: Bare link course\n\n   Try javascript:alert(1) now.\n",
        ("Bare link course", "Try javascript:alert(1) now."),
    ),
    LinkCase(
        "embedded",
        "rst",
        ".. quality-card:: Embedded link quality\n\n"
        "   Visit `evil site <javascript:alert(2)>`_ please.\n",
        ("Embedded link quality", "evil site"),
    ),
    LinkCase(
        "named-reference",
        "rst",
        ".. course-callout:: Named course\n\n   Visit evil_ now.\n\n"
        "   .. _evil: javascript:alert(3)\n",
        ("Named course", "evil"),
    ),
    LinkCase(
        "page-level-target",
        "rst",
        ".. quality-card:: Far quality\n\n   Visit far_ now.\n\n"
        ".. _far: javascript:alert(4)\n",
        ("Far quality", "far"),
    ),
    LinkCase(
        "anonymous-reference",
        "rst",
        ".. quality-card:: Anonymous quality\n\n   Visit `anon site`__ now.\n\n"
        "   __ vbscript:msgbox(1)\n",
        ("Anonymous quality", "anon site"),
    ),
]


LANGUAGES = ("md", "rst")


def case_files(language: str) -> dict[str, str]:
    """The cases written in *language* ("md" or "rst"): file name -> text.

    One project per language: a card's name is a project-wide label, so the
    same card written in both languages would be a duplicate label.
    """
    cases = [c for c in CASES if c.language == language]
    links = [c for c in LINK_CASES if c.language == language]
    files = {case.filename: case.source for case in cases}
    files |= {case.filename: case.source for case in links}
    docnames = {name.rsplit(".", 1)[0] for name in files}
    assert len(docnames) == len(cases) + len(links), "case ids must be unique"
    return files
