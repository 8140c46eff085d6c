"""Option values read as numbers, levels and lists: one reading for every directive."""

from __future__ import annotations

import re
import reprlib
import unicodedata

from docutils import nodes

LEVELS = range(1, 9)
"""The levels of the Regulated Qualifications Framework a course can have."""

_DIGITS = re.compile(r"[0-9]+")
_RANGE = re.compile(r"([0-9])(?:\s*[-\u2013\u2014]\s*([0-9]))?")
"""``5``, ``3-5``; an en or em dash reads as the hyphen it stands for."""


MAX_DIGITS = 9
"""Longer numbers are refused before conversion: Python will not turn more
than 4,300 digits into an int, and no option needs a billion."""


def positive_int(text: str) -> int | None:
    """``"5"`` -> 5; not ASCII digits (``"²"``, ``"-1"``, ``"5.0"``) or more
    than :data:`MAX_DIGITS` significant digits -> None."""
    if not _DIGITS.fullmatch(text):
        return None
    digits = text.lstrip("0")
    return int(digits) if digits and len(digits) <= MAX_DIGITS else None


def shown(text: str, limit: int = 60) -> str:
    """*text* as a warning quotes it: its repr, cut short if it is long."""
    return (
        repr(text)
        if len(text) <= limit
        else f"{text[:limit]!r}... ({len(text)} characters)"
    )


def quoted(value: object) -> str:
    """A setting's value as a warning quotes it: short, and never an error
    itself (an int of 5,000 digits has no repr; an object's may raise)."""
    try:
        return reprlib.repr(value)
    except Exception:
        return f"a value of type {type(value).__name__} too long to show"


def level(text: str) -> int | None:
    """A single level from 1 to 8, or None."""
    number = positive_int(text)
    return number if number in LEVELS else None


def level_range(text: str) -> tuple[int, int] | None:
    """``"5"`` -> (5, 5); ``"3-5"`` -> (3, 5); anything else -> None."""
    match = _RANGE.fullmatch(text)
    if not match:
        return None
    low, high = int(match[1]), int(match[2] or match[1])
    return (low, high) if low in LEVELS and high in LEVELS and low <= high else None


def split_list(value: str) -> list[str]:
    """Comma-separated option value -> stripped items (empty items kept)."""
    return [item.strip() for item in value.split(",")]


def name(text: str) -> str:
    """A card's name as written: normalised like a reference name, and to one
    Unicode form (NFC), so that names that look the same are the same."""
    return unicodedata.normalize("NFC", nodes.fully_normalize_name(text))


def names(items: list[str]) -> list[str]:
    """Names (see :func:`name`) from a list option's items, once each."""
    return list(dict.fromkeys(found for found in map(name, items) if found))
