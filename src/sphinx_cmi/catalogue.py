"""Generated listings of the curriculum graph, resolved once all pages are read.

Each kind's listing (``quality-index``, ``course-catalog``) and the
``curriculum-matrix`` leave placeholder nodes (like Sphinx's ``todolist``)
that a post-transform replaces with ordinary lists and tables of
cross-references; every card's backlinks ("Developed by") are made the same
way.  What is listed, and how, comes from the kinds' declarations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi import values
from sphinx_cmi.base import CmiDirective, NoBodyDirective, separator
from sphinx_cmi.domain import curriculum
from sphinx_cmi.graph import every
from sphinx_cmi.nodes import (
    backlinks,
    listing,
    placeholder_visitors,
    plain_caption,
    plain_rubric,
)
from sphinx_cmi.options import Options
from sphinx_cmi.problems import Subtype, warn
from sphinx_cmi.references import closest, reference_list
from sphinx_cmi.tables import table_node
from sphinx_cmi.values import shown

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx

    from sphinx_cmi.domain import CmiDomain
    from sphinx_cmi.graph import Dependency, Record
    from sphinx_cmi.kinds import Fact, Kind


class card_list(nodes.General, listing):  # noqa: N801
    """Placeholder: every card of a kind as a small card (``sort``)."""


class card_table(nodes.table, listing):  # noqa: N801
    """Placeholder: a table of cards with their facts (``levels``, ``sort``, ...).

    A table from the start, so a captioned catalogue is numbered with the
    page's other tables and ``:name:`` works with ``{numref}``.
    """


PLACEHOLDERS = (card_list, card_table, backlinks)
LISTED = "cmi_listed"
"""On a kind's resolved listing: ``(kind, names)`` of the cards it shows, in
order (read by :mod:`sphinx_cmi.structured`)."""


class ListingDirective(NoBodyDirective):
    """A listing of every card of :attr:`kind`, filtered by its facts."""

    subtype = Subtype.CATALOG
    kind: ClassVar[Kind]
    placeholder: ClassVar[type[nodes.Element]]
    listing: ClassVar[str]
    """The directive's own name (its ``cmi-<listing>`` class)."""
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = Options(
        CmiDirective.option_spec, sort=directives.unchanged
    )

    def listed(self) -> tuple[Kind, Fact | None]:
        """The kind listed, and the ``names`` fact a matrix crosses it with."""
        return self.kind, None

    def known_options(self) -> set[str]:
        kind, _fact = self.listed()
        filters = [f.name for f in kind.filters]
        return {*self.option_spec, *filters}

    def render(self) -> list[nodes.Node]:
        kind, fact = self.listed()
        node = self.placeholder(classes=self.options.get("class", []))
        self.set_source_info(node)
        node["kind"], node["listing"] = kind.name, self.listing
        if fact is not None:
            node["fact"] = fact.name
        caption = self.title()
        if caption:
            # A node of the page, so the caption is translated with it.
            heading = plain_caption if isinstance(node, nodes.table) else plain_rubric
            node += self.plain(caption, heading)
        if self.options.get("name"):
            # A table is a numbered target; a list's caption is its title.
            captioned = caption and not isinstance(node, nodes.table)
            target = node.children[0] if captioned else node
            assert isinstance(target, nodes.Element)
            self.register_name(target, self.name_for(""))
        node["shows"] = self.shows()
        node["sort"] = self.sort(kind)
        node["levels"] = {f.name: self.levels(f) for f in kind.facts_of("level")}
        node["filters"] = {
            f.name: values.names(self.list_option(f.name))
            for f in kind.facts_of("names")
        }
        node["filter_locations"] = {
            f.name: self.location(self.option_line(f.name))
            for f in kind.facts_of("names")
        }
        return self.with_stray_body(node, "listing")

    def shows(self) -> list[Dependency]:
        """What the listing shows of the curriculum (see :func:`shown_by`)."""
        kind, _fact = self.listed()
        return shown_by(curriculum(self.env), kind)

    def sort(self, kind: Kind) -> str:
        sorts = ["title", *(f.name for f in kind.facts_of("level"))]
        chosen = {name: name for name in sorts}
        return self.choice_option("sort", chosen, "reading order is used") or ""

    def levels(self, fact: Fact) -> tuple[int, int] | None:
        return self.levels_option(fact.name, "the filter is ignored")


def shown_by(
    domain: CmiDomain, kind: Kind, fields: Iterable[str] | None = None
) -> list[Dependency]:
    """What a listing of *kind* showing *fields* (all if None) depends on:
    those cards, the titles of the cards their ``names`` facts link to, and
    what such a fact takes through others (:attr:`Fact.via`)."""
    shows: set[Dependency] = set()
    wanted = None if fields is None else set(fields)
    for fact in kind.facts_of("names"):
        if wanted is not None and fact.name not in wanted:
            continue
        shows.add(every(fact.target, ()))
        via = kind.fact(fact.via[0]) if fact.via else None
        if via is not None and via.target in domain.kinds:
            # The cards named in via[0] (the course's outcomes), and their fact.
            wanted = None if wanted is None else wanted | {via.name}
            shows.add(every(via.target, (fact.via[1],)))
    return sorted({every(kind.name, wanted), *shows})


def listing_directive(kind: Kind) -> type[ListingDirective]:
    """The directive that lists every card of *kind* (``kind.listing``)."""
    placeholder = card_list if kind.listing_style == "cards" else card_table
    return type(
        f"{kind.name.title()}ListingDirective",
        (ListingDirective,),
        {"kind": kind, "placeholder": placeholder, "listing": kind.listing},
    )


class CurriculumResolver(SphinxPostTransform):
    """Replace placeholders by lists and tables of (pending) cross-references.

    Runs before Sphinx resolves references (priority 10), so every link it
    makes goes through the ``cmi`` domain like an authored role.
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        self.domain = curriculum(self.env)
        builders: dict[type[nodes.Element], Callable[[nodes.Element], list[nodes.Node]]]
        builders = {
            backlinks: self.backlinks,
            card_list: self.card_list,
            card_table: self.card_table,
        }
        for placeholder, build in builders.items():
            for node in list(self.document.findall(placeholder)):
                self.replace(node, build(node))

    @staticmethod
    def replace(node: nodes.Element, content: list[nodes.Node]) -> None:
        if content:
            node.replace_self(content)
        else:
            node.parent.remove(node)

    def backlinks(self, node: nodes.Element) -> list[nodes.Node]:
        kind = self.domain.kinds[node["kind"]]
        fact = kind.fact(node["fact"])
        assert fact is not None
        found = self.domain.naming(kind, fact, node["name"])
        if not found:
            return []
        label = str(fact.inverse_label)
        paragraph = nodes.paragraph(classes=[f"cmi-{fact.inverse}"])
        paragraph += nodes.strong(label, label)
        paragraph += nodes.Text(separator())
        paragraph += self.links(found)
        return [paragraph]

    def listed(self, node: nodes.Element) -> list[Record]:
        """The cards a listing shows: sorted, then filtered by its facts."""
        kind = self.domain.kinds[node["kind"]]
        records = self.domain.all(kind.name)
        if node["sort"] == "title":
            records.sort(key=lambda r: r.title.casefold())
        elif node["sort"]:
            records.sort(key=lambda r: (r.fact(node["sort"], None) is None,
                                        r.fact(node["sort"], 0)))  # fmt: skip
        for name, levels in node["levels"].items():
            if levels:
                low, high = levels
                records = [r for r in records if low <= r.fact(name, 0) <= high]
        for fact in kind.facts_of("names"):
            wanted = set(node["filters"].get(fact.name, []))
            for name in sorted(wanted):
                if self.domain.find(fact.target, name) is None:
                    hint = closest(self.domain, fact.target, name) or (
                        f"; name a {fact.target} card, or remove it from the filter"
                    )
                    warn(
                        f"unknown {fact.target} {shown(name)} in the "
                        f":{fact.name}: filter{hint}",
                        Subtype.REF,
                        node["filter_locations"][fact.name],
                    )
            wanted = {self.domain.canonical(fact.target, name) for name in wanted}
            if wanted:
                records = [
                    r for r in records if wanted & set(self.domain.named(r, fact))
                ]
        return records

    def card_list(self, node: nodes.Element) -> list[nodes.Node]:
        css = f"cmi-{node['listing']}"
        items = nodes.bullet_list(classes=[css, *node["classes"]], ids=node["ids"])
        records = self.listed(node)
        items[LISTED] = (node["kind"], [record.name for record in records])
        for record in records:
            item = nodes.list_item(classes=[f"{css}-item"], icon=record.fact("icon"))
            item += nodes.paragraph(
                "", "", *self.links([record]), classes=[f"{css}-title"]
            )
            summary = record.fact("summary")
            if summary:
                item += nodes.paragraph(summary, summary)
            items += item
        heading = [c for c in node.children if isinstance(c, nodes.rubric)]
        if not items.children:
            kind = self.domain.kinds[node["kind"]]
            return [*heading, self.nothing(node, str(kind.words.empty))]
        return [*heading, items]

    def card_table(self, node: nodes.Element) -> list[nodes.Node]:
        kind = self.domain.kinds[node["kind"]]
        records = self.listed(node)
        if not records:
            return [self.nothing(node, str(kind.words.empty))]
        facts = [f for f in kind.facts if not f.sparse or self.filled(records, f)]
        header = [str(kind.words.heading), *(str(fact.label) for fact in facts)]
        rows = [
            [self.link_cell(record), *(self.fact_cell(record, f) for f in facts)]
            for record in records
        ]
        cells = [self.text_cell(label) for label in header]
        table = self.table(node, cells, rows)
        table[LISTED] = (kind.name, [record.name for record in records])
        return [table]

    def filled(self, records: list[Record], fact: Fact) -> bool:
        """Whether a card of *records* has *fact* (its column is worth showing)."""
        if fact.value == "names":
            return any(self.domain.named(record, fact) for record in records)
        return any(record.fact(fact.name) for record in records)

    def fact_cell(self, record: Record, fact: Fact) -> list[nodes.Node]:
        if fact.value == "names":
            found = (
                self.domain.find(fact.target, n)
                for n in self.domain.named(record, fact)
            )
            named = [target for target in found if target is not None]
            return [nodes.paragraph("", "", *self.links(named))]
        value = record.fact(fact.name)
        return self.text_cell(str(value) if value else "")

    def table(
        self,
        node: nodes.Element,
        header: list[list[nodes.Node]],
        rows: list[list[list[nodes.Node]]],
    ) -> nodes.table:
        caption = next((c for c in node.children if isinstance(c, nodes.title)), None)
        classes = [f"cmi-{node['listing']}", *node["classes"]]
        table = table_node(header, rows, caption=caption, classes=classes)
        # The number Sphinx gave the placeholder is looked up by these ids.
        table["ids"], table["names"] = node["ids"], node["names"]
        return table

    def links(self, records: list[Record]) -> list[nodes.Node]:
        """Comma-separated links to *records*, each showing its title."""
        if not records:
            return []
        targets = [(record.name, record.title) for record in records]
        return reference_list(records[0].kind, targets, self.env.docname)

    def link_cell(self, record: Record) -> list[nodes.Node]:
        return [nodes.paragraph("", "", *self.links([record]))]

    @staticmethod
    def text_cell(text: str) -> list[nodes.Node]:
        return [nodes.paragraph(text, text)] if text else []

    @staticmethod
    def nothing(node: nodes.Element, message: str) -> nodes.paragraph:
        """An empty listing: its caption, if any, and why nothing is listed."""
        headings = (
            c for c in node.children if isinstance(c, nodes.title | nodes.rubric)
        )
        caption = next((heading.astext() for heading in headings), "")
        text = f"{caption}{separator()}{message}" if caption else message
        return nodes.paragraph(
            text, text, classes=["cmi-empty-listing"], ids=list(node["ids"])
        )


def setup(app: Sphinx) -> None:
    skip = placeholder_visitors()
    for placeholder in PLACEHOLDERS:
        if issubclass(placeholder, nodes.table):
            app.add_enumerable_node(placeholder, "table", **skip)  # type: ignore[arg-type]
        else:
            app.add_node(placeholder, **skip)  # type: ignore[arg-type]
    app.add_post_transform(CurriculumResolver)
