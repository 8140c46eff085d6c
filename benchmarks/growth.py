"""How the cost grows with N: the cost of one more page between two sizes.

A build that grows linearly costs the same per added page whatever N is; a
figure that rises from one interval to the next shows growth faster than N.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

# (summary key, label, unit, factor from the summary's unit to the shown one)
MEASURES = [
    ("read", "Cold read", "ms", 1000.0),
    ("html_basic", "Cold HTML, basic theme", "ms", 1000.0),
    ("html_furo", "Cold HTML, Furo", "ms", 1000.0),
    ("html_j2", "Cold HTML, basic, `-j 2`", "ms", 1000.0),
    ("peak_rss_mib", "Peak RSS", "KiB", 1024.0),
    ("env_pickle_kib", "environment.pickle", "KiB", 1.0),
]
# Measures that must grow linearly for sphinx-cmi. Furo is left out: its
# navigation tree on every page grows with N in both variants.
LINEAR = ("read", "html_basic", "env_pickle_kib")
LINEAR_TOLERANCE = 1.5


def per_page(
    by_size: dict[int, dict[str, Any]], variant: str, key: str
) -> list[float | None]:
    """Cost of one more page in each interval between successive sizes.

    None for an interval where either size did not measure *key*.
    """
    sizes = sorted(by_size)
    values = [by_size[n][variant].get(key) for n in sizes]
    return [
        (b - a) / (n_b - n_a) if a is not None and b is not None else None
        for (n_a, a), (n_b, b) in pairwise(zip(sizes, values, strict=True))
    ]


def markdown(by_size: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(by_size)
    if len(sizes) < 2:
        return ""
    spans = [f"N={a} to {b}" for a, b in pairwise(sizes)]
    lines = [
        "Cost of one more page, cmi / peer:",
        "",
        "| Measure | " + " | ".join(spans) + " |",
        "|---" * (len(spans) + 1) + "|",
    ]
    for key, label, unit, factor in MEASURES:
        cmi, peer = per_page(by_size, "cmi", key), per_page(by_size, "peer", key)
        if all(a is None for a in cmi):
            continue
        cells = [
            f"{a * factor:.1f} / {b * factor:.1f}"
            if a is not None and b is not None
            else "not run"
            for a, b in zip(cmi, peer, strict=True)
        ]
        lines.append(f"| {label}, {unit} per page | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def targets(by_size: dict[int, dict[str, Any]]) -> list[tuple[str, bool, str]]:
    """sphinx-cmi's cost per added page does not rise with N (within tolerance)."""
    if len(by_size) < 2:
        return []
    checks = []
    for key in LINEAR:
        costs = [c for c in per_page(by_size, "cmi", key) if c is not None]
        first, last = costs[0], costs[-1]
        rise = last / first if first > 0 else float("inf")
        checks.append(
            (
                f"{key} grows linearly (cost per page, last interval / first "
                f"<= {LINEAR_TOLERANCE})",
                rise <= LINEAR_TOLERANCE,
                f"{rise:.2f}",
            )
        )
    return checks


def unit_costs(series: list[dict[str, Any]], count: str, unit: str) -> None:
    """Add to each non-empty point of a series (its first point is the empty
    project) the ms per *unit* above the empty project, ``ms_per_<unit>``, and
    per *unit* added since the size before, ``ms_per_added_<unit>``."""
    base = series[0]["seconds"]
    for before, point in pairwise(series):
        point[f"ms_per_{unit}"] = 1000 * (point["seconds"] - base) / point[count]
        added = point[count] - before[count]
        point[f"ms_per_added_{unit}"] = (
            1000 * (point["seconds"] - before["seconds"]) / added
        )


def added_cost_is_flat(
    name: str, series: list[dict[str, Any]], count: str, unit: str
) -> tuple[str, bool, str]:
    """The cost of a *unit* added last against one added between the two
    smaller non-empty sizes: the step up from the empty project also pays
    for having the directive at all, which is no part of the cost per unit."""
    first, last = series[2], series[-1]
    key = f"ms_per_added_{unit}"
    a, b = first[key], last[key]
    growth = b / a if a > 0 else float("inf")
    span = f"{series[1][count]}-{first[count]} {unit}s"
    last_span = f"{series[-2][count]}-{last[count]} {unit}s"
    return (
        f"{name}: linear (ms per added {unit}, {last_span} <= "
        f"{LINEAR_TOLERANCE} x {span})",
        growth <= LINEAR_TOLERANCE,
        f"{a:.2f} -> {b:.2f} ms per added {unit}, x{growth:.2f}",
    )
