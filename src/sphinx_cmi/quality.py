"""``quality-card``: a quality that good leaders and managers share."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi.base import Options
from sphinx_cmi.cards import CardDirective, first_paragraph
from sphinx_cmi.domain import curriculum
from sphinx_cmi.graph import DEVELOPED_BY, Entry
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
        if self.text_option("summary"):
            card["translatable_attributes"].append("summary")
        card += body
        if card["quality"]:
            # Filled in late with every course, on any page, that develops it.
            card += developed_by(quality=card["quality"])
            if not self.in_graph(card):
                # Cards in the graph depend on their backlinks implicitly.
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


ICON = "cmi_icon"
"""Marks the raw nodes holding an icon (a class would wrap them in a <span>)."""


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
                title.insert(0, nodes.raw("", svg, format="html", **{ICON: True}))


class NoInlineSvgInEpub(SphinxPostTransform):
    """EPUB goes without the (decorative, ``aria-hidden``) icons.

    A page with inline SVG must say ``properties="svg"`` in the EPUB manifest,
    which Sphinx's EPUB builder never writes: EPUBCheck reports OPF-014.
    """

    default_priority = QualityIconHtml.default_priority + 1
    builders = ("epub",)

    def run(self, **kwargs: object) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if raw.get(ICON):
                raw.parent.remove(raw)


def setup(app: Sphinx) -> None:
    app.add_directive("quality-card", QualityCardDirective)
    app.add_post_transform(QualityIconHtml)
    app.add_post_transform(NoInlineSvgInEpub)
