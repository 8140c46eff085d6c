"""``comparison-table``: compare roles (leader, manager, ...) dimension by dimension.

The doctree is a standard, numbered docutils table (a stub column holds the
dimensions) made and shaped for each format by :mod:`sphinx_cmi.tables`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar, TypeVar

from docutils import nodes
from docutils.parsers.rst import directives

from sphinx_cmi.base import CmiDirective, _
from sphinx_cmi.nodes import plain_caption
from sphinx_cmi.options import Options
from sphinx_cmi.problems import Subtype, node_line
from sphinx_cmi.tables import table_node
from sphinx_cmi.values import positive_int, shown

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

N = TypeVar("N", bound=nodes.Element)
LIST_NODES = (nodes.bullet_list, nodes.enumerated_list)
MAX_WIDTH = 1000
"""Widths are relative; larger ones only risk overflowing TeX's arithmetic."""


class Row:
    """One dimension of the comparison, parsed from a top-level list item."""

    def __init__(
        self,
        dimension: list[nodes.Node],
        cells: list[list[nodes.Node]],
        line: int | None,
    ) -> None:
        self.dimension = dimension
        self.cells = cells
        self.line = line


class ComparisonTableDirective(CmiDirective):
    """A table comparing two or more roles along authored dimensions."""

    subtype = Subtype.COMPARISON
    self_checked = frozenset({"columns"})
    id_prefix = "comparison"
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = Options(
        CmiDirective.option_spec,
        columns=directives.unchanged,
        widths=directives.unchanged,
        **{"dimension-label": directives.unchanged},
    )

    def render(self) -> list[nodes.Node]:
        labels = self.column_labels()
        authored = len(labels)
        rows, leftovers = self.parse_rows()
        most_cells = max((len(row.cells) for row in rows), default=0)
        if len(labels) < 2:
            # Keep every authored cell: name the columns the rows imply.
            wanted = max(2, most_cells)
            labels += [_("Column %d") % n for n in range(len(labels) + 1, wanted + 1)]
        for row in rows:
            self.fit_row(row, len(labels))
        table = self.build_table(labels, rows, authored)
        return [table, *leftovers]

    # --- options ---------------------------------------------------------

    def column_labels(self) -> list[str]:
        if "columns" not in self.options:
            self.warn(
                "comparison-table needs a :columns: option naming at least "
                "two roles, e.g. ':columns: Leader, Manager'"
            )
            return []
        line = self.option_line("columns")
        items = self.list_option("columns")
        labels = [item for item in items if item]
        if len(labels) != len(items):
            self.warn(
                f"empty column name in :columns: {shown(self.text_option('columns'))}",
                line,
            )
        if len(labels) < 2:
            self.warn(
                f":columns: names {len(labels)} column(s); a comparison "
                "needs at least two",
                line,
            )
        return labels

    def column_widths(self, count: int) -> list[int] | None:
        raw = self.text_option("widths")
        if not raw or raw == "auto":
            return None
        items = [item for item in re.split(r"[,\s]+", raw) if item]
        numbers = [positive_int(item) for item in items]
        if all(number and number <= MAX_WIDTH for number in numbers):
            if len(items) == count:
                return [number or 0 for number in numbers]
            message = (
                f":widths: gives {len(items)} value(s) but the table has "
                f"{count} columns (the dimension column included)"
            )
        else:
            message = (
                f":widths: must be positive integers up to {MAX_WIDTH}, "
                f"got {shown(raw)}"
            )
        self.warn(message, self.option_line("widths"))
        return None

    # --- body ------------------------------------------------------------

    def parse_rows(self) -> tuple[list[Row], list[nodes.Node]]:
        rows: list[Row] = []
        leftovers: list[nodes.Node] = []
        warned_not_list = False
        for block in self.parse_body():
            if isinstance(block, LIST_NODES):
                rows.extend(
                    self.parse_row(item)
                    for item in block.children
                    if isinstance(item, nodes.list_item)
                )
            elif isinstance(block, nodes.system_message | nodes.comment | nodes.target):
                leftovers.append(block)
            else:
                if not warned_not_list:
                    self.warn(
                        "comparison-table body must be a list: one item per "
                        "dimension, with a nested list of one cell per column",
                        node_line(block, self.lineno),
                    )
                    warned_not_list = True
                leftovers.append(block)
        if not rows and not leftovers:
            self.warn("comparison-table has no rows")
        return rows, leftovers

    def parse_row(self, item: nodes.list_item) -> Row:
        line = node_line(item, self.lineno)
        children = list(item.children)
        first_list = next(
            (i for i, c in enumerate(children) if isinstance(c, LIST_NODES)), None
        )
        if first_list is None:
            self.warn(f"row {item.astext()[:40]!r} has no nested list of cells", line)
            return Row(children, [], line)
        dimension, cells_list = children[:first_list], children[first_list]
        cells: list[list[nodes.Node]] = [
            list(cell.children)
            for cell in cells_list.children
            if isinstance(cell, nodes.list_item)
        ]
        after = children[first_list + 1 :]
        if not dimension:
            self.warn("row has no dimension: start the item with its name", line)
        if after:
            self.warn(
                "content after a row's list of cells was moved into its last cell",
                node_line(after[0], line),
            )
            if not cells:
                cells.append([])
            cells[-1].extend(after)
        return Row(dimension, cells, line)

    @staticmethod
    def wrong_cells(cells: int, columns: int) -> str:
        """Shown for a row of *cells* in a table of *columns*: nothing is lost
        (short rows are padded, extra cells join the last one)."""
        return (
            f"row has {cells} cell(s) but the table has {columns} column(s); "
            "give the row one cell per column"
        )

    def fit_row(self, row: Row, columns: int) -> None:
        """Pad short rows; fold extra cells into the last one (nothing is lost)."""
        count = len(row.cells)
        if count and count != columns:
            self.warn(self.wrong_cells(count, columns), row.line)
        if count > columns:
            for extra in row.cells[columns:]:
                row.cells[columns - 1].extend(extra)
            del row.cells[columns:]
        row.cells.extend([] for _ in range(columns - len(row.cells)))

    # --- doctree ---------------------------------------------------------

    def build_table(
        self, labels: list[str], rows: list[Row], authored: int
    ) -> nodes.table:
        """The table; ``labels[:authored]`` are authored, the rest are ours."""
        dimension_label = self.text_option("dimension-label")
        header: list[list[nodes.Node]] = []
        for text, ours in (
            (dimension_label or _("Dimension"), not dimension_label),
            *((label, index >= authored) for index, label in enumerate(labels)),
        ):
            # Our own labels are translated by our catalogue, not the page's.
            header.append([self.plain_paragraph(text, ours=ours)])
        caption = plain_caption(self.title(), self.title()) if self.title() else None
        if caption is not None:
            self.set_source_info(caption)
        table = table_node(
            header,
            [[row.dimension, *row.cells] for row in rows],
            caption=caption,
            widths=self.column_widths(len(header)),
            classes=self.options.get("class", []),
        )
        self.set_source_info(table)
        name = self.name_for("") if self.options.get("name") else ""
        if name:
            self.register_name(table, name)
        return table


def setup(app: Sphinx) -> None:
    app.add_directive("comparison-table", ComparisonTableDirective)
