"""Format-neutral doctree nodes and their visitors for every builder.

Cards (quality cards and course call-outs) share one node base and one set of
visitors: a boxed block with a title.  The ``html_*`` nodes exist only after
HTML-only post-transforms and carry extra HTML attributes (ARIA roles,
``scope``, ``data-label``) onto the markup the translator already writes.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

    Visitor = Callable[[Any, nodes.Element], None]


COMPARISON_CLASS = "cmi-comparison"
"""Marks the standard tables that ``comparison-table`` produces."""


class cmi_card(nodes.General, nodes.Element, addnodes.translatable):  # noqa: N801
    """Base of boxed blocks with a title (never used directly).

    Authored option values that the curriculum graph keeps (``title``,
    ``summary``, ...) are translatable messages, like a toctree's caption: the
    attributes named in ``translatable_attributes`` are extracted by the
    ``gettext`` builder and replaced in a translated build.
    """

    subtype: ClassVar[str] = "cmi"
    """Warning subtype for problems found inside the card."""

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


class quality_card(cmi_card):  # noqa: N801
    """A quality; attributes ``quality`` (name), ``icon``, ``summary``."""

    subtype = "quality"


class course_callout(cmi_card):  # noqa: N801
    """A course; attributes ``course``, ``provider``, ``level``, ``duration``."""

    subtype = "course"


class developed_by(nodes.General, nodes.Element):  # noqa: N801
    """Placeholder in a quality card, replaced by links to courses that develop it."""


class card_title(nodes.Part, nodes.TextElement):  # noqa: N801
    """The title line of a card (translatable, plain text)."""


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


CARD_VISITORS: dict[str, tuple[Visitor, Visitor]] = {
    "html": (visit_card_html, depart_card_html),
    "latex": (visit_card_latex, depart_card_latex),
    "text": (visit_card_text, depart_card_text),
    "man": (visit_nothing, visit_nothing),
    "texinfo": (visit_card_texinfo, visit_nothing),
}

TITLE_VISITORS: dict[str, tuple[Visitor, Visitor]] = {
    "html": (visit_card_title_html, depart_card_title_html),
    "latex": (visit_card_title_latex, depart_card_title_latex),
    "text": (_rubric, _end_rubric),
    "man": (visit_card_title_man, depart_card_title_man),
    "texinfo": (_rubric, _end_rubric),
}

HTML_ONLY_NODES: dict[type[nodes.Element], tuple[str, tuple[str, ...]]] = {
    html_table: ("table", ("table",)),
    html_thead: ("thead", ("thead",)),
    html_tbody: ("tbody", ("tbody",)),
    html_entry: ("entry", ("th", "td")),
}


def card_title_text(node: nodes.Node) -> str:
    """What ``{ref}`` shows for a card: its title."""
    return str(node.get("title", "")) if isinstance(node, nodes.Element) else ""


CARD_FIGTYPES: dict[type[cmi_card], str] = {
    quality_card: "quality",
    course_callout: "course",
}


def setup(app: Sphinx) -> None:
    # Enumerable: {ref} gets the title and {numref} "Quality N" (with numfig).
    for card_class, figtype in CARD_FIGTYPES.items():
        app.add_enumerable_node(
            card_class,
            figtype,
            card_title_text,
            **CARD_VISITORS,  # type: ignore[arg-type]
        )
    app.add_node(card_title, **TITLE_VISITORS)  # type: ignore[arg-type]
    for node_class, (visit_name, tags) in HTML_ONLY_NODES.items():
        if node_class is html_table:
            # Still numbered: Sphinx looks enumerable nodes up by exact class.
            app.add_enumerable_node(
                node_class, "table", html=_attributed(visit_name, tags)
            )
        else:
            app.add_node(node_class, html=_attributed(visit_name, tags))
