"""Format-neutral doctree nodes and their visitors for every builder.

Every kind of card (see :mod:`sphinx_cmi.kinds`) has its own subclass of
:class:`cmi_card` and shares one set of visitors: a boxed block with a title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    Visitor = Callable[[Any, nodes.Element], None]


class cmi_card(nodes.General, nodes.Element, addnodes.translatable):  # noqa: N801
    """Base of boxed blocks with a title (never used directly).

    Authored option values that the curriculum graph keeps (``title``,
    ``summary``, ...) are translatable messages, like a toctree's caption: the
    attributes named in ``translatable_attributes`` are extracted by the
    ``gettext`` builder and replaced in a translated build.
    """

    def translatable_attributes(self) -> list[str]:
        names: list[str] = self.get("translatable_attributes", [])
        return names

    def preserve_original_messages(self) -> None:
        names = self.translatable_attributes()
        self["original_messages"] = [self[n] for n in names if self.get(n)]

    def extract_original_messages(self) -> list[str]:
        return list(self.get("original_messages", []))

    def apply_translated_message(self, original: str, translated: str) -> None:
        for name in self.translatable_attributes():
            if self.get(name) == original:
                self[name] = translated


class backlinks(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder in a card, replaced by links to the cards that name it.

    Attributes ``kind``/``fact`` (the naming cards and their ``names`` fact,
    e.g. course/develops) and ``name`` (this card's name).
    """


class listing(nodes.Element):  # noqa: N801
    """Base of placeholders that list cards of every kind (a catalogue, ...)."""


def in_graph(card: cmi_card) -> bool:
    """Whether *card* is part of the curriculum (not an untitled example)."""
    return not card.get("no_index") and bool(card["ids"] and card["title"])


class card_title(nodes.Part, nodes.TextElement):  # noqa: N801
    """The title line of a card (translatable, plain text)."""


# --- card visitors ------------------------------------------------------------


def visit_card_html(self: Any, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div"))


def depart_card_html(self: Any, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def visit_card_title_html(self: Any, node: nodes.Element) -> None:
    # A real heading one level below the enclosing section, for screen readers.
    level = min(6, self.section_level + int(self.initial_header_level))
    self.body.append(self.starttag(node, f"h{level}", "", CLASS="cmi-card-title"))
    self.context.append(f"</h{level}>\n")


def depart_card_title_html(self: Any, node: nodes.Element) -> None:
    self.body.append(self.context.pop())


def visit_card_latex(self: Any, node: nodes.Element) -> None:
    self.visit_topic(node)
    self.body.append(self.hypertarget_to(node, anchor=True) + "\n")


def depart_card_latex(self: Any, node: nodes.Element) -> None:
    self.depart_topic(node)


def visit_card_title_latex(self: Any, node: nodes.Element) -> None:
    self.body.append(r"\sphinxstyletopictitle{")


def depart_card_title_latex(self: Any, node: nodes.Element) -> None:
    self.body.append("}\\par\n")


def visit_card_text(self: Any, node: nodes.Element) -> None:
    self.new_state(0)


def depart_card_text(self: Any, node: nodes.Element) -> None:
    self.end_state()


def visit_card_title_man(self: Any, node: nodes.Element) -> None:
    self.visit_rubric(node)
    self.visit_strong(node)


def depart_card_title_man(self: Any, node: nodes.Element) -> None:
    self.depart_strong(node)
    self.depart_rubric(node)


def visit_card_texinfo(self: Any, node: nodes.Element) -> None:
    for node_id in node["ids"]:
        self.add_anchor(node_id, node)


def visit_nothing(self: Any, node: nodes.Element) -> None:
    """Children render themselves in this format."""


def _rubric(self: Any, node: nodes.Element) -> None:
    self.visit_rubric(node)


def _end_rubric(self: Any, node: nodes.Element) -> None:
    self.depart_rubric(node)


# format -> the card's (visit, depart), then its title's
VISITORS: dict[str, tuple[tuple[Visitor, Visitor], tuple[Visitor, Visitor]]] = {
    "html": (
        (visit_card_html, depart_card_html),
        (visit_card_title_html, depart_card_title_html),
    ),
    "latex": (
        (visit_card_latex, depart_card_latex),
        (visit_card_title_latex, depart_card_title_latex),
    ),
    "text": ((visit_card_text, depart_card_text), (_rubric, _end_rubric)),
    "man": (
        (visit_nothing, visit_nothing),
        (visit_card_title_man, depart_card_title_man),
    ),
    "texinfo": ((visit_card_texinfo, visit_nothing), (_rubric, _end_rubric)),
}
CARD_VISITORS = {fmt: card for fmt, (card, _title) in VISITORS.items()}
TITLE_VISITORS = {fmt: title for fmt, (_card, title) in VISITORS.items()}


def card_title_text(node: nodes.Node) -> str:
    """What ``{ref}`` shows for a card: its title."""
    return str(node.get("title", "")) if isinstance(node, nodes.Element) else ""


def setup(app: Sphinx) -> None:
    app.add_node(card_title, **TITLE_VISITORS)  # type: ignore[arg-type]
