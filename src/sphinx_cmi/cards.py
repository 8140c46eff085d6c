"""The shared base of card-like directives (quality cards, course call-outs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi.base import CmiDirective, Options
from sphinx_cmi.domain import curriculum
from sphinx_cmi.graph import Entry, unpack
from sphinx_cmi.nodes import card_title, cmi_card

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

# sphinx-design's ``grid`` only accepts children that declare this component.
DESIGN_COMPONENT = "grid-item"


class CardDirective(CmiDirective):
    """A titled, named, boxed block whose body is parsed like the page."""

    node_class: ClassVar[type[cmi_card]]
    css_class: ClassVar[str]
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    option_spec: ClassVar[dict[str, Callable[[str], object]]] = Options(
        CmiDirective.option_spec, **{"no-index": directives.flag}
    )

    def render(self) -> list[nodes.Node]:
        card, body = self.build_card()
        self.fill(card, body)
        if not self.in_graph(card):
            return [card]  # an example: not part of the curriculum graph
        entry = self.entry(card)
        curriculum(self.env).note_entry(entry)
        # Inside the card, so a card in a sphinx-design grid stays its only child.
        card.insert(0, addnodes.index(entries=[index_entry(self.env, entry)]))
        return [card]

    def in_graph(self, card: cmi_card) -> bool:
        """Whether *card* is part of the curriculum (not an untitled example)."""
        return "no-index" not in self.options and bool(card["ids"] and card["title"])

    def fill(self, card: cmi_card, body: list[nodes.Node]) -> None:
        """Add the body and the family's own parts to *card*."""
        raise NotImplementedError

    def entry(self, card: cmi_card) -> Entry:
        """What the curriculum graph records about *card*."""
        return Entry(
            kind=self.kind,
            name=card[self.kind],
            docname=self.env.docname,
            node_id=card["ids"][0],
            title=card["title"],
            line=self.lineno,
        )

    def build_card(self) -> tuple[cmi_card, list[nodes.Node]]:
        """The card node (title, name, classes) and its parsed body."""
        title = self.title()
        if not title:
            self.warn(f"{self.name} needs a title, e.g. '{{{self.name}}} Integrity'")
        card = self.node_class(
            classes=["cmi-card", self.css_class, *self.options.get("class", [])]
        )
        card["design_component"] = DESIGN_COMPONENT
        name = self.name_for(title)
        self.register_name(card, name)
        card[self.kind] = name
        card["title"] = title
        card["translatable_attributes"] = ["title"]
        if title:
            card += self.plain(title, card_title)
        return card, self.parse_body()


IndexEntry = tuple[str, str, str, str, str | None]


def index_entry(env: BuildEnvironment, entry: Entry) -> IndexEntry:
    """The general index entry of a card: "Title (quality)"."""
    kind = curriculum(env).object_types[entry.kind].lname
    return ("single", f"{entry.title} ({kind})", entry.node_id, "", None)


def graph_index_entries(env: BuildEnvironment) -> dict[str, list[IndexEntry]]:
    """docname -> the general index entries of its cards in the graph, in order."""
    return {
        docname: [index_entry(env, unpack(docname, record)) for record in records]
        for docname, records in curriculum(env).cards.items()
    }


def _leave_card_entries_to_the_graph(app: Sphinx, env: BuildEnvironment) -> None:
    """Drop the cards' entries from the index domain before the env is saved.

    They repeat what the graph already stores (a quarter of the extension's
    share of ``environment.pickle``); :func:`_index_the_graph` puts them back.
    """
    stored = env.domains.index_domain.entries
    for docname, ours in graph_index_entries(env).items():
        if stored.get(docname):
            repeated = set(ours)
            stored[docname] = [e for e in stored[docname] if e not in repeated]


def _index_the_graph(app: Sphinx, builder: Builder) -> None:
    """Give the general index (and texinfo's) every card, before any writing."""
    stored = builder.env.domains.index_domain.entries
    for docname, ours in graph_index_entries(builder.env).items():
        entries = stored.setdefault(docname, [])
        entries += [e for e in ours if e not in entries]


class TranslatedCards(SphinxTransform):
    """Give the curriculum graph what a translated card shows.

    Sphinx translates a page (its ``Locale`` transform, priority 20) after the
    directives noted their cards; catalogues, backlinks, ``{ref}`` and the
    index then use the translated title and facts.
    """

    default_priority = 21

    def apply(self, **kwargs: object) -> None:
        domain = curriculum(self.env)
        for card in self.document.findall(cmi_card):
            kind = "quality" if "quality" in card else "course"
            found = domain.entries.get((kind, card[kind]), [])
            here = (self.env.docname, card["ids"][0] if card["ids"] else "")
            old = next((e for e in found if (e.docname, e.node_id) == here), None)
            if old is None:
                continue  # :no-index: or untitled: not in the graph
            new = translated_entry(card, old)
            if new != old:
                domain.replace_entry(old, new)
                for index in card.findall(addnodes.index):
                    index["entries"] = [index_entry(self.env, new)]


def translated_entry(card: cmi_card, entry: Entry) -> Entry:
    """*entry* with the card's (possibly translated) authored text."""
    texts = {
        field: card[field]
        for field in ("title", "summary", "provider", "duration")
        if field in card
    }
    if "summary" in texts and "summary" not in card.translatable_attributes():
        # Taken from the body, which is translated paragraph by paragraph.
        texts["summary"] = card["summary"] = first_paragraph(card.children)
    return entry._replace(**texts)


def first_paragraph(body: list[nodes.Node]) -> str:
    for block in body:
        if isinstance(block, nodes.Element):
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
    app.add_transform(TranslatedCards)
    app.add_post_transform(CardInGridHtml)
    app.connect("env-updated", _leave_card_entries_to_the_graph)
    app.connect("write-started", _index_the_graph)
