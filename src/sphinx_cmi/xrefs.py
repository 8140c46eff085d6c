"""The link text of ``{quality}`` and ``{course}`` roles.

intersphinx shows the title from another project's inventory by making a new
node of the link text's class (``contnode.__class__(title, title)``); with a
plain ``inline`` that copy lost the ``xref cmi cmi-quality`` classes. These
classes put them back on every copy, and the visitors render them as inlines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class cmi_xref_text(nodes.inline):  # noqa: N801
    """Link text of a role; always carries ``xref cmi cmi-<kind>``."""

    kind: ClassVar[str] = ""

    def __init__(
        self,
        rawsource: str = "",
        text: str = "",
        *children: nodes.Node,
        **attributes: Any,
    ) -> None:
        super().__init__(rawsource, text, *children, **attributes)
        for name in ("xref", "cmi", f"cmi-{self.kind}"):
            if name not in self["classes"]:
                self["classes"].append(name)


class quality_text(cmi_xref_text):  # noqa: N801
    kind = "quality"


class course_text(cmi_xref_text):  # noqa: N801
    kind = "course"


TEXT_NODES: dict[str, type[cmi_xref_text]] = {
    cls.kind: cls for cls in (quality_text, course_text)
}


def _visit(self: Any, node: nodes.Element) -> None:
    self.visit_inline(node)


def _depart(self: Any, node: nodes.Element) -> None:
    self.depart_inline(node)


def setup(app: Sphinx) -> None:
    visitors = {
        builder: (_visit, _depart)
        for builder in ("html", "latex", "text", "man", "texinfo")
    }
    for node_class in TEXT_NODES.values():
        app.add_node(node_class, **visitors)  # type: ignore[arg-type]
