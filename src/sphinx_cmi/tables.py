"""Tables whose first column heads each row: built once, shaped per format.

``comparison-table``, the course catalogue and the curriculum matrix are all
standard, numbered docutils tables made by :func:`table_node` (a stub column
holds the row headings), so every builder renders them natively.  HTML-only
post-transforms add the header scopes, ARIA roles and cell labels that the
narrow-screen stacked layout and screen readers rely on; a LaTeX one makes
them page-breaking tables with readable columns.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi.nodes import N, ancestor

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx

    Visitor = Callable[[Any, nodes.Element], None]


MANY_COLUMNS = 6
"""From this many columns on, a table is drawn closer (``cmi-many-columns``)."""
TABLE_CLASS = "cmi-comparison"
"""Marks the tables :func:`table_node` makes."""


# --- HTML only: standard table parts that carry extra HTML attributes -------


class html_table(nodes.table):  # noqa: N801
    pass


class html_thead(nodes.thead):  # noqa: N801
    pass


class html_tbody(nodes.tbody):  # noqa: N801
    pass


class html_entry(nodes.entry):  # noqa: N801
    pass


def with_html_attributes(
    original: nodes.Element, node_class: type[nodes.Element], **attributes: str
) -> nodes.Element:
    """Replace *original* by a *node_class* copy carrying *attributes*."""
    replacement = node_class(
        original.rawsource, *original.children, **original.attributes
    )
    replacement["html_attributes"] = attributes
    replacement.source, replacement.line = original.source, original.line
    original.replace_self(replacement)
    return replacement


def _attributed(visit_name: str, tags: tuple[str, ...]) -> tuple[Visitor, Visitor]:
    """Visitors that reuse the translator's own and add ``html_attributes``."""

    def visit(self: Any, node: nodes.Element) -> None:
        start = len(self.body)
        getattr(self, f"visit_{visit_name}")(node)
        attributes: dict[str, str] = node.get("html_attributes", {})
        extra = "".join(
            f' {key}="{escape(value, quote=True)}"' for key, value in attributes.items()
        )
        for index in range(start, len(self.body)):
            chunk = self.body[index]
            for tag in tags:
                if chunk.startswith(f"<{tag}") and chunk[len(tag) + 1] in " >":
                    cut = len(tag) + 1
                    self.body[index] = chunk[:cut] + extra + chunk[cut:]
                    return

    def depart(self: Any, node: nodes.Element) -> None:
        getattr(self, f"depart_{visit_name}")(node)

    return visit, depart


# --- the table and its shaping ------------------------------------------------


def table_node(
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
    table = nodes.table(classes=[TABLE_CLASS, *classes])
    table["classes"].append("colwidths-given" if widths else "colwidths-auto")
    if len(header) >= MANY_COLUMNS:
        table["classes"].append("cmi-many-columns")
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


class TableHtml(SphinxPostTransform):
    """Give these tables header scopes, ARIA roles and per-cell labels.

    The narrow-screen CSS stacks rows into blocks and shows each cell's
    ``data-label``; the explicit table roles keep it a table to screen readers.
    """

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: object) -> None:
        for table in list(self.document.findall(nodes.table)):
            if TABLE_CLASS in table["classes"] and not isinstance(table, html_table):
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


class TableLatex(SphinxPostTransform):
    """Print these tables as page-breaking tables with readable columns.

    A top-level one becomes a ``longtable`` (it breaks across pages and
    repeats its header row) unless a cell holds a table (LaTeX cannot break
    those); without ``:widths:`` the dimension column gets half the width of
    each role's column instead of LaTeX's guess.  A table inside another
    table's cell is sized by LaTeX: given widths there do not compile.
    """

    default_priority = 200
    formats = ("latex",)
    OUTER = (nodes.document, nodes.section)

    def run(self, **kwargs: object) -> None:
        for table in self.document.findall(nodes.table):
            if TABLE_CLASS not in table["classes"]:
                continue
            classes = table["classes"]
            widths = "colwidths-auto" if in_a_cell(table) else "colwidths-given"
            if widths not in classes:
                classes[:] = [c for c in classes if not c.startswith("colwidths-")]
                classes.append(widths)
                for index, spec in enumerate(own_colspecs(table)):
                    spec["colwidth"] = 2 if index == 0 else 4
            if isinstance(table.parent, self.OUTER) and not holds_a_table(table):
                classes.append("longtable")


class NestedTableText(SphinxPostTransform):
    """Write a table that sits in a table cell as a list, in plain text and man.

    Their writers stop at a nested table; each row becomes an item: its
    heading, then every other cell after its column's heading.  A table of
    sphinx-cmi's, or any table inside one, is written this way.
    """

    default_priority = 200
    formats = ("text", "man")

    def run(self, **kwargs: object) -> None:
        for table in list(self.document.findall(nodes.table)):
            outer = ancestor(table, nodes.table)
            if outer is None or not (
                TABLE_CLASS in table["classes"] or TABLE_CLASS in outer["classes"]
            ):
                continue
            table.replace_self(as_list(table))


def as_list(table: nodes.table) -> list[nodes.Node]:
    """*table* as a caption paragraph and a list of its rows."""
    result: list[nodes.Node] = []
    caption = _child(table, nodes.title)
    if caption is not None:
        result.append(nodes.paragraph("", "", nodes.strong("", "", *caption.children)))
    group = _child(table, nodes.tgroup)
    head = _child(group, nodes.thead) if group else None
    body = _child(group, nodes.tbody) if group else None
    labels = [entry.astext() for row in _elements(head) for entry in _elements(row)]
    items = nodes.bullet_list()
    for row in _elements(body) if body else []:
        cells = _elements(row)
        item = nodes.list_item("", *(cells[0].children if cells else []))
        facts = nodes.definition_list()
        for index, cell in enumerate(cells[1:], start=1):
            if not cell.children:
                continue  # an empty cell says nothing
            if index >= len(labels) or not labels[index]:
                item += cell.children  # a table without headings
                continue
            label = labels[index]
            facts += nodes.definition_list_item(
                "", nodes.term(label, label), nodes.definition("", *cell.children)
            )
        if facts.children:
            item += facts
        items += item
    result.append(items)
    return result


def in_a_cell(node: nodes.Element) -> bool:
    return ancestor(node, nodes.entry) is not None


def holds_a_table(table: nodes.table) -> bool:
    return next(table.findall(nodes.table, include_self=False), None) is not None


def own_colspecs(table: nodes.table) -> list[nodes.colspec]:
    group = _child(table, nodes.tgroup)
    return [c for c in group.children if isinstance(c, nodes.colspec)] if group else []


class WrapperIdsHtml(SphinxPostTransform):
    """Keep such a table's id unique when a theme wraps the table.

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


def _elements(parent: nodes.Element | None) -> list[nodes.Element]:
    if parent is None:
        return []
    return [c for c in parent.children if isinstance(c, nodes.Element)]


HTML_ONLY_NODES: dict[type[nodes.Element], tuple[str, tuple[str, ...]]] = {
    html_table: ("table", ("table",)),
    html_thead: ("thead", ("thead",)),
    html_tbody: ("tbody", ("tbody",)),
    html_entry: ("entry", ("th", "td")),
}


def setup(app: Sphinx) -> None:
    for node_class, (visit_name, tags) in HTML_ONLY_NODES.items():
        if node_class is html_table:
            # Still numbered: Sphinx looks enumerable nodes up by exact class.
            app.add_enumerable_node(
                node_class, "table", html=_attributed(visit_name, tags)
            )
        else:
            app.add_node(node_class, html=_attributed(visit_name, tags))
    app.add_post_transform(TableHtml)
    app.add_post_transform(WrapperIdsHtml)
    app.add_post_transform(TableLatex)
    app.add_post_transform(NestedTableText)
