"""Large inputs: a long comparison table and a big course catalogue.

Builds each at a quarter, half and all of its full size (600 rows, 2,000
courses) and an empty baseline project, counts the rows in the output (none
may be lost) and reports the build time per row above the baseline and per
row added since the size before: when the cost of an added row stays flat as
the input grows, the cost is linear.

Each size keeps its fastest build, not the median: the smallest inputs add
only a few hundredths of a second to the baseline, and other work on the
machine can only lengthen a build, so the minimum is the steadier figure.
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

FULL = {"table": 600, "catalogue": 2000}
STEPS = (0.25, 0.5, 1.0)
COURSES_PER_PAGE = 100


def table_sources(rows: int) -> dict[str, str]:
    body = "".join(
        f"- Row {r}\n  - What the leader does in row {r}.\n"
        f"  - What the manager does in row {r}.\n"
        for r in range(rows)
    )
    table = (
        f":::{{comparison-table}} Long table\n:columns: Leader, Manager\n\n{body}:::\n"
    )
    return {"index.md": f"# Long table\n\n{table if rows else ''}"}


def catalogue_sources(courses: int) -> dict[str, str]:
    pages = [f"courses-{p:03d}" for p in range(-(-courses // COURSES_PER_PAGE))]
    files = {}
    for p, name in enumerate(pages):
        first = p * COURSES_PER_PAGE
        callouts = [
            f":::{{course-callout}} Course {c}\n:provider: Provider {c % 7}\n"
            f":level: {1 + c % 8}\n:duration: {1 + c % 12} weeks\n\n"
            f"What course {c} covers.\n:::\n"
            for c in range(first, min(first + COURSES_PER_PAGE, courses))
        ]
        files[f"{name}.md"] = f"# Courses from {first}\n\n" + "\n".join(callouts)
    toc = "\n".join(pages)
    files["index.md"] = (
        f"# Catalogue\n\n```{{toctree}}\n{toc}\n```\n\n"
        ":::{course-catalog} Every course\n:::\n"
    )
    return files


SOURCES = {"table": table_sources, "catalogue": catalogue_sources}
COUNTED = {"table": r"Row (\d+)", "catalogue": r"Course (\d+)"}


def write(src: Path, files: dict[str, str]) -> None:
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    conf = CONF.format(extensions=["myst_parser", "sphinx_cmi"])
    (src / "conf.py").write_text(conf)
    for name, text in files.items():
        (src / name).write_text(text)


def measure(
    root: Path, scale: float, repeats: int, build: Callable[[Path, Path], float]
) -> dict[str, Any]:
    """Per input kind: for each size, rows written, rows found and seconds."""
    results: dict[str, Any] = {}
    for kind, full in FULL.items():
        sizes = [0, *(max(1, round(full * scale * step)) for step in STEPS)]
        series = []
        for size in sizes:
            src, out = root / f"large-{kind}-{size}", root / f"large-{kind}-{size}-out"
            write(src, SOURCES[kind](size))
            seconds = []
            for _ in range(repeats):
                if out.exists():
                    shutil.rmtree(out)
                seconds.append(build(src, out))
            html = (out / "index.html").read_text("utf-8")
            found = len(set(re.findall(COUNTED[kind], html)))
            series.append({"rows": size, "found": found, "seconds": min(seconds)})
        unit_costs(series, "rows", "row")
        results[kind] = series
    return results


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "| Input | Rows | Rows in the HTML | Cold HTML build, s | ms per row above "
        "the empty project | ms per row added since the size above |",
        "|---|---|---|---|---|---|",
    ]
    for kind, series in results.items():
        for point in series:
            figures = [
                f"{point[key]:.2f}" if key in point else "-"
                for key in ("ms_per_row", "ms_per_added_row")
            ]
            lines.append(
                f"| {kind} | {point['rows']} | {point['found']} | "
                f"{point['seconds']:.2f} | {' | '.join(figures)} |"
            )
    return "\n".join(lines) + "\n"


def targets(results: dict[str, Any]) -> list[tuple[str, bool, str]]:
    """No row lost; a row added to the largest input costs what it did earlier."""
    checks = []
    for kind, series in results.items():
        lost = [p["rows"] for p in series if p["found"] != p["rows"]]
        checks.append((f"{kind}: no row lost", not lost, f"lost at {lost or 'none'}"))
        checks.append(added_cost_is_flat(kind, series, "rows", "row"))
    return checks
