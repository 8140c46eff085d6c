"""What the curriculum graph stores about each card, and in what form.

Kept apart from the domain so that directives can describe a card without
importing the domain's machinery.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sphinx_cmi.base import slugify

QUALITY, COURSE = "quality", "course"
ANY = "*"
DEVELOPED_BY = "developed-by"

Dependency = tuple[str, str]
"""What a page shows: ``(QUALITY, name)``, ``(COURSE, ANY)``, ``(DEVELOPED_BY, q)``.

Only what cannot be derived from the cards is stored (see :func:`implied`).
"""


class Entry(NamedTuple):
    """A quality or course as the rest of the curriculum sees it."""

    kind: str
    name: str
    docname: str
    node_id: str
    title: str
    line: int
    summary: str = ""
    icon: str = ""
    provider: str = ""
    level: int | None = None
    duration: str = ""
    develops: tuple[str, ...] = ()


KINDS = (QUALITY, COURSE)
_DEFAULTS = Entry("", "", "", "", "", 0)


def pack(entry: Entry) -> tuple[Any, ...]:
    """*entry* as stored: no docname (the key), defaults left off the end.

    Every field costs bytes in ``environment.pickle`` for every card of
    the project, so the stored form is as short as it can be.
    """
    kind, name, _docname, node_id, *rest = entry
    fields = [KINDS.index(kind), name, None if node_id == name else node_id, *rest]
    while len(fields) > 5 and fields[-1] == _DEFAULTS[len(fields)]:
        fields.pop()  # fields[i] is Entry field i + 1
    return tuple(fields)


def unpack(docname: str, record: tuple[Any, ...]) -> Entry:
    kind, name, node_id, *rest = record
    return Entry(
        KINDS[kind], name, docname, name if node_id is None else node_id, *rest
    )


def implied(entry: Entry) -> set[Dependency]:
    """What the page of a card in the graph shows without a stored dependency:
    a quality card its "Developed by" list, a call-out the qualities it develops.
    """
    if entry.kind == QUALITY:
        return {(DEVELOPED_BY, entry.name)}
    return {
        (QUALITY, n) for name in entry.develops for n in (name, slugify(name, QUALITY))
    }
