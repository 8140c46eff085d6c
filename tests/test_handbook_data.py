"""The handbook keeps its curriculum in data files, and its output is the one
the same curriculum written as directives gives, byte for byte.

The oracle is a copy of ``docs/`` where every ``curriculum-import`` is
replaced by the cards it stands for and every ``comparison-table :file:`` by
the list it stands for, written from the data files by this test.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from curriculum_graph import rebuild
from data_files import DIRECTIVES, KEYS, as_directive
from helpers import PROJECT

if TYPE_CHECKING:
    from pathlib import Path

    from curriculum_graph import Stage

DOCS = PROJECT / "docs"
IMPORT = re.compile(
    r"^:::\{curriculum-import\} (?P<path>\S+)\n(?P<options>(?::[\w-]+:.*\n)*):::\n",
    re.MULTILINE,
)
TABLE_FILE = re.compile(
    r"^(?P<head>:::\{comparison-table\}.*\n(?::[\w-]+:.*\n)*?):file: (?P<path>\S+)\n"
    r"(?P<rest>(?::[\w-]+:.*\n)*):::\n",
    re.MULTILINE,
)


def options(block: str) -> dict[str, str]:
    return dict(re.findall(r"^:([\w-]+): (.*)$", block, re.MULTILINE))


def load(path: Path, kind: str | None) -> dict[str, list[dict[str, Any]]]:
    """A data file as lists by kind (a CSV file's rows by their kind)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".csv":
        loaded: dict[str, list[dict[str, Any]]] = yaml.safe_load(text)
        return loaded
    lists: dict[str, list[dict[str, Any]]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        entry: dict[str, Any] = {k: v for k, v in row.items() if v and k != "kind"}
        if "no-index" in entry:
            entry["no-index"] = entry["no-index"] == "true"
        lists.setdefault(KEYS[row.get("kind") or str(kind)], []).append(entry)
    return lists


def cards(folder: Path, match: re.Match[str]) -> str:
    wanted = options(match["options"])
    data = load(folder / match["path"], wanted.get("kind"))
    assert set(wanted) <= {"kind", "names"}, "extend this test's oracle"
    kinds = [wanted["kind"]] if "kind" in wanted else list(KEYS)
    names = [n.strip() for n in wanted.get("names", "").split(",") if n.strip()]
    chosen = [(kind, entry) for kind in kinds for entry in data.get(KEYS[kind], [])]
    if names:
        chosen = [(k, e) for name in names for k, e in chosen if e["name"] == name]
    return "\n".join(as_directive("md", kind, entry) for kind, entry in chosen)


def comparison(folder: Path, match: re.Match[str]) -> str:
    path = folder / match["path"]
    text = path.read_text(encoding="utf-8")
    label = ""
    if path.suffix == ".csv":
        header, *rows = list(csv.reader(io.StringIO(text)))
        label, columns = header[0], header[1:]
        pairs = [(row[0], row[1:]) for row in rows]
    else:
        data: dict[str, Any] = yaml.safe_load(text)
        label, columns = data.get("dimension-label", ""), data["columns"]
        pairs = [(row["dimension"], row["cells"]) for row in data["rows"]]
    lines = [f"- {name}" + "".join(
        "\n  - " + cell.strip().replace("\n", "\n    ") for cell in cells
    ) for name, cells in pairs]  # fmt: skip
    extra = f":dimension-label: {label}\n" if label else ""
    head = f"{match['head']}:columns: {', '.join(columns)}\n{extra}{match['rest']}"
    return f"{head}\n" + "\n".join(lines) + "\n:::\n"


CODE = re.compile(r"^(`{3,}).*?^\1$", re.MULTILINE | re.DOTALL)


def outside_code(text: str, here: Path) -> str:
    """*text* with its imports written out, except in examples shown as code."""
    pieces, end = [], 0
    for block in [*CODE.finditer(text), None]:
        start = block.start() if block else len(text)
        prose = IMPORT.sub(lambda m: cards(here, m), text[end:start])
        pieces += [TABLE_FILE.sub(lambda m: comparison(here, m), prose)]
        if block:
            pieces.append(block.group())
            end = block.end()
    return "".join(pieces)


def written_out(folder: Path) -> list[str]:
    """Replace the handbook's imports by what they stand for; the pages changed."""
    changed = []
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        new = outside_code(text, path.parent)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path.stem)
    return changed


@pytest.fixture(scope="module")
def handbooks(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Stage, Stage, list[str]]:
    root = tmp_path_factory.mktemp("handbook")
    ignore = shutil.ignore_patterns("_build")
    shutil.copytree(DOCS, root / "data-files", ignore=ignore)
    shutil.copytree(DOCS, root / "directives", ignore=ignore)
    # The reference includes the package's schema from ../../src, as in the repo.
    (root / "src").symlink_to(DOCS.parent / "src")
    changed = written_out(root / "directives")
    from_files = rebuild(root / "data-files", fresh=True)
    by_hand = rebuild(root / "directives", fresh=True)
    return from_files, by_hand, changed


def test_the_curriculum_is_in_data_files(
    handbooks: tuple[Stage, Stage, list[str]],
) -> None:
    _from_files, _by_hand, changed = handbooks
    assert sorted(changed) == [
        "becoming-a-leader", "curriculum-import", "leaders-and-managers", "qualities",
    ]  # fmt: skip
    for page in ("becoming-a-leader", "leaders-and-managers", "qualities"):
        text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
        for directive in DIRECTIVES.values():
            assert f"{{{directive}}}" not in text
        assert ":columns:" not in text


def test_every_page_is_the_same_byte_for_byte(
    handbooks: tuple[Stage, Stage, list[str]],
) -> None:
    from_files, by_hand, _changed = handbooks
    assert from_files.build.warnings == by_hand.build.warnings == ""
    out_a, out_b = from_files.build.outdir, by_hand.build.outdir
    pages = sorted(p.relative_to(out_a) for p in out_a.rglob("*.html"))
    assert pages == sorted(p.relative_to(out_b) for p in out_b.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        assert (out_a / page).read_bytes() == (out_b / page).read_bytes(), page
    for name in ("searchindex.js", "objects.inv"):
        assert (out_a / name).read_bytes() == (out_b / name).read_bytes(), name
    cards = from_files.main("qualities").select("div.cmi-quality-card")
    assert [card["id"] for card in cards] == [
        "integrity", "communication", "strategic-thinking", "decisiveness", "empathy",
    ]  # fmt: skip
