"""The examples of the warnings page whose files are named (a ``code-block``
with a ``:caption:``) are built as they are, and give exactly the messages
the page shows: the messages there are real ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from sphinx.util.docutils import patch_docutils

from helpers import PROJECT, shared_build

if TYPE_CHECKING:
    from pathlib import Path

PAGE = PROJECT / "docs" / "reference" / "warnings.md"
_BLOCK = re.compile(
    r"^```\{code-block\} \w+\n:caption: (?P<name>[^\n]+)\n\n(?P<text>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
_MESSAGES = re.compile(r"^```text\n(?P<text>.*?)^```$", re.MULTILINE | re.DOTALL)
LATIN_1 = " (Latin-1)"


@dataclass(frozen=True)
class Example:
    title: str
    files: dict[str, str]
    messages: tuple[str, ...]


def examples() -> list[Example]:
    found = []
    for part in re.split(r"^### ", PAGE.read_text(encoding="utf-8"), flags=re.M)[1:]:
        files = {m["name"]: m["text"] for m in _BLOCK.finditer(part)}
        if not files:
            continue  # an example shown as source only
        (shown,) = [m["text"] for m in _MESSAGES.finditer(part)]
        found.append(Example(part.splitlines()[0], files, tuple(shown.splitlines())))
    return found


EXAMPLES = examples()


def test_every_data_warning_has_a_built_example() -> None:
    section = PAGE.read_text(encoding="utf-8").split("(warnings-data)=")[1]
    section = section.split("\n## ")[1]
    cases = re.findall(r"^### (.*)$", section, re.MULTILINE)
    built = {example.title for example in EXAMPLES}
    assert len(cases) >= 25
    assert set(cases) <= built


def write(srcdir: Path, example: Example) -> dict[str, str]:
    """The example's files: bytes in Latin-1 where the caption says so, and
    the page importing the data file when the example shows the file alone."""
    files = dict(example.files)
    if not [name for name in files if name.endswith((".md", ".rst"))]:
        (data,) = [name.removesuffix(LATIN_1) for name in files]
        files["courses.md"] = f":::{{curriculum-import}} {data}\n:::\n"
    for name in [name for name in files if name.endswith(LATIN_1)]:
        path = srcdir / name.removesuffix(LATIN_1)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files.pop(name).encode("latin-1"))
    return files


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.title)
def test_the_example_gives_the_messages_shown(tmp_path: Path, example: Example) -> None:
    srcdir = tmp_path / "src"
    with patch_docutils(srcdir):  # docutils.conf, as sphinx-build reads it
        result = shared_build(srcdir, write(srcdir, example))
    shown = result.warnings.replace(f"{srcdir}/", "").splitlines()
    assert [line for line in shown if "[cmi." in line] == [
        line for line in example.messages if "[cmi." in line
    ], result.warnings
    assert set(example.messages) <= set(shown)
