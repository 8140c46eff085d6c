"""Format-neutral doctree nodes and their visitors for every builder.

Every kind of card (see :mod:`sphinx_cmi.kinds`) has its own subclass of
:class:`cmi_card` and shares one set of visitors: a boxed block with a title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

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


class taken(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder for a fact a card takes from the cards it names
    (:attr:`~sphinx_cmi.kinds.Fact.via`), replaced by links once all pages
    are read.  Attributes ``kind``, ``fact`` and ``name`` (the card's)."""


class listing(nodes.Element):  # noqa: N801
    """Base of placeholders that list cards of every kind (a catalogue, ...)."""


CALL_TO_ACTION = "cmi-call-to-action"
"""Class of a course's link to its provider (the link check reports it)."""

N = TypeVar("N", bound=nodes.Element)


def ancestor(node: nodes.Node, node_class: type[N]) -> N | None:
    """The innermost element of *node_class* holding *node*, if any."""
    parent = node.parent
    while parent is not None and not isinstance(parent, node_class):
        parent = parent.parent
    return parent


def in_graph(card: cmi_card) -> bool:
    """Whether *card* is part of the curriculum (not an untitled example)."""
    return not card.get("no_index") and bool(card["ids"] and card["title"])


class PlainText(nodes.Element, addnodes.translatable):
    """A text element whose words are translated as plain words.

    Sphinx parses a translated message as markup again; these nodes hold
    values that are plain text in the source (titles, captions, column names,
    facts), so a translation replaces their words and can add no markup,
    link or raw HTML: it can change words, never structure.
    """

    def preserve_original_messages(self) -> None:
        self["original_text"] = self.astext()

    def extract_original_messages(self) -> list[str]:
        original: str = self.get("original_text", "")
        # translatable=False: a number, or a label of the extension's own.
        return [original] if original and self.get("translatable", True) else []

    def apply_translated_message(self, original: str, translated: str) -> None:
        if original == self.get("original_text"):
            self.children = []
            self += nodes.Text(translated)


class card_title(nodes.Part, nodes.TextElement, PlainText):  # noqa: N801
    """The title line of a card."""


class plain_text(nodes.Inline, nodes.TextElement, PlainText):  # noqa: N801
    """Plain text in a paragraph that is not itself translated (a fact, a
    column name); it adds no markup of its own in any format."""


class plain_caption(nodes.title, PlainText):  # noqa: N801
    """The caption of a table, as written in the directive's argument."""

    tagname = "title"


class plain_rubric(nodes.rubric, PlainText):  # noqa: N801
    """The caption of a listing that is not a table."""

    tagname = "rubric"  # a rubric with a target is a {ref} title to Sphinx


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


def skip(self: Any, node: nodes.Element) -> None:
    """A placeholder, replaced before writing: nothing of it is written."""
    raise nodes.SkipNode


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


FORMATS = ("html", "latex", "text", "man", "texinfo")


def placeholder_visitors() -> dict[str, tuple[Visitor, None]]:
    """Visitors for a placeholder node in every format (see :func:`skip`)."""
    return dict.fromkeys(FORMATS, (skip, None))


def like(name: str) -> dict[str, tuple[Visitor, Visitor]]:
    """Visitors that render a node as the standard node *name*, in every format."""

    def visit(self: Any, node: nodes.Element) -> None:
        getattr(self, f"visit_{name}")(node)

    def depart(self: Any, node: nodes.Element) -> None:
        getattr(self, f"depart_{name}")(node)

    return dict.fromkeys(FORMATS, (visit, depart))


def setup(app: Sphinx) -> None:
    app.add_node(card_title, **TITLE_VISITORS)  # type: ignore[arg-type]
    nothing = dict.fromkeys(FORMATS, (visit_nothing, visit_nothing))
    app.add_node(plain_text, **nothing)  # type: ignore[arg-type]
    app.add_node(plain_caption, **like("title"))  # type: ignore[arg-type]
    app.add_node(plain_rubric, **like("rubric"))  # type: ignore[arg-type]
