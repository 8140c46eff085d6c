"""Data files (YAML, JSON, TOML, CSV) read into plain values, with their lines.

Every value read from a data file keeps the line it was written on, so that
each problem found later (an unknown field, a bad level, an unsafe URL) is
reported at the data file's own ``file:line``.  Scalars are kept as written
(``level: 05`` is the text ``"05"``, ``provider: NO`` stays ``"NO"``); only
``null`` and JSON/TOML booleans keep their type.
"""

from __future__ import annotations

import bisect
import csv
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.environment import BuildEnvironment

FORMATS = {".yaml": "YAML", ".yml": "YAML", ".json": "JSON", ".toml": "TOML"}
FORMATS[".csv"] = "CSV"
"""Suffix -> format of the data files ``curriculum-import`` and ``:file:`` read."""

Key = tuple[str | int, ...]
"""Where a value is: ``("courses", 3, "level")``."""


class DataError(Exception):
    """A file that cannot be read at all (missing, not UTF-8, bad syntax)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Problem:
    """Something read, but worth a warning (a repeated key, an extra cell)."""

    message: str
    line: int
    key: Key = ()
    """The value it is about, when it is one value: ``("courses", 3, "level")``."""


@dataclass
class Located:
    """A data file's values, and the line of each mapping key and list item."""

    path: str
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)
    starts: dict[Key, int] = field(default_factory=dict)
    """First line of the text of strings that start below their key (``|``)."""
    problems: list[Problem] = field(default_factory=list)

    def line(self, key: Key) -> int:
        """The line of *key*, else of the nearest enclosing value known."""
        for end in range(len(key), -1, -1):
            if key[:end] in self.lines:
                return self.lines[key[:end]]
        return 1

    def text_line(self, key: Key) -> int:
        return self.starts.get(key) or self.line(key)


def is_data_file(path: str | None) -> bool:
    """Whether *path* (a node's source) names a data file rather than a page."""
    return bool(path) and Path(str(path)).suffix.lower() in FORMATS


def imported_by(env: BuildEnvironment, docname: str) -> str:
    """What every warning about a data file adds: the page that imported it."""
    return f" (imported by {env.doc2path(docname, False)})"


def read(path: str, written: str = "") -> Located:
    """The values of the data file *path* (*written* so on the page);
    :class:`DataError` if it cannot be read."""
    suffix = Path(path).suffix.lower()
    written = written or Path(path).name
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise DataError(f"unsupported data file {written!r}: use {known}")
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(f"data file {written!r} not found") from None
    except OSError as error:
        raise DataError(
            f"cannot read data file {written!r}: {error.strerror}"
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DataError(
            f"not UTF-8 text (byte {raw[error.start]:#04x}): save the file as UTF-8",
            line,
        ) from None
    readers: dict[str, Callable[[str, str], Located]] = {
        "YAML": _yaml, "JSON": _json, "TOML": _toml, "CSV": _csv,
    }  # fmt: skip
    try:
        return readers[FORMATS[suffix]](path, text)
    except RecursionError:
        raise DataError("values nested too deeply to read") from None


# --- YAML -------------------------------------------------------------------


def _yaml(path: str, text: str) -> Located:
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as error:  # a control character
        line = text.count("\n", 0, error.position) + 1
        raise DataError(f"YAML syntax error: {error.reason}", line) from None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise DataError(
            f"YAML syntax error: {error.problem or error.context}",
            mark.line + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise DataError(f"YAML syntax error: {error.reason}", line) from None
    except yaml.YAMLError as error:
        raise DataError(f"YAML syntax error: {error}") from None
    finally:
        loader.dispose()
    located = Located(path, None)
    budget = [len(text) + 1000]  # aliases must not multiply the work
    located.data = None if node is None else _yaml_value(node, (), located, budget)
    return located


def _yaml_value(node: yaml.Node, key: Key, found: Located, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise DataError("too many values: are aliases (*name) repeating a list?")
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
            line = key_node.start_mark.line + 1
            if name in mapping:
                found.problems.append(
                    Problem(
                        f"key {name!r} repeated (first on line "
                        f"{found.lines[(*key, name)]}); the last value is used",
                        line,
                    )
                )
            found.lines[(*key, name)] = line
            block = isinstance(value_node, yaml.ScalarNode) and value_node.style
            if block in ("|", ">"):  # the text starts on the next line
                found.starts[(*key, name)] = value_node.start_mark.line + 2
            mapping[name] = _yaml_value(value_node, (*key, name), found, budget)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            found.lines[(*key, index)] = item.start_mark.line + 1
            items.append(_yaml_value(item, (*key, index), found, budget))
        return items
    if node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value)


# --- JSON -------------------------------------------------------------------


def _json(path: str, text: str) -> Located:
    try:
        data = json.loads(text, parse_float=str, parse_int=str)
    except json.JSONDecodeError as error:
        raise DataError(f"JSON syntax error: {error.msg}", error.lineno) from None
    located = Located(path, data)
    _JsonLines(text, located).value(0, ())
    return located


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_ATOM = re.compile(r"-?[0-9.eE+-]+|true|false|null")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


class _JsonLines:
    """The line of every key and item of a (valid) JSON text."""

    def __init__(self, text: str, located: Located) -> None:
        self.text = text
        self.found = located
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def line(self, position: int) -> int:
        return bisect.bisect_left(self.breaks, position) + 1

    def skip(self, position: int) -> int:
        match = _JSON_SPACE.match(self.text, position)
        return match.end() if match else position

    def value(self, position: int, key: Key) -> int:
        position = self.skip(position)
        first = self.text[position]
        if first == "{":
            return self.members(position + 1, key)
        if first == "[":
            return self.items(position + 1, key)
        if first == '"':
            return self.string(position)[1]
        atom = _JSON_ATOM.match(self.text, position)
        return atom.end() if atom else position + 1

    def string(self, position: int) -> tuple[str, int]:
        """The string starting at *position* and the position after it."""
        match = _JSON_STRING.match(self.text, position)
        assert match is not None  # the text parsed as JSON
        return str(json.loads(match.group())), match.end()

    def members(self, position: int, key: Key) -> int:
        seen: set[str] = set()
        position = self.skip(position)
        while self.text[position] != "}":
            line = self.line(position)
            name, position = self.string(position)
            if name in seen:
                first = self.found.lines[(*key, name)]
                self.found.problems.append(
                    Problem(
                        f"key {name!r} repeated (first on line {first}); the last "
                        "value is used",
                        line,
                    )
                )
            seen.add(name)
            self.found.lines[(*key, name)] = line
            position = self.skip(self.skip(position) + 1)  # past the ':'
            position = self.skip(self.value(position, (*key, name)))
            if self.text[position] == ",":
                position = self.skip(position + 1)
        return position + 1

    def items(self, position: int, key: Key) -> int:
        index = 0
        position = self.skip(position)
        while self.text[position] != "]":
            self.found.lines[(*key, index)] = self.line(position)
            position = self.skip(self.value(position, (*key, index)))
            if self.text[position] == ",":
                position = self.skip(position + 1)
            index += 1
        return position + 1


# --- TOML -------------------------------------------------------------------

_TOML_LONG = re.compile(r"[0-9][0-9_]{4000,}")
_TOML_AT = re.compile(r"\s*\(at line (\d+), column \d+\)$")
_TOML_KEY = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=\s*(.*)$""")
_TOML_TABLE = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _toml(path: str, text: str) -> Located:
    try:
        data = tomllib.loads(text, parse_float=str)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        at = _TOML_AT.search(message)
        raise DataError(
            f"TOML syntax error: {_TOML_AT.sub('', message)}",
            int(at[1]) if at else None,
        ) from None
    except ValueError:  # an integer of more digits than Python will convert
        long = _TOML_LONG.search(text)
        raise DataError(
            "TOML number too long to read; shorten it, or write it in quotes",
            text.count("\n", 0, long.start()) + 1 if long else None,
        ) from None
    located = Located(path, _plain(data))
    _toml_lines(text, located)
    return located


def _plain(value: Any) -> Any:
    """TOML values as the other formats give them: text, lists, mappings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    return str(value)


def _toml_lines(text: str, found: Located) -> None:
    """Lines of tables (``[[courses]]``) and keys: tomllib gives none."""
    table: Key = ()
    counts: dict[tuple[str, ...], int] = {}
    quote = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        if quote:  # inside a multi-line string
            if raw.count(quote) % 2:
                quote = ""
            continue
        header = _TOML_TABLE.match(raw)
        assignment = _TOML_KEY.match(raw)
        if header and not assignment:
            parts = tuple(p.strip().strip("\"'") for p in header[2].split("."))
            if header[1] == "[[":
                counts[parts] = counts.get(parts, -1) + 1
                table = (*parts, counts[parts])
            else:
                table = parts
            found.lines[table] = number
        elif assignment:
            key = (*table, assignment[1].strip("\"'"))
            found.lines.setdefault(key, number)
            value = assignment[2]
            for mark in ('"""', "'''"):
                if value.startswith(mark) and value.count(mark) == 1:
                    quote = mark
                    if not value[3:].strip():
                        found.starts[key] = number + 1


# --- CSV --------------------------------------------------------------------


def _csv(path: str, text: str) -> Located:
    """``{"header": [...], "rows": [[...], ...]}``; blank lines are skipped."""
    lines = text.splitlines(keepends=True)
    first = next((line for line in lines if line.strip()), "")
    delimiter = max(",;\t", key=first.count) if first.strip() else ","
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    located = Located(path, {"header": [], "rows": []})
    header: list[str] | None = None
    rows: list[list[str]] = []
    end = 0
    try:
        for row in reader:
            start, end = end + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip() for cell in row]
                located.lines[("header",)] = start
                continue
            at = ("rows", len(rows))
            rows.append([cell.strip() for cell in row])
            located.lines[at] = start
            for index in range(len(row)):
                before = sum(cell.count("\n") for cell in row[:index])
                located.lines[(*at, index)] = start + before
    except csv.Error as error:  # the rows before it are good
        located.problems.append(
            Problem(
                f"CSV syntax error in the row starting here: {error}; it and the "
                "rows after it are not read",
                end + 1,
            )
        )
    located.data = {"header": header or [], "rows": rows}
    return located
