"""Large input: nothing is lost from a big table or a big catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers import page

if TYPE_CHECKING:
    from bs4 import Tag

    from helpers import BuildProject


def first_cell(row: Tag) -> str:
    cell = row.select_one("th, td")
    assert cell is not None
    return cell.get_text(strip=True)


CONF = {"extensions": ["myst_parser", "sphinx_cmi"]}


def test_a_600_row_comparison_table_keeps_every_row(build: BuildProject) -> None:
    rows = "".join(
        f"- Dimension {n}\n  - leader cell {n}\n  - manager cell {n}\n"
        for n in range(600)
    )
    body = f":::{{comparison-table}} Big\n:columns: Leader, Manager\n\n{rows}:::\n"
    result = build({"big.md": page("md", body)}, conf=CONF)
    assert result.reported() == []
    table = result.main("big").select_one("table")
    assert table is not None
    body_rows = table.select("tbody tr")
    assert len(body_rows) == 600
    assert [first_cell(row) for row in body_rows] == [
        f"Dimension {n}" for n in range(600)
    ]
    assert body_rows[599].get_text(" ", strip=True).endswith("manager cell 599")


def test_a_catalogue_of_2000_courses_lists_every_course(build: BuildProject) -> None:
    pages = {}
    for p in range(20):
        callouts = "".join(
            f":::{{course-callout}} Course {p}-{n}\n:name: course-{p}-{n}\n"
            f":level: {1 + n % 8}\n\nBody {p} {n}.\n:::\n\n"
            for n in range(100)
        )
        pages[f"courses-{p:02}.md"] = page("md", callouts, f"Courses {p}")
    pages["zz-catalogue.md"] = page("md", ":::{course-catalog} All\n:::\n", "All")
    result = build(pages, conf=CONF)
    assert result.reported() == []
    table = result.main("zz-catalogue").select_one("table")
    assert table is not None
    rows = table.select("tbody tr")
    assert len(rows) == 2000
    titles = {first_cell(row) for row in rows}
    assert titles == {f"Course {p}-{n}" for p in range(20) for n in range(100)}


def test_a_csv_of_2000_courses_on_one_page_loses_no_row(build: BuildProject) -> None:
    """One data file, one page: its cards, the catalogue and the matrix."""
    rows = "".join(
        f"course-{n},Course {n},Provider {n % 7},{1 + n % 8},"
        f"{'integrity' if n % 2 else 'empathy'},Body {n}.\n"
        for n in range(2000)
    )
    csv = f"name,title,provider,level,develops,body\n{rows}"
    qualities = ":::{quality-card} Integrity\n:::\n\n:::{quality-card} Empathy\n:::\n"
    body = (
        f"{qualities}\n:::{{curriculum-import}} courses.csv\n:kind: course\n:::\n\n"
        ":::{course-catalog} All\n:::\n\n:::{curriculum-matrix} Matrix\n:::\n"
    )
    result = build({"big.md": page("md", body), "courses.csv": csv}, conf=CONF)
    assert result.reported() == []
    main = result.main("big")
    cards = main.select("div.cmi-course-callout")
    assert [card["id"] for card in cards] == [f"course-{n}" for n in range(2000)]
    expected = [f"Course {n}" for n in range(2000)]
    for selector in ("table.cmi-course-catalog", "table.cmi-curriculum-matrix"):
        table = main.select_one(selector)
        assert table is not None
        assert [first_cell(row) for row in table.select("tbody tr")] == expected
    assert "Body 1999." in cards[-1].get_text()
