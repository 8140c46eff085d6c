"""The order a ``sequence`` fact puts cards in: courses and their prerequisites.

Shared by the alignment checks (cycles, levels) and the learning path.  The
kind and fact come from the declarations (:attr:`Fact.sequence`), never from
a name written here.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx_cmi.domain import CmiDomain
    from sphinx_cmi.graph import Record
    from sphinx_cmi.kinds import Fact, Kind

NO_LEVEL = 99
"""Where cards without a level go when ordered by level: after the others."""


def sequence_of(domain: CmiDomain) -> tuple[Kind, Fact] | None:
    """The first kind with a fact naming its own cards that come first."""
    for kind in domain.kinds.values():
        for fact in kind.facts_of("names"):
            if fact.sequence and fact.target == kind.name:
                return kind, fact
    return None


def level_of(kind: Kind, record: Record) -> int | None:
    """*record*'s level, by the kind's first ``level`` fact (None without)."""
    fact = kind.level_fact
    value = record.fact(fact.name, None) if fact else None
    return value if isinstance(value, int) else None


@dataclass
class Order:
    """The cards of a kind and the ``sequence`` fact between them."""

    kind: Kind
    fact: Fact
    records: dict[str, Record]
    """name -> record, in reading order."""
    before: dict[str, list[str]] = field(default_factory=dict)
    """name -> the known cards it names (its prerequisites), as written."""
    after: dict[str, list[str]] = field(default_factory=dict)
    """name -> the cards naming it (what it unlocks), in reading order."""
    position: dict[str, int] = field(default_factory=dict)

    def level(self, name: str) -> int | None:
        return level_of(self.kind, self.records[name])

    def key(self, name: str) -> tuple[int, int]:
        """Lower levels first, then reading order."""
        level = self.level(name)
        return (NO_LEVEL if level is None else level, self.position[name])

    def reachable(self, start: str, edges: dict[str, list[str]]) -> set[str]:
        """*start* and every card reached from it along *edges*."""
        seen = {start}
        pending = deque([start])
        while pending:
            for name in edges[pending.popleft()]:
                if name not in seen:
                    seen.add(name)
                    pending.append(name)
        return seen

    def components(self) -> dict[str, int]:
        """name -> its strongly connected component (Tarjan, iteratively)."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        component: dict[str, int] = {}
        stack: list[str] = []
        for root in self.records:
            if root in index:
                continue
            work = [(root, iter(self.after[root]))]
            index[root] = low[root] = len(index)
            stack.append(root)
            while work:
                name, children = work[-1]
                child = next(children, None)
                if child is None:
                    work.pop()
                    if work:
                        parent = work[-1][0]
                        low[parent] = min(low[parent], low[name])
                    if low[name] == index[name]:
                        number = index[name]
                        while True:
                            member = stack.pop()
                            component[member] = number
                            if member == name:
                                break
                elif child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(self.after[child])))
                elif child not in component:
                    low[name] = min(low[name], index[child])
        return component

    def cycles(self) -> list[list[str]]:
        """One cycle per group of cards that require each other, from its first
        card in reading order back to it, each card coming before the next."""
        component = self.components()
        found = []
        for number in dict.fromkeys(component[name] for name in self.records):
            members = [name for name in self.records if component[name] == number]
            first = members[0]
            if len(members) == 1 and first not in self.after[first]:
                continue
            found.append(self.shortest_cycle(first, set(members)))
        return found

    def shortest_cycle(self, start: str, within: set[str]) -> list[str]:
        came_from: dict[str, str] = {}
        pending = deque([start])
        while pending:
            name = pending.popleft()
            for child in self.after[name]:
                if child == start:
                    path = [name]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if child in within and child not in came_from:
                    came_from[child] = name
                    pending.append(child)
        return [start, start]  # pragma: no cover (a component has a cycle)

    def ordered(self) -> list[str]:
        """Every card, each after the cards it names (lowest level first).

        A cycle cannot be ordered: its first card (by level, then reading
        order) is taken as if its prerequisites were met, and nothing is
        left out.
        """
        component = self.components()
        waiting = {name: set(self.before[name]) for name in self.records}
        ready = [(self.key(n), n) for n, needs in waiting.items() if not needs]
        heapq.heapify(ready)
        done: dict[str, None] = {}
        while len(done) < len(self.records):
            if not ready:
                stuck = [
                    name
                    for name, needs in waiting.items()
                    if name not in done
                    and all(component[n] == component[name] for n in needs)
                ]
                first = min(stuck, key=self.key)
                waiting[first] = set()
                ready.append((self.key(first), first))
            _key, name = heapq.heappop(ready)
            if name in done:
                continue
            done[name] = None
            for child in self.after[name]:
                waiting[child].discard(name)
                if not waiting[child] and child not in done:
                    heapq.heappush(ready, (self.key(child), child))
        return list(done)


def order_of(domain: CmiDomain, kind: Kind, fact: Fact) -> Order:
    """The :class:`Order` of *kind*'s cards by *fact* (kept until data change)."""

    def compute() -> Order:
        records = {record.name: record for record in domain.all(kind.name)}
        position = {name: index for index, name in enumerate(records)}
        order = Order(kind, fact, records, position=position)
        for name, record in records.items():
            named = (n for n in domain.named(record, fact) if n in records)
            order.before[name] = list(dict.fromkeys(named))
            order.after.setdefault(name, [])
        for name in records:
            for required in order.before[name]:
                order.after[required].append(name)
        return order

    found: Order = domain.memoised(("sequence", kind.name, fact.name), compute)
    return found


def between(order: Order, start: str | None, end: str | None) -> list[str] | None:
    """The cards on a way from *start* to *end* (either may be None: from the
    beginning, to the end), in order; None when no way leads there."""
    kept: Iterable[str] = order.records
    if start is not None:
        kept = order.reachable(start, order.after) & set(kept)
    if end is not None:
        kept = order.reachable(end, order.before) & set(kept)
    wanted = set(kept)
    if start is not None and end is not None and end not in wanted:
        return None
    return [name for name in order.ordered() if name in wanted]
