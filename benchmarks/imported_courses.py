"""Courses from a data file against the same courses written as directives.

One page holds two quality cards, N courses, a ``course-catalog`` and the
``curriculum-matrix``: in the ``import`` variant the courses come from one
CSV file through ``curriculum-import``, in the ``directives`` variant each is
a hand-written ``course-callout``.  For N = 200, 1,000 and 2,000 (times
``--data-scale``) and an empty page, it counts the courses in the HTML (as
cards, catalogue rows and matrix rows: none may be lost) and reports the
build time per course above the empty page and per course added since the
size before. Times are the CPU time of the build process (user and system),
which other work on a shared machine does not lengthen.

The targets: a course from the file costs no more than a written one (at the
largest N, with 10 % for noise), and the cost of an added course stays flat
(the last step within 1.5 x the step before: linear growth).
"""

from __future__ import annotations

import re
import shutil
from typing import TYPE_CHECKING, Any

from curriculum import CONF
from growth import added_cost_is_flat, unit_costs

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

SIZES = (200, 1000, 2000)
VARIANTS = ("import", "directives")
QUALITIES = (
    ":::{quality-card} Integrity\n:name: integrity\n:::\n\n"
    ":::{quality-card} Empathy\n:name: empathy\n:::\n\n"
)
LISTINGS = ":::{course-catalog} Every course\n:::\n\n:::{curriculum-matrix}\n:::\n"
CARD = re.compile(r'<div class="cmi-card cmi-course-callout" id="course-(\d+)"')
LINK = re.compile(r'href="#course-(\d+)"')
TABLES = {
    "catalogue": re.compile(r"<table[^>]*cmi-course-catalog.*?</table>", re.S),
    "matrix": re.compile(r"<table[^>]*cmi-curriculum-matrix.*?</table>", re.S),
}


def course(n: int) -> dict[str, str]:
    return {
        "name": f"course-{n}",
        "title": f"Course {n}",
        "provider": f"Provider {n % 7}",
        "level": str(1 + n % 8),
        "duration": f"{1 + n % 12} weeks",
        "develops": "integrity" if n % 2 else "integrity, empathy",
        "body": f"What course {n} covers.",
    }


def csv_file(count: int) -> str:
    fields = list(course(0))
    rows = [",".join(fields)]
    rows += [
        ",".join(f'"{value}"' for value in course(n).values()) for n in range(count)
    ]
    return "\n".join(rows) + "\n"


def callouts(count: int) -> str:
    written = []
    for n in range(count):
        fields = course(n)
        options = "".join(
            f":{key}: {value}\n"
            for key, value in fields.items()
            if key not in ("title", "body")
        )
        title, body = fields["title"], fields["body"]
        written.append(f":::{{course-callout}} {title}\n{options}\n{body}\n:::\n")
    return "\n".join(written)


def sources(variant: str, count: int) -> dict[str, str]:
    if variant == "import":
        courses = ":::{curriculum-import} courses.csv\n:kind: course\n:::\n\n"
        files = {"courses.csv": csv_file(count)}
    else:
        courses, files = callouts(count) + "\n", {}
    page = f"# Courses\n\n{QUALITIES}{courses if count else ''}{LISTINGS}"
    return {"index.md": page, **files}


def write(src: Path, files: dict[str, str]) -> None:
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    (src / "conf.py").write_text(CONF.format(extensions=["myst_parser", "sphinx_cmi"]))
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")


def counted(html: str) -> dict[str, int]:
    """Courses found as cards, as catalogue rows and as matrix rows."""
    found = {"cards": len(set(CARD.findall(html)))}
    for name, table in TABLES.items():
        match = table.search(html)
        found[name] = len(set(LINK.findall(match.group()))) if match else 0
    return found


def measure(
    root: Path, scale: float, repeats: int, build: Callable[[Path, Path], float]
) -> dict[str, Any]:
    """Per variant: for each size, the courses found and the fastest build.

    The variants take turns at each size (import, directives, import, ...),
    so that a busy moment of the machine falls on both.
    """
    sizes = [0, *(max(1, round(size * scale)) for size in SIZES)]
    results: dict[str, Any] = {variant: [] for variant in VARIANTS}
    for size in sizes:
        seconds: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
        for variant in VARIANTS:
            write(root / f"data-{variant}-{size}", sources(variant, size))
        for _ in range(repeats):
            for variant in VARIANTS:
                src = root / f"data-{variant}-{size}"
                out = root / f"data-{variant}-{size}-out"
                if out.exists():
                    shutil.rmtree(out)
                seconds[variant].append(build(src, out))
        for variant in VARIANTS:
            out = root / f"data-{variant}-{size}-out"
            found = counted((out / "index.html").read_text("utf-8"))
            point = {"courses": size, **found, "seconds": min(seconds[variant])}
            results[variant].append(point)
    for series in results.values():
        unit_costs(series, "courses", "course")
    return results


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "| Courses from | Courses | Cards | Catalogue rows | Matrix rows | Cold "
        "HTML build, CPU s | ms per course | ms per course added since the size "
        "above |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for variant, series in results.items():
        for point in series:
            figures = [
                f"{point[key]:.2f}" if key in point else "-"
                for key in ("ms_per_course", "ms_per_added_course")
            ]
            lines.append(
                f"| {variant} | {point['courses']} | {point['cards']} | "
                f"{point['catalogue']} | {point['matrix']} | {point['seconds']:.2f} | "
                f"{' | '.join(figures)} |"
            )
    return "\n".join(lines) + "\n"


def targets(results: dict[str, Any]) -> list[tuple[str, bool, str]]:
    """No course lost; a course from a file costs no more than a written one;
    growth is linear."""
    checks = []
    for variant, series in results.items():
        lost = [
            p["courses"]
            for p in series
            if not p["cards"] == p["catalogue"] == p["matrix"] == p["courses"]
        ]
        checks.append(
            (
                f"data files, {variant}: no course lost",
                not lost,
                f"lost at {lost or 'none'}",
            )
        )
        checks.append(
            added_cost_is_flat(f"data files, {variant}", series, "courses", "course")
        )
    imported = results["import"][-1]["ms_per_course"]
    written = results["directives"][-1]["ms_per_course"]
    ratio = imported / written if written > 0 else float("inf")
    checks.append(
        (
            f"data files: a course from a file costs no more than a written one "
            f"(ms per course at N={results['import'][-1]['courses']}, within 10 %)",
            ratio <= 1.1,
            f"{imported:.2f} vs {written:.2f} ms, x{ratio:.2f}",
        )
    )
    return checks
