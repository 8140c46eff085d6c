"""The part of schema.org's vocabulary that sphinx-cmi writes, checked offline.

Types, their parents and each property's domain and range are copied from
the definitions on schema.org (``domainIncludes``/``rangeIncludes``, release
29); *REQUIRED* holds what search engines need for a course and a course
list. :func:`problems` checks JSON-LD read back from a page against it.
"""

from __future__ import annotations

import re
from typing import Any

CONTEXT = "https://schema.org"

PARENTS: dict[str, tuple[str, ...]] = {
    "Thing": (),
    "CreativeWork": ("Thing",),
    "LearningResource": ("CreativeWork",),
    "Course": ("CreativeWork", "LearningResource"),
    "Organization": ("Thing",),
    "Person": ("Thing",),
    "Intangible": ("Thing",),
    "ItemList": ("Intangible",),
    "ListItem": ("Intangible",),
    "DefinedTerm": ("Intangible",),
    "AlignmentObject": ("Intangible",),
    "Quantity": ("Intangible",),
    "Duration": ("Quantity",),
}
"""Type -> its direct parent types."""

PROPERTIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "name": (("Thing",), ("Text",)),
    "description": (("Thing",), ("Text", "TextObject")),
    "url": (("Thing",), ("URL",)),
    "provider": (
        ("CreativeWork", "Service", "Reservation", "Trip", "Invoice",
         "EducationalOccupationalProgram", "FinancialIncentive", "ParcelDelivery"),
        ("Organization", "Person"),
    ),
    "educationalLevel": (
        ("CreativeWork", "EducationEvent", "EducationalOccupationalCredential"),
        ("DefinedTerm", "Text", "URL"),
    ),
    "teaches": (("CreativeWork", "EducationEvent"), ("DefinedTerm", "Text")),
    "coursePrerequisites": (("Course",), ("AlignmentObject", "Course", "Text")),
    "timeRequired": (("CreativeWork",), ("Duration",)),
    "itemListElement": (("ItemList",), ("ListItem", "Text", "Thing")),
    "position": (("ListItem", "CreativeWork"), ("Integer", "Text")),
    "item": (("ListItem",), ("Thing",)),
}  # fmt: skip
"""Property -> (types it is a property of, types of its values)."""

Required = dict[str, frozenset[str]]

ALWAYS: Required = {
    "Course": frozenset({"name", "url"}),
    "Organization": frozenset({"name"}),
    "ItemList": frozenset({"itemListElement"}),
    "ListItem": frozenset({"position", "url"}),
}
"""What every object needs, whatever the author left out."""
REQUIRED: Required = {
    **ALWAYS,
    "Course": frozenset({"name", "url", "description", "provider"}),
}
"""What search engines need of a course: a description and a provider too
(a call-out with text and ``:provider:``)."""

ISO_DURATION = re.compile(
    r"P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
    r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?"
)


def ancestors(kind: str) -> set[str]:
    found = {kind}
    for parent in PARENTS[kind]:
        found |= ancestors(parent)
    return found


def fits(value: Any, expected: tuple[str, ...]) -> bool:
    """Whether *value* is one of the *expected* data types or classes."""
    if isinstance(value, dict):
        kind = value.get("@type")
        return kind in PARENTS and bool(ancestors(kind) & set(expected))
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return "Integer" in expected
    if isinstance(value, str):
        if "Duration" in expected:
            return bool(ISO_DURATION.fullmatch(value))
        return bool({"Text", "URL"} & set(expected))
    return False


def problems(node: Any, where: str = "$", required: Required = REQUIRED) -> list[str]:
    """Everything in the JSON-LD object *node* that schema.org does not allow,
    and each *required* property it lacks."""
    if isinstance(node, list):
        return [
            found
            for n, item in enumerate(node)
            for found in problems(item, f"{where}[{n}]", required)
        ]
    if not isinstance(node, dict):
        return []
    found: list[str] = []
    if "@graph" in node:
        if node.get("@context") != CONTEXT:
            found.append(f"{where}: @context is {node.get('@context')!r}")
        return found + problems(node["@graph"], f"{where}.@graph", required)
    kind = node.get("@type")
    if kind not in PARENTS:
        return [f"{where}: unknown type {kind!r}"]
    for missing in sorted(required.get(kind, frozenset()) - set(node)):
        found.append(f"{where}: {kind} without {missing}")
    for name, value in node.items():
        if name.startswith("@"):
            continue
        if name not in PROPERTIES:
            found.append(f"{where}: unknown property {name!r}")
            continue
        domain, expected = PROPERTIES[name]
        if not ancestors(kind) & set(domain):
            found.append(f"{where}: {name} is not a property of {kind}")
        for item in value if isinstance(value, list) else [value]:
            if not fits(item, expected):
                found.append(f"{where}.{name}: {item!r} is not {' or '.join(expected)}")
            found += problems(item, f"{where}.{name}", required)
    return found
