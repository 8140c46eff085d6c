"""One place that decides which link targets sphinx-cmi lets through.

Every link the extension emits, and every link found inside a directive body,
passes :func:`is_safe_url`; refused links keep their text but lose the target.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

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


def neutralise_unsafe_links(
    parsed: Iterable[nodes.Node], report: Callable[[str, nodes.Element], None]
) -> None:
    """Turn references with a refused target into plain inline text.

    *report* receives the refused URL and the node that carried it, so the
    caller can warn at the right line with its own subtype.
    """
    for tree in parsed:
        if not isinstance(tree, nodes.Element):
            continue
        for ref in list(tree.findall(nodes.reference)):
            url = ref.get("refuri")
            if url is None or is_safe_url(url):
                continue
            report(url, ref)
            inert = nodes.inline(ref.rawsource, "", *ref.children)
            inert["classes"].append("cmi-refused-link")
            inert.source, inert.line = ref.source, ref.line
            ref.replace_self(inert)
