"""``curriculum-matrix``: cards of one kind x cards of another, with a mark
where one names the other.

By default the rows are the first kind that names another (courses) and the
columns the kind it names (qualities); ``:rows:`` and ``:columns:`` take any
two kinds that a ``names`` fact links, in either direction (courses x
outcomes, outcomes x qualities, qualities x courses).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi.base import _
from sphinx_cmi.catalogue import CurriculumResolver, ListingDirective, shown_by
from sphinx_cmi.domain import curriculum
from sphinx_cmi.graph import every
from sphinx_cmi.nodes import listing, placeholder_visitors
from sphinx_cmi.options import Options

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    from sphinx_cmi.graph import Dependency
    from sphinx_cmi.kinds import Fact, Kind


class curriculum_matrix(nodes.table, listing):  # noqa: N801
    """Placeholder: cards x the cards they name (courses x qualities)."""


class Crossing(NamedTuple):
    """What a matrix crosses: its rows, its columns and the fact between them."""

    rows: Kind
    columns: Kind
    fact: Fact | None
    """The ``names`` fact linking them (None: no fact does)."""
    forward: bool
    """Whether the rows' cards name the columns' (else the other way)."""


def relation(rows: Kind, columns: Kind) -> tuple[Fact | None, bool]:
    """The first ``names`` fact from *rows* to *columns*, else back."""
    for fact in rows.facts_of("names"):
        if fact.target == columns.name:
            return fact, True
    for fact in columns.facts_of("names"):
        if fact.target == rows.name:
            return fact, False
    return None, True


class MatrixDirective(ListingDirective):
    """Rows of one kind x columns of another (by default courses x qualities)."""

    placeholder = curriculum_matrix
    listing = "curriculum-matrix"
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = Options(
        ListingDirective.option_spec,
        rows=directives.unchanged,
        columns=directives.unchanged,
    )

    def listed(self) -> tuple[Kind, Fact | None]:
        return self.crossing.rows, self.crossing.fact

    @cached_property
    def crossing(self) -> Crossing:
        """The kinds of ``:rows:`` and ``:columns:`` (each reported once when
        unknown), the first kind that names another by default."""
        kinds = curriculum(self.env).kinds
        rows, columns = (
            self.choice_option("rows", kinds, "the default is used"),
            self.choice_option("columns", kinds, "the default is used"),
        )
        default = next(
            (k, kinds[f.target]) for k in kinds.values() for f in k.facts_of("names")
        )
        if rows is None and columns is None:
            rows, columns = default
        elif columns is None:
            assert rows is not None
            columns = self.partner(rows, kinds.values()) or default[1]
        elif rows is None:
            rows = self.partner(columns, kinds.values()) or default[0]
        fact, forward = relation(rows, columns)
        if fact is None:
            self.warn(
                f"no fact links {rows.name} and {columns.name}: the matrix has no "
                "marks; choose :rows: and :columns: that one names the other, "
                f"e.g. ':rows: {default[0].name}' and ':columns: {default[1].name}'",
                self.option_line("columns" if "columns" in self.options else "rows"),
            )
        return Crossing(rows, columns, fact, forward)

    @staticmethod
    def partner(kind: Kind, kinds: Any) -> Kind | None:
        """The first kind linked with *kind* by a fact, either way."""
        for other in kinds:
            if relation(kind, other)[0] is not None and other is not kind:
                return other  # type: ignore[no-any-return]
        return None

    def render(self) -> list[nodes.Node]:
        found = super().render()
        node = found[0]
        assert isinstance(node, curriculum_matrix)
        node["columns"] = self.crossing.columns.name
        node["forward"] = self.crossing.forward
        return found

    def shows(self) -> list[Dependency]:
        """The rows' titles, levels, used filters and the marks' fact; the
        columns' titles (and the marks' fact when the columns name the rows)."""
        rows, columns, fact, forward = self.crossing
        domain = curriculum(self.env)
        fields = {f.name for f in rows.facts_of("level")}
        fields |= {f.name for f in rows.facts_of("names") if self.text_option(f.name)}
        if fact is not None and forward:
            fields.add(fact.name)
        shows = set(shown_by(domain, rows, fields))
        column_fields = [fact.name] if fact is not None and not forward else []
        shows |= {every(columns.name, ()), *shown_by(domain, columns, column_fields)}
        return sorted(shows)


class MatrixResolver(CurriculumResolver):
    """The matrix as a table of links and marks (after every page is read)."""

    def run(self, **kwargs: Any) -> None:
        self.domain = curriculum(self.env)
        for node in list(self.document.findall(curriculum_matrix)):
            self.replace(node, self.matrix(node))

    def matrix(self, node: nodes.Element) -> list[nodes.Node]:
        kind = self.domain.kinds[node["kind"]]
        columns_kind = self.domain.kinds[node["columns"]]
        fact_kind = kind if node["forward"] else columns_kind
        fact = fact_kind.fact(node.get("fact", ""))
        rows = self.listed(node)
        columns = self.domain.all(columns_kind.name)
        if not rows or not columns:
            return [self.nothing(node, str(kind.words.empty))]
        header = [
            self.text_cell(str(kind.words.heading)),
            *map(self.link_cell, columns),
        ]
        named: dict[str, set[str]] = {}
        if fact is not None:
            for record in columns if not node["forward"] else rows:
                named[record.name] = set(self.domain.named(record, fact))
        marked = []
        for row in rows:
            if node["forward"]:
                marks = (
                    self.mark() if c.name in named.get(row.name, ()) else []
                    for c in columns
                )
            else:
                marks = (
                    self.mark() if row.name in named.get(c.name, ()) else []
                    for c in columns
                )
            marked.append([self.link_cell(row), *marks])
        return [self.table(node, header, marked)]

    @staticmethod
    def mark() -> list[nodes.Node]:
        """A "names" mark; its words serve screen readers and text output."""
        word = _("Yes")
        return [nodes.paragraph("", "", nodes.inline(word, word, classes=["cmi-mark"]))]


class MatrixMarksHtml(SphinxPostTransform):
    """Show a tick for each mark; the word stays for screen readers."""

    default_priority = 200
    formats = ("html",)
    TICK = '<span class="cmi-tick" aria-hidden="true">\u2713</span>'

    def run(self, **kwargs: Any) -> None:
        for mark in list(self.document.findall(nodes.inline)):
            if "cmi-mark" in mark["classes"]:
                mark["classes"].append("cmi-visually-hidden")
                mark.parent.insert(
                    mark.parent.index(mark), nodes.raw("", self.TICK, format="html")
                )


def setup(app: Sphinx) -> None:
    skip = placeholder_visitors()
    app.add_enumerable_node(curriculum_matrix, "table", **skip)  # type: ignore[arg-type]
    app.add_directive(MatrixDirective.listing, MatrixDirective)
    app.add_post_transform(MatrixResolver)
    app.add_post_transform(MatrixMarksHtml)
