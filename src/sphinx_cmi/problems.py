"""How sphinx-cmi reports a problem: one :func:`warn`, the warning subtypes,
and where a warning points (the file a node was written in, and its line)."""

from __future__ import annotations

import os
from enum import StrEnum

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger("sphinx_cmi")

WARNING_TYPE = "cmi"
"""Every sphinx-cmi warning is ``cmi.<subtype>``: suppressible one by one."""


class Subtype(StrEnum):
    """The warning subtypes that no kind owns (a kind warns as ``cmi.<name>``)."""

    COMPARISON = "comparison"
    CATALOG = "catalog"
    REF = "ref"
    DUPLICATE = "duplicate"
    LINK = "link"
    CONFIG = "config"
    ALIGNMENT = "alignment"
    DATA = "data"


Location = str | tuple[str | None, int | None] | nodes.Node | None
"""Where a warning points: ``"file:line"``, ``(docname, line)`` or a node."""


def warn(message: str, subtype: str, location: Location) -> None:
    """Warn as ``cmi.<subtype>`` at *location* (a node, ``(docname, line)``, ...)."""
    logger.warning(message, location=location, type=WARNING_TYPE, subtype=subtype)


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


def node_location(node: nodes.Node, page: str) -> str:
    """``file:line`` of *node*: the file it was written in (an included file's
    own), else *page* (the page's file)."""
    source = next((n.source for n in ancestors(node) if n.source), None)
    path = os.path.abspath(source or page)
    line = node_line(node)
    return f"{path}:{line}" if line else path


def ancestors(node: nodes.Node) -> list[nodes.Node]:
    """*node*, its parent, the parent's parent, ... up to the document."""
    found = []
    current: nodes.Node | None = node
    while current is not None:
        found.append(current)
        current = current.parent
    return found
