"""``comparison-table :file:``: the table a list body would make, from a file."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pytest

from curriculum_graph import rebuild
from helpers import line_of, nested_list, page, role, shared_build, write_project
from sphinx_cmi import KINDS

if TYPE_CHECKING:
    from pathlib import Path

    from curriculum_graph import Stage
    from helpers import Build

COLUMNS = ["Leader", "Manager"]


def rows(language: str, indent: str = "") -> dict[str, list[str]]:
    """Cells with inline markup of *language*, one spread over two lines
    (indented by *indent* in a list)."""
    link = role(language, "quality", "integrity")
    return {
        "Vision": ["Looks **far** ahead.", f"Plans the week, see {link}."],
        "Trust": [f"Earns it over\n{indent}time.", "Keeps promises."],
    }


def csv_text(language: str, label: str = "") -> str:
    """The header row (the label, then the columns), then one row per dimension."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([label, *COLUMNS])
    writer.writerows([name, *cells] for name, cells in rows(language).items())
    return buffer.getvalue()


def pairs(language: str) -> list[tuple[str, list[str]]]:
    return list(rows(language).items())


FORMS = {
    "csv": lambda language: csv_text(language),
    "yaml-lists": lambda language: (
        "columns: [Leader, Manager]\nrows:\n"
        + "".join(
            f"  - {json.dumps([name, *cells])}\n"
            for name, cells in rows(language).items()
        )
    ),
    "yaml-mappings": lambda language: (
        "columns: [Leader, Manager]\nrows:\n"
        + "".join(
            f"  - dimension: {name}\n    cells: {json.dumps(cells)}\n"
            for name, cells in rows(language).items()
        )
    ),
    "yaml-by-dimension": lambda language: (
        "columns: [Leader, Manager]\nrows:\n"
        + "".join(
            f"  {name}: {json.dumps(cells)}\n" for name, cells in rows(language).items()
        )
    ),
    "json": lambda language: json.dumps(
        {"columns": COLUMNS, "rows": [[n, *c] for n, c in rows(language).items()]}
    ),
    "toml": lambda language: (
        'columns = ["Leader", "Manager"]\n'
        + "".join(
            f"[[rows]]\ndimension = {json.dumps(name)}\ncells = {json.dumps(cells)}\n"
            for name, cells in rows(language).items()
        )
    ),
}
SUFFIX = {"csv": "csv", "json": "json", "toml": "toml"}


def table_page(language: str, source: str) -> str:
    if language == "md":
        return page("md", f":::{{comparison-table}} Roles\n:name: roles\n{source}:::\n")
    return page("rst", f".. comparison-table:: Roles\n   :name: roles\n{source}")


def project(language: str, form: str | None) -> dict[str, str]:
    quality = page("md", ":::{quality-card} Integrity\n:name: integrity\n:::\n")
    if form is None:
        body = nested_list(language, rows(language, indent="    "))
        if language == "md":
            source = f":columns: Leader, Manager\n\n{body}"
        else:
            indented = "".join(f"   {line}\n" if line else "\n"
                               for line in body.splitlines())  # fmt: skip
            source = f"   :columns: Leader, Manager\n\n{indented}"
        return {f"table.{language}": table_page(language, source), "q.md": quality}
    path = f"data/roles.{SUFFIX.get(form, 'yaml')}"
    option = f":file: {path}\n" if language == "md" else f"   :file: {path}\n"
    return {
        f"table.{language}": table_page(language, option),
        "q.md": quality,
        path: FORMS[form](language),
    }


def built(root: Path, files: dict[str, str]) -> Stage:
    write_project(root, files)
    return rebuild(root, fresh=True)


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("language", ["md", "rst"])
def test_the_file_makes_the_table_a_list_makes(
    tmp_path: Path, language: str, form: str
) -> None:
    by_hand = built(tmp_path / "hand", project(language, None))
    from_file = built(tmp_path / "file", project(language, form))
    assert from_file.build.warnings == by_hand.build.warnings == ""
    assert from_file.pages["table"] == by_hand.pages["table"]
    table = from_file.main("table").select_one("table#roles")
    assert table is not None
    assert table.select_one("td strong") is not None
    assert table.select_one("td a[href='q.html#integrity']") is not None
    assert len(table.select("tbody tr")) == 2


def test_the_csv_header_names_the_dimensions(tmp_path: Path) -> None:
    files = project("md", "csv")
    files["data/roles.csv"] = csv_text("md", "Aspect")
    stage = built(tmp_path / "src", files)
    first = stage.main("table").select_one("thead th")
    assert first is not None
    assert first.get_text(strip=True) == "Aspect"


BAD_CSV = """\
,Leader,Manager
Vision,Looks ahead.
Trust,Earns it.,Keeps promises.,Extra cell
,No dimension.,Still shown.
"""
BAD_YAML = """\
columns: [Leader]
rows:
  - [Vision, Looks ahead.]
  - {dimension: Trust, cells: [Earns it.], extra: 1}
colums: []
"""


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> Build:
    files = {
        "data/bad.csv": BAD_CSV,
        "data/bad.yaml": BAD_YAML,
        "csv.md": page(
            "md",
            ":::{comparison-table} CSV\n:file: data/bad.csv\n"
            ":columns: A, B\n\nA stray paragraph.\n:::\n",
        ),
        "yaml.md": page(
            "md", ":::{comparison-table} YAML\n:file: data/bad.yaml\n:::\n"
        ),
        "missing.md": page(
            "md", ":::{comparison-table} Missing\n:file: data/nowhere.csv\n:::\n"
        ),
    }
    return shared_build(tmp_path_factory.mktemp("bad-comparisons") / "src", files)


def test_problems_in_the_file_are_told_at_its_lines(bad: Build) -> None:
    found = {(w.line, w.type, w.message.split(" (imported")[0])
             for w in bad.reported_in("data/bad.csv")}  # fmt: skip
    fix = "; give the row one cell per column"
    assert found == {
        (2, "cmi.data", "row has 1 cell(s) but the table has 2 column(s)" + fix),
        (3, "cmi.data", "row has 3 cell(s) but the table has 2 column(s)" + fix),
        (4, "cmi.data", "row has no dimension: give it a name first"),
    }
    in_yaml = {(w.line, w.message.split(" (imported")[0])
               for w in bad.reported_in("data/bad.yaml")}  # fmt: skip
    assert (1, "the file names 1 column(s); a comparison needs at least two") in in_yaml
    lists = ", ".join(kind.list_key for kind in KINDS)
    assert (line_of(BAD_YAML, "colums"), f"unknown key 'colums' (known: {lists}, "
            "columns, dimension-label, rows); did you mean 'columns'?"
            ) in in_yaml  # fmt: skip
    assert all(w.message.endswith("(imported by yaml.md)")
               for w in bad.reported_in("data/bad.yaml"))  # fmt: skip


def test_problems_of_the_page_are_told_at_its_lines(bad: Build) -> None:
    source = page("md", ":::{comparison-table} CSV\n:file: data/bad.csv\n"
                        ":columns: A, B\n\nA stray paragraph.\n:::\n")  # fmt: skip
    found = {(w.line, w.type) for w in bad.reported_in("csv.md")}
    assert found == {
        (line_of(source, ":columns:"), "cmi.comparison"),
        (line_of(source, "A stray"), "cmi.comparison"),
    }
    missing = [(w.line, w.type, w.message) for w in bad.reported_in("missing.md")]
    assert missing == [(4, "cmi.data", "data file 'data/nowhere.csv' not found")]


def test_nothing_is_lost(bad: Build) -> None:
    text = " ".join(bad.main("csv").get_text().split())
    shown = ["Looks ahead.", "Keeps promises. Extra cell", "No dimension."]
    for part in [*shown, "Still shown.", "A stray paragraph."]:
        assert part in text
