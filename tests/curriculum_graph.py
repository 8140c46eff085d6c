"""Shared tools for the curriculum-graph tests: rebuilds, edits, indexes, links.

``rebuild`` runs a *new* application on an existing project (incremental by
default) and records which pages the HTML builder wrote, so the tests can
assert exactly what an edit made Sphinx rewrite.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

from helpers import Build, shared_build, squash

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from docutils import nodes
    from sphinx.application import Sphinx

ALWAYS_WRITTEN = frozenset({"genindex", "search"})
"""Pages the HTML builder writes on every build, changed or not."""

_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Stage:
    """One build of a project, with a snapshot of what it wrote.

    The HTML is copied at build time: a later build of the same project
    overwrites the files.
    """

    build: Build
    written: set[str]
    """Docnames whose page this build wrote (``genindex``/``search`` left out)."""
    pages: dict[str, str]
    """Docname (and "genindex") -> HTML of the page, as this build left it."""
    mtimes: dict[str, int]
    """Docname -> modification time (ns) of its HTML file after this build."""

    def main(self, docname: str) -> Tag:
        soup = BeautifulSoup(self.pages[docname], "html.parser")
        main = soup.select_one('[role="main"]')
        assert main is not None, f"no main content in {docname}"
        return main


def project_fixture(name: str, files: Mapping[str, str]) -> object:
    """A module-scoped fixture called *name*: one build of *files* for many tests.

    The build goes in a folder ``graph-<name>``, which tells projects apart.
    """

    def build_once(tmp_path_factory: pytest.TempPathFactory) -> Build:
        return shared_build(tmp_path_factory.mktemp(f"graph-{name}") / "src", files)

    return pytest.fixture(build_once, scope="module", name=name)


def qualities_page(*, resilience_icon: str | None = None) -> str:
    """The MyST "Qualities" page that several graph projects link to.

    Its three cards differ on purpose: Integrity has an icon, a summary and a
    body, Empathy only a body, Resilience a summary (and *resilience_icon*, for
    a listing that shows more than one icon).
    """
    resilience_icon_line = f":icon: {resilience_icon}\n" if resilience_icon else ""
    return f"""\
# Qualities

:::{{quality-card}} Integrity
:icon: compass
:summary: Doing the right thing.

Acts on values.
:::

:::{{quality-card}} Empathy

Understanding others.
:::

:::{{quality-card}} Resilience
{resilience_icon_line}:summary: Bouncing back.
:::
"""


def builddir_of(srcdir: Path) -> Path:
    """Where ``helpers.run_build`` puts the build of *srcdir*; reused here."""
    return srcdir.with_name(f"{srcdir.name}-build")


def rebuild(
    srcdir: Path,
    *,
    fresh: bool = False,
    parallel: int = 0,
    buildername: str = "html",
) -> Stage:
    """Build *srcdir* with a new application (incrementally unless *fresh*)."""
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=builddir_of(srcdir),
        freshenv=fresh,
        parallel=parallel,
    )
    written: list[str] = []

    def note_page(
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: nodes.document | None,
    ) -> None:
        written.append(pagename)

    app.connect("html-page-context", note_page)
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = _COLOUR.sub("", app.warning.getvalue())
    result = Build(app, srcdir, app.outdir, warnings)
    pages: dict[str, str] = {}
    mtimes: dict[str, int] = {}
    for docname in sorted(app.env.found_docs):
        path = app.outdir / f"{docname}.html"
        if path.is_file():
            pages[docname] = path.read_text(encoding="utf-8")
            mtimes[docname] = path.stat().st_mtime_ns
    genindex = app.outdir / "genindex.html"
    if genindex.is_file():
        pages["genindex"] = genindex.read_text(encoding="utf-8")
    return Stage(result, set(written) - ALWAYS_WRITTEN, pages, mtimes)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of *old* in *path* and mark the file changed.

    The modification time is set from the precise clock: file systems stamp
    files with a coarser one, which can lag behind the time Sphinx recorded
    when it last read the file, and the edit would go unnoticed.
    """
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")
    now = time.time_ns()
    os.utime(path, ns=(now, now))


def search_index(outdir: Path) -> dict[str, Any]:
    """The data of ``searchindex.js`` (``Search.setIndex({...})``)."""
    text = (outdir / "searchindex.js").read_text(encoding="utf-8").strip()
    prefix, suffix = "Search.setIndex(", ")"
    assert text.startswith(prefix), text[:80]
    assert text.endswith(suffix), text[-80:]
    data: dict[str, Any] = json.loads(text[len(prefix) : -len(suffix)])
    return data


def inventory(outdir: Path) -> dict[str, dict[str, tuple[str, str]]]:
    """``objects.inv`` read back: type -> name -> (uri, display name)."""
    with (outdir / "objects.inv").open("rb") as stream:
        data = InventoryFile.load(stream, "", posixpath.join)
    return {
        obj_type: {name: (item.uri, item.display_name) for name, item in items.items()}
        for obj_type, items in data.items()
    }


def links(root: Tag) -> list[tuple[str, str]]:
    """(visible text, href) of every link in *root*, in document order."""
    return [(squash(a.get_text()), str(a["href"])) for a in root.select("a[href]")]


def text_of(tag: Tag) -> str:
    return squash(tag.get_text())


def only(root: Tag, selector: str) -> Tag:
    """The single element matching *selector* (fails on none or several)."""
    found = root.select(selector)
    assert len(found) == 1, f"{selector!r} matched {len(found)} elements"
    return found[0]


def paragraph_starting(root: Tag, label: str) -> Tag:
    """The one paragraph whose text starts with *label* (e.g. ``"Name:"``)."""
    found = [p for p in root.select("p") if text_of(p).startswith(label)]
    assert len(found) == 1, f"{len(found)} paragraphs start with {label!r}"
    return found[0]
