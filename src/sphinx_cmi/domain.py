"""The ``cmi`` domain: the curriculum graph of qualities and courses.

Every quality card and course call-out registers a small entry here (never a
doctree); references, backlinks and catalogues are resolved from it late, so
they stay right under ``-j`` and incremental builds.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from sphinx_cmi.base import WARNING_TYPE, _, logger, slugify
from sphinx_cmi.graph import (
    ANY,
    COURSE,
    DEVELOPED_BY,
    KINDS,
    QUALITY,
    Dependency,
    Entry,
    implied,
    pack,
    unpack,
)
from sphinx_cmi.xrefs import TEXT_NODES

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Set

    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class CmiXRefRole(XRefRole):
    """``{quality}``/``{course}`` (and ``cmi:`` forms); records the dependency."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:
            self.name = f"cmi:{self.name}"  # the un-prefixed alias
        # Link text that keeps its classes when intersphinx copies it.
        self.innernodeclass = TEXT_NODES.get(self.name.partition(":")[2], nodes.inline)
        return super().run()

    def result_nodes(
        self,
        document: nodes.document,
        env: BuildEnvironment,
        node: nodes.Element,
        is_ref: bool,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if is_ref:
            curriculum(env).note_reference(
                env.docname, node["reftype"], node["reftarget"]
            )
            if self.target != node["reftarget"]:  # looked up in lower case
                node["cmi_spelling"] = self.target
        return [node], []


ROLE_OPTIONS: dict[str, Any] = {
    "lowercase": True,
    "warn_dangling": True,
    "innernodeclass": nodes.inline,
}


class CmiDomain(Domain):
    name = "cmi"
    label = "Curriculum"
    object_types = {  # noqa: RUF012 (Domain's own annotation)
        QUALITY: ObjType(_("quality"), QUALITY),
        COURSE: ObjType(_("course"), COURSE),
    }
    roles = {  # noqa: RUF012
        QUALITY: CmiXRefRole(**ROLE_OPTIONS),
        COURSE: CmiXRefRole(**ROLE_OPTIONS),
    }
    initial_data = {  # noqa: RUF012
        "cards": {},  # docname -> [packed Entry, ...] in source order
        "depends": {},  # docname -> {Dependency, ...}
    }
    data_version = 2

    _before_read: dict[Dependency, int] | None = None
    _memo: dict[object, Any] | None = None
    """Orderings derived from the data; dropped whenever the data changes."""
    _index: dict[tuple[str, str], list[Entry]] | None = None
    """(kind, name) -> entries, built from the stored cards in memory only."""

    # --- storage -----------------------------------------------------------

    @property
    def cards(self) -> dict[str, list[tuple[Any, ...]]]:
        return self.data["cards"]  # type: ignore[no-any-return]

    @property
    def depends(self) -> dict[str, set[Dependency]]:
        return self.data["depends"]  # type: ignore[no-any-return]

    @property
    def entries(self) -> dict[tuple[str, str], list[Entry]]:
        """(kind, name) -> its entries (several when the name is defined twice)."""
        if self._index is None:
            self._index = {}
            for docname, packed in self.cards.items():
                for record in packed:
                    self._index_entry(unpack(docname, record))
        return self._index

    def _index_entry(self, entry: Entry) -> None:
        assert self._index is not None
        self._index.setdefault((entry.kind, entry.name), []).append(entry)

    def note_entry(self, entry: Entry) -> None:
        self._memo = None
        self.cards.setdefault(entry.docname, []).append(pack(entry))
        if self._index is not None:
            self._index_entry(entry)

    def replace_entry(self, old: Entry, new: Entry) -> None:
        """Swap *old* for *new* (a translated card) in place."""
        self._memo = None
        packed = self.cards[old.docname]
        packed[packed.index(pack(old))] = pack(new)
        if self._index is not None:
            found = self._index[(old.kind, old.name)]
            found[found.index(old)] = new

    def note_dependency(self, docname: str, dependency: Dependency) -> None:
        kind, name = dependency
        # One string object per kind: the pickle then stores each kind once.
        self.depends.setdefault(docname, set()).add((sys.intern(kind), name))

    def note_reference(self, docname: str, kind: str, target: str) -> None:
        """*docname* shows the *kind* named *target* (a name, or a title)."""
        for name in {target, slugify(target, kind)}:
            self.note_dependency(docname, (kind, name))

    def clear_doc(self, docname: str) -> None:
        self._memo = None
        packed = self.cards.pop(docname, [])
        if self._index is not None:
            for record in packed:
                key = (KINDS[record[0]], record[1])
                kept = [e for e in self._index.get(key, []) if e.docname != docname]
                if kept:
                    self._index[key] = kept
                else:
                    self._index.pop(key, None)
        self.depends.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._memo = None
        self._index = None
        for docname, packed in otherdata["cards"].items():
            if docname in docnames:
                self.cards[docname] = packed
        for docname, dependencies in otherdata["depends"].items():
            if docname in docnames:
                self.depends.setdefault(docname, set()).update(dependencies)

    # --- queries -----------------------------------------------------------

    def find(self, kind: str, target: str) -> Entry | None:
        """The entry for *target* (a name, or a title that slugs to one)."""
        for name in (target, slugify(target, kind)):
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

    def all(self, kind: str) -> list[Entry]:
        """Every entry of *kind*, once per name, in reading (toctree) order."""

        def compute() -> list[Entry]:
            firsts = [
                min(found, key=self.reading_key)
                for (entry_kind, _name), found in self.entries.items()
                if entry_kind == kind
            ]
            return sorted(firsts, key=self.reading_key)

        return list(self.memoised(("all", kind), compute))

    def reading_key(self, entry: Entry) -> tuple[int, str, int]:
        order: dict[str, int] = self.memoised("order", lambda: reading_order(self.env))
        return (order.get(entry.docname, len(order)), entry.docname, entry.line)

    def canonical(self, kind: str, target: str) -> str:
        """The name *target* resolves to (itself when nothing has that name)."""
        entry = self.find(kind, target)
        return entry.name if entry else target

    def developed(self, course: Entry) -> list[str]:
        """The quality names a course develops, as the qualities are named."""
        return [self.canonical(QUALITY, name) for name in course.develops]

    def courses_developing(self, quality: str) -> list[Entry]:
        def compute() -> dict[str, list[Entry]]:
            by_quality: dict[str, list[Entry]] = {}
            for course in self.all(COURSE):
                for name in self.developed(course):
                    by_quality.setdefault(name, []).append(course)
            return by_quality

        by_quality: dict[str, list[Entry]] = self.memoised("developed-by", compute)
        return list(by_quality.get(quality, []))

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
        entry = self.find(typ, target)
        if entry is None:
            return None  # intersphinx may still resolve it; else cmi.ref
        if not node.get("refexplicit"):  # the same classes as with explicit text
            classes = ["xref", "cmi", f"cmi-{typ}"]
            contnode = nodes.inline(entry.title, entry.title, classes=classes)
        return make_refnode(
            builder, fromdocname, entry.docname, entry.node_id, contnode, entry.title
        )

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
        for kind in (QUALITY, COURSE):
            entry = self.find(kind, target.lower())
            if entry is None or (label and label[:2] == entry[2:4]):
                continue  # unknown, or the card's own label: std reports it
            ref = self.resolve_xref(
                env, fromdocname, builder, kind, entry.name, node, contnode
            )
            if ref is not None:
                results.append((f"cmi:{kind}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for kind in (QUALITY, COURSE):
            for entry in self.all(kind):
                yield (entry.name, entry.title, kind, entry.docname, entry.node_id, 1)

    # --- consistency and incremental builds ---------------------------------

    def check_consistency(self) -> None:
        for (kind, name), found in sorted(self.entries.items()):
            if len(found) < 2:
                continue
            first, *others = sorted(found, key=self.reading_key)
            for other in others:
                logger.warning(
                    "duplicate %s %r: also defined at %s:%s",
                    kind,
                    name,
                    self.env.doc2path(first.docname),
                    first.line,
                    location=(other.docname, other.line),
                    type=WARNING_TYPE,
                    subtype="duplicate",
                )

    def fingerprints(self) -> dict[Dependency, int]:
        """A hash per thing a page can show, to tell what a re-read changed.

        Listings follow the reading order, so it is part of their hash; source
        lines are not (prose added above a card changes nothing it shows).
        """

        def shown(entries: Iterable[Entry]) -> int:
            return hash(tuple(entry._replace(line=0) for entry in entries))

        prints: dict[Dependency, int] = {
            key: shown(sorted(found, key=self.reading_key))
            for key, found in self.entries.items()
        }
        for kind in (QUALITY, COURSE):
            prints[(kind, ANY)] = shown(self.all(kind))
        developed = {q for c in self.all(COURSE) for q in self.developed(c)}
        for quality in developed:
            prints[(DEVELOPED_BY, quality)] = shown(self.courses_developing(quality))
        return prints

    def remember_before_read(self) -> None:
        self._before_read = self.fingerprints()

    def pages_to_rewrite(self) -> set[str]:
        """Pages not re-read that show something the re-read changed."""
        if self._before_read is None:
            return set()
        before, after = self._before_read, self.fingerprints()
        self._before_read = None
        changed = {
            key
            for key in before.keys() | after.keys()
            if before.get(key) != after.get(key)
        }
        pages = {
            docname
            for docname, dependencies in self.depends.items()
            if dependencies & changed
        }
        for found in self.entries.values():
            pages.update(e.docname for e in found if implied(e) & changed)
        return pages


def curriculum(env: BuildEnvironment) -> CmiDomain:
    domain = env.domains["cmi"]
    assert isinstance(domain, CmiDomain)
    return domain


def reading_order(env: BuildEnvironment) -> dict[str, int]:
    """docname -> position when the toctree is read from the root document."""
    order: dict[str, int] = {}
    pending = [env.config.root_doc]
    while pending:
        docname = pending.pop()
        if docname in order or docname not in env.all_docs:
            continue
        order[docname] = len(order)
        pending.extend(reversed(env.toctree_includes.get(docname, [])))
    for docname in sorted(env.all_docs):
        order.setdefault(docname, len(order))
    return order


def _remember(app: Sphinx, env: BuildEnvironment, *changes: Iterable[str]) -> list[str]:
    curriculum(env).remember_before_read()
    return []


def _rewrite_dependents(app: Sphinx, env: BuildEnvironment) -> list[str]:
    return sorted(curriculum(env).pages_to_rewrite())


def _warn_unknown(app: Sphinx, domain: Domain | None, node: pending_xref) -> bool:
    if domain is None or domain.name != "cmi":
        return False
    logger.warning(
        "unknown %s %r: no %s card or call-out has that name",
        node["reftype"],
        node.get("cmi_spelling") or node["reftarget"],
        node["reftype"],
        location=node,
        type=WARNING_TYPE,
        subtype="ref",
    )
    return True


def setup(app: Sphinx) -> None:
    app.add_domain(CmiDomain)  # the short roles: see sphinx_cmi.config
    app.connect("env-get-outdated", _remember)
    app.connect("env-get-updated", _rewrite_dependents)
    app.connect("warn-missing-reference", _warn_unknown)
