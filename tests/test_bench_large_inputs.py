"""The benchmark's large-input report: rows counted and cost per added row.

No build is timed here: ``measure`` gets a fake build whose seconds follow a
formula, so the expected figures can be worked out by hand.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import large_inputs

if TYPE_CHECKING:
    from collections.abc import Callable

COUNTED = {kind: re.compile(pattern) for kind, pattern in large_inputs.COUNTED.items()}


def fake_build(
    seconds_per_row: dict[str, float], fixed: float, quadratic: float = 0
) -> Callable[[Path, Path], float]:
    """A build that writes every generated row and takes a known time."""

    def build(src: Path, out: Path) -> float:
        text = "".join(p.read_text() for p in sorted(src.glob("*.md")))
        kind = "table" if "comparison-table" in text else "catalogue"
        rows = len(set(COUNTED[kind].findall(text)))
        out.mkdir(parents=True)
        (out / "index.html").write_text(text)
        has_input = 1 if rows else 0
        return (
            0.5
            + fixed * has_input
            + seconds_per_row[kind] * rows
            + (quadratic * rows * rows)
        )

    return build


def test_linear_cost_passes_despite_a_one_off_cost(tmp_path: Path) -> None:
    rates = {"table": 0.001, "catalogue": 0.003}
    results = large_inputs.measure(tmp_path, 0.1, 1, fake_build(rates, fixed=0.2))
    table = results["table"]
    assert [p["rows"] for p in table] == [0, 15, 30, 60]
    assert [p["found"] for p in table] == [0, 15, 30, 60]
    # The first step carries the 0.2 s of having a table at all...
    assert table[1]["ms_per_added_row"] == pytest.approx(1 + 200 / 15)
    # ... the later ones only the rows.
    assert table[2]["ms_per_added_row"] == pytest.approx(1.0)
    assert table[3]["ms_per_added_row"] == pytest.approx(1.0)
    assert all(ok for _, ok, _ in large_inputs.targets(results))
    text = large_inputs.markdown(results)
    assert "| table | 60 | 60 | 0.76 | 4.33 | 1.00 |" in text


def test_quadratic_cost_and_lost_rows_fail(tmp_path: Path) -> None:
    rates = {"table": 0.001, "catalogue": 0.003}
    slow = fake_build(rates, fixed=0.0, quadratic=0.001)
    results = large_inputs.measure(tmp_path, 0.1, 1, slow)
    results["catalogue"][2]["found"] -= 1
    verdicts = {name: ok for name, ok, _ in large_inputs.targets(results)}
    assert verdicts["table: no row lost"] is True
    assert verdicts["catalogue: no row lost"] is False
    linear = {
        name.split(":")[0]: ok for name, ok in verdicts.items() if "linear" in name
    }
    assert linear == {"table": False, "catalogue": False}
