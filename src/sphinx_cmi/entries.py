"""The cards a data file holds: one :class:`Entry` per card, checked and located.

Which kinds a file can hold, under which top-level key, and which fields each
entry may have all come from the kinds' declarations (``Kind.list_key``,
``Kind.facts``, ``Kind.options``): a kind added with ``add_kind`` can be
imported with no change here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx_cmi import values
from sphinx_cmi.base import slugify
from sphinx_cmi.data import Located, Problem
from sphinx_cmi.options import suggestion
from sphinx_cmi.schema import FLAGS, fields, problems

if TYPE_CHECKING:
    from sphinx_cmi.kinds import Kind

KIND_COLUMN = "kind"
"""The CSV column naming each row's kind (else the directive's ``:kind:``)."""
TRUE = frozenset({"true", "yes", "on", "1"})
FALSE = frozenset({"false", "no", "off", "0"})


@dataclass(eq=False)
class Entry:
    """One card of a data file, as read."""

    kind: Kind
    index: int
    """Its place in its kind's list (its CSV row among those of its kind)."""
    line: int
    values: dict[str, Any]
    lines: dict[str, int]
    body_line: int
    reported: set[str] = field(default_factory=set)
    """Fields already warned about (the directive's own warning is dropped)."""

    @property
    def title(self) -> str:
        title = self.values.get("title")
        return " ".join(str(title).split()) if isinstance(title, str) else ""

    @property
    def name(self) -> str:
        """The card's name, as the directive would give it."""
        name = self.values.get("name")
        named = values.name(str(name)) if isinstance(name, str) else ""
        return named or (slugify(self.title, self.kind.name) if self.title else "")

    def names(self, fact: str) -> list[str]:
        """The names a ``names`` fact lists (a list, or text with commas)."""
        value = self.values.get(fact)
        items = value if isinstance(value, list) else str(value or "").split(",")
        return values.names([str(item) for item in items])


def read_entries(
    found: Located, kinds: list[Kind], chosen: Kind | None
) -> tuple[list[Entry], list[Problem]]:
    """Every entry of *found*, in file order, and the problems of the file.

    A CSV file's rows are read as entries of the kind in their ``kind``
    column, else of *chosen*.
    """
    reported = list(found.problems)
    if is_csv(found):
        found = csv_as_lists(found, kinds, chosen, reported)
    else:
        found = Located(found.path, _normalised(found.data, kinds), found.lines,
                        found.starts)  # fmt: skip
    reported += problems(found, kinds)
    entries: list[Entry] = []
    data = found.data if isinstance(found.data, dict) else {}
    for kind in kinds:
        items = data.get(kind.list_key)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            at = (kind.list_key, index)
            entries.append(
                Entry(
                    kind,
                    index,
                    found.line(at),
                    item,
                    {name: found.line((*at, name)) for name in item},
                    found.text_line((*at, "body")),
                    {str(p.key[2]) for p in reported if p.key[:2] == at and p.key[2:]},
                )
            )
    entries.sort(key=lambda entry: entry.line)
    return entries, sorted(reported, key=lambda problem: problem.line)


def is_csv(found: Located) -> bool:
    return Path(found.path).suffix.lower() == ".csv"


def _normalised(data: Any, kinds: list[Kind]) -> Any:
    """*data* with empty values left out and flags read as true or false."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    for kind in kinds:
        items = data.get(kind.list_key)
        if items is None:
            data.pop(kind.list_key, None)  # "courses:" with nothing under it
        elif isinstance(items, list):
            data[kind.list_key] = [_entry(item) for item in items]
    return data


def _entry(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    kept: dict[str, Any] = {}
    for name, value in item.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if name in FLAGS and isinstance(value, str):
            word = value.strip().lower()
            value = True if word in TRUE else False if word in FALSE else value
        kept[name] = value
    return kept


def csv_as_lists(
    found: Located, kinds: list[Kind], chosen: Kind | None, reported: list[Problem]
) -> Located:
    """A CSV file's rows as the lists of a YAML file: ``{"courses": [...]}``."""
    header = [column.lower() for column in found.data["header"]]
    header_line = found.line(("header",))
    by_name = {kind.name: kind for kind in kinds}
    kind_column = header.index(KIND_COLUMN) if KIND_COLUMN in header else None
    possible = [chosen] if chosen and kind_column is None else kinds
    known = list(dict.fromkeys(name for k in possible for name in fields(k)))
    usable: dict[int, str] = {}
    for index, column in enumerate(header):
        if column == KIND_COLUMN:
            continue
        if column in usable.values():
            reported.append(
                Problem(
                    f"column {column!r} appears twice in the header; the last one "
                    "is used",
                    header_line,
                )
            )
        if column in known:
            usable = {i: c for i, c in usable.items() if c != column}
            usable[index] = column
        else:
            listed = ", ".join([*known, KIND_COLUMN])
            what = f"unknown column {column!r}" if column else "a column without a name"
            reported.append(
                Problem(
                    f"{what} (known: {listed}); its cells are not read"
                    f"{suggestion(column, known)}",
                    header_line,
                )
            )
    lists: dict[str, list[dict[str, Any]]] = {}
    located = Located(found.path, lists)
    for row_index, row in enumerate(found.data["rows"]):
        line = found.line(("rows", row_index))
        has_kind = kind_column is not None and kind_column < len(row)
        written = row[kind_column] if has_kind and kind_column is not None else ""
        kind = by_name.get(written.lower()) if written else chosen
        if kind is None:
            listed = ", ".join(by_name)
            message = (
                f"unknown kind {written!r} (known: {listed}); the row is not read"
                f"{suggestion(written.lower(), by_name)}"
                if written
                else "row without a kind: fill in its 'kind' cell, or give the "
                "directive a :kind:; the row is not read"
            )
            reported.append(Problem(message, line))
            continue
        entries = lists.setdefault(kind.list_key, [])
        at = (kind.list_key, len(entries))
        located.lines[at] = line
        if len(row) > len(header) and any(row[len(header) :]):
            extra = ", ".join(repr(cell) for cell in row[len(header) :] if cell)
            reported.append(
                Problem(
                    f"row has {len(row)} cells but the header names {len(header)} "
                    f"columns; the extra cells are not read: {extra}",
                    line,
                    at,
                )
            )
        item: dict[str, Any] = {}
        for index, column in usable.items():
            if index < len(row) and row[index]:
                item[column] = row[index]
                located.lines[(*at, column)] = found.line(("rows", row_index, index))
        entries.append(_entry(item))
    return located
