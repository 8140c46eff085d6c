"""Generated listings of the graph: quality index, course catalogue, matrix.

Reading (toctree) order differs from title order and from level order on
purpose, so each ``:sort:`` is visible in the output.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from curriculum_graph import links, only, project_fixture, qualities_page, text_of
from helpers import directive, line_of, role, squash
from helpers import page as page_of

if TYPE_CHECKING:
    from bs4 import Tag

    from helpers import Build, BuildProject

INDEX = """\
# Curriculum

```{toctree}
qualities
courses
more-qualities
catalogue
```
"""

QUALITIES = qualities_page(resilience_icon="shield")

# Read last, first by title.
MORE_QUALITIES = """\
# More qualities

:::{quality-card} Adaptability
:summary: Changing course.
:::
"""

COURSES = """\
# Courses

:::{course-callout} Diploma in Leadership
:provider: CMI
:level: 7
:duration: 12 months
:develops: integrity, resilience
:::

:::{course-callout} Award in Team Leading
:provider: ILM
:level: 3
:duration: 3 months
:develops: empathy
:::

:::{course-callout} Certificate in Management
:provider: CMI
:level: 5
:duration: 6 months
:develops: integrity, empathy
:::

:::{course-callout} Coaching Workshop
:provider: Acme
:develops: adaptability
:::
"""

# Each listing carries a class of its own so the tests can find it.
CATALOGUE = """\
# Catalogue

:::{quality-index}
:class: by-reading
:::

:::{quality-index}
:sort: title
:class: by-title
:::

:::{course-catalog}
:class: all-courses
:::

:::{course-catalog}
:sort: title
:class: courses-by-title
:::

:::{course-catalog}
:sort: level
:class: courses-by-level
:::

:::{course-catalog}
:level: 5
:class: level-five
:::

:::{course-catalog}
:level: 3-5
:class: levels-three-to-five
:::

:::{course-catalog}
:develops: integrity
:class: develops-integrity
:::

:::{course-catalog}
:develops: Empathy, adaptability
:class: develops-any
:::

:::{course-catalog}
:level: 8
:class: nothing-at-eight
:::

:::{curriculum-matrix}
:class: matrix
:::

:::{curriculum-matrix}
:level: 5-7
:class: matrix-five-to-seven
:::
"""

FILES = {
    "index.md": INDEX,
    "qualities.md": QUALITIES,
    "courses.md": COURSES,
    "more-qualities.md": MORE_QUALITIES,
    "catalogue.md": CATALOGUE,
}

READING_ORDER = ["Integrity", "Empathy", "Resilience", "Adaptability"]
COURSE_ORDER = [
    "Diploma in Leadership",
    "Award in Team Leading",
    "Certificate in Management",
    "Coaching Workshop",
]
COURSE_IDS = {
    "Diploma in Leadership": "diploma-in-leadership",
    "Award in Team Leading": "award-in-team-leading",
    "Certificate in Management": "certificate-in-management",
    "Coaching Workshop": "coaching-workshop",
}
QUALITY_HREFS = {
    "Integrity": "qualities.html#integrity",
    "Empathy": "qualities.html#empathy",
    "Resilience": "qualities.html#resilience",
    "Adaptability": "more-qualities.html#adaptability",
}


catalogues = project_fixture("catalogues", FILES)


@pytest.fixture(scope="module")
def page(catalogues: Build) -> Tag:
    return catalogues.main("catalogue")


def test_catalogues_build_cleanly(catalogues: Build) -> None:
    assert catalogues.warnings == ""


# --- quality index ------------------------------------------------------------


def index_items(page: Tag, css_class: str) -> list[Tag]:
    listing = only(page, f"ul.cmi-quality-index.{css_class}")
    return listing.find_all("li", recursive=False)


def test_quality_index_items(page: Tag) -> None:
    """Each item: icon (when the card has one), linked title, summary."""
    items = index_items(page, "by-reading")
    found = []
    for item in items:
        title_link = only(item, "a[href]")
        summary = [text_of(p) for p in item.find_all("p", recursive=False)][1:]
        found.append(
            (
                text_of(title_link),
                str(title_link["href"]),
                len(item.select("svg")),
                summary,
            )
        )
    assert found == [
        ("Integrity", "qualities.html#integrity", 1, ["Doing the right thing."]),
        ("Empathy", "qualities.html#empathy", 0, ["Understanding others."]),
        ("Resilience", "qualities.html#resilience", 1, ["Bouncing back."]),
        ("Adaptability", "more-qualities.html#adaptability", 0, ["Changing course."]),
    ]


def test_quality_index_icon_comes_before_the_title(page: Tag) -> None:
    first = index_items(page, "by-reading")[0]
    title = first.find("p")
    assert title is not None
    children = title.find_all(True, recursive=False)
    assert [child.name for child in children] == ["svg", "a"]
    assert children[0].get("aria-hidden") == "true"


def test_quality_index_in_reading_order(page: Tag) -> None:
    titles = [text_of(only(li, "a")) for li in index_items(page, "by-reading")]
    assert titles == READING_ORDER


def test_quality_index_sorted_by_title(page: Tag) -> None:
    titles = [text_of(only(li, "a")) for li in index_items(page, "by-title")]
    assert titles == sorted(READING_ORDER)
    assert titles != READING_ORDER


# --- course catalogue -----------------------------------------------------------


def catalogue_rows(page: Tag, css_class: str) -> list[list[str]]:
    table = only(page, f"table.cmi-course-catalog.{css_class}")
    return [
        [text_of(cell) for cell in row.find_all(["th", "td"], recursive=False)]
        for row in table.select("tbody > tr")
    ]


def catalogue_titles(page: Tag, css_class: str) -> list[str]:
    return [row[0] for row in catalogue_rows(page, css_class)]


def test_course_catalogue_header(page: Tag) -> None:
    table = only(page, "table.cmi-course-catalog.all-courses")
    headers = [text_of(th) for th in table.select("thead th")]
    assert headers == ["Course", "Provider", "Level", "Duration", "Develops"]


def test_course_catalogue_rows(page: Tag) -> None:
    assert catalogue_rows(page, "all-courses") == [
        [
            "Diploma in Leadership",
            "CMI",
            "7",
            "12 months",
            "Integrity, Resilience",
        ],
        ["Award in Team Leading", "ILM", "3", "3 months", "Empathy"],
        [
            "Certificate in Management",
            "CMI",
            "5",
            "6 months",
            "Integrity, Empathy",
        ],
        ["Coaching Workshop", "Acme", "", "", "Adaptability"],
    ]


def test_course_catalogue_links(page: Tag) -> None:
    table = only(page, "table.cmi-course-catalog.all-courses")
    rows = table.select("tbody > tr")
    assert [links(row) for row in rows] == [
        [
            ("Diploma in Leadership", "courses.html#diploma-in-leadership"),
            ("Integrity", QUALITY_HREFS["Integrity"]),
            ("Resilience", QUALITY_HREFS["Resilience"]),
        ],
        [
            ("Award in Team Leading", "courses.html#award-in-team-leading"),
            ("Empathy", QUALITY_HREFS["Empathy"]),
        ],
        [
            ("Certificate in Management", "courses.html#certificate-in-management"),
            ("Integrity", QUALITY_HREFS["Integrity"]),
            ("Empathy", QUALITY_HREFS["Empathy"]),
        ],
        [
            ("Coaching Workshop", "courses.html#coaching-workshop"),
            ("Adaptability", QUALITY_HREFS["Adaptability"]),
        ],
    ]


@pytest.mark.parametrize(
    ("css_class", "expected"),
    [
        ("all-courses", COURSE_ORDER),
        (
            "courses-by-title",
            [
                "Award in Team Leading",
                "Certificate in Management",
                "Coaching Workshop",
                "Diploma in Leadership",
            ],
        ),
        (
            # Courses without a level come last.
            "courses-by-level",
            [
                "Award in Team Leading",
                "Certificate in Management",
                "Diploma in Leadership",
                "Coaching Workshop",
            ],
        ),
        ("level-five", ["Certificate in Management"]),
        (
            "levels-three-to-five",
            ["Award in Team Leading", "Certificate in Management"],
        ),
        ("develops-integrity", ["Diploma in Leadership", "Certificate in Management"]),
        (
            "develops-any",
            [
                "Award in Team Leading",
                "Certificate in Management",
                "Coaching Workshop",
            ],
        ),
    ],
)
def test_course_catalogue_sort_and_filters(
    page: Tag, css_class: str, expected: list[str]
) -> None:
    assert catalogue_titles(page, css_class) == expected


def test_course_catalogue_with_no_match_says_so(page: Tag) -> None:
    assert not page.select("table.nothing-at-eight")
    empty = page.select("p.cmi-empty-listing")
    assert [text_of(p) for p in empty] == ["No courses match."]


# --- curriculum matrix -----------------------------------------------------------


def matrix(page: Tag, css_class: str) -> tuple[list[str], list[list[str]]]:
    """Column headers and, per course, its title then one cell per quality.

    A cell reads "tick" when it holds a hidden tick and a visually hidden
    "Yes", "" when empty; anything else is returned as its text.
    """
    table = only(page, f"table.cmi-curriculum-matrix.{css_class}")
    headers = [text_of(th) for th in table.select("thead th")]
    rows: list[list[str]] = []
    for row in table.select("tbody > tr"):
        head, *cells = row.find_all(["th", "td"], recursive=False)
        shown = [text_of(head)]
        for cell in cells:
            ticks = cell.select('span.cmi-tick[aria-hidden="true"]')
            words = cell.select("span.cmi-mark.cmi-visually-hidden")
            if (
                len(ticks) == 1
                and len(words) == 1
                and text_of(words[0]) == "Yes"
                and text_of(cell) == f"{text_of(ticks[0])}Yes"
            ):
                shown.append("tick")
            else:
                shown.append(text_of(cell))
        rows.append(shown)
    return headers, rows


def test_matrix_columns_are_linked_qualities(page: Tag) -> None:
    table = only(page, "table.cmi-curriculum-matrix.matrix")
    header_links = [links(th) for th in table.select("thead th")]
    assert header_links == [
        [],
        *([(title, QUALITY_HREFS[title])] for title in READING_ORDER),
    ]


def test_matrix_ticks(page: Tag) -> None:
    headers, rows = matrix(page, "matrix")
    assert headers == ["Course", *READING_ORDER]
    assert rows == [
        ["Diploma in Leadership", "tick", "", "tick", ""],
        ["Award in Team Leading", "", "tick", "", ""],
        ["Certificate in Management", "tick", "tick", "", ""],
        ["Coaching Workshop", "", "", "", "tick"],
    ]


def test_matrix_rows_link_to_courses(page: Tag) -> None:
    table = only(page, "table.cmi-curriculum-matrix.matrix")
    row_links = [links(only(row, "th")) for row in table.select("tbody > tr")]
    assert row_links == [
        [(title, f"courses.html#{COURSE_IDS[title]}")] for title in COURSE_ORDER
    ]


def test_matrix_level_filter(page: Tag) -> None:
    _headers, rows = matrix(page, "matrix-five-to-seven")
    assert [row[0] for row in rows] == [
        "Diploma in Leadership",
        "Certificate in Management",
    ]


# --- bad :level: --------------------------------------------------------------------

BAD_LEVELS = """\
# Bad levels

:::{course-catalog}
:level: 9
:class: bad-nine
:::

:::{course-catalog}
:class: bad-range
:level: 5-3
:::

:::{curriculum-matrix}
:level: five
:class: bad-word
:::
"""


def test_bad_level_warns_and_is_ignored(build: BuildProject) -> None:
    index = INDEX.replace("catalogue\n", "catalogue\nbad\n")
    result = build({**FILES, "index.md": index, "bad.md": BAD_LEVELS})
    reported = result.reported_in("bad.md")
    assert [(w.line, w.type) for w in reported] == [
        (line_of(BAD_LEVELS, ":level: 9"), "cmi.catalog"),
        (line_of(BAD_LEVELS, ":level: 5-3"), "cmi.catalog"),
        (line_of(BAD_LEVELS, ":level: five"), "cmi.catalog"),
    ]
    assert all(":level:" in w.message for w in reported)
    assert [w for w in result.reported() if w not in reported] == []
    main = result.main("bad")
    # The filter is ignored: every course is listed.
    assert catalogue_titles(main, "bad-nine") == COURSE_ORDER
    assert catalogue_titles(main, "bad-range") == COURSE_ORDER
    assert [row[0] for row in matrix(main, "bad-word")[1]] == COURSE_ORDER


UNKNOWN_NAMES = """\
# Unknown

:::{course-catalog}
:develops: empaty, nosuch, empathy
:::
"""


def test_unknown_filter_names_say_what_to_write(build: BuildProject) -> None:
    index = INDEX.replace("catalogue\n", "catalogue\nunknown\n")
    result = build({**FILES, "index.md": index, "unknown.md": UNKNOWN_NAMES})
    reported = result.reported_in("unknown.md")
    line = line_of(UNKNOWN_NAMES, ":develops:")
    assert [(w.line, w.type) for w in reported] == [(line, "cmi.ref")] * 2
    assert [w.message for w in reported] == [
        "unknown quality 'empaty' in the :develops: filter; did you mean "
        "'empathy' (title 'Empathy')?",
        "unknown quality 'nosuch' in the :develops: filter; name a quality card, "
        "or remove it from the filter",
    ]


# --- every builder draws real tables --------------------------------------------

LISTINGS = """\
# Listings

:::{quality-index}
:::

:::{course-catalog}
:::

:::{curriculum-matrix}
:::
"""

CONF = {
    "project": "Curriculum",
    "author": "Authors",
    "copyright": "2026, Authors",
    "version": "1.0",
}


def grid_rows(grid: str) -> list[list[str]]:
    """Rows of a text-builder grid table, each cell's wrapped lines joined."""
    rows: list[list[str]] = []
    pieces: list[list[str]] = []
    for line in grid.splitlines():
        if line.startswith(("+-", "|=")):
            if pieces:
                cells = zip(*pieces, strict=True)
                rows.append([" ".join(" ".join(cell).split()) for cell in cells])
            pieces = []
        else:
            assert line.startswith("|"), line
            assert line.endswith("|"), line
            pieces.append(line[1:-1].split("|"))
    assert not pieces, "grid not closed by a rule"
    return rows


def test_text_builder_draws_the_tables(build: BuildProject) -> None:
    result = build({**FILES, "catalogue.md": LISTINGS}, buildername="text")
    assert result.warnings == ""
    text = (result.outdir / "catalogue.txt").read_text(encoding="utf-8")
    blocks = re.split(r"\n\s*\n", text.strip())
    grids = [block for block in blocks if block.startswith("+-")]
    assert len(grids) == 2, text
    assert grid_rows(grids[0]) == [
        ["Course", "Provider", "Level", "Duration", "Develops"],
        ["Diploma in Leadership", "CMI", "7", "12 months", "Integrity, Resilience"],
        ["Award in Team Leading", "ILM", "3", "3 months", "Empathy"],
        ["Certificate in Management", "CMI", "5", "6 months", "Integrity, Empathy"],
        ["Coaching Workshop", "Acme", "", "", "Adaptability"],
    ]
    assert grid_rows(grids[1]) == [
        ["Course", *READING_ORDER],
        ["Diploma in Leadership", "Yes", "", "Yes", ""],
        ["Award in Team Leading", "", "Yes", "", ""],
        ["Certificate in Management", "Yes", "Yes", "", ""],
        ["Coaching Workshop", "", "", "", "Yes"],
    ]
    # The quality index is a list with the summaries.
    assert "* Integrity\n\n  Doing the right thing." in text


HTML_TABLE = r'<table\b[^>]*class="[^"]*\bcmi-(?:course-catalog|curriculum-matrix)\b'
TABLE_MARKUP = {
    "latex": r"\\begin\{(?:tabular|tabulary|longtable)\}",
    "texinfo": r"@multitable",
    "man": r"^\.TS$",
    "singlehtml": HTML_TABLE,
    "dirhtml": HTML_TABLE,
    "epub": HTML_TABLE,
}


@pytest.mark.parametrize("builder", sorted(TABLE_MARKUP))
def test_other_builders_have_real_tables(build: BuildProject, builder: str) -> None:
    """The catalogue and the matrix are the builder's own tables."""
    result = build({**FILES, "catalogue.md": LISTINGS}, buildername=builder, conf=CONF)
    assert result.app.statuscode == 0
    assert "WARNING" not in result.warnings
    output = "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted(result.outdir.rglob("*"))
        if path.suffix in {".tex", ".texi", ".1", ".html", ".xhtml"}
        and "_static" not in path.parts
    )
    assert len(re.findall(TABLE_MARKUP[builder], output, re.MULTILINE)) == 2
    for title in COURSE_ORDER:
        assert title in output
    assert "Yes" in output


@pytest.mark.parametrize("language", ["md", "rst"])
@pytest.mark.parametrize("caption", ["Our qualities", ""])
def test_quality_index_takes_a_name(
    build: BuildProject, language: str, caption: str
) -> None:
    """``:name:`` makes the index a link target ({ref} shows its caption)."""
    card = directive(language, "quality-card", "Integrity", {"name": "integrity"})
    listing = directive(language, "quality-index", caption, {"name": "our-qualities"})
    ref = role(language, "ref", "our-qualities" if caption else "Them <our-qualities>")
    suffix = ".md" if language == "md" else ".rst"
    result = build(
        {
            f"a{suffix}": page_of(language, card + "\n" + listing, "A"),
            f"b{suffix}": page_of(language, f"See {ref}.\n", "B"),
        }
    )
    assert result.reported() == []
    found = result.main("b").select("a.reference")
    assert [(squash(a.get_text()), a["href"]) for a in found] == [
        (caption or "Them", "a.html#our-qualities")
    ]
    assert result.main("a").select_one("#our-qualities") is not None
