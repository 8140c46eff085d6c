"""The shared base of every sphinx-cmi directive: warnings, names, bodies."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinx_cmi.links import neutralise_unsafe_links

if TYPE_CHECKING:
    from collections.abc import Iterable

MESSAGE_CATALOG = "sphinx_cmi"
_ = get_translation(MESSAGE_CATALOG)
logger = logging.getLogger("sphinx_cmi")

WARNING_TYPE = "cmi"


def node_line(node: nodes.Node, default: int | None = None) -> int | None:
    """The first source line known for *node*, a descendant or an ancestor.

    docutils leaves ``line`` unset on list items and inline references, so
    they are located by the paragraph they contain or sit in.
    """
    for candidate in node.findall(include_self=True):
        if candidate.line:
            return candidate.line
    parent = node.parent
    while parent is not None:
        if parent.line:
            return parent.line
        parent = parent.parent
    return default


def slugify(text: str, kind: str) -> str:
    """An HTML-safe id for *text*; non-Latin titles get a stable hashed id."""
    slug = nodes.make_id(text)
    if slug:
        return slug
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{kind}-{digest}"


def split_list(value: str) -> list[str]:
    """Comma-separated option value -> stripped items (empty items kept)."""
    return [item.strip() for item in value.split(",")]


class CmiDirective(SphinxDirective):
    """Base for sphinx-cmi directives.

    Subclasses set :attr:`subtype`; every warning they raise then carries
    ``type="cmi"`` and that subtype at an exact ``file:line``.
    """

    subtype: ClassVar[str]
    """Warning subtype of this directive family (``cmi.<subtype>``)."""
    kind: ClassVar[str] = "cmi"
    """Prefix for generated ids when a title has no Latin letters."""

    def warn(self, message: str, line: int | None = None) -> None:
        logger.warning(
            message,
            location=(self.env.docname, line if line is not None else self.lineno),
            type=WARNING_TYPE,
            subtype=self.subtype,
        )

    def option_line(self, option: str) -> int:
        """Line of ``:option:`` in the directive block, else the directive's."""
        marker = f":{option}:"
        for offset, text in enumerate(self.block_text.splitlines()):
            if text.strip().startswith(marker):
                return self.lineno + offset
        return self.lineno

    def text_option(self, option: str) -> str:
        """An option value as plain, stripped text ("" when absent)."""
        return str(self.options.get(option) or "").strip()

    def title(self) -> str:
        return " ".join(self.arguments[0].split()) if self.arguments else ""

    def name_for(self, title: str) -> str:
        """The target name: ``:name:``, else a slug of *title* ("" if neither)."""
        explicit = nodes.fully_normalize_name(self.text_option("name"))
        return explicit or (slugify(title, self.kind) if title else "")

    def register_name(self, node: nodes.Element, name: str) -> None:
        """Make *node* a link target (``{ref}``, ``{numref}``, HTML anchor).

        docutils derives the id from the name and picks another one when a
        heading on the page already owns it.
        """
        self.set_source_info(node)
        if name:
            node["names"].append(name)
            self.state.document.note_explicit_target(node, node)
        else:
            self.state.document.set_id(node)

    def parse_body(self) -> list[nodes.Node]:
        """Parse the content as MyST or rST (like the page) and make links safe."""
        parsed = self.parse_content_to_nodes()
        self.make_links_safe(parsed)
        return parsed

    def make_links_safe(self, parsed: Iterable[nodes.Node]) -> None:
        def report(url: str, ref: nodes.Element) -> None:
            self.warn(
                f"link to {url!r} refused: only http, https, mailto and "
                "relative links are allowed",
                node_line(ref, self.lineno),
            )

        neutralise_unsafe_links(parsed, report)

    def plain(
        self,
        text: str,
        node_class: type[nodes.TextElement] = nodes.inline,
        **attributes: object,
    ) -> nodes.TextElement:
        """A text node for an option value: never parsed, always escaped."""
        node = node_class(text, text, **attributes)
        self.set_source_info(node)
        return node
