"""``comparison-table :file:``: the columns and rows of a comparison, from a file.

A CSV file's header row is the dimension label and the columns, and each row
a dimension and its cells; a YAML, JSON or TOML file has ``columns`` and
``rows`` (and may have ``dimension-label``).  Cells are inline markup of the
page's own language; every problem is reported at the file's own line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from sphinx_cmi.base import _
from sphinx_cmi.comparison import ComparisonTableDirective, Row
from sphinx_cmi.data import DataError, Located, imported_by, read
from sphinx_cmi.domain import curriculum
from sphinx_cmi.entries import is_csv
from sphinx_cmi.options import Options
from sphinx_cmi.problems import Subtype, warn
from sphinx_cmi.schema import problems

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    from sphinx_cmi.data import Key


@dataclass
class Cell:
    text: str
    line: int


@dataclass
class Comparison:
    """What a file says of a comparison table."""

    label: Cell | None
    columns: list[Cell]
    rows: list[tuple[Cell, list[Cell], int]]
    """Each row's dimension, cells and line."""
    reported: set[int] = field(default_factory=set)
    """Lines of rows whose shape the schema reported: no second warning."""


def cell(found: Located, key: Key, value: Any) -> Cell:
    text = "" if value is None or isinstance(value, dict | list | bool) else value
    return Cell(str(text).strip(), found.line(key))


def from_csv(found: Located) -> Comparison:
    header: list[str] = found.data["header"]
    line = found.line(("header",))
    label = Cell(header[0], line) if header and header[0] else None
    columns = [Cell(text, line) for text in header[1:]]
    rows = []
    for index, row in enumerate(found.data["rows"]):
        cells = [cell(found, ("rows", index, n), text) for n, text in enumerate(row)]
        rows.append((cells[0], cells[1:], found.line(("rows", index))))
    return Comparison(label, columns, rows)


def from_mapping(found: Located) -> Comparison:
    data = found.data if isinstance(found.data, dict) else {}
    written = data.get("columns")
    columns = [
        cell(found, ("columns", n), text)
        for n, text in enumerate(written if isinstance(written, list) else [])
    ]
    label = data.get("dimension-label")
    rows: list[tuple[Cell, list[Cell], int]] = []
    reported: set[int] = set()
    written_rows = data.get("rows")
    if isinstance(written_rows, dict):  # dimension: [cells]
        for name, cells in written_rows.items():
            key = ("rows", name)
            items = cells if isinstance(cells, list) else []
            row = [cell(found, (*key, n), text) for n, text in enumerate(items)]
            rows.append((Cell(name, found.line(key)), row, found.line(key)))
    listed = written_rows if isinstance(written_rows, list) else []
    for index, item in enumerate(listed):
        key = ("rows", index)
        if isinstance(item, list) and item:
            row = [cell(found, (*key, n), text) for n, text in enumerate(item)]
            rows.append((row[0], row[1:], found.line(key)))
        elif not isinstance(item, dict | list):  # a dimension alone: kept
            rows.append((cell(found, key, item), [], found.line(key)))
            reported.add(found.line(key))
        elif isinstance(item, dict):
            written_cells = item.get("cells")
            row = [
                cell(found, (*key, "cells", n), text)
                for n, text in enumerate(
                    written_cells if isinstance(written_cells, list) else []
                )
            ]
            dimension = cell(found, (*key, "dimension"), item.get("dimension"))
            rows.append((dimension, row, found.line(key)))
    shown_label = cell(found, ("dimension-label",), label) if label else None
    return Comparison(shown_label, columns, rows, reported)


class ComparisonFileDirective(ComparisonTableDirective):
    """``comparison-table`` that also takes its columns and rows from ``:file:``."""

    option_spec: ClassVar[dict[str, Callable[[str], object]]] = Options(
        ComparisonTableDirective.option_spec, file=directives.unchanged
    )

    def render(self) -> list[nodes.Node]:
        if "file" not in self.options or not self.text_option("file"):
            return super().render()
        after = self.stray_body(
            "table",
            "move it out of the directive, or the rows into the file",
            who=f"{self.name} with :file:",
        )
        path = self.data_file(self.text_option("file"), self.option_line("file"))
        if path is None:
            return after
        self.path = path
        self.note = imported_by(self.env, self.env.docname)
        try:
            found = read(self.path, self.text_option("file"))
        except DataError as error:
            if error.line:  # in the file
                self.data_warn(error.message, error.line)
            else:  # no file to point into: the option
                where = self.location(self.option_line("file"))
                warn(error.message, Subtype.DATA, where)
            return after
        if not is_csv(found):
            kinds = curriculum(self.env).kinds.values()
            for problem in problems(found, kinds):
                self.data_warn(problem.message, problem.line)
        comparison = from_csv(found) if is_csv(found) else from_mapping(found)
        return [self.table(comparison, found), *after]

    def data_warn(self, message: str, line: int) -> None:
        warn(message + self.note, Subtype.DATA, f"{self.path}:{line}")

    def table(self, comparison: Comparison, found: Located) -> nodes.table:
        if "columns" in self.options:
            self.warn(
                ":columns: is not used: the file names the columns; remove the option",
                self.option_line("columns"),
            )
        if comparison.label:
            if "dimension-label" in self.options:
                self.warn(
                    ":dimension-label: is not used: the file gives the label; "
                    "remove the option",
                    self.option_line("dimension-label"),
                )
            self.options["dimension-label"] = comparison.label.text
        labels = [column.text for column in comparison.columns if column.text]
        first = found.line(("header",) if is_csv(found) else ("columns",))
        if len(labels) < 2:
            self.data_warn(
                f"the file names {len(labels)} column(s); a comparison needs at "
                "least two",
                first,
            )
        if not comparison.rows:
            self.data_warn("the file has no rows", first)
        authored = len(labels)
        most = max((len(row[1]) for row in comparison.rows), default=0)
        labels += [_("Column %d") % n for n in range(len(labels) + 1, max(2, most) + 1)]
        if authored >= 2:
            del labels[authored:]
        told = comparison.reported
        rows = [self.row(dimension, cells, line, len(labels), line in told)
                for dimension, cells, line in comparison.rows]  # fmt: skip
        return self.build_table(labels, rows, authored)

    def row(
        self, dimension: Cell, cells: list[Cell], line: int, count: int, told: bool
    ) -> Row:
        """A row of *count* cells: short rows padded, extra cells folded into
        the last one (nothing is lost)."""
        while len(cells) > count and not cells[-1].text:
            cells = cells[:-1]  # a spreadsheet's trailing empty cells
        if not dimension.text:
            self.data_warn("row has no dimension: give it a name first", line)
        if len(cells) != count and not told:
            self.data_warn(self.wrong_cells(len(cells), count), line)
        parsed = [self.inline(found) for found in cells]
        for extra in parsed[count:]:
            parsed[count - 1].extend(extra)
        parsed = parsed[:count] + [[] for _ in range(count - len(parsed))]
        return Row(self.inline(dimension), parsed, line)

    def inline(self, found: Cell) -> list[nodes.Node]:
        """*found*'s text as inline markup of the page, in a paragraph."""
        if not found.text:
            return []
        inline, messages = self.parse_inline(found.text, lineno=self.lineno)
        paragraph = nodes.paragraph(found.text, "", *inline)
        for node in paragraph.findall(nodes.Element):
            node.source, node.line = self.path, found.line
        return [paragraph, *messages]


def setup(app: Sphinx) -> None:
    app.add_directive("comparison-table", ComparisonFileDirective, override=True)
