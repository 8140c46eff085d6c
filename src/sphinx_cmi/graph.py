"""What the curriculum graph stores about each card, and what a page shows of it.

Kept apart from the domain so that records can be described and read
without the domain's machinery.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sphinx_cmi.base import slugify

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx_cmi.kinds import Kind

ANY = "*"
ORIGIN = "cmi_data"
"""Card attribute: ``(file, line)`` of the data-file entry it was imported from."""

Dependency = tuple[str, str]
"""What a page shows: ``(kind, name)``, every card of a kind ``(kind, ANY)``,
or the backlinks of a card ``(inverse, name)`` (e.g. ``("developed-by", q)``).
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
    origin: str = ""
    """The data file the card was imported from, if any (``source`` and
    ``line`` are then those of the ``curriculum-import``); one string object
    for all its cards, so the environment stores it once."""
    origin_line: int = 0
    """The line of the card's entry in :attr:`origin`."""

    def fact(self, name: str, default: Any = "") -> Any:
        return self.facts.get(name, default)

    def shown(self) -> tuple[Any, ...]:
        """What a page listing this card shows: everything but where it is
        written (its line and file)."""
        return (
            self.kind, self.name, self.docname, self.node_id, self.title,
            tuple(sorted(self.facts.items())), self.only,
        )  # fmt: skip

    def moved(self, line: int) -> Record:
        return replace(self, line=line)


def dependency(key: str, name: str) -> Dependency:
    # One string object per key: the pickle then stores each key once.
    return (sys.intern(key), name)


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
            if fact.target == record.kind:
                shown.add(dependency(fact.inverse, record.name))
    return shown
