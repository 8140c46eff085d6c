"""Directive options as authors write them: nothing dropped, every slip named.

docutils drops a whole directive, with its text, for one repeated, empty or
misspelt option, and MyST drops every option for one tab and reads
``:url: #level-5`` as a comment.  sphinx-cmi's directives take their options
leniently, read them back from the block as it is written, and report each
slip at its line with the fix (see :meth:`CmiDirective.check_options`); two
slips are mended in the page's source first (:mod:`sphinx_cmi.sources`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


@dataclass(frozen=True)
class Written:
    """An option line as the author wrote it."""

    key: str
    value: str
    offset: int
    """Its line, counted from the directive's first line (0)."""


OPTION_LINE = re.compile(
    r"^(?P<indent>[ \t]*):(?P<key>[^:\s][^:]*?):(?:[ \t]+(?P<value>.*?))?[ \t]*$"
)
REPEAT = re.compile(r"^(?P<key>.+)\((?P<count>[0-9]+)\)$")
"""How a repeated option is renamed in a reStructuredText source: ``level(2)``."""


def written_options(block_text: str) -> list[Written]:
    """The option lines of a directive block, in order, continuations joined."""
    found: list[Written] = []
    lines = block_text.splitlines()
    for offset, line in enumerate(lines[1:], start=1):
        option = OPTION_LINE.match(line)
        if option:
            repeated = REPEAT.match(option["key"])
            key = repeated["key"] if repeated else option["key"]
            found.append(Written(key.lower(), option["value"] or "", offset))
        elif found and line.strip() and line[:1] in " \t":
            last = found.pop()  # a value continued on the next line
            found.append(Written(last.key, f"{last.value} {line.strip()}", last.offset))
        else:
            break
    return found


def flag(value: str | None) -> str:
    """A flag option: whatever was written after it (the directive warns)."""
    return (value or "").strip()


def classes(value: str | None) -> list[str]:
    """``:class:`` names made into CSS classes; unusable ones are left out
    (and the directive warns) instead of dropping the whole directive."""
    names = (nodes.make_id(name) for name in (value or "").split())
    return [name for name in names if name]


class Options(dict[str, "Callable[[str], object]"]):
    """An option spec that lets unknown options through to the directive.

    docutils drops a whole directive (and its text) for one misspelt option;
    with this spec the directive renders and warns with its own subtype.
    """

    def __missing__(self, key: str) -> Callable[[str], object]:
        return directives.unchanged


def suggestion(word: str, choices: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for the closest of *choices*, or ""."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
