"""The ``cmi`` domain: the curriculum graph of every kind of card.

Cards are collected from each finished (translated) doctree in
:meth:`CmiDomain.process_doc`, as small :class:`~sphinx_cmi.graph.Record`
objects (never doctrees); references, backlinks and catalogues are resolved
from them late, so they stay right under ``-j`` and incremental builds.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.util.nodes import make_refnode

from sphinx_cmi.data import imported_by
from sphinx_cmi.graph import (
    ANY,
    ORIGIN,
    Dependency,
    Record,
    dependency,
    implied,
    reading_order,
    reference,
    spellings,
)
from sphinx_cmi.kinds import kind_of
from sphinx_cmi.nodes import backlinks, cmi_card, in_graph, listing
from sphinx_cmi.problems import Subtype, ancestors, warn
from sphinx_cmi.values import shown

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Set

    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from sphinx_cmi.kinds import Fact, Kind

IndexEntry = tuple[str, str, str, str, str | None]


class CmiDomain(Domain):
    """Object types and roles come from the kinds (:func:`registry.add_kind`)."""

    name = "cmi"
    label = "Curriculum"
    initial_data = {  # noqa: RUF012 (Domain's own annotation)
        "cards": {},  # docname -> [Record, ...] in source order
        "depends": {},  # docname -> {Dependency, ...} its cards do not imply
        "imports": {},  # docname -> [imports.Imported, ...] its data files
    }
    data_version = 6

    before_read: dict[Dependency, int] | None = None
    """What each thing shown looked like before a re-read (incremental.py)."""
    _memo: dict[object, Any] | None = None
    """Orderings derived from the data; dropped whenever the data changes."""
    _index: dict[tuple[str, str], list[Record]] | None = None
    """(kind, name) -> records, built from the stored cards in memory only."""
    hidden: frozenset[tuple[str, str]] = frozenset()
    """(docname, node_id) of the cards this output does not show (see hide_for)."""

    # --- kinds and storage --------------------------------------------------

    @property
    def kinds(self) -> dict[str, Kind]:
        """The kinds of this project, in the order they were added."""
        return {name: t.attrs["kind"] for name, t in self.object_types.items()}

    def relations_to(self, target: Kind) -> list[tuple[Kind, Fact]]:
        """Every ``names`` fact (and its kind) that names cards of *target*."""
        return [
            (kind, fact)
            for kind in self.kinds.values()
            for fact in kind.facts_of("names")
            if fact.target == target.name
        ]

    @property
    def cards(self) -> dict[str, list[Record]]:
        return self.data["cards"]  # type: ignore[no-any-return]

    @property
    def depends(self) -> dict[str, set[Dependency]]:
        return self.data["depends"]  # type: ignore[no-any-return]

    @property
    def entries(self) -> dict[tuple[str, str], list[Record]]:
        """(kind, name) -> its records (several when the name is defined twice)."""
        if self._index is None:
            self._index = {}
            for records in self.cards.values():
                for record in records:
                    if (record.docname, record.node_id) not in self.hidden:
                        key = (record.kind, record.name)
                        self._index.setdefault(key, []).append(record)
        return self._index

    def forget(self) -> None:
        """Drop what was derived from the records (they, or what is shown, changed)."""
        self._memo = self._index = None

    def process_doc(
        self, env: BuildEnvironment, docname: str, document: nodes.document
    ) -> None:
        """Collect the page's cards and what it shows, after translation."""
        self._memo = self._index = None
        records = []
        for card in document.findall(cmi_card):
            if in_graph(card):
                record = self.record(card, docname)
                records.append(record)
                for index in card.findall(addnodes.index):
                    if index.parent is card:
                        index["entries"] = [self.index_entry(record)]
        if records:
            self.cards[docname] = records
        stored = self.shown(document) - {
            key for record in records for key in implied(record, self.kinds.values())
        }
        if stored:
            self.depends[docname] = stored

    def record(self, card: cmi_card, docname: str) -> Record:
        kind = kind_of(card)
        origin, origin_line = card.get(ORIGIN, ("", 0))
        facts = {fact.name: card.get(fact.name) for fact in kind.facts}
        facts |= kind.collect(card) if kind.collect else {}
        node_id = card["ids"][0]
        return Record(
            kind=kind.name,
            name=node_id if node_id == card["name"] else card["name"],
            docname=docname,
            node_id=node_id,
            title=card["title"],
            line=card.line or 0,
            source=self.included_from(card, docname),
            only=" and ".join(
                f"({node['expr']})"
                for node in reversed(ancestors(card)[1:])
                if isinstance(node, addnodes.only)
            ),
            origin=sys.intern(origin),
            origin_line=origin_line,
            facts={
                key: tuple(value) if isinstance(value, list) else value
                for key, value in facts.items()
                if value not in ("", None, [])
            },
            offsets=tuple(sorted(card.get("fact_offsets", {}).items())),
        )

    def included_from(self, card: cmi_card, docname: str) -> str:
        """The file *card* is written in, if another than the page's."""
        page = os.path.abspath(self.env.doc2path(docname))
        source = os.path.abspath(card.source) if card.source else page
        return "" if source == page else source

    def where(self, record: Record) -> str:
        """``file:line`` where *record*'s card is written (its data-file entry)."""
        if record.origin:
            return f"{record.origin}:{record.origin_line}"
        return f"{record.source or self.env.doc2path(record.docname)}:{record.line}"

    def shown(self, document: nodes.document) -> set[Dependency]:
        """What *document* shows of other pages' cards."""
        shown: set[Dependency] = set()
        for xref in document.findall(addnodes.pending_xref):
            if xref.get("refdomain") == self.name:
                shown |= reference(xref["reftype"], xref["reftarget"])
        for node in document.findall(backlinks):
            fact = self.kinds[node["kind"]].fact(node["fact"])
            if fact is not None:
                shown.add(dependency(fact.inverse, node["name"]))
        for shower in document.findall(listing):
            # What the listing says it shows, else every card of every kind.
            keys = shower.get("shows") or [(kind, ANY) for kind in self.kinds]
            shown |= {dependency(*key) for key in keys}
        return shown

    def index_entry(self, record: Record) -> IndexEntry:
        """The general index entry of a card: "Title (quality)"."""
        label = self.kinds[record.kind].words.label
        return ("single", f"{record.title} ({label})", record.node_id, "", None)

    def clear_doc(self, docname: str) -> None:
        self._memo = None
        records = self.cards.pop(docname, [])
        if self._index is not None:
            for key in {(record.kind, record.name) for record in records}:
                kept = [r for r in self._index.get(key, []) if r.docname != docname]
                if kept:
                    self._index[key] = kept
                else:
                    self._index.pop(key, None)
        self.depends.pop(docname, None)
        self.data.setdefault("imports", {}).pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._memo = self._index = None
        for docname, records in otherdata["cards"].items():
            if docname in docnames:
                self.cards[docname] = records
        for docname, dependencies in otherdata["depends"].items():
            if docname in docnames:
                self.depends.setdefault(docname, set()).update(dependencies)
        for docname, imported in otherdata.get("imports", {}).items():
            if docname in docnames:
                self.data.setdefault("imports", {})[docname] = imported

    # --- queries -----------------------------------------------------------

    def find(self, kind: str, target: str) -> Record | None:
        """The record for *target* (a name, or a title that slugs to one)."""
        for name in spellings(kind, target):
            found = self.entries.get((kind, name))
            if found:
                return min(found, key=self.reading_key)
        return None

    def memoised(self, key: object, compute: Callable[[], Any]) -> Any:
        """*compute()*, kept until the next change to the domain's data.

        Catalogues and backlinks on every page ask the same questions; the
        answers only change while documents are read.
        """
        if self._memo is None:
            self._memo = {}
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def all(self, kind: str) -> list[Record]:
        """Every record of *kind*, once per name, in reading (toctree) order."""

        def compute() -> list[Record]:
            firsts = [
                min(found, key=self.reading_key)
                for (found_kind, _name), found in self.entries.items()
                if found_kind == kind
            ]
            return sorted(firsts, key=self.reading_key)

        return list(self.memoised(("all", kind), compute))

    def reading_key(self, record: Record) -> tuple[int, str, int, int]:
        """Toctree order, then page order (an import's cards share its line)."""
        order: dict[str, int] = self.memoised("order", lambda: reading_order(self.env))
        place: dict[tuple[str, str], int] = self.memoised("place", lambda: {
            (r.docname, r.node_id): n for rs in self.cards.values()
            for n, r in enumerate(rs)
        })  # fmt: skip
        where = (record.docname, record.node_id)
        page = order.get(record.docname, len(order))
        return (page, record.docname, record.line, place.get(where, 0))

    def canonical(self, kind: str, target: str) -> str:
        """The name *target* resolves to (itself when nothing has that name)."""
        record = self.find(kind, target)
        return record.name if record else target

    def named(self, record: Record, fact: Fact) -> list[str]:
        """The names in *record*'s ``names`` *fact*, as those cards are named;
        without any, those it takes through :attr:`Fact.via`."""
        own = [self.canonical(fact.target, n) for n in record.fact(fact.name, ())]
        return own if own or not fact.via else self.through(record, fact)

    def through(self, record: Record, fact: Fact) -> list[str]:
        """What the cards *record* names in ``fact.via[0]`` name in their
        ``fact.via[1]``: the qualities a course develops through its outcomes."""
        via = self.kinds[record.kind].fact(fact.via[0])
        target = self.kinds.get(via.target) if via else None
        theirs = target.fact(fact.via[1]) if target else None
        if via is None or theirs is None:
            return []

        def compute() -> list[str]:
            found = (self.find(via.target, n) for n in record.fact(via.name, ()))
            named = (n for r in found if r for n in r.fact(theirs.name, ()))
            return list(dict.fromkeys(self.canonical(fact.target, n) for n in named))

        key = ("through", record.docname, record.node_id, fact.name)
        return list(self.memoised(key, compute))

    def naming(self, kind: Kind, fact: Fact, name: str) -> list[Record]:
        """The *kind* cards whose *fact* names *name* (a card's backlinks)."""

        def compute() -> dict[str, list[Record]]:
            by_name: dict[str, list[Record]] = {}
            for record in self.all(kind.name):
                for named in dict.fromkeys(self.named(record, fact)):
                    by_name.setdefault(named, []).append(record)
            return by_name

        found: dict[str, list[Record]] = self.memoised(
            ("naming", kind.name, fact.name), compute
        )
        return list(found.get(name, []))

    # --- cross-references ------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        record = self.find(typ, target)
        if record is None:
            return None  # intersphinx may still resolve it; else cmi.ref
        if not node.get("refexplicit"):  # the same classes as with explicit text
            classes = ["xref", "cmi", f"cmi-{typ}"]
            contnode = nodes.inline(record.title, record.title, classes=classes)
        ref = make_refnode(
            builder, fromdocname, record.docname, record.node_id, contnode, record.title
        )
        ref["cmi_page"] = record.docname  # where the anchor is (see outputs.py)
        return ref

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        results = []
        label = env.domains.standard_domain.labels.get(target.lower())
        for kind in self.kinds:
            record = self.find(kind, target.lower())
            if record is None or (
                label and label[:2] == (record.docname, record.node_id)
            ):
                continue  # unknown, or the card's own label: std reports it
            ref = self.resolve_xref(
                env, fromdocname, builder, kind, record.name, node, contnode
            )
            if ref is not None:
                results.append((f"cmi:{kind}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for kind in self.kinds:
            for r in self.all(kind):
                yield (r.name, r.title, kind, r.docname, r.node_id, 1)

    # --- consistency ---------------------------------------------------------

    def check_consistency(self) -> None:
        for (kind, name), found in sorted(self.entries.items()):
            first, *others = sorted(found, key=self.reading_key)
            for other in others:
                if first.only != other.only and first.only and other.only:
                    continue  # one for each output, as only directives allow
                # In the data file, if one of the two comes from one.
                imported = first.origin and not other.origin
                at, then = (first, other) if imported else (other, first)
                page = imported_by(self.env, at.docname) if at.origin else ""
                warn(
                    f"duplicate {kind} {shown(name)}: also defined at "
                    f"{self.where(then)}{page}",
                    Subtype.DATA if at.origin else Subtype.DUPLICATE,
                    self.where(at),
                )


def curriculum(env: BuildEnvironment) -> CmiDomain:
    domain = env.domains["cmi"]
    assert isinstance(domain, CmiDomain)
    return domain


def setup(app: Sphinx) -> None:
    app.add_domain(CmiDomain)
