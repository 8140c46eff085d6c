"""Incremental builds of the curriculum graph rewrite exactly the dependent pages.

One project goes through a sequence of edits, each built by a new application
on the same source and output folders (as ``sphinx-build`` run twice would).
Every build records which pages the HTML builder wrote; every result is also
compared with a fresh build of the same sources.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from curriculum_graph import Stage, edit, links, only, rebuild, text_of
from helpers import line_of, write_project

if TYPE_CHECKING:
    from pathlib import Path

INDEX = """\
# Home

```{toctree}
qualities
courses-a
courses-b
catalogue
roles
roles-empathy
other
```
"""

INTEGRITY_CARD = """\
:::{quality-card} Integrity
:name: integrity
:summary: Doing the right thing.
:::
"""

# Empathy comes first: removing Integrity then moves no other card.
QUALITIES = f"""\
# Qualities

:::{{quality-card}} Empathy
:summary: Understanding others.
:::

{INTEGRITY_CARD}"""

COURSES_A = """\
# Courses A

:::{course-callout} CMI Level 5
:level: 5
:develops: integrity
:::
"""

COURSES_B = """\
# Courses B

:::{course-callout} CMI Level 3
:level: 3
:develops: empathy
:::
"""

CATALOGUE = """\
# Catalogue

:::{quality-index}
:::

:::{course-catalog}
:::

:::{curriculum-matrix}
:::
"""

ROLES = "# Roles\n\nSee {quality}`integrity`.\n"
ROLES_EMPATHY = "# Empathy roles\n\nSee {quality}`empathy`.\n"
OTHER = "# Other\n\nNothing about qualities here.\n"

FILES = {
    "index.md": INDEX,
    "qualities.md": QUALITIES,
    "courses-a.md": COURSES_A,
    "courses-b.md": COURSES_B,
    "catalogue.md": CATALOGUE,
    "roles.md": ROLES,
    "roles-empathy.md": ROLES_EMPATHY,
    "other.md": OTHER,
}

ALL_PAGES = {name.removesuffix(".md") for name in FILES}

# Sphinx rewrites a page's toctree parents along with it ("files_to_rebuild"):
# every page here sits in index's toctree, so whenever any page is rewritten,
# index is too, whether or not its own content changed.
TOCTREE_PARENT = "index"

# (name, edit (file, old, new) or None, pages the build must write)
STAGES: list[tuple[str, tuple[str, str, str] | None, set[str]]] = [
    ("first", None, ALL_PAGES),
    # Nothing changed: nothing is written.
    ("unchanged", None, set()),
    # The summary shows in the quality index (catalogue); the card's page is
    # re-read; roles and the course page depend on the whole entry.
    (
        "summary",
        ("qualities.md", "Doing the right thing.", "Doing the right thing, always."),
        {"qualities", "catalogue", "roles", "courses-a", TOCTREE_PARENT},
    ),
    # The title shows in roles (default text), in the course's "Develops" fact
    # and in every listing.  courses-b and roles-empathy show only Empathy.
    (
        "title",
        (
            "qualities.md",
            "{quality-card} Integrity",
            "{quality-card} Personal integrity",
        ),
        {"qualities", "catalogue", "roles", "courses-a", TOCTREE_PARENT},
    ),
    # A second course develops Integrity: its card's "Developed by" changes
    # (qualities) and so do the catalogue and the matrix.  courses-a and the
    # roles show nothing about courses.
    (
        "develops",
        ("courses-b.md", ":develops: empathy", ":develops: empathy, integrity"),
        {"courses-b", "qualities", "catalogue", TOCTREE_PARENT},
    ),
    # Integrity disappears: every page that linked to it is rewritten.
    (
        "removed",
        (
            "qualities.md",
            ":::{quality-card} Personal integrity\n:name: integrity\n"
            ":summary: Doing the right thing, always.\n:::\n",
            "",
        ),
        {
            "qualities",
            "catalogue",
            "roles",
            "courses-a",
            "courses-b",
            TOCTREE_PARENT,
        },
    ),
    # And the build has settled: nothing left to write.
    ("settled", None, set()),
]


def fresh_build_of(srcdir: Path, copy: Path) -> Stage:
    """A from-scratch build of a copy of *srcdir*'s current sources."""
    shutil.copytree(srcdir, copy)
    return rebuild(copy, fresh=True)


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Stage, Stage]]:
    """Each stage's incremental build, with a fresh build of the same sources."""
    root = tmp_path_factory.mktemp("graph-incremental")
    srcdir = root / "src"
    write_project(srcdir, FILES)
    results: dict[str, tuple[Stage, Stage]] = {}
    for name, change, _expected in STAGES:
        if change is not None:
            filename, old, new = change
            edit(srcdir / filename, old, new)
        incremental = rebuild(srcdir, fresh=name == "first")
        results[name] = (incremental, fresh_build_of(srcdir, root / f"fresh-{name}"))
    return results


STAGE_NAMES = [name for name, _change, _expected in STAGES]
EXPECTED = {name: expected for name, _change, expected in STAGES}


@pytest.mark.parametrize("name", STAGE_NAMES)
def test_exactly_the_dependent_pages_are_written(
    stages: dict[str, tuple[Stage, Stage]], name: str
) -> None:
    stage, _fresh = stages[name]
    assert stage.written == EXPECTED[name]


@pytest.mark.parametrize("name", STAGE_NAMES[1:])
def test_pages_not_written_are_untouched(
    stages: dict[str, tuple[Stage, Stage]], name: str
) -> None:
    """The files themselves agree with the recorded pages: same mtime."""
    before = stages[STAGE_NAMES[STAGE_NAMES.index(name) - 1]][0]
    stage = stages[name][0]
    untouched = ALL_PAGES - stage.written
    assert {page: stage.mtimes[page] for page in untouched} == {
        page: before.mtimes[page] for page in untouched
    }
    assert all(stage.mtimes[page] != before.mtimes[page] for page in stage.written)


@pytest.mark.parametrize("name", STAGE_NAMES)
def test_incremental_output_equals_a_fresh_build(
    stages: dict[str, tuple[Stage, Stage]], name: str
) -> None:
    stage, fresh = stages[name]
    for page in sorted(ALL_PAGES):
        assert str(stage.main(page)) == str(fresh.main(page)), page


def test_summary_edit_shows_in_the_quality_index(
    stages: dict[str, tuple[Stage, Stage]],
) -> None:
    before, after = stages["unchanged"][0], stages["summary"][0]
    for stage, summary in (
        (before, "Doing the right thing."),
        (after, "Doing the right thing, always."),
    ):
        items = stage.main("catalogue").select("ul.cmi-quality-index > li")
        assert [text_of(item) for item in items] == [
            "Empathy Understanding others.",
            f"Integrity {summary}",
        ]


def test_title_edit_shows_everywhere(stages: dict[str, tuple[Stage, Stage]]) -> None:
    stage = stages["title"][0]
    new = ("Personal integrity", "qualities.html#integrity")
    assert links(only(stage.main("roles"), "p")) == [new]
    develops = only(stage.main("courses-a"), "dl.cmi-course-facts")
    assert links(develops) == [new]
    catalogue = stage.main("catalogue")
    assert links(only(catalogue, "ul.cmi-quality-index")) == [
        ("Empathy", "qualities.html#empathy"),
        new,
    ]
    matrix = only(catalogue, "table.cmi-curriculum-matrix")
    assert links(only(matrix, "thead")) == [("Empathy", "qualities.html#empathy"), new]
    table = only(catalogue, "table.cmi-course-catalog")
    assert new in links(table)
    card = only(stage.main("qualities"), "div#integrity")
    assert text_of(only(card, ".cmi-card-title")) == "Personal integrity"
    for page in ("roles", "courses-a", "catalogue", "qualities"):
        assert ">Integrity<" not in str(stage.main(page)), page


def test_new_course_appears_in_developed_by(
    stages: dict[str, tuple[Stage, Stage]],
) -> None:
    stage = stages["develops"][0]
    card = only(stage.main("qualities"), "div#integrity")
    assert links(only(card, "p.cmi-developed-by")) == [
        ("CMI Level 5", "courses-a.html#cmi-level-5"),
        ("CMI Level 3", "courses-b.html#cmi-level-3"),
    ]


def test_removed_quality_references_warn(
    stages: dict[str, tuple[Stage, Stage]],
) -> None:
    build = stages["removed"][0].build
    expected = {
        ("roles.md", line_of(ROLES, "{quality}`integrity`")),
        ("courses-a.md", line_of(COURSES_A, ":develops:")),
        ("courses-b.md", line_of(COURSES_B, ":develops:")),
    }
    reported = build.reported()
    assert {
        (w.path.removeprefix(f"{build.srcdir}/"), w.line) for w in reported
    } == expected, build.warnings
    assert {w.type for w in reported} == {"cmi.ref"}
    assert all("unknown quality 'integrity'" in w.message for w in reported)


def test_no_stale_links_after_removal(stages: dict[str, tuple[Stage, Stage]]) -> None:
    stage = stages["removed"][0]
    for page in sorted(ALL_PAGES):
        hrefs = [href for _text, href in links(stage.main(page))]
        assert not [h for h in hrefs if h.endswith("#integrity")], page
        assert "Personal integrity" not in text_of(stage.main(page)), page
    # The references keep their text, unlinked.
    assert text_of(only(stage.main("roles"), "p")) == "See integrity."
    catalogue = stage.main("catalogue")
    assert [text_of(li) for li in catalogue.select("ul.cmi-quality-index > li")] == [
        "Empathy Understanding others."
    ]
    matrix = only(catalogue, "table.cmi-curriculum-matrix")
    assert [text_of(th) for th in matrix.select("thead th")] == ["Course", "Empathy"]


# --- graph changes that must reach pages not re-read -------------------------------


def edit_and_compare(
    tmp_path: Path,
    files: dict[str, str],
    changes: list[tuple[str, str, str]],
) -> tuple[Stage, Stage]:
    """Build, apply *changes*, rebuild incrementally and build the result fresh."""
    srcdir = tmp_path / "src"
    write_project(srcdir, files)
    rebuild(srcdir, fresh=True)
    for filename, old, new in changes:
        edit(srcdir / filename, old, new)
    return rebuild(srcdir), fresh_build_of(srcdir, tmp_path / "fresh")


READING_ORDER_FILES = {
    "index.md": "# Home\n\n```{toctree}\nfirst\nsecond\ncatalogue\n```\n",
    "first.md": "# First\n\n:::{quality-card} Integrity\n:::\n",
    "second.md": "# Second\n\n:::{quality-card} Empathy\n:::\n",
    "catalogue.md": CATALOGUE,
}


def test_reordered_toctree_reorders_the_listings(tmp_path: Path) -> None:
    """Listings follow reading order; changing it must rewrite them.

    Bug: the graph's fingerprints ignore reading order, so the catalogue
    keeps the old order until it is rewritten for another reason.
    """
    stage, fresh = edit_and_compare(
        tmp_path,
        READING_ORDER_FILES,
        [("index.md", "first\nsecond\n", "second\nfirst\n")],
    )
    titles = [
        text_of(li)
        for li in fresh.main("catalogue").select("ul.cmi-quality-index > li")
    ]
    assert titles == ["Empathy", "Integrity"]  # the fresh build follows the toctree
    assert "catalogue" in stage.written
    assert str(stage.main("catalogue")) == str(fresh.main("catalogue"))


TITLE_ROLE_FILES = {
    "index.md": "# Home\n\n```{toctree}\nqualities\nroles\n```\n",
    "qualities.md": """\
# Qualities

:::{quality-card} Strategic thinking
:name: strategic-thinking
:::
""",
    # Roles also accept a title that slugs to the name (CmiDomain.find).
    "roles.md": "# Roles\n\nSee {quality}`Strategic thinking`.\n",
}


def test_role_written_as_a_title_follows_a_title_change(tmp_path: Path) -> None:
    """Bug: the dependency is noted on the written target, not on the name it
    resolves to, so the page is not rewritten and shows the old title."""
    stage, fresh = edit_and_compare(
        tmp_path,
        TITLE_ROLE_FILES,
        [("qualities.md", "} Strategic thinking", "} Big-picture thinking")],
    )
    assert links(only(fresh.main("roles"), "p")) == [
        ("Big-picture thinking", "qualities.html#strategic-thinking")
    ]
    assert "roles" in stage.written
    assert str(stage.main("roles")) == str(fresh.main("roles"))


SHIFT_FILES = {
    "index.md": "# Home\n\n```{toctree}\nqualities\nroles\n```\n",
    "qualities.md": "# Qualities\n\n:::{quality-card} Empathy\n:::\n",
    "roles.md": "# Roles\n\nSee {quality}`empathy`.\n",
}


def test_prose_above_a_card_rewrites_only_its_page(tmp_path: Path) -> None:
    """Nothing a reader sees of Empathy changes, so roles is not rewritten.

    Bug: an entry's fingerprint includes its source line, so any edit that
    moves a card down its page rewrites every page that links to it.
    """
    stage, fresh = edit_and_compare(
        tmp_path,
        SHIFT_FILES,
        [("qualities.md", "# Qualities\n\n", "# Qualities\n\nAn introduction.\n\n")],
    )
    assert str(stage.main("roles")) == str(fresh.main("roles"))
    assert stage.written == {"qualities", TOCTREE_PARENT}
