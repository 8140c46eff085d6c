"""``quality-card``: a quality that good leaders and managers share."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi.base import _
from sphinx_cmi.cards import CardDirective, first_paragraph
from sphinx_cmi.kinds import Kind, Words
from sphinx_cmi.nodes import card_title, cmi_card
from sphinx_cmi.options import suggestion
from sphinx_cmi.values import shown

if TYPE_CHECKING:
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


class quality_card(cmi_card):  # noqa: N801
    """A quality; attributes ``name``, ``icon``, ``summary``."""


class QualityCardDirective(CardDirective):
    """A card for one quality; its name is the quality's id and HTML anchor."""

    def fill(self, card: cmi_card) -> None:
        card["icon"] = self.icon()
        card["summary"] = self.text_option("summary")

    def icon(self) -> str:
        name = self.text_option("icon")
        if name and name not in icons():
            known = ", ".join(sorted(icons()))
            self.warn(
                f"unknown icon {shown(name)}; known icons: {known}"
                f"{suggestion(name, icons())}",
                self.option_line("icon"),
            )
            return ""
        return name


def collect(card: cmi_card) -> dict[str, str]:
    """What the quality index shows of a card: its icon and summary.

    Without ``:summary:``, the first paragraph of the (translated) body,
    which the card then keeps too.
    """
    if not card["summary"]:
        card["summary"] = first_paragraph(card)
    return {"icon": card["icon"], "summary": card["summary"]}


QUALITY = Kind(
    name="quality",
    directive_class=QualityCardDirective,
    directive="quality-card",
    node_class=quality_card,
    listing="quality-index",
    listing_style="cards",
    data_key="qualities",
    words=Words(_("quality"), _("Quality"), _("Quality %s"), _("No qualities yet.")),
    options=("icon", "summary"),
    texts=("summary",),
    collect=collect,
)


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
    app.add_post_transform(QualityIconHtml)
    app.add_post_transform(NoInlineSvgInEpub)
