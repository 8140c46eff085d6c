"""What each output shows of the curriculum graph, and repairs per output.

The graph is collected once from every page; an ``only`` directive can keep a
card out of some outputs, the general index is given the cards each output
shows, and the single-page HTML needs its anchors made unique and direct.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi.domain import curriculum
from sphinx_cmi.graph import spellings
from sphinx_cmi.links import is_safe_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.util.tags import Tags

    from sphinx_cmi.domain import CmiDomain, IndexEntry
    from sphinx_cmi.graph import Record


def shown_with(tags: Tags, condition: str) -> bool:
    """Whether an ``only`` *condition* keeps its content in this output."""
    try:
        return bool(tags.eval_condition(condition))
    except Exception:
        return True


def hide_for(domain: CmiDomain, tags: Tags) -> None:
    """Leave out the cards that an ``only`` directive keeps out of this output:
    no listing, link, backlink or index entry shows them."""
    domain.hidden = frozenset(
        (record.docname, record.node_id)
        for records in domain.cards.values()
        for record in records
        if record.only and not shown_with(tags, record.only)
    )
    domain.forget()


def hidden_named(domain: CmiDomain, kind: str, target: str) -> Record | None:
    """A card that *target* names but this output leaves out."""
    names = spellings(kind, target)
    return next(
        (
            record
            for records in domain.cards.values()
            for record in records
            if record.kind == kind
            and record.name in names
            and (record.docname, record.node_id) in domain.hidden
        ),
        None,
    )


def index_entries(domain: CmiDomain, *, html: bool) -> dict[str, list[IndexEntry]]:
    """docname -> the general index entries of the cards this output shows.

    In HTML, a ``;`` in a title is written as U+037E, the Greek question mark
    it is canonically equivalent to (and drawn like): Sphinx would cut the
    entry there into an entry and a sub-entry.
    """
    entries: dict[str, list[IndexEntry]] = {}
    for docname, records in domain.cards.items():
        for record in records:
            if (docname, record.node_id) in domain.hidden:
                continue
            kind, text, target, main, key = domain.index_entry(record)
            text = text.replace(";", "\u037e") if html else text
            entries.setdefault(docname, []).append((kind, text, target, main, key))
    return entries


def _prepare(app: Sphinx, builder: Builder) -> None:
    """Before any page is written: what this output shows, and its index.

    The cards' entries are not stored by the index domain (they would repeat
    what the graph holds); every index is given them here instead.
    """
    domain = curriculum(builder.env)
    hide_for(domain, builder.tags)
    stored = builder.env.domains.index_domain.entries
    for docname, ours in index_entries(domain, html=builder.format == "html").items():
        entries = stored.setdefault(docname, [])
        entries += [e for e in ours if e not in entries]


class SinglePageAnchors(SphinxPostTransform):
    """On the single-page build, keep every id unique and link ids directly.

    Two pages may use the same id (a heading on one, a card on the other);
    on one page the later one is renamed, and every link follows it.  Sphinx
    8.2+ writes ``#document-<page>#<id>`` for cross-page references
    (sphinx-doc/sphinx#14221); on one page the id alone is the target.
    """

    default_priority = 20  # after references are resolved (10)
    builders = ("singlehtml",)
    DOUBLED = re.compile(r"^#document-(?P<page>[^#]+)#(?P<anchor>.+)$")

    def run(self, **kwargs: object) -> None:
        pages = self.pages()
        renamed = self.unique_ids(pages)
        for ref in self.document.findall(nodes.reference):
            match = self.DOUBLED.match(ref.get("refuri", ""))
            page = ref.get("cmi_page")
            if page and ref.get("refuri", "").startswith("#") and not match:
                anchor = ref["refuri"][1:]
                ref["refuri"] = f"#{renamed.get((page, anchor), anchor)}"
            elif match:
                key = (match["page"], match["anchor"])
                anchor = f"#{renamed.get(key, match['anchor'])}"
                if is_safe_url(anchor):  # an anchor always is; stated for the reader
                    ref["refuri"] = anchor
            elif "refid" in ref:
                key = (pages.get(id(ref), ""), ref["refid"])
                ref["refid"] = renamed.get(key, ref["refid"])

    def pages(self) -> dict[int, str]:
        """id(node) -> the page (docname) whose content it is, on the single page.

        Walked from the top: inlined pages' nodes need not know their parent.
        """
        found: dict[int, str] = {}
        pending: list[tuple[nodes.Node, str]] = [(self.document, "")]
        while pending:
            node, page = pending.pop()
            if isinstance(node, addnodes.start_of_file):
                page = str(node["docname"])
            found[id(node)] = page
            if isinstance(node, nodes.Element):
                pending.extend((child, page) for child in reversed(node.children))
        return found

    def unique_ids(self, pages: dict[int, str]) -> dict[tuple[str, str], str]:
        """Rename ids that an earlier page already uses: (page, id) -> new id."""
        seen: set[str] = set()
        renamed: dict[tuple[str, str], str] = {}
        for element in self.document.findall(nodes.Element):
            for index, node_id in enumerate(element["ids"]):
                if node_id not in seen:
                    seen.add(node_id)
                    continue
                count = 2
                while f"{node_id}-{count}" in seen:
                    count += 1
                element["ids"][index] = new = f"{node_id}-{count}"
                seen.add(new)
                renamed[(pages.get(id(element), ""), node_id)] = new
        return renamed


def setup(app: Sphinx) -> None:
    app.connect("write-started", _prepare)
    app.add_post_transform(SinglePageAnchors)
