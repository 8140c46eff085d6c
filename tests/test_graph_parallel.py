"""``-j 2`` builds the curriculum graph exactly as a serial build does."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from curriculum_graph import edit, inventory, rebuild, search_index
from helpers import write_project
from test_graph_catalogues import CATALOGUE, COURSES, MORE_QUALITIES, QUALITIES
from test_graph_roles import DUPLICATES, MYST

if TYPE_CHECKING:
    from pathlib import Path

    from curriculum_graph import Stage

# Many pages, so reading is split between processes: roles, develops and
# backlinks across pages, every listing, unknown names and duplicates (within
# a page, across pages, and between the two projects merged here: Integrity
# and Resilience are defined twice).
FILES = {
    **MYST,
    "index.md": MYST["index.md"].replace(
        "sub/deep\n",
        "sub/deep\nlistings/qualities\nlistings/courses\n"
        "listings/more-qualities\nlistings/catalogue\nzeta\nalpha\nrefs\n",
    ),
    "listings/qualities.md": QUALITIES.replace("Integrity", "Honesty").replace(
        "Empathy", "Kindness"
    ),
    "listings/courses.md": COURSES,
    "listings/more-qualities.md": MORE_QUALITIES,
    "listings/catalogue.md": CATALOGUE,
    "zeta.md": DUPLICATES["zeta.md"],
    "alpha.md": DUPLICATES["alpha.md"],
    "refs.md": DUPLICATES["refs.md"],
}

_HASHES = re.compile(r"\?v=[0-9a-f]+")


def snapshot(stage: Stage) -> dict[str, str]:
    """Every HTML page, whole, without the cache-busting hashes of assets."""
    return {
        str(path.relative_to(stage.build.outdir)): _HASHES.sub(
            "", path.read_text(encoding="utf-8")
        )
        for path in sorted(stage.build.outdir.rglob("*.html"))
    }


def cmi_warnings(stage: Stage) -> list[str]:
    """The extension's warnings, without the project's folder (each has its own).

    Sphinx's own "duplicate label" warnings are left out: which of two pages
    it blames depends on the order it reads them, which ``-j`` changes.
    """
    text = stage.build.warnings.replace(str(stage.build.srcdir), "SRC")
    return sorted(
        line for line in text.splitlines() if line.endswith("]") and "[cmi." in line
    )


def build_both(tmp_path: Path) -> tuple[Stage, Stage]:
    stages = []
    for jobs in (2, 1):
        srcdir = tmp_path / f"j{jobs}"
        write_project(srcdir, FILES)
        stages.append(rebuild(srcdir, fresh=True, parallel=jobs))
    parallel, serial = stages
    return parallel, serial


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Stage, Stage]:
    return build_both(tmp_path_factory.mktemp("graph-parallel"))


def test_the_build_really_ran_in_parallel(builds: tuple[Stage, Stage]) -> None:
    parallel, serial = builds
    status = parallel.build.app.status.getvalue()
    # Parallel reading reports chunks of documents ("first .. last").
    assert re.search(r"reading sources\.\.\. .*\[\s*\d+%\].* \.\. ", status), status
    assert parallel.build.app.builder.parallel_ok
    assert not serial.build.app.builder.parallel_ok


def test_parallel_pages_equal_serial_pages(builds: tuple[Stage, Stage]) -> None:
    parallel, serial = builds
    pages, expected = snapshot(parallel), snapshot(serial)
    assert sorted(pages) == sorted(expected)
    assert len(pages) == len(FILES) + 2  # every page, genindex and search
    for name in sorted(expected):
        assert pages[name] == expected[name], name


def test_parallel_warnings_equal_serial_warnings(builds: tuple[Stage, Stage]) -> None:
    parallel, serial = builds
    assert cmi_warnings(parallel) == cmi_warnings(serial)
    types = {w.type for w in serial.build.reported()}
    assert {"cmi.ref", "cmi.duplicate"} <= types
    assert len(cmi_warnings(serial)) == 6


def sphinx_duplicate_labels(stage: Stage) -> set[str]:
    """Labels Sphinx itself reports twice: which one it keeps depends on -j."""
    return set(re.findall(r"duplicate label ([\w-]+)", stage.build.warnings))


def test_parallel_indexes_equal_serial_indexes(builds: tuple[Stage, Stage]) -> None:
    parallel, serial = builds
    ambiguous = sphinx_duplicate_labels(parallel) | sphinx_duplicate_labels(serial)
    assert ambiguous, "the project defines duplicates on purpose"
    inventories = []
    for stage in builds:
        found = inventory(stage.build.outdir)
        labels = found["std:label"]
        found["std:label"] = {k: v for k, v in labels.items() if k not in ambiguous}
        inventories.append(found)
    assert inventories[0] == inventories[1]
    assert search_index(parallel.build.outdir) == search_index(serial.build.outdir)


def test_parallel_incremental_rebuild_equals_serial(tmp_path: Path) -> None:
    """The same edit, rebuilt with -j 2 and serially, gives the same pages."""
    after = []
    for stage, jobs in zip(build_both(tmp_path), (2, 1), strict=True):
        edit(
            stage.build.srcdir / "qualities.md",
            ":::{quality-card} Integrity\n",
            ":::{quality-card} Honest dealing\n:name: integrity\n",
        )
        after.append(rebuild(stage.build.srcdir, parallel=jobs))
    parallel, serial = after
    assert snapshot(parallel) == snapshot(serial)
    for page in ("qualities", "roles", "courses", "listings/catalogue"):
        assert "Honest dealing" in parallel.pages[page], page
