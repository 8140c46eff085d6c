"""Keep words meant for screen readers or layout out of extracted text.

Sphinx's search index and ``sphinxext-opengraph``'s page description read
the doctree's text. They would take the visually hidden course name of a
call-to-action ("View course: Level 5 ...") and the fact labels ("Provider",
"Level") for prose. In HTML output those words become raw HTML marked
``no-search``: the page looks and reads the same, Sphinx's index skips
them and OpenGraph skips raw HTML.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

HIDDEN_CLASS = "cmi-visually-hidden"
NO_SEARCH = "no-search"  # Sphinx's own marker for text its index skips


def unread(node: nodes.Element) -> None:
    """Keep *node* on the page but out of the index and descriptions.

    Its text becomes raw HTML (escaped), which OpenGraph skips; the
    ``no-search`` class makes Sphinx's index skip the node.
    """
    text = node.astext()
    node.clear()
    node += nodes.raw("", escape(text, quote=False), format="html")
    node["classes"].append(NO_SEARCH)


class UnreadTextHtml(SphinxPostTransform):
    """Visually hidden inlines and fact labels: shown, never extracted."""

    default_priority = 210  # after the transforms that add hidden text (200)
    formats = ("html",)

    def run(self, **kwargs: object) -> None:
        for inline in self.document.findall(nodes.inline):
            if HIDDEN_CLASS in inline["classes"]:
                unread(inline)
        for facts in self.document.findall(nodes.definition_list):
            if facts.get("facts"):  # a card's facts (see CardDirective.facts)
                for term in facts.findall(nodes.term):
                    unread(term)


def setup(app: Sphinx) -> None:
    app.add_post_transform(UnreadTextHtml)
