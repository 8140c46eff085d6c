"""Editing a data file rewrites exactly the pages that import it and the pages
showing what changed; a no-op build writes nothing; ``-j 2`` equals serial.

Measured, like ``test_graph_incremental``, by the set of pages each build
writes; each stage is also compared with a fresh build of the same sources.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from curriculum_graph import edit, links, only, rebuild
from helpers import write_project
from test_graph_parallel import cmi_warnings, snapshot

if TYPE_CHECKING:
    from pathlib import Path

    from curriculum_graph import Stage

CURRICULUM = """\
qualities:
  - name: integrity
    title: Integrity
    summary: Doing the right thing.
  - name: empathy
    title: Empathy
courses:
  - name: level-5
    title: Level 5 Certificate
    level: 5
    duration: Six months
    develops: [integrity]
"""
MORE = """\
name,title,level,develops
level-3,Level 3 Award,3,empathy
level-7,Level 7 Diploma,7,
"""
ROLES_CSV = """\
,Leader,Manager
Vision,Looks ahead.,Plans the week.
"""
FILES = {
    "index.md": "# Home\n\n```{toctree}\nqualities\ncourses\nmore\ncatalogue\n"
    "roles\nempathy\ncompare\nother\nlate\n```\n",
    "data/curriculum.yaml": CURRICULUM,
    "data/more.csv": MORE,
    "data/roles.csv": ROLES_CSV,
    "qualities.md": "# Qualities\n\n:::{curriculum-import} data/curriculum.yaml\n"
    ":kind: quality\n:::\n",
    "courses.md": "# Courses\n\n:::{curriculum-import} data/curriculum.yaml\n"
    ":kind: course\n:::\n",
    "more.md": "# More\n\n:::{curriculum-import} data/more.csv\n:kind: course\n:::\n",
    "catalogue.md": "# Catalogue\n\n:::{course-catalog}\n:::\n",
    "roles.md": "# Roles\n\nSee {course}`level-5`.\n",
    "empathy.md": "# Empathy\n\nSee {quality}`empathy`.\n",
    "compare.md": "# Compare\n\n:::{comparison-table} Roles\n"
    ":file: data/roles.csv\n:::\n",
    "other.md": "# Other\n\nNothing here.\n",
    "late.md": "# Late\n\nNothing either.\n",
}
ALL_PAGES = {name.removesuffix(".md") for name in FILES if name.endswith(".md")}
TOCTREE_PARENT = "index"  # rewritten with any page of its toctree

STAGES: list[tuple[str, tuple[str, str, str] | None, set[str]]] = [
    ("first", None, ALL_PAGES),
    ("unchanged", None, set()),
    # A course's duration: both pages importing the file are read again;
    # the catalogue lists it, roles links to it, and the course's quality
    # (on qualities, read again anyway) lists it as "Developed by".
    (
        "duration",
        ("data/curriculum.yaml", "Six months", "Nine months"),
        {"qualities", "courses", "catalogue", "roles", TOCTREE_PARENT},
    ),
    # A row of the CSV: its page, the catalogue, and Empathy's backlinks.
    (
        "csv-title",
        ("data/more.csv", "Level 3 Award", "Level 3 Certificate"),
        {"more", "catalogue", "qualities", TOCTREE_PARENT},
    ),
    # A comparison's cell: the one page showing it.
    (
        "cell",
        ("data/roles.csv", "Looks ahead.", "Looks far ahead."),
        {"compare", TOCTREE_PARENT},
    ),
    # A quality's title: what links to it (its courses, the empathy page)
    # and the catalogue (its "Develops" column).
    (
        "quality-title",
        ("data/curriculum.yaml", "title: Empathy", "title: Understanding"),
        {"qualities", "courses", "more", "empathy", "catalogue", TOCTREE_PARENT},
    ),
    ("settled", None, set()),
]
NAMES = [name for name, _change, _pages in STAGES]


def run_stages(root: Path, parallel: int) -> dict[str, tuple[Stage, Stage]]:
    srcdir = root / "src"
    write_project(srcdir, FILES)
    results = {}
    for name, change, _expected in STAGES:
        if change is not None:
            filename, old, new = change
            edit(srcdir / filename, old, new)
        stage = rebuild(srcdir, fresh=name == "first", parallel=parallel)
        copy = root / f"fresh-{name}"
        shutil.copytree(srcdir, copy)
        results[name] = (stage, rebuild(copy, fresh=True, parallel=parallel))
    return results


@pytest.fixture(scope="module", params=[0, 2], ids=["serial", "j2"])
def stages(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Stage, Stage]]:
    jobs = int(request.param)
    return run_stages(tmp_path_factory.mktemp(f"data-incremental-{jobs}"), jobs)


def written(stages: dict[str, tuple[Stage, Stage]], name: str) -> set[str]:
    """The pages whose HTML file this stage changed: under ``-j 2`` pages are
    written by other processes, where no event of this one sees them."""
    if name == NAMES[0]:
        return set(ALL_PAGES)
    before = stages[NAMES[NAMES.index(name) - 1]][0].mtimes
    after = stages[name][0].mtimes
    return {page for page in ALL_PAGES if after[page] != before[page]}


@pytest.mark.parametrize("name", NAMES)
def test_exactly_the_dependent_pages_are_written(
    stages: dict[str, tuple[Stage, Stage]], name: str
) -> None:
    expected = dict((n, pages) for n, _change, pages in STAGES)[name]
    assert written(stages, name) == expected
    stage, _fresh = stages[name]
    if not stage.build.app.parallel:
        assert stage.written == expected


@pytest.mark.parametrize("name", NAMES)
def test_incremental_output_equals_a_fresh_build(
    stages: dict[str, tuple[Stage, Stage]], name: str
) -> None:
    stage, fresh = stages[name]
    for page in sorted(ALL_PAGES):
        assert str(stage.main(page)) == str(fresh.main(page)), page


def test_the_edits_show(stages: dict[str, tuple[Stage, Stage]]) -> None:
    catalogue = stages["csv-title"][0].main("catalogue")
    assert "Level 3 Certificate" in [text for text, _h in links(catalogue)]
    assert "Nine months" in catalogue.get_text()
    cell = stages["cell"][0].main("compare").select("tbody td")[0]
    assert cell.get_text(strip=True) == "Looks far ahead."
    course = only(stages["quality-title"][0].main("more"), "#level-3 dl")
    assert links(course) == [("Understanding", "qualities.html#empathy")]


def test_j2_builds_what_a_serial_build_does(tmp_path: Path) -> None:
    """The same sources, read by two processes or one: the same output and
    warnings (with a warning from each kind of state the imports keep)."""
    split = "courses:\n" + "".join(
        f"  - name: s{n}\n    title: Split {n}\n" for n in range(1, 4)
    )
    files = {
        **FILES,
        "index.md": FILES["index.md"].replace("late\n", "late\nsplit-a\nsplit-b\n"),
        "data/more.csv": MORE + "level-9,Too high,9,nosuch\n",
        "late.md": "# Late\n\n:::{curriculum-import} data/more.csv\n:kind: course\n"
        ":names: level-7\n:::\n",
        # Each page shows one entry; the third is shown by neither.
        "data/split.yaml": split,
        **{
            f"split-{page}.md": f"# {page}\n\n:::{{curriculum-import}} "
            f"data/split.yaml\n:names: s{n}\n:::\n"
            for n, page in ((1, "a"), (2, "b"))
        },
    }
    built = []
    for jobs in (2, 0):
        srcdir = tmp_path / f"j{jobs}"
        write_project(srcdir, files)
        built.append(rebuild(srcdir, fresh=True, parallel=jobs))
    parallel, serial = built
    assert snapshot(parallel) == snapshot(serial)
    assert cmi_warnings(parallel) == cmi_warnings(serial)
    assert sorted(
        line.split(" WARNING: ")[1][:30] for line in cmi_warnings(serial)
    ) == [
        "course 's3' is shown on no pag",
        "duplicate course 'level-7': al",
        "field 'level' must be a whole ",
        "unknown quality 'nosuch': no q",
    ]
