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
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from sphinx_cmi.base import node_line
from sphinx_cmi.nodes import COMPARISON_CLASS, cmi_card

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger("sphinx_cmi")

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


def owner_subtype(node: nodes.Node) -> str | None:
    """Warning subtype of the innermost sphinx-cmi block holding *node*."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, cmi_card):
            return parent.subtype
        if isinstance(parent, nodes.table) and COMPARISON_CLASS in parent["classes"]:
            return "comparison"
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
                subtype = "link"
            logger.warning(
                "link to %r refused: only http, https, mailto and relative links "
                "are allowed",
                url,
                location=(self.env.docname, node_line(ref)),
                type="cmi",
                subtype=subtype,
            )
            inert = nodes.inline(ref.rawsource, "", *ref.children)
            inert["classes"].append("cmi-refused-link")
            inert.source, inert.line = ref.source, ref.line
            ref.parent.replace(ref, inert)


class SinglePageAnchors(SphinxPostTransform):
    """On the single-page build, link ``#document-<page>#<id>`` as ``#<id>``.

    Sphinx 8.2+ writes such doubled anchors for every cross-page reference
    (sphinx-doc/sphinx#14221); on one page the id alone is the target.
    """

    default_priority = 20  # after references are resolved (10)
    builders = ("singlehtml",)
    DOUBLED = re.compile(r"^#document-[^#]+#(?P<anchor>.+)$")

    def run(self, **kwargs: object) -> None:
        for ref in self.document.findall(nodes.reference):
            match = self.DOUBLED.match(ref.get("refuri", ""))
            if match:
                ref["refuri"] = f"#{match['anchor']}"


def setting_location(conf_py: Path, name: str) -> str:
    """``conf.py:<line>`` of the last assignment to *name* (or just the file)."""
    try:
        lines = conf_py.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return str(conf_py)
    found = [n for n, text in enumerate(lines, 1) if re.match(rf"\s*{name}\s*=", text)]
    return f"{conf_py}:{found[-1]}" if found else str(conf_py)


def check_config(app: Sphinx, config: Config) -> None:
    """One clear warning for a value that is not True or False, then the default.

    Runs before Sphinx's own type check, which then has nothing to repeat.
    """
    value = config[CHECK_ALL_LINKS]
    if not isinstance(value, bool):
        logger.warning(
            "%s must be True or False, not %r; using False",
            CHECK_ALL_LINKS,
            value,
            location=setting_location(app.confdir / "conf.py", CHECK_ALL_LINKS),
            type="cmi",
            subtype="config",
        )
        config[CHECK_ALL_LINKS] = False


def setup(app: Sphinx) -> None:
    app.add_config_value(CHECK_ALL_LINKS, False, "env", types=frozenset({bool}))
    app.connect("config-inited", check_config, priority=400)
    app.add_transform(UnsafeLinksInBodies)
    app.add_post_transform(SinglePageAnchors)
