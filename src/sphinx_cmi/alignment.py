"""Constructive alignment: what a card takes from the cards it names, and
whether the parts of the curriculum meet.

A course without ``:develops:`` develops what its outcomes develop (a fact
with :attr:`~sphinx_cmi.kinds.Fact.via`): its card shows those qualities once
every page is read.  Once all pages are read, the curriculum is checked
(``cmi.alignment``); every check comes from a declaration:

=================================  ============================================
``cmi.alignment.<kind>``           a card of *kind* that no ``aligns`` fact
                                   names (an outcome no course teaches, a
                                   quality nothing develops)
``cmi.alignment.<fact>``           a card whose *fact* names a card that none
                                   of the cards it takes it from (``via``) name
``cmi.alignment.cycle``            cards that come before each other
                                   (``sequence``)
``cmi.alignment.level``            a card that comes first at a higher level
=================================  ============================================

Sphinx's ``suppress_warnings`` matches ``cmi.alignment`` (every check) by
itself; the names of single checks are matched here, before warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_cmi.domain import curriculum
from sphinx_cmi.nodes import placeholder_visitors, taken
from sphinx_cmi.order import level_of, order_of
from sphinx_cmi.problems import WARNING_TYPE, Subtype, warn
from sphinx_cmi.references import reference_list

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_cmi.domain import CmiDomain
    from sphinx_cmi.graph import Record
    from sphinx_cmi.kinds import Fact, Kind

CYCLE = "cycle"
LEVEL = "level"


def check_name(check: str) -> str:
    """What ``suppress_warnings`` names one check by: ``cmi.alignment.cycle``."""
    return f"{WARNING_TYPE}.{Subtype.ALIGNMENT}.{check}"


class Checks:
    """The alignment checks of one build, reported unless suppressed one by one."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.domain = curriculum(env)
        self.suppressed = set(env.config.suppress_warnings or ())

    def report(self, check: str, message: str, record: Record, fact: str = "") -> None:
        name = check_name(check)
        if name in self.suppressed:
            return
        where = record.source or self.domain.env.doc2path(record.docname)
        line = record.line_of(fact) if fact else record.line
        warn(f"{message} ({name})", Subtype.ALIGNMENT, f"{where}:{line}")

    def run(self) -> None:
        kinds = self.domain.kinds.values()
        if any(self.domain.all(kind.name) for kind in kinds if kind.alignment):
            for kind in kinds:
                self.unnamed(kind)
        for kind in kinds:
            for fact in kind.facts_of("names"):
                if fact.via:
                    self.not_through(kind, fact)
                if fact.sequence and fact.target == kind.name:
                    self.cycles(kind, fact)
                    self.levels(kind, fact)

    def unnamed(self, target: Kind) -> None:
        """Every card of *target* is named by a fact that ``aligns``."""
        facts = [
            (kind, fact)
            for kind, fact in self.domain.relations_to(target)
            if fact.aligns
        ]
        if not facts:
            return
        where = " or ".join(f"{kind.name}'s :{fact.name}:" for kind, fact in facts)
        for record in self.domain.all(target.name):
            if not any(self.domain.naming(k, f, record.name) for k, f in facts):
                self.report(
                    target.name,
                    f"{target.name} {record.name!r} is in no {where}; add it to "
                    f"one, or remove the {target.name}",
                    record,
                )

    def not_through(self, kind: Kind, fact: Fact) -> None:
        """What a card names itself, the cards it takes *fact* from name too."""
        via = fact.via[0]
        for record in self.domain.all(kind.name):
            own = self.domain.named(record, fact) if record.fact(fact.name) else []
            target = self.domain.kinds[kind.name].fact(via)
            known = target and any(
                self.domain.find(target.target, name) for name in record.fact(via, ())
            )
            if not own or not known:
                continue  # no card to take it from (an unknown one is cmi.ref)
            reached = set(self.domain.through(record, fact))
            missing = [
                name
                for name in own
                if name not in reached and self.domain.find(fact.target, name)
            ]
            if missing:
                listed = ", ".join(map(repr, missing))
                self.report(
                    fact.name,
                    f"{kind.name} {record.name!r} has {listed} in :{fact.name}:, "
                    f"but none of its :{via}: has it in :{fact.via[1]}:; add it "
                    f"there, or remove it from the {kind.name}'s :{fact.name}:",
                    record,
                    fact.name,
                )

    def cycles(self, kind: Kind, fact: Fact) -> None:
        """One warning per cycle, at the first card's option that closes it."""
        order = order_of(self.domain, kind, fact)
        for cycle in order.cycles():
            chain = " -> ".join(map(repr, cycle))
            link = f"{cycle[-2]!r} from the :{fact.name}: of {cycle[0]!r}"
            self.report(
                CYCLE,
                f"cycle in :{fact.name}: {chain} (each comes before the next): none "
                f"of them can come first; remove {link}, or another link of the cycle",
                order.records[cycle[0]],
                fact.name,
            )

    def levels(self, kind: Kind, fact: Fact) -> None:
        order = order_of(self.domain, kind, fact)
        for name, record in order.records.items():
            level = level_of(kind, record)
            for required in order.before[name]:
                theirs = order.level(required)
                if level is not None and theirs is not None and theirs > level:
                    self.report(
                        LEVEL,
                        f"{kind.name} {name!r} (level {level}) has {required!r} "
                        f"(level {theirs}) in :{fact.name}:, a higher level; "
                        f"check both levels, or remove {required!r}",
                        record,
                        fact.name,
                    )


def _check(app: Sphinx, env: BuildEnvironment) -> None:
    Checks(env).run()


class TakenResolver(SphinxPostTransform):
    """Replace a ``taken`` placeholder by links to what the card takes; with
    nothing to take, the fact is left out of the card."""

    default_priority = 5  # before references are resolved (10)

    def run(self, **kwargs: Any) -> None:
        domain: CmiDomain = curriculum(self.env)
        for node in list(self.document.findall(taken)):
            kind = domain.kinds[node["kind"]]
            fact = kind.fact(node["fact"])
            record = domain.find(kind.name, node["name"])
            if fact is not None and record is not None:
                names = domain.through(record, fact)
                found = [(n, None) for n in names if domain.find(fact.target, n)]
                if found:
                    node.replace_self(
                        reference_list(fact.target, found, self.env.docname)
                    )
                    continue
            self.leave_out(node)

    @staticmethod
    def leave_out(node: nodes.Element) -> None:
        """Remove the fact *node* is the value of (and the list, if empty)."""
        item: nodes.Node | None = node
        while item is not None and not isinstance(item, nodes.definition_list_item):
            item = item.parent
        if item is None or item.parent is None:
            node.parent.remove(node)
            return
        facts = item.parent
        facts.remove(item)
        if not facts.children and facts.parent is not None:
            facts.parent.remove(facts)


def setup(app: Sphinx) -> None:
    app.add_node(taken, **placeholder_visitors())  # type: ignore[arg-type]
    app.connect("env-check-consistency", _check)
    app.add_post_transform(TakenResolver)
