"""axe-core on every page of the handbook, in light and dark mode."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest

from e2e import support

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e

#: Violations that come from the theme (Furo) or Sphinx, not from sphinx-cmi:
#: (rule id, pattern searched in the target selector and the element's
#: markup, why it is accepted).
THEME_IGNORES: list[tuple[str, str, str]] = [
    (
        "aria-required-attr",
        r'<p class="caption" role="heading">',
        "Sphinx writes toctree captions (sidebar and in-page) as "
        '<p role="heading"> without aria-level; sphinx-cmi does not emit them',
    ),
    (
        "scrollable-region-focusable",
        r"\.highlight > pre",
        "Pygments code blocks that Furo lets scroll sideways are not focusable; "
        "Sphinx/Furo markup, not sphinx-cmi's",
    ),
]


def _ignored(rule: str, target: str, html: str) -> bool:
    return any(
        rule == rule_id and re.search(pattern, f"{target} {html}")
        for rule_id, pattern, _ in THEME_IGNORES
    )


@pytest.mark.parametrize("mode", list(support.MODES))
def test_axe_every_page(
    browser: Browser, handbook_url: str, pages: list[str], mode: str
) -> None:
    ours: list[str] = []
    theirs: list[str] = []
    with support.desktop_page(browser, mode) as page:
        for name in pages:
            support.goto(page, handbook_url + name)
            expected = support.MODES[mode][1]
            assert page.evaluate("document.body.dataset.theme") == expected
            violations: list[dict[str, Any]] = support.run_axe(page)
            for violation in violations:
                for node in violation["nodes"]:
                    line = (
                        f"{mode} {name}: {violation['id']} ({violation['impact']}) "
                        f"{node['target']}\n    {node['html']}\n    {node['summary']}"
                    )
                    if node["ours"]:
                        ours.append(line)
                    elif not _ignored(violation["id"], node["target"], node["html"]):
                        theirs.append(line)
    assert not ours, "axe violations on sphinx-cmi markup:\n" + "\n".join(ours)
    assert not theirs, "axe violations outside sphinx-cmi:\n" + "\n".join(theirs)


CONTRAST_PAGES = (
    support.QUALITIES_PAGE,
    support.CATALOGUE_PAGE,
    support.COMPARISON_PAGE,
    "becoming-a-leader.html",
    "reference/course-callout.html",
    "reference/course-catalog.html",
    support.OUTCOMES_PAGE,
    support.LEARNING_PATH_PAGE,
    "reference/learning-outcome.html",
)


@pytest.mark.parametrize("mode", list(support.MODES))
def test_contrast_of_cards_tables_icons_and_links(
    browser: Browser, handbook_url: str, mode: str
) -> None:
    """Text >= 4.5:1 and icons >= 3:1 (WCAG 1.4.3, 1.4.11), wide and narrow."""
    low: list[str] = []
    checked = 0
    with support.desktop_page(browser, mode) as page:
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            for name in CONTRAST_PAGES:
                support.goto(page, handbook_url + name)
                results: list[dict[str, Any]] = page.evaluate(support.CONTRAST)
                checked += len(results)
                low += [
                    f"{mode} {width} {name}: {r['value']:.2f} < {r['minimum']} "
                    f"{r['what']}"
                    for r in results
                    if r["value"] < r["minimum"]
                ]
    assert checked > 100
    assert not low, "contrast below AA:\n" + "\n".join(low)
