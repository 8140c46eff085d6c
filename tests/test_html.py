"""HTML structure of the three components, read with BeautifulSoup."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

import pytest

from helpers import shared_build, squash
from sphinx_cmi.course import course_callout
from sphinx_cmi.quality import quality_card

if TYPE_CHECKING:
    from bs4 import Tag

    from helpers import Build, BuildProject

SHOWCASE = """\
# Showcase

:::{comparison-table} Leaders and managers
:name: roles-table
:columns: Leader, Manager
:dimension-label: Aspect
:class: extra-class
:widths: 20, 40, 40

- Vision
  - Sets direction
  - Plans the work
- Trust
  - Builds **trust**
  - Keeps processes
:::

:::{comparison-table} Three roles
:name: three-roles
:columns: Coach, Mentor, Sponsor

- Focus
  - Skills
  - Career
  - Visibility
:::

::::{grid} 2

:::{quality-card} Strategic thinking
:icon: compass
:class: my-card

Sees the long game.

Plans accordingly.
:::

:::{quality-card} Integrity
:name: custom-integrity
:summary: Explicit summary.

Acts on values.
:::

::::

:::{quality-card} Plain quality

- Listed first paragraph.
:::

:::{course-callout} Level 5 Certificate
:provider: CMI
:level: 5
:duration: 6 months
:url: https://example.org/l5
:link-text: Course details

Body of the course.
:::

:::{course-callout} Level 1 award
:level: 1
:url: https://example.org/l1
:::

:::{course-callout} Level 8 diploma
:level: 8
:provider: Somebody
:url: mailto:courses@example.org
:::

:::{course-callout} Internal course
:doc: other
:link-text: Read the page
:::

:::{course-callout} Relative course
:duration: 2 days
:url: ../courses/relative.html
:::

:::{course-callout} No link course

Just facts.
:::
"""

REFS = """\
# Refs

See {numref}`roles-table`, {numref}`three-roles` and {ref}`roles-table`.
Also {ref}`Strategy <strategic-thinking>` and {doc}`index`.

Cards: {ref}`strategic-thinking`, {numref}`custom-integrity`,
{numref}`level-5-certificate`.
"""

OTHER = """\
# Other

The internal page.
"""


@pytest.fixture(scope="module")
def showcase(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return shared_build(
        tmp_path_factory.mktemp("showcase") / "src",
        {"index.md": SHOWCASE, "refs.md": REFS, "other.md": OTHER},
        conf={"suppress_warnings": ["toc.not_included"]},
    )


@pytest.fixture(scope="module")
def main(showcase: Build) -> Tag:
    return showcase.main("index")


def one(root: Tag, selector: str) -> Tag:
    found = root.select(selector)
    assert len(found) == 1, f"{selector!r} matched {len(found)} elements"
    return found[0]


def href_of(inner: Tag) -> str:
    link = inner.find_parent("a")
    assert link is not None
    return str(link["href"])


def text(tag: Tag) -> str:
    return squash(tag.get_text())


def test_showcase_builds_cleanly(showcase: Build) -> None:
    assert showcase.warnings == ""


# --- comparison table ---------------------------------------------------------


def test_comparison_is_a_real_table_with_caption(main: Tag) -> None:
    table = one(main, "table#roles-table")
    assert {"cmi-comparison", "extra-class"} <= set(table.get("class") or [])
    caption = table.find("caption", recursive=False)
    assert caption is not None
    assert text(one(caption, ".caption-text")) == "Leaders and managers"
    assert text(one(caption, ".caption-number")) == "Table 1"


def test_comparison_column_headers(main: Tag) -> None:
    table = one(main, "table#roles-table")
    headers = table.select("th[scope=col]")
    assert [text(th) for th in headers] == ["Aspect", "Leader", "Manager"]
    assert all(th.find_parent("thead") is not None for th in headers)


def test_comparison_default_dimension_label(main: Tag) -> None:
    table = one(main, "table#three-roles")
    assert [text(th) for th in table.select("th[scope=col]")] == [
        "Dimension",
        "Coach",
        "Mentor",
        "Sponsor",
    ]


def test_comparison_row_headers_and_cells(main: Tag) -> None:
    table = one(main, "table#roles-table")
    rows = table.select("tbody > tr")
    assert len(rows) == 2
    assert [text(th) for th in table.select("th[scope=row]")] == ["Vision", "Trust"]
    cells = [[(td["data-label"], text(td)) for td in row.select("td")] for row in rows]
    assert cells == [
        [("Leader", "Sets direction"), ("Manager", "Plans the work")],
        [("Leader", "Builds trust"), ("Manager", "Keeps processes")],
    ]
    assert one(rows[1], "td strong").get_text() == "trust"


def test_comparison_roles_for_assistive_technology(main: Tag) -> None:
    table = one(main, "table#roles-table")
    assert table["role"] == "table"
    assert [g["role"] for g in table.select("thead, tbody")] == ["rowgroup"] * 2
    # Rows and cells take their roles from role="table": HTML forbids
    # explicit ones there (the Nu HTML checker reports them).
    assert table.select("tr[role], th[role], td[role]") == []


def test_comparison_widths(main: Tag) -> None:
    table = one(main, "table#roles-table")
    styles = [col.get("style") for col in table.select("colgroup > col")]
    assert styles == ["width: 20.0%", "width: 40.0%", "width: 40.0%"]


def test_numref_and_ref_to_a_comparison_table(showcase: Build) -> None:
    refs = showcase.main("refs")
    numrefs = [
        (href_of(span), text(span))
        for span in refs.select("a.reference span.std-numref")
        if text(span).startswith("Table")
    ]
    assert numrefs == [
        ("index.html#roles-table", "Table 1"),
        ("index.html#three-roles", "Table 2"),
    ]
    refs_to_table = [
        text(span)
        for span in refs.select("a.reference span.std-ref")
        if href_of(span) == "index.html#roles-table"
    ]
    assert refs_to_table == ["Leaders and managers"]


# --- quality card -------------------------------------------------------------


def test_quality_card_id_is_slug_of_title(main: Tag) -> None:
    card = one(main, "div.cmi-quality-card#strategic-thinking")
    assert "my-card" in (card.get("class") or [])
    assert text(one(card, ".cmi-card-title")) == "Strategic thinking"


def test_quality_card_explicit_name(main: Tag) -> None:
    card = one(main, "div.cmi-quality-card#custom-integrity")
    assert text(one(card, ".cmi-card-title")) == "Integrity"
    assert not main.select("#integrity")


def test_quality_card_icon_is_inline_hidden_svg(main: Tag) -> None:
    card = one(main, "#strategic-thinking")
    svg = one(card, ".cmi-card-title svg")
    assert svg["aria-hidden"] == "true"
    assert svg.find(["path", "circle"]) is not None
    assert not one(main, "#custom-integrity").select("svg")


def test_quality_cards_in_grid_are_wrapped_in_columns(main: Tag) -> None:
    row = one(main, "div.sd-row")
    columns = row.find_all("div", recursive=False)
    assert len(columns) == 2
    for column, card_id in zip(
        columns, ["strategic-thinking", "custom-integrity"], strict=True
    ):
        assert "sd-col" in (column.get("class") or [])
        cards = column.find_all("div", recursive=False)
        assert [card.get("id") for card in cards] == [card_id]


def test_cards_outside_grids_are_not_wrapped(main: Tag) -> None:
    card = one(main, "#plain-quality")
    parent = card.parent
    assert parent is not None
    assert "sd-col" not in (parent.get("class") or [])


def test_quality_card_summary_attribute(showcase: Build) -> None:
    doctree = showcase.app.env.get_doctree("index")
    summaries = {
        card["title"]: card["summary"] for card in doctree.findall(quality_card)
    }
    assert summaries == {
        "Strategic thinking": "Sees the long game.",
        "Integrity": "Explicit summary.",
        "Plain quality": "Listed first paragraph.",
    }


def test_ref_with_title_reaches_a_quality_card(showcase: Build) -> None:
    refs = showcase.main("refs")
    hrefs = [a["href"] for a in refs.select("a.reference") if text(a) == "Strategy"]
    assert hrefs == ["index.html#strategic-thinking"]


def test_ref_and_numref_to_cards(showcase: Build) -> None:
    """Cards are numbered targets: {ref} shows the title, {numref} a number."""
    refs = showcase.main("refs")
    shown = {
        (href_of(span), text(span))
        for span in refs.select("a.reference span.std-ref, a.reference span.std-numref")
    }
    assert ("index.html#strategic-thinking", "Strategic thinking") in shown
    assert ("index.html#custom-integrity", "Quality 2") in shown
    assert ("index.html#level-5-certificate", "Course 1") in shown


# --- course call-out ----------------------------------------------------------


def facts(card: Tag) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for dl in card.select("dl"):
        terms = dl.find_all("dt", recursive=False)
        definitions = dl.find_all("dd", recursive=False)
        assert len(terms) == len(definitions)
        pairs += [
            (text(dt), text(dd)) for dt, dd in zip(terms, definitions, strict=True)
        ]
    return pairs


def call_to_action(card: Tag) -> tuple[str, str]:
    """(href, visible text) of the card's only link."""
    link = one(card, "a[href]")
    visible = copy.copy(link)
    for hidden in visible.select(".cmi-visually-hidden"):
        hidden.decompose()
    return str(link["href"]), text(visible)


@pytest.mark.parametrize(
    ("card_id", "expected"),
    [
        (
            "level-5-certificate",
            [("Provider", "CMI"), ("Level", "5"), ("Duration", "6 months")],
        ),
        ("level-1-award", [("Level", "1")]),
        ("level-8-diploma", [("Provider", "Somebody"), ("Level", "8")]),
        ("internal-course", []),
        ("relative-course", [("Duration", "2 days")]),
    ],
)
def test_course_facts(main: Tag, card_id: str, expected: list[tuple[str, str]]) -> None:
    card = one(main, f"div.cmi-course-callout#{card_id}")
    assert facts(card) == expected
    assert len(card.select("dl")) == (1 if expected else 0)


def test_course_parts_in_order(main: Tag) -> None:
    """Title, facts, body, then the call to action."""
    card = one(main, "#level-5-certificate")
    children = card.find_all(True, recursive=False)
    assert [child.name for child in children] == ["h2", "dl", "p", "p"]
    title, facts_list, body, action = children
    assert title.get("class") == ["cmi-card-title"]
    assert text(title) == "Level 5 Certificate"
    assert "cmi-course-facts" in (facts_list.get("class") or [])
    assert text(body) == "Body of the course."
    assert action.select("a.cmi-call-to-action")


@pytest.mark.parametrize(
    ("card_id", "href", "label"),
    [
        ("level-5-certificate", "https://example.org/l5", "Course details"),
        ("level-1-award", "https://example.org/l1", "View course"),
        ("internal-course", "other.html", "Read the page"),
        ("relative-course", "../courses/relative.html", "View course"),
    ],
)
def test_course_call_to_action(main: Tag, card_id: str, href: str, label: str) -> None:
    assert call_to_action(one(main, f"#{card_id}")) == (href, label)


def test_course_mailto_link(main: Tag) -> None:
    href, label = call_to_action(one(main, "#level-8-diploma"))
    assert href.startswith("mailto:")
    assert label == "View course"


def test_course_without_target_has_no_link(main: Tag) -> None:
    card = one(main, "#no-link-course")
    assert not card.select("a")
    assert "Just facts." in text(card)


def test_course_attributes_in_doctree(showcase: Build) -> None:
    doctree = showcase.app.env.get_doctree("index")
    course = next(
        c
        for c in doctree.findall(course_callout)
        if c["title"] == "Level 5 Certificate"
    )
    assert (course["provider"], course["level"], course["duration"]) == (
        "CMI",
        5,
        "6 months",
    )


# --- page-wide ----------------------------------------------------------------


def duplicate_ids(soup: Tag) -> list[str]:
    ids = [str(tag["id"]) for tag in soup.select("[id]")]
    return sorted({i for i in ids if ids.count(i) > 1})


def test_ids_are_unique(showcase: Build) -> None:
    assert duplicate_ids(showcase.soup("index.html")) == []


def test_ids_are_unique_with_furo(build: BuildProject) -> None:
    """Furo wraps tables and copies their ids; the table must keep its own."""
    result = build(
        {"index.md": SHOWCASE, "refs.md": REFS, "other.md": OTHER},
        conf={"html_theme": "furo", "suppress_warnings": ["toc.not_included"]},
    )
    assert result.warnings == ""
    soup = result.soup("index.html")
    assert duplicate_ids(soup) == []
    for table_id in ("roles-table", "three-roles"):
        assert [tag.name for tag in soup.select(f"#{table_id}")] == ["table"]
    assert [tag.name for tag in soup.select("#strategic-thinking")] == ["div"]
