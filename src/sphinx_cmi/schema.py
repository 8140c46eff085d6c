"""The JSON Schema of data files, made from the kinds' declarations.

One schema serves twice: editors use it while an author types (``sphinx-cmi
schema`` prints it; the package ships it for the built-in kinds as
``curriculum.schema.json``), and the build validates every file with it
(:func:`problems`), reporting each error at the data file's own line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sphinx_cmi.data import Problem
from sphinx_cmi.options import suggestion
from sphinx_cmi.values import quoted, shown

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from jsonschema.exceptions import ValidationError

    from sphinx_cmi.data import Key, Located
    from sphinx_cmi.kinds import Kind

SCHEMA_FILE = "curriculum.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

TEXT: dict[str, Any] = {"type": ["string", "number"]}
LEVEL: dict[str, Any] = {
    "description": "A level from 1 to 8.",
    "anyOf": [
        {"type": "integer", "minimum": 1, "maximum": 8},
        {"type": "string", "pattern": r"^\s*0*[1-8]\s*$"},
    ],
}
FLAG: dict[str, Any] = {"type": "boolean"}
ROW: dict[str, Any] = {
    "description": "A dimension and one cell per column.",
    "anyOf": [
        {"type": "array", "items": TEXT, "minItems": 1},
        {
            "type": "object",
            "properties": {
                "dimension": TEXT,
                "cells": {"type": "array", "items": TEXT},
            },
            "required": ["dimension"],
            "additionalProperties": False,
        },
    ],
}
COMPARISON: dict[str, Any] = {
    "columns": {
        "description": "The columns of a comparison-table :file:, in order.",
        "type": "array",
        "items": TEXT,
    },
    "dimension-label": TEXT,
    "rows": {
        "description": "The rows of a comparison-table :file:.",
        "anyOf": [
            {"type": "array", "items": ROW},
            {
                "type": "object",
                "additionalProperties": {"type": "array", "items": TEXT},
            },
        ],
    },
}
PASSED_ON = ("name", "title")
"""Fields of every kind besides its facts and options (``body`` comes last)."""
FLAGS = ("no-index",)


def fields(kind: Kind) -> list[str]:
    """The fields an entry of *kind* may have: the directive's options,
    ``title`` and ``body``, in the order a directive is written."""
    facts = [fact.name for fact in kind.facts]
    return [*PASSED_ON, *facts, *kind.options, "class", *FLAGS, "body"]


def names_schema(target: str) -> dict[str, Any]:
    return {
        "description": f"Names of {target} cards: a list, or text with commas.",
        "anyOf": [{"type": "string"}, {"type": "array", "items": TEXT}],
    }


def entry_schema(kind: Kind) -> dict[str, Any]:
    properties: dict[str, Any] = {name: TEXT for name in fields(kind)}
    for fact in kind.facts:
        if fact.value == "level":
            properties[fact.name] = LEVEL
        elif fact.value == "names":
            properties[fact.name] = names_schema(fact.target)
    properties["no-index"] = FLAG
    properties["body"] = {"type": "string", "description": "Parsed like the page."}
    return {
        "title": kind.name,
        "type": "object",
        "description": f"A {kind.directive}: its options, title and body.",
        "properties": properties,
        "required": ["name", "title"],
        "additionalProperties": False,
    }


def schema(kinds: Iterable[Kind]) -> dict[str, Any]:
    """The schema of a data file holding lists of cards of *kinds* (and,
    for ``comparison-table :file:``, ``columns`` and ``rows``)."""
    kinds = list(kinds)
    lists = {
        kind.list_key: {"type": "array", "items": {"$ref": f"#/$defs/{kind.name}"}}
        for kind in kinds
    }
    return {
        "$schema": DIALECT,
        "title": "sphinx-cmi data file",
        "description": (
            "Cards for curriculum-import (one list per kind) or a comparison "
            "for comparison-table :file: (columns and rows)."
        ),
        "type": "object",
        "properties": {"$schema": {"type": "string"}, **lists, **COMPARISON},
        "additionalProperties": False,
        "$defs": {kind.name: entry_schema(kind) for kind in kinds},
    }


def text(kinds: Iterable[Kind]) -> str:
    """The schema as the shipped file and ``sphinx-cmi schema`` write it."""
    return json.dumps(schema(kinds), indent=2, ensure_ascii=False) + "\n"


# --- validation -------------------------------------------------------------


def problems(found: Located, kinds: Iterable[Kind]) -> list[Problem]:
    """Every error of *found* against the schema, at its line."""
    if found.data is None:
        return []  # an empty file: nothing in it is wrong (the caller says so)
    from jsonschema import Draft202012Validator  # only when a file is read

    validator = Draft202012Validator(schema(kinds))
    listed: list[Problem] = []
    for error in validator.iter_errors(found.data):
        listed.extend(_described(error, found))
    return sorted(listed, key=lambda problem: problem.line)


def where(key: Key) -> str:
    """How a message names the value at *key*: "field 'level'", "'rows'"..."""
    named = [part for part in key if isinstance(part, str)]
    if len(key) >= 3:
        return f"field {named[-1]!r}"
    return repr(named[-1]) if named else "the file"


def _shown_type(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return shown(value) if isinstance(value, str) else quoted(value)


def _described(error: ValidationError, found: Located) -> Iterator[Problem]:
    key: Key = tuple(error.absolute_path)
    line = found.line(key)
    keyword = error.validator
    rule: Mapping[str, Any] = {}
    if isinstance(error.schema, Mapping):
        rule = error.schema
    value: Any = error.instance
    if keyword == "additionalProperties" and isinstance(value, dict):
        known = list(rule.get("properties", {}))
        for extra in sorted(set(value) - set(known)):
            what = "field" if key else "key"
            listed = ", ".join(name for name in known if name != "$schema")
            yield Problem(
                f"unknown {what} {extra!r} (known: {listed}){suggestion(extra, known)}",
                found.line((*key, extra)),
                (*key, extra),
            )
    elif keyword == "required" and isinstance(value, dict):
        missing = str(error.message).split("'")[1]
        yield Problem(_missing(rule, value, missing), line, (*key, missing))
    elif error.schema is COMPARISON["rows"] and isinstance(value, list):
        from jsonschema import Draft202012Validator

        rows = Draft202012Validator(ROW)
        for index, row in enumerate(value):
            if not rows.is_valid(row):
                yield Problem(_row_shape(row), found.line((*key, index)), (*key, index))
    elif error.schema is ROW:
        yield Problem(_row_shape(value), line, key)
    elif error.schema is LEVEL:
        yield Problem(
            f"{where(key)} must be a whole number from 1 to 8, got "
            f"{_shown_type(value)}",
            line,
            key,
        )
    elif str(rule.get("description", "")).startswith("Names of"):
        yield Problem(
            f"{where(key)} must be a list of names or text with commas, not "
            f"{_shown_type(value)}",
            line,
            key,
        )
    elif keyword == "type" and rule.get("type") == "boolean":
        yield Problem(
            f"{where(key)} must be true or false, not {_shown_type(value)}",
            line,
            key,
        )
    elif keyword == "type" and "string" in rule.get("type", ()):
        yield Problem(f"{where(key)} must be text, not {_shown_type(value)}", line, key)
    elif keyword == "type":
        expected = "a list" if rule.get("type") == "array" else "a mapping"
        yield Problem(
            f"{where(key)} must be {expected}, not {_shown_type(value)}",
            line,
            key,
        )
    else:
        yield Problem(f"{where(key)}: {error.message}", line, key)


def _missing(rule: Mapping[str, Any], entry: dict[str, Any], missing: str) -> str:
    kind = rule.get("title", "entry")
    known = entry.get("name") or entry.get("title")
    which = f"{kind} {str(known)!r}" if known else kind
    why = " (other pages link to it by name)" if missing == "name" else ""
    return f"{which} has no {missing}: add a {missing!r} field{why}"


def _row_shape(row: Any) -> str:
    return (
        "a row must be a list (the dimension, then one cell per column) or a "
        f"mapping with 'dimension' and 'cells', not {_shown_type(row)}"
    )
