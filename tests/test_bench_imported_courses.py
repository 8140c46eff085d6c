"""The benchmark's data-file series: courses counted, cost per course compared.

No build is timed here: ``measure`` gets a fake build that writes the HTML a
real build would (every course as a card and in both tables, unless told to
lose one) and takes a time given by a formula.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import imported_courses

if TYPE_CHECKING:
    from collections.abc import Callable


def courses_in(src: Path) -> int:
    csv = src / "courses.csv"
    if csv.exists():
        return len(csv.read_text().splitlines()) - 1
    return (src / "index.md").read_text().count("{course-callout}")


def fake_build(
    ms_per_course: dict[str, float], quadratic: float = 0, lose: int = 0
) -> Callable[[Path, Path], float]:
    def build(src: Path, out: Path) -> float:
        variant = (
            "import"
            if (src / "courses.csv").exists() or "import" in src.name
            else "directives"
        )
        count = courses_in(src)
        shown = range(max(0, count - lose))
        cards = "".join(
            f'<div class="cmi-card cmi-course-callout" id="course-{n}">' for n in shown
        )
        links = "".join(f'<a href="#course-{n}">' for n in shown)
        out.mkdir(parents=True)
        (out / "index.html").write_text(
            f'{cards}<table class="cmi-comparison cmi-course-catalog">{links}</table>'
            f'<table role="table" class="cmi-curriculum-matrix">{links}</table>'
        )
        return 0.5 + count * ms_per_course[variant] / 1000 + quadratic * count**2

    return build


def test_the_sources_hold_the_same_courses() -> None:
    imported = imported_courses.sources("import", 3)
    written = imported_courses.sources("directives", 3)
    assert imported["courses.csv"].count("\n") == 4
    assert written["index.md"].count("{course-callout}") == 3
    for n in range(3):
        assert f"course-{n}" in imported["courses.csv"]
        assert f":name: course-{n}" in written["index.md"]
    for page in (imported["index.md"], written["index.md"]):
        assert "{course-catalog}" in page
        assert "{curriculum-matrix}" in page


def test_equal_linear_costs_pass(tmp_path: Path) -> None:
    build = fake_build({"import": 2.0, "directives": 2.5})
    results = imported_courses.measure(tmp_path, 0.01, 1, build)
    series = results["import"]
    assert [p["courses"] for p in series] == [0, 2, 10, 20]
    assert [p["catalogue"] for p in series] == [0, 2, 10, 20]
    assert series[-1]["ms_per_course"] == pytest.approx(2.0)
    assert all(ok for _, ok, _ in imported_courses.targets(results))
    assert "| import | 20 | 20 | 20 | 20 | 0.54 | 2.00 | 2.00 |" in (
        imported_courses.markdown(results)
    )


def test_dearer_quadratic_or_lossy_imports_fail(tmp_path: Path) -> None:
    dear = imported_courses.measure(
        tmp_path / "dear", 0.01, 1, fake_build({"import": 3.0, "directives": 2.0})
    )
    verdicts = {name: ok for name, ok, _ in imported_courses.targets(dear)}
    assert [ok for name, ok in verdicts.items() if "costs no more" in name] == [False]
    slow = imported_courses.measure(
        tmp_path / "slow", 0.01, 1,
        fake_build({"import": 2.0, "directives": 2.0}, quadratic=0.001),
    )  # fmt: skip
    linear = [ok for name, ok, _ in imported_courses.targets(slow) if "linear" in name]
    assert linear == [False, False]
    lossy = imported_courses.measure(
        tmp_path / "lossy", 0.01, 1, fake_build({"import": 1, "directives": 1}, lose=1)
    )
    lost = [ok for name, ok, _ in imported_courses.targets(lossy) if "lost" in name]
    assert lost == [False, False]
