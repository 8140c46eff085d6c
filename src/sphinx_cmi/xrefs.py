"""The roles of every kind (``{quality}``, ``{course}``, ...) and their link text.

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
from sphinx.roles import XRefRole

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


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


class CmiXRefRole(XRefRole):
    """``{quality}``, ``{course}``, ... (and their ``cmi:`` forms)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:
            self.name = f"cmi:{self.name}"  # the un-prefixed alias
        # Link text that keeps its classes when intersphinx copies it.
        self.innernodeclass = text_node(self.name.partition(":")[2])
        return super().run()

    def result_nodes(
        self,
        document: nodes.document,
        env: BuildEnvironment,
        node: nodes.Element,
        is_ref: bool,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if self.target != node["reftarget"]:  # looked up in lower case
            node["cmi_spelling"] = self.target
        return [node], []

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: nodes.Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        if has_explicit_title and not title.strip():
            refnode["refexplicit"] = False  # a blank title: the card's title
        return super().process_link(env, refnode, has_explicit_title, title, target)


def xref_role() -> CmiXRefRole:
    return CmiXRefRole(lowercase=True, warn_dangling=True, innernodeclass=nodes.inline)
