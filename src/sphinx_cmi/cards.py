"""The directive of every kind of card: title, name, facts, body, backlinks.

A kind's module (:mod:`sphinx_cmi.quality`, :mod:`sphinx_cmi.course`) adds
only what is its own; the facts a kind declares are read, checked and shown
here, the same way for every kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi import values
from sphinx_cmi.base import CmiDirective
from sphinx_cmi.domain import curriculum
from sphinx_cmi.nodes import backlinks, card_title, cmi_card, in_graph, taken
from sphinx_cmi.options import Options, flag
from sphinx_cmi.references import reference_list
from sphinx_cmi.values import shown

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx

    from sphinx_cmi.kinds import Fact, Kind

# sphinx-design's ``grid`` only accepts children that declare this component.
DESIGN_COMPONENT = "grid-item"


class CardDirective(CmiDirective):
    """A titled, named, boxed block whose body is parsed like the page.

    Registered once per kind by :func:`sphinx_cmi.registry.add_kind`, which
    sets :attr:`kind` and adds an option per fact of the kind.
    """

    kind: ClassVar[Kind]
    spellings: dict[str, dict[str, str]]
    """fact -> its names as normalised -> as written (set by :meth:`names`)."""
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    option_spec: ClassVar[dict[str, Callable[[str], object]]] = Options(
        CmiDirective.option_spec, **{"no-index": flag}
    )

    def render(self) -> list[nodes.Node]:
        self.spellings = {}
        card = self.build_card()
        if in_graph(card):
            # Filled by the domain once the page is translated; inside the
            # card, so a card in a sphinx-design grid stays its only child.
            card.insert(0, addnodes.index(entries=[]))
        return [card]

    def build_card(self) -> cmi_card:
        title = self.title()
        if not title:
            self.warn(f"{self.name} needs a title, e.g. '{{{self.name}}} Integrity'")
        card = self.kind.node_class(
            classes=["cmi-card", self.kind.css_class, *self.options.get("class", [])]
        )
        card["design_component"] = DESIGN_COMPONENT
        name = self.name_for(title)
        self.register_name(card, name)
        card["name"] = name
        card["title"] = title
        if "no-index" in self.options:
            card["no_index"] = True
        if title:
            card += self.plain(title, card_title)
        facts = self.facts(card)
        self.fill(card)
        card["translatable_attributes"] = [
            field for field in self.kind.translatable if card.get(field)
        ]
        if facts.children:
            card += facts
        card += self.parse_body()
        card += self.parts(card)
        for kind, fact in curriculum(self.env).relations_to(self.kind) if name else ():
            # Filled in late with every card, on any page, that names this one.
            card += backlinks(kind=kind.name, fact=fact.name, name=name)
        return card

    def fill(self, card: cmi_card) -> None:
        """Set the kind's own attributes on *card* (before its parts are made)."""

    def parts(self, card: cmi_card) -> list[nodes.Node]:
        """The kind's own parts after the body (a call to action, ...)."""
        return []

    # --- facts ------------------------------------------------------------

    def facts(self, card: cmi_card) -> nodes.definition_list:
        """Every fact the card has, read from its option, as a definition list.

        An invalid level was warned about and is still shown as written.
        """
        facts = nodes.definition_list(
            classes=["cmi-facts", f"cmi-{self.kind.name}-facts"]
        )
        facts["facts"] = True  # not the body: see first_paragraph
        for fact in self.kind.facts:
            if fact.value == "names":
                card[fact.name] = found = self.names(fact)
                shown: list[nodes.Node] = (
                    [self.reference_paragraph(fact, found)]
                    if found
                    else self.taken(card, fact)
                )
                if found:  # where an alignment warning about it points
                    offsets: dict[str, int] = card.setdefault("fact_offsets", {})
                    offsets[fact.name] = self.option_line(fact.name) - self.lineno
            else:
                text = self.text_option(fact.name)
                if fact.value == "level":
                    card[fact.name] = number = self.level(fact)
                    text = str(number) if number is not None else text
                else:
                    card[fact.name] = text
                value = self.plain_paragraph(text, ours=fact.value == "level")
                shown = [value] if text else []
            if shown:
                item = nodes.definition_list_item(classes=[f"cmi-fact-{fact.name}"])
                item += self.plain(str(fact.label), nodes.term, translatable=False)
                item += nodes.definition("", *shown)
                facts += item
        return facts

    def taken(self, card: cmi_card, fact: Fact) -> list[nodes.Node]:
        """A placeholder for what the card takes through ``fact.via`` (the
        qualities of its outcomes), when it names cards there."""
        if not (fact.via and card["name"] and self.text_option(fact.via[0])):
            return []
        placeholder = taken(kind=self.kind.name, fact=fact.name, name=card["name"])
        return [nodes.paragraph("", "", placeholder)]

    def level(self, fact: Fact) -> int | None:
        expected = "a whole number from 1 to 8, got {raw}"
        return self.parsed_option(fact.name, values.level, expected)

    def names(self, fact: Fact) -> list[str]:
        """The names of a ``names`` fact; this page then shows their titles."""
        raw = self.text_option(fact.name)
        items = self.list_option(fact.name)
        # The author's spelling of each name, for a warning about it.
        self.spellings[fact.name] = {values.name(item): item for item in items}
        if raw and not all(items):
            self.warn(
                f"empty {fact.target} name in :{fact.name}: {shown(raw)}",
                self.option_line(fact.name),
            )
        return values.names(items)

    def reference_paragraph(self, fact: Fact, names: Iterable[str]) -> nodes.Node:
        targets = [(name, None) for name in names]
        links = reference_list(fact.target, targets, self.env.docname)
        source, line = self.source_and_line(self.option_line(fact.name))
        spelt = self.spellings.get(fact.name, {})
        for xref in links:
            if isinstance(xref, addnodes.pending_xref):
                xref.source, xref.line = source, line
                written = spelt.get(xref["reftarget"], xref["reftarget"])
                if written != xref["reftarget"]:
                    xref["cmi_spelling"] = written  # for a warning about it
        return nodes.paragraph("", "", *links)


def first_paragraph(card: nodes.Element, exclude: tuple[str, ...] = ()) -> str:
    """The text of the first paragraph of *card*'s body ("" if none), skipping
    blocks with a class in *exclude* (a kind's own parts, not its body)."""
    for block in card.children:
        if isinstance(block, nodes.Element) and not (
            isinstance(block, card_title | addnodes.index)
            or block.get("facts")
            or set(exclude) & set(block["classes"])
        ):
            paragraph = next(block.findall(nodes.paragraph), None)
            if paragraph is not None:
                return " ".join(paragraph.astext().split())
    return ""


class CardInGridHtml(SphinxPostTransform):
    """Wrap cards placed directly in a sphinx-design grid as grid columns.

    The column keeps the grid's gutter outside the card's border.
    """

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: object) -> None:
        for card in list(self.document.findall(cmi_card)):
            parent = card.parent
            if parent is not None and parent.get("design_component") == "grid-row":
                # is_div: sphinx-design then leaves out the "container"
                # class, which Bootstrap themes (pydata, book) size as a page.
                column = nodes.container(
                    classes=["sd-col", "sd-d-flex-row", "cmi-grid-item"], is_div=True
                )
                parent.replace(card, column)  # keeps the id on the card itself
                column += card


def setup(app: Sphinx) -> None:
    app.add_post_transform(CardInGridHtml)
