"""Incremental builds with outcomes and prerequisites: exactly the pages that
show a change are written again, and each result equals a fresh build.

Each listing sits on a page of its own, so that the test tells apart the pages
that show prerequisites (the course they unlock, the learning path, the
catalogue) from those that show the same courses without them (the matrix)
or other cards altogether (the quality index, the outcomes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from curriculum_graph import Stage, edit, links, only, rebuild, text_of
from helpers import write_project
from test_graph_incremental import TOCTREE_PARENT, fresh_build_of

if TYPE_CHECKING:
    from pathlib import Path

INDEX = """\
# Home

```{toctree}
qualities
outcomes
courses-a
courses-b
path
catalogue
matrix
quality-index
other
```
"""

QUALITIES = """\
# Qualities

:::{quality-card} Integrity
:::

:::{quality-card} Communication
:::
"""

OUTCOMES = """\
# Outcomes

:::{learning-outcome} Lead a team through change
:name: managing-change
:develops: integrity
:::

:::{learning-outcome} Speak up
:name: speak-up
:develops: integrity, communication
:::
"""

COURSES_A = """\
# Courses A

:::{course-callout} Level 3
:name: l3
:level: 3
:develops: communication, integrity
:outcomes: speak-up
:::
"""

COURSES_B = """\
# Courses B

:::{course-callout} Level 5
:name: l5
:level: 5
:outcomes: managing-change
:::
"""

FILES = {
    "index.md": INDEX,
    "qualities.md": QUALITIES,
    "outcomes.md": OUTCOMES,
    "courses-a.md": COURSES_A,
    "courses-b.md": COURSES_B,
    "path.md": "# Path\n\n:::{learning-path}\n:::\n",
    "catalogue.md": "# Catalogue\n\n:::{course-catalog}\n:::\n",
    "matrix.md": "# Matrix\n\n:::{curriculum-matrix}\n:::\n",
    "quality-index.md": "# Quality index\n\n:::{quality-index}\n:::\n",
    "other.md": "# Other\n\nNothing about the curriculum.\n",
}
ALL_PAGES = {name.removesuffix(".md") for name in FILES}
WITH_PREREQUISITE = ":outcomes: managing-change\n:prerequisites: l3\n"

STAGES: list[tuple[str, tuple[str, str, str] | None, set[str]]] = [
    ("first", None, ALL_PAGES),
    ("unchanged", None, set()),
    # Level 5 now requires Level 3: Level 3 lists it under "Unlocks", the
    # path orders them, the catalogue grows a Prerequisites column.  The
    # matrix shows the same courses, but not their prerequisites; the
    # qualities and the outcome name Level 5 by title only.
    (
        "prerequisite",
        ("courses-b.md", ":outcomes: managing-change\n", WITH_PREREQUISITE),
        {"courses-b", "courses-a", "path", "catalogue", TOCTREE_PARENT},
    ),
    # The outcome now develops Communication instead of Integrity: Level 5,
    # which takes its qualities from it, shows the change, and so do both
    # quality cards, the catalogue's Develops column and the matrix.
    (
        "through",
        ("outcomes.md", ":develops: integrity\n", ":develops: communication\n"),
        {"outcomes", "courses-b", "qualities", "catalogue", "matrix", TOCTREE_PARENT},
    ),
    # A new title for Communication: Level 5 shows it only through its
    # outcome, and is written again with every page that links to it.
    (
        "quality-title",
        (
            "qualities.md",
            "{quality-card} Communication",
            "{quality-card} Candour\n:name: communication",
        ),
        {"qualities", "courses-a", "courses-b", "outcomes", "catalogue", "matrix"}
        | {"quality-index", TOCTREE_PARENT},
    ),
    # A new title for Level 3: every page that shows it by name.
    (
        "title",
        ("courses-a.md", "{course-callout} Level 3", "{course-callout} Team leading"),
        {"courses-a", "courses-b", "qualities", "outcomes", "path", "catalogue"}
        | {"matrix", TOCTREE_PARENT},
    ),
    # Level 5 teaches a second outcome: it now develops Integrity too, through
    # it.  Only Level 5's own page changed, but the matrix shows its marks.
    (
        "taught",
        (
            "courses-b.md",
            ":outcomes: managing-change\n",
            ":outcomes: managing-change, speak-up\n",
        ),
        {"courses-b", "qualities", "outcomes", "catalogue", "matrix"}
        | {TOCTREE_PARENT},
    ),
    # The prerequisite goes again.
    (
        "removed",
        ("courses-b.md", ":prerequisites: l3\n", ""),
        {"courses-b", "courses-a", "path", "catalogue", TOCTREE_PARENT},
    ),
    ("settled", None, set()),
]
NAMES = [name for name, _change, _expected in STAGES]


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Stage, Stage]]:
    root = tmp_path_factory.mktemp("graph-incremental-outcomes")
    srcdir = root / "src"
    write_project(srcdir, FILES)
    results: dict[str, tuple[Stage, Stage]] = {}
    for name, change, _expected in STAGES:
        if change is not None:
            edit(srcdir / change[0], change[1], change[2])
        incremental = rebuild(srcdir, fresh=name == "first")
        results[name] = (incremental, fresh_build_of(srcdir, root / f"fresh-{name}"))
    return results


@pytest.mark.parametrize("name", NAMES)
def test_exactly_the_pages_that_show_the_change_are_written(
    stages: dict[str, tuple[Stage, Stage]], name: str
) -> None:
    expected = next(pages for stage, _c, pages in STAGES if stage == name)
    assert stages[name][0].written == expected


@pytest.mark.parametrize("name", NAMES)
def test_incremental_output_equals_a_fresh_build(
    stages: dict[str, tuple[Stage, Stage]], name: str
) -> None:
    stage, fresh = stages[name]
    assert stage.build.warnings == fresh.build.warnings == ""
    for page in sorted(ALL_PAGES):
        assert str(stage.main(page)) == str(fresh.main(page)), page


def test_the_prerequisite_shows_where_expected(
    stages: dict[str, tuple[Stage, Stage]],
) -> None:
    before, after = stages["unchanged"][0], stages["prerequisite"][0]
    assert not before.main("courses-a").select("p.cmi-unlocks")
    unlocks = only(after.main("courses-a"), "p.cmi-unlocks")
    assert links(unlocks) == [("Level 5", "courses-b.html#l5")]
    steps = after.main("path").select("li.cmi-learning-path-step")
    assert [text_of(only(s, "p.cmi-learning-path-course")) for s in steps] == [
        "Level 3",
        "Level 5",
    ]
    headers = [text_of(th) for th in after.main("catalogue").select("thead th")]
    assert headers[-1] == "Prerequisites"


def test_qualities_follow_the_outcome(stages: dict[str, tuple[Stage, Stage]]) -> None:
    stage = stages["through"][0]
    qualities = stage.main("qualities")
    assert links(only(qualities, "#integrity p.cmi-developed-by")) == [
        ("Level 3", "courses-a.html#l3")
    ]
    assert links(only(qualities, "#communication p.cmi-developed-by")) == [
        ("Level 3", "courses-a.html#l3"),
        ("Level 5", "courses-b.html#l5"),
    ]
    card = only(stage.main("courses-b"), "div#l5")
    terms = [text_of(dt) for dt in card.select("dt")]
    develops = card.select("dd")[terms.index("Develops")]
    assert links(develops) == [("Communication", "qualities.html#communication")]
    retitled = only(stages["quality-title"][0].main("courses-b"), "div#l5")
    develops = retitled.select("dd")[terms.index("Develops")]
    assert links(develops) == [("Candour", "qualities.html#communication")]


def test_no_stale_title(stages: dict[str, tuple[Stage, Stage]]) -> None:
    stage = stages["title"][0]
    new = ("Team leading", "courses-a.html#l3")
    for page in ("courses-b", "qualities", "path", "catalogue", "matrix"):
        found = links(stage.main(page))
        assert new in found, page
        assert not [text for text, _href in found if text == "Level 3"], page


def test_parallel_incremental_equals_serial(tmp_path: Path) -> None:
    """The prerequisite edit, rebuilt with -j 2 and serially: the same pages."""
    files = {**FILES, **{f"more{n}.md": f"# More {n}\n\nText.\n" for n in range(6)}}
    files["index.md"] = INDEX.replace("other\n", "other\n*\n").replace(
        "```{toctree}\n", "```{toctree}\n:glob:\n"
    )
    results = []
    rewritten = []
    for jobs in (2, 1):
        srcdir = tmp_path / f"j{jobs}"
        write_project(srcdir, files)
        before = rebuild(srcdir, fresh=True, parallel=jobs)
        edit(srcdir / "courses-b.md", ":outcomes: managing-change\n", WITH_PREREQUISITE)
        after = rebuild(srcdir, parallel=jobs)
        # Pages written by -j's worker processes are not seen by the event
        # handler that records .written: compare the files' times instead.
        times = after.mtimes.items()
        rewritten.append({p for p, time in times if time != before.mtimes[p]})
        results.append(after)
    parallel, serial = results
    assert (
        rewritten[0]
        == rewritten[1]
        == next(pages for stage, _c, pages in STAGES if stage == "prerequisite")
    )
    for page in sorted(ALL_PAGES):
        assert str(parallel.main(page)) == str(serial.main(page)), page
