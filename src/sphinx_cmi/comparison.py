"""``comparison-table``: compare roles (leader, manager, ...) dimension by dimension.

The doctree is a standard, numbered docutils table (a stub column holds the
dimensions), so every builder renders it natively; an HTML-only post-transform
adds the header scopes, ARIA roles and cell labels that the narrow-screen
stacked layout and screen readers rely on.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar, TypeVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi.base import (
    CmiDirective,
    Options,
    _,
    node_line,
    positive_int,
    split_list,
)
from sphinx_cmi.nodes import (
    COMPARISON_CLASS,
    html_entry,
    html_table,
    html_tbody,
    html_thead,
    with_html_attributes,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx

N = TypeVar("N", bound=nodes.Element)
LIST_NODES = (nodes.bullet_list, nodes.enumerated_list)


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

    subtype = "comparison"
    kind = "comparison"
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
        items = split_list(self.text_option("columns"))
        labels = [item for item in items if item]
        if len(labels) != len(items):
            self.warn(
                f"empty column name in :columns: {self.text_option('columns')!r}", line
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
        if all(numbers):
            if len(items) == count:
                return [number or 0 for number in numbers]
            message = (
                f":widths: gives {len(items)} value(s) but the table has "
                f"{count} columns (the dimension column included)"
            )
        else:
            message = f":widths: must be positive integers, got {raw!r}"
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

    def fit_row(self, row: Row, columns: int) -> None:
        """Pad short rows; fold extra cells into the last one (nothing is lost)."""
        count = len(row.cells)
        if count and count != columns:
            self.warn(
                f"row has {count} cell(s) but the table has {columns} column(s)",
                row.line,
            )
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
            cell = self.plain(text, nodes.paragraph)
            if ours:  # translated by our catalogue, not the page's
                cell["translatable"] = False
            header.append([cell])
        caption = nodes.title(self.title(), self.title()) if self.title() else None
        if caption is not None:
            self.set_source_info(caption)
        table = comparison_table_node(
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


def comparison_table_node(
    header: list[list[nodes.Node]],
    rows: list[list[list[nodes.Node]]],
    *,
    caption: nodes.title | None = None,
    widths: list[int] | None = None,
    classes: Iterable[str] = (),
) -> nodes.table:
    """A standard table whose first column holds row headers (a stub column).

    Shared by ``comparison-table`` and the generated catalogue tables, so all
    of them get the same scopes, roles and narrow-screen layout in HTML.
    """
    table = nodes.table(classes=[COMPARISON_CLASS, *classes])
    table["classes"].append("colwidths-given" if widths else "colwidths-auto")
    if caption is not None:
        table += caption
    group = nodes.tgroup(cols=len(header))
    table += group
    # Plain-text builders size columns in characters from these widths.
    longest = [
        max(len(_cells_text(row[index])) for row in (header, *rows) if index < len(row))
        for index in range(len(header))
    ]
    natural = [max(12, min(30, length + 2)) for length in longest]
    for index, width in enumerate(widths or natural):
        spec = nodes.colspec(colwidth=width)
        if index == 0:
            spec["stub"] = 1
        group += spec
    head, body = nodes.thead(), nodes.tbody()
    head += _row_node(header)
    for cells in rows:
        body += _row_node(cells)
    group += [head, body]
    return table


def _cells_text(content: list[nodes.Node]) -> str:
    return " ".join(node.astext() for node in content)


def _row_node(cells: list[list[nodes.Node]]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        row += nodes.entry("", *content)
    return row


class ComparisonTableHtml(SphinxPostTransform):
    """Give comparison tables header scopes, ARIA roles and per-cell labels.

    The narrow-screen CSS stacks rows into blocks and shows each cell's
    ``data-label``; the explicit table roles keep it a table to screen readers.
    """

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: object) -> None:
        for table in list(self.document.findall(nodes.table)):
            if COMPARISON_CLASS in table["classes"] and not isinstance(
                table, html_table
            ):
                self.shape(table)

    @staticmethod
    def shape(table: nodes.table) -> None:
        group = _child(table, nodes.tgroup)
        head = _child(group, nodes.thead) if group else None
        body = _child(group, nodes.tbody) if group else None
        if head is None or body is None:
            return
        labels = [entry.astext() for row in head.children for entry in row.children]
        # Row and cell roles are implied by role="table" (HTML forbids them
        # there); scope and data-label are what the stacked layout needs.
        for row in _elements(head):
            for entry in _elements(row):
                with_html_attributes(entry, html_entry, scope="col")
        for row in _elements(body):
            for index, entry in enumerate(_elements(row)):
                if index == 0:
                    with_html_attributes(entry, html_entry, scope="row")
                else:
                    label = labels[index] if index < len(labels) else ""
                    with_html_attributes(entry, html_entry, **{"data-label": label})
        with_html_attributes(head, html_thead, role="rowgroup")
        with_html_attributes(body, html_tbody, role="rowgroup")
        with_html_attributes(table, html_table, role="table")


class ComparisonTableLatex(SphinxPostTransform):
    """Print comparison tables as page-breaking tables with readable columns.

    A top-level comparison becomes a ``longtable`` (it breaks across pages
    and repeats its header row); without ``:widths:`` the dimension column
    gets half the width of each role's column instead of LaTeX's guess.
    """

    default_priority = 200
    formats = ("latex",)
    OUTER = (nodes.document, nodes.section)

    def run(self, **kwargs: object) -> None:
        for table in self.document.findall(nodes.table):
            if COMPARISON_CLASS not in table["classes"]:
                continue
            if "colwidths-auto" in table["classes"]:
                table["classes"].remove("colwidths-auto")
                table["classes"].append("colwidths-given")
                for index, spec in enumerate(table.findall(nodes.colspec)):
                    spec["colwidth"] = 2 if index == 0 else 4
            if isinstance(table.parent, self.OUTER):
                table["classes"].append("longtable")


class WrapperIdsHtml(SphinxPostTransform):
    """Keep a comparison table's id unique when a theme wraps the table.

    Furo wraps every table in a ``div.table-wrapper`` and copies the table's
    ids onto it, which duplicates ids in the page; the table keeps them here.
    """

    default_priority = 600  # after Furo's wrapping transform (500)
    formats = ("html",)

    def run(self, **kwargs: object) -> None:
        for table in self.document.findall(html_table):
            wrapper = table.parent
            if isinstance(wrapper, nodes.container):
                wrapper["ids"] = [i for i in wrapper["ids"] if i not in table["ids"]]


def _child(parent: nodes.Element, node_class: type[N]) -> N | None:
    return next((c for c in parent.children if isinstance(c, node_class)), None)


def _elements(parent: nodes.Element) -> list[nodes.Element]:
    return [c for c in parent.children if isinstance(c, nodes.Element)]


def setup(app: Sphinx) -> None:
    app.add_directive("comparison-table", ComparisonTableDirective)
    app.add_post_transform(ComparisonTableHtml)
    app.add_post_transform(WrapperIdsHtml)
    app.add_post_transform(ComparisonTableLatex)
