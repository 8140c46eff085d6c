"""What the curriculum graph stores about each card, and what a page shows of it.

Kept apart from the domain so that records can be described and read
without the domain's machinery.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx_cmi.base import slugify

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.environment import BuildEnvironment

    from sphinx_cmi.kinds import Fact, Kind

ANY = "*"
ORIGIN = "cmi_data"
"""Card attribute: ``(file, line)`` of the data-file entry it was imported from."""

Dependency = tuple[str, str]
"""What a page shows: ``(kind, name)``, every card of a kind ``(kind, ANY)``
(or only their titles and some facts, see :func:`every`), the backlinks of a
card ``(inverse, name)`` (e.g. ``("developed-by", q)``), or what a card takes
from the cards it names (see :func:`through`).
"""


@dataclass(frozen=True, slots=True)
class Record:
    """A card as the rest of the curriculum sees it.

    ``facts`` holds the kind's facts (:attr:`Kind.facts`) and what the kind
    collects (a quality's summary and icon); empty values are left out.
    """

    kind: str
    name: str
    docname: str
    node_id: str
    title: str
    line: int
    facts: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    """The file the card is written in, when it is not the page's own (an
    included file); ``line`` is a line of that file."""
    only: str = ""
    """The condition of the ``only`` directives around the card, if any: the
    outputs whose tags it does not match do not show it."""
    offsets: tuple[tuple[str, int], ...] = ()
    """(fact, lines below the card's first line) of its ``names`` options, so
    a warning about one points at the line that fixes it."""
    origin: str = ""
    """The data file the card was imported from, if any (``source`` and
    ``line`` are then those of the ``curriculum-import``); one string object
    for all its cards, so the environment stores it once."""
    origin_line: int = 0
    """The line of the card's entry in :attr:`origin`."""

    def fact(self, name: str, default: Any = "") -> Any:
        return self.facts.get(name, default)

    def line_of(self, fact: str) -> int:
        """The line of *fact*'s option (the card's own line if unknown)."""
        return self.line + dict(self.offsets).get(fact, 0)

    def shown(self, fields: Iterable[str] | None = None) -> tuple[Any, ...]:
        """What a page listing this card shows: everything but where it is
        written (its lines and file); only the title and *fields* if given."""
        facts = self.facts.items()
        if fields is not None:
            facts = {k: v for k, v in facts if k in fields}.items()
        return (
            self.kind, self.name, self.docname, self.node_id, self.title,
            tuple(sorted(facts)), self.only,
        )  # fmt: skip


def dependency(key: str, name: str) -> Dependency:
    # One string object per key: the pickle then stores each key once.
    return (sys.intern(key), name)


def every(kind: str, fields: Iterable[str] | None = None) -> Dependency:
    """Every card of *kind*: all of each (None), or only its title and *fields*.

    A listing that shows less than everything (the learning path shows titles,
    levels and prerequisites) is then not written again when the rest changes.
    """
    if fields is None:
        return dependency(kind, ANY)
    return dependency(kind, f"{ANY}:{','.join(sorted(set(fields)))}")


def fields_of(key: Dependency) -> tuple[str, ...] | None:
    """The fields an :func:`every` key with fields shows; None for other keys."""
    prefix = f"{ANY}:"
    if not key[1].startswith(prefix):
        return None
    return tuple(field for field in key[1][len(prefix) :].split(",") if field)


def through(kind: str, fact: str, name: str) -> Dependency:
    """What the *kind* card *name* takes for *fact* from the cards it names
    (:attr:`Fact.via`): a course's qualities through its outcomes."""
    return dependency(f"{kind}.{fact}", name)


def takes(record: Record, fact: Fact) -> bool:
    """Whether *record* leaves *fact* to the cards it names (:attr:`Fact.via`)."""
    return bool(fact.via and not record.fact(fact.name) and record.fact(fact.via[0]))


def spellings(kind: str, target: str) -> tuple[str, str]:
    """The names *target* (a card's name, or its title) can resolve to, in order."""
    target = unicodedata.normalize("NFC", target)
    return (target, slugify(target, kind))


def reference(kind: str, target: str) -> set[Dependency]:
    """A page naming *target* shows the card it resolves to."""
    return {dependency(kind, name) for name in spellings(kind, target)}


def implied(record: Record, kinds: Iterable[Kind]) -> set[Dependency]:
    """What the page of a card in the graph shows without a stored dependency:
    the cards its ``names`` facts link to, and its own backlinks.
    """
    shown: set[Dependency] = set()
    for kind in kinds:
        for fact in kind.facts_of("names"):
            if kind.name == record.kind:
                for name in record.fact(fact.name, ()):
                    shown |= reference(fact.target, name)
                if takes(record, fact):
                    shown.add(through(kind.name, fact.name, record.name))
            if fact.target == record.kind:
                shown.add(dependency(fact.inverse, record.name))
    return shown


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
