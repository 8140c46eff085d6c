"""One place that decides which link targets sphinx-cmi lets through.

Every link the extension emits, and every link found inside a directive body
(or, with ``cmi_check_all_links = True``, anywhere on a page), passes
:func:`is_safe_url`; refused links keep their text but lose the target.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from sphinx_cmi.config import add_setting
from sphinx_cmi.data import imported_by, is_data_file
from sphinx_cmi.kinds import kind_of
from sphinx_cmi.nodes import cmi_card
from sphinx_cmi.problems import Subtype, node_location, warn
from sphinx_cmi.tables import TABLE_CLASS
from sphinx_cmi.values import shown

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
CHECK_ALL_LINKS = "cmi_check_all_links"
"""Config value: also refuse unsafe links outside sphinx-cmi's blocks."""

# Browsers drop ASCII tab/newline and strip leading C0 controls and spaces before
# parsing a URL, so "java\tscript:" must be judged as "javascript:".
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_scheme(url: str) -> str:
    """The scheme a browser would see in *url*, lowercased ("" for relative)."""
    match = _SCHEME.match(_IGNORED_BY_BROWSERS.sub("", url))
    return match.group(1).lower() if match else ""


def is_safe_url(url: str) -> bool:
    """True for http(s), mailto and relative URLs; false for anything else."""
    if not url.strip():
        return False
    # A colon before any "/", "?" or "#" that does not parse as a scheme is
    # still refused: browsers differ on such input.
    scheme = url_scheme(url)
    if scheme:
        return scheme in SAFE_SCHEMES
    compact = _IGNORED_BY_BROWSERS.sub("", url)
    head = re.split(r"[/?#]", compact, maxsplit=1)[0]
    return ":" not in head


_HOST = re.compile(
    r"^(?:www\.[^/\s]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|int|io|"
    r"info|biz|co|ac|uk|us|eu|de|fr|es|nl|ie|au|ca|nz|in|academy|training|"
    r"online|school|education|courses))(?::[0-9]+)?(?:[/?#].*)?$",
    re.IGNORECASE,
)


def offsite_without_scheme(url: str) -> str | None:
    """The ``https://`` address meant by *url*, if it names another host
    without a scheme: ``//host/x`` and ``\\\\host\\x`` (which browsers read as
    ``//host/x``) or ``academy.example.org/x``; None for a relative path."""
    compact = _IGNORED_BY_BROWSERS.sub("", url).replace("\\", "/")
    if url_scheme(compact):
        return None
    if compact.startswith("//"):
        return f"https:{compact}"
    if _HOST.match(compact):
        return f"https://{compact}"
    return None


def owner_subtype(node: nodes.Node) -> str | None:
    """Warning subtype of the innermost sphinx-cmi block holding *node*."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, cmi_card):
            return kind_of(parent).subtype
        if isinstance(parent, nodes.table) and TABLE_CLASS in parent["classes"]:
            return Subtype.COMPARISON
        parent = parent.parent
    return None


class UnsafeLinksInBodies(SphinxTransform):
    """Neutralise refused links inside sphinx-cmi blocks, keeping their text.

    With ``cmi_check_all_links`` the same holds for every link of the page
    (plain reStructuredText links included), reported as ``cmi.link``.

    Runs after docutils has resolved named, anonymous and page-level targets
    (``evil_`` with ``.. _evil: javascript:...``), so no link escapes it.
    """

    default_priority = 700

    def apply(self, **kwargs: object) -> None:
        for ref in list(self.document.findall(nodes.reference)):
            url = ref.get("refuri")
            if url is None or is_safe_url(url):
                continue
            subtype = owner_subtype(ref)
            if subtype is None:
                if not self.config[CHECK_ALL_LINKS]:
                    continue  # not authored inside a sphinx-cmi block
                subtype = Subtype.LINK
            location = node_location(ref, str(self.env.doc2path(self.env.docname)))
            message = (
                f"link to {shown(url)} refused: only http, https, mailto and relative "
                "links are allowed"
            )
            if is_data_file(location.rsplit(":", 1)[0]):  # an imported card's body
                message += imported_by(self.env, self.env.docname)
                subtype = Subtype.DATA
            warn(message, subtype, location)
            inert = nodes.inline(ref.rawsource, "", *ref.children)
            inert["classes"].append("cmi-refused-link")
            inert.source, inert.line = ref.source, ref.line
            ref.parent.replace(ref, inert)


def setup(app: Sphinx) -> None:
    add_setting(app, CHECK_ALL_LINKS, False, (bool,))
    app.add_transform(UnsafeLinksInBodies)
