"""Curriculum data for the data-file tests: written in each format, and as the
hand-written directives it stands for (the oracle of ``curriculum-import``).

The writers are independent of the extension's reader: YAML through PyYAML's
dumper, JSON through :mod:`json`, CSV through :mod:`csv`, TOML by hand.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

import yaml

from helpers import directive

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

Entry = dict[str, Any]
KEYS = {"quality": "qualities", "course": "courses"}
DIRECTIVES = {"quality": "quality-card", "course": "course-callout"}
FORMATS = ("yaml", "json", "toml", "csv")


class _BlockDumper(yaml.SafeDumper):
    """Multi-line text as ``|`` blocks, as an author would write it."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _text)


def to_yaml(data: Mapping[str, Any]) -> str:
    return yaml.dump(dict(data), Dumper=_BlockDumper, sort_keys=False,
                     allow_unicode=True)  # fmt: skip


def to_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string


def to_toml(data: Mapping[str, Sequence[Entry]]) -> str:
    lines: list[str] = []
    for key, entries in data.items():
        for entry in entries:
            lines += ["", f"[[{key}]]"]
            lines += [f'"{name}" = {_toml_value(v)}' for name, v in entry.items()]
    return "\n".join(lines[1:]) + "\n"


def to_csv(rows: Sequence[Entry], *, kind_column: bool = True) -> str:
    """One row per entry; a ``kind`` column first unless *kind_column* is off."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    if not kind_column:
        columns.remove("kind")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(column, "")) for column in columns])
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, bool):
        return "true" if value else ""
    return str(value)


def write_as(fmt: str, data: Mapping[str, Sequence[Entry]]) -> str:
    """*data* (``{"qualities": [...], "courses": [...]}``) in the format *fmt*."""
    if fmt == "yaml":
        return to_yaml(data)
    if fmt == "json":
        return to_json(data)
    if fmt == "toml":
        return to_toml(data)
    kinds = {key: kind for kind, key in KEYS.items()}
    rows = [{"kind": kinds[key], **entry} for key, items in data.items()
            for entry in items]  # fmt: skip
    return to_csv(rows)


def as_directive(language: str, kind: str, entry: Entry) -> str:
    """The hand-written card *entry* stands for, in MyST or rST."""
    options: list[tuple[str, str]] = []
    for key, value in entry.items():
        if key in ("title", "body"):
            continue
        if isinstance(value, bool):
            if value:
                options.append((key, ""))
            continue
        text = ", ".join(value) if isinstance(value, list) else str(value)
        options.append((key, text))
    written = directive(
        language, DIRECTIVES[kind], str(entry.get("title", "")),
        [(key, value) for key, value in options], str(entry.get("body", "")),
    )  # fmt: skip
    # helpers.directive writes ":key: " for a flag: a flag has no value.
    return written.replace(":no-index: \n", ":no-index:\n")


def as_directives(language: str, data: Mapping[str, Sequence[Entry]]) -> str:
    kinds = {key: kind for kind, key in KEYS.items()}
    return "\n".join(
        as_directive(language, kinds[key], entry)
        for key, entries in data.items()
        for entry in entries
    )
