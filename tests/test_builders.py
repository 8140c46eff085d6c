"""Every builder renders the components without error and loses no text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from bad_input import CASES, LANGUAGES, LINK_CASES, case_files
from helpers import SNIPPET_NAMES, page, snippet, snippet_files

if TYPE_CHECKING:
    from pathlib import Path

    from helpers import Build, BuildProject

BUILDERS = (
    "text",
    "latex",
    "man",
    "texinfo",
    "singlehtml",
    "dirhtml",
    "epub",
    "gettext",
)
CONF = {
    "project": "Curriculum",
    "author": "Authors",
    "copyright": "2026, Authors",
    "version": "1.0",
}

# Options whose value is shown to readers (the others are ids, URLs, widths...).
SHOWN_OPTIONS = {
    "columns",
    "dimension-label",
    "provider",
    "level",
    "duration",
    "link-text",
}
_OPENER = re.compile(r"^\s*(?::{3,}\{[\w-]+\}|\.\. [\w-]+::)(?P<argument>.*)$")
_OPTION = re.compile(r"^\s*:(?P<name>[\w-]+):(?P<value>.*)$")
_FENCE = re.compile(r"^\s*:{3,}\s*$")


def authored_text(source: str) -> str:
    """What a reader must see of a snippet: arguments, shown options, body."""
    kept: list[str] = []
    for line in source.splitlines():
        if opener := _OPENER.match(line):
            kept.append(opener["argument"])
        elif option := _OPTION.match(line):
            if option["name"] in SHOWN_OPTIONS:
                kept.append(option["value"])
        elif not _FENCE.match(line):
            kept.append(line)
    return "\n".join(kept)


def words(text: str) -> set[str]:
    """Distinctive words: letters only, so escaping and hyphenation do not matter."""
    return {word.lower() for word in re.findall(r"[A-Za-z]{3,}", text)}


def html_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one('[role="main"]') or soup.body or soup
    return main.get_text(" ")


def output_text(result: Build, builder: str) -> str:
    """All the text the builder wrote, minus anchors and labels (not reader text)."""
    out = result.outdir
    if builder == "text":
        return "\n".join(p.read_text(encoding="utf-8") for p in out.glob("*.txt"))
    if builder == "latex":
        tex = "\n".join(p.read_text(encoding="utf-8") for p in out.glob("*.tex"))
        return re.sub(r"\\label\{\\detokenize\{[^{}]*\}\}", "", tex)
    if builder == "man":
        man = "\n".join(p.read_text(encoding="utf-8") for p in out.glob("*.1"))
        return re.sub(r"\\f[BIRP]", " ", man)  # font switches: \fBbold\fP
    if builder == "texinfo":
        texi = "\n".join(p.read_text(encoding="utf-8") for p in out.glob("*.texi"))
        return re.sub(r"@anchor\{[^{}]*\}", "", texi)
    if builder == "gettext":
        pot = "\n".join(p.read_text(encoding="utf-8") for p in out.glob("*.pot"))
        return "\n".join(line for line in pot.splitlines() if not line.startswith("#"))
    pattern = {"singlehtml": "index.html", "dirhtml": "**/index.html"}.get(
        builder, "*.xhtml"
    )
    return "\n".join(html_text(path) for path in out.glob(pattern))


@pytest.mark.parametrize("language", ["myst", "rst"])
@pytest.mark.parametrize("builder", BUILDERS)
def test_snippets_in_every_builder(
    build: BuildProject, builder: str, language: str
) -> None:
    result = build(snippet_files(language), buildername=builder, conf=CONF)
    assert result.app.statuscode == 0
    assert result.warnings == ""
    shown = words(output_text(result, builder))
    for name in SNIPPET_NAMES:
        missing = words(authored_text(snippet(language, name))) - shown
        assert not missing, f"{builder} lost words of {name}: {sorted(missing)}"


def header_cells(lines: list[str]) -> list[str]:
    """The header row of the first grid table in text output, cell by cell.

    Long labels wrap inside their cell, so a cell's text is the join of its
    pieces on every line of the header row.
    """
    start = next(i for i, line in enumerate(lines) if line.startswith("+-"))
    end = next(i for i, line in enumerate(lines) if line.startswith("|="))
    pieces = [line.strip().strip("|").split("|") for line in lines[start + 1 : end]]
    return [" ".join(" ".join(column).split()) for column in zip(*pieces, strict=True)]


@pytest.mark.parametrize(
    "name", [n for n in SNIPPET_NAMES if n.startswith("comparison-table")]
)
@pytest.mark.parametrize("language", ["myst", "rst"])
def test_text_builder_draws_a_table(
    build: BuildProject, language: str, name: str
) -> None:
    source = snippet(language, name)
    options = {
        m["name"]: m["value"].strip()
        for m in map(_OPTION.match, source.splitlines())
        if m
    }
    labels = [
        options.get("dimension-label", "Dimension"),
        *(label.strip() for label in options["columns"].split(",")),
    ]
    suffix = ".md" if language == "myst" else ".rst"
    result = build({f"{name}{suffix}": page(language, source)}, buildername="text")
    lines = (result.outdir / f"{name}.txt").read_text("utf-8").splitlines()
    assert header_cells(lines) == labels
    rules = [line for line in lines if line.startswith("+-")]
    assert len(rules) >= 3  # top, one per row
    assert all(line.count("+") == len(labels) + 1 for line in rules)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("builder", BUILDERS)
def test_bad_input_in_every_builder(
    build: BuildProject, builder: str, language: str
) -> None:
    """Malformed directives never crash a builder and keep their text."""
    result = build(case_files(language), buildername=builder, conf=CONF)
    assert result.app.statuscode == 0
    assert "Traceback" not in result.warnings
    assert {w.type for w in result.reported()} <= {
        "cmi.comparison",
        "cmi.quality",
        "cmi.course",
        "cmi.outcome",
        "cmi.catalog",
        "cmi.ref",
    }
    shown = words(output_text(result, builder))
    authored = {c.filename: c.texts for c in CASES if c.language == language}
    authored |= {c.filename: c.texts for c in LINK_CASES if c.language == language}
    for filename, texts in authored.items():
        missing = words(" ".join(texts)) - shown
        assert not missing, f"{builder} lost words of {filename}: {missing}"
