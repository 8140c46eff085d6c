"""``quality-card``: a quality that good leaders and managers share."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi.base import Options
from sphinx_cmi.cards import CardDirective
from sphinx_cmi.domain import DEVELOPED_BY, Entry, curriculum
from sphinx_cmi.nodes import card_title, cmi_card, developed_by, quality_card

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx


@cache
def icons() -> dict[str, str]:
    """Icon name -> inline SVG markup, from the SVG files shipped in the package."""
    folder = resources.files("sphinx_cmi") / "icons"
    return {
        entry.name.removesuffix(".svg"): entry.read_text(encoding="utf-8").strip()
        for entry in folder.iterdir()
        if entry.name.endswith(".svg")
    }


class QualityCardDirective(CardDirective):
    """A card for one quality; its name is the quality's id and HTML anchor."""

    subtype = "quality"
    kind = "quality"
    node_class = quality_card
    css_class = "cmi-quality-card"
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = Options(
        CardDirective.option_spec,
        icon=directives.unchanged,
        summary=directives.unchanged,
    )

    def fill(self, card: cmi_card, body: list[nodes.Node]) -> None:
        card["icon"] = self.icon()
        card["summary"] = self.text_option("summary") or first_paragraph(body)
        card += body
        if card["quality"]:
            # Filled in late with every course, on any page, that develops it.
            card += developed_by(quality=card["quality"])
            curriculum(self.env).note_dependency(
                self.env.docname, (DEVELOPED_BY, card["quality"])
            )

    def entry(self, card: cmi_card) -> Entry:
        return super().entry(card)._replace(summary=card["summary"], icon=card["icon"])

    def icon(self) -> str:
        name = self.text_option("icon")
        if name and name not in icons():
            known = ", ".join(sorted(icons()))
            self.warn(
                f"unknown icon {name!r}; known icons: {known}", self.option_line("icon")
            )
            return ""
        return name


def first_paragraph(body: list[nodes.Node]) -> str:
    for block in body:
        if isinstance(block, nodes.Element):
            paragraph = next(block.findall(nodes.paragraph), None)
            if paragraph is not None:
                return " ".join(paragraph.astext().split())
    return ""


class QualityIconHtml(SphinxPostTransform):
    """Put a quality's inline SVG icon before its title (HTML only).

    Quality cards and the items of a quality index both carry an ``icon``.
    """

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: object) -> None:
        for holder in self.document.findall(nodes.Element):
            svg = icons().get(holder.get("icon", ""))
            if not svg:
                continue
            title = next(
                (c for c in holder.children
                 if isinstance(c, card_title | nodes.paragraph)),
                None,
            )  # fmt: skip
            if title is not None:
                title.insert(0, nodes.raw("", svg, format="html"))


def setup(app: Sphinx) -> None:
    app.add_directive("quality-card", QualityCardDirective)
    app.add_post_transform(QualityIconHtml)
