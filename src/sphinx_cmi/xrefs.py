"""The link text of the roles of every kind (``{quality}``, ``{course}``, ...).

intersphinx shows the title from another project's inventory by making a new
node of the link text's class (``contnode.__class__(title, title)``); with a
plain ``inline`` that copy lost the ``xref cmi cmi-<kind>`` classes.  Each kind
gets a class of its own (:func:`text_node`) that puts them back on every copy;
the visitors render it as an inline.
"""

from __future__ import annotations

import sys
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


def text_node(kind: str) -> type[cmi_xref_text]:
    """The link-text class of *kind*'s role, made once, importable by name
    (doctrees are pickled with it)."""
    module = sys.modules[__name__]
    name = f"{nodes.make_id(kind).replace('-', '_')}_text"
    found = getattr(module, name, None)
    if isinstance(found, type) and issubclass(found, cmi_xref_text):
        return found
    made = type(name, (cmi_xref_text,), {"kind": kind, "__module__": __name__})
    setattr(module, name, made)
    return made


def _visit(self: Any, node: nodes.Element) -> None:
    self.visit_inline(node)


def _depart(self: Any, node: nodes.Element) -> None:
    self.depart_inline(node)


def add_text_node(app: Sphinx, kind: str) -> None:
    visitors = dict.fromkeys(
        ("html", "latex", "text", "man", "texinfo"), (_visit, _depart)
    )
    app.add_node(text_node(kind), override=True, **visitors)
