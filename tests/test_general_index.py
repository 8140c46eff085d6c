"""Cards in the general index, stored once: in the curriculum graph.

The index domain would keep a copy of every card's entry in
``environment.pickle``; sphinx-cmi leaves it out when the environment is
saved and gives it back before any page is written. These tests check that
every builder still indexes every card, after fresh, incremental and
parallel builds, and that the author's own index entries are untouched.
"""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from curriculum_graph import builddir_of, edit, rebuild
from helpers import squash, write_project

if TYPE_CHECKING:
    from pathlib import Path

    from helpers import BuildProject

QUALITIES = """\
# Qualities

```{index} single: Trust
```

Trust comes first.

:::{quality-card} Integrity
:summary: Doing the right thing.
:::

:::{course-callout} Level 5 Award
:provider: CMI
:develops: integrity
:::

:::{quality-card} Example only
:no-index:
:::
"""
FILES = {
    "index.md": "# Home\n\n```{toctree}\nqualities\nother\n```\n",
    "qualities.md": QUALITIES,
    "other.md": "# Other\n\nNothing about qualities.\n",
}
CARD_ENTRIES = {"Integrity (quality)", "Level 5 Award (course)"}
AUTHORED_ENTRIES = {"Trust"}


def genindex_terms(html: str) -> set[str]:
    """The link texts of a general index page."""
    soup = BeautifulSoup(html, "html.parser")
    return {squash(a.get_text()) for a in soup.select("table.indextable a")}


def saved_index_entries(srcdir: Path) -> dict[str, list[str]]:
    """docname -> index entry texts as ``environment.pickle`` stores them."""
    path = builddir_of(srcdir) / "doctrees" / "environment.pickle"
    env = pickle.loads(path.read_bytes())
    entries = env.domaindata["index"]["entries"]
    return {doc: [entry[1] for entry in found] for doc, found in entries.items()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    write_project(srcdir, FILES)
    return srcdir


def test_cards_are_indexed_but_stored_only_in_the_graph(project: Path) -> None:
    stage = rebuild(project, fresh=True)
    assert genindex_terms(stage.pages["genindex"]) == CARD_ENTRIES | AUTHORED_ENTRIES
    saved = saved_index_entries(project)
    assert saved["qualities"] == ["Trust"]  # the author's own entry is kept
    assert not any(CARD_ENTRIES & set(found) for found in saved.values())


@pytest.mark.parametrize("parallel", [0, 2])
def test_incremental_builds_keep_every_card_in_the_index(
    project: Path, parallel: int
) -> None:
    first = rebuild(project, fresh=True, parallel=parallel)
    # A page without cards changes: the cards come back from the saved graph,
    # the page holding them is not even rewritten.
    edit(project / "other.md", "Nothing about", "Still nothing about")
    other_edited = rebuild(project, parallel=parallel)
    assert other_edited.mtimes["qualities"] == first.mtimes["qualities"]
    assert other_edited.mtimes["other"] != first.mtimes["other"]
    assert genindex_terms(other_edited.pages["genindex"]) == (
        CARD_ENTRIES | AUTHORED_ENTRIES
    )
    # Nothing changes: the index is still whole.
    unchanged = rebuild(project, parallel=parallel)
    assert genindex_terms(unchanged.pages["genindex"]) == (
        CARD_ENTRIES | AUTHORED_ENTRIES
    )
    # The card's title changes: the index follows, without the old title.
    edit(project / "qualities.md", "} Integrity", "} Personal integrity")
    renamed = rebuild(project, parallel=parallel)
    assert genindex_terms(renamed.pages["genindex"]) == {
        "Personal integrity (quality)",
        "Level 5 Award (course)",
        "Trust",
    }
    saved = saved_index_entries(project)
    assert not any({"Personal integrity (quality)"} & set(f) for f in saved.values())


@pytest.mark.parametrize(
    ("buildername", "index_file"),
    [("dirhtml", "genindex/index.html"), ("epub", "genindex.xhtml")],
)
def test_other_html_builders_index_the_cards(
    build: BuildProject, buildername: str, index_file: str
) -> None:
    result = build(FILES, buildername=buildername)
    html = (result.outdir / index_file).read_text(encoding="utf-8")
    assert genindex_terms(html) == CARD_ENTRIES | AUTHORED_ENTRIES


def test_texinfo_prints_an_index_of_cards_alone(build: BuildProject) -> None:
    """texinfo adds its index only when the index domain holds an entry."""
    without_trust = QUALITIES.replace("```{index} single: Trust\n```\n", "")
    files = {**FILES, "qualities.md": without_trust}
    result = build(files, buildername="texinfo")
    (texi,) = result.outdir.glob("*.texi")
    text = texi.read_text(encoding="utf-8")
    assert "@printindex ge" in text
    assert "@geindex Integrity (quality)" in text
    assert "@geindex Level 5 Award (course)" in text
    assert "Example only (quality)" not in text


def test_latex_indexes_every_card(build: BuildProject) -> None:
    result = build(FILES, buildername="latex")
    (tex,) = result.outdir.glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    assert r"\index{Integrity (quality)@" in text
    assert r"\index{Level 5 Award (course)@" in text
    assert r"\index{Trust@" in text
