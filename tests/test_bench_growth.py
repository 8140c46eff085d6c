"""The benchmark's growth report: the arithmetic behind "grows linearly".

No build is timed here; the summaries are made up so the expected figures
can be worked out by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import growth


def summary(seconds: dict[int, tuple[float, float]]) -> dict[int, dict[str, Any]]:
    """by_size with cmi/peer read and HTML times, RSS and pickle size."""
    return {
        n: {
            variant: {
                "read": t,
                "html_basic": 2 * t,
                "peak_rss_mib": 50 + n / 10,
                "env_pickle_kib": 2.0 * n,
            }
            for variant, t in zip(("cmi", "peer"), pair, strict=True)
        }
        for n, pair in seconds.items()
    }


def test_per_page_is_the_slope_between_successive_sizes() -> None:
    by_size = summary({50: (1.5, 2.0), 200: (4.5, 8.0), 1000: (20.5, 40.0)})
    assert growth.per_page(by_size, "cmi", "read") == pytest.approx([0.02, 0.02])
    assert growth.per_page(by_size, "peer", "read") == pytest.approx([0.04, 0.04])


def test_markdown_shows_each_interval_in_ms_and_kib() -> None:
    text = growth.markdown(summary({50: (1.5, 2.0), 200: (4.5, 8.0)}))
    assert "| Measure | N=50 to 200 |" in text
    assert "| Cold read, ms per page | 20.0 / 40.0 |" in text
    assert "| Cold HTML, basic theme, ms per page | 40.0 / 80.0 |" in text
    assert "| environment.pickle, KiB per page | 2.0 / 2.0 |" in text
    assert "Furo" not in text  # not measured, not shown


def test_linear_growth_passes_and_quadratic_growth_fails() -> None:
    linear = summary({50: (1.5, 2.0), 200: (4.5, 8.0), 1000: (20.5, 40.0)})
    assert all(ok for _, ok, _ in growth.targets(linear))
    # cmi's read time grows with N squared: 0.02 then 0.1 s per page.
    quadratic = summary({50: (1.5, 2.0), 200: (4.5, 8.0), 1000: (84.5, 40.0)})
    verdicts = {name.split()[0]: (ok, d) for name, ok, d in growth.targets(quadratic)}
    assert verdicts["read"] == (False, "5.00")
    assert verdicts["env_pickle_kib"][0] is True


def test_one_size_has_no_growth_to_show() -> None:
    one = summary({20: (1.0, 1.0)})
    assert growth.markdown(one) == ""
    assert growth.targets(one) == []


def test_a_measure_missing_at_the_largest_size_shows_as_not_run() -> None:
    """``--furo-max 200``: Furo at N=50 and 200, not at 1000."""
    by_size = summary({50: (1.5, 2.0), 200: (4.5, 8.0), 1000: (20.5, 40.0)})
    for n, furo in ((50, (3.0, 4.0)), (200, (9.0, 13.0))):
        by_size[n]["cmi"]["html_furo"], by_size[n]["peer"]["html_furo"] = furo
    assert growth.per_page(by_size, "cmi", "html_furo") == pytest.approx([0.04, None])
    text = growth.markdown(by_size)
    assert "| Cold HTML, Furo, ms per page | 40.0 / 60.0 | not run |" in text
    assert all(ok for _, ok, _ in growth.targets(by_size))
