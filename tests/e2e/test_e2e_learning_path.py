"""The learning path drawn as a diagram: readable at 375 px, light and dark.

The diagram is the stylesheet's work alone (no JavaScript): bands per level
joined by arrows, a box per course with its number as a badge.  These tests
look at what Chromium actually lays out and paints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from e2e import support

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e

LAYOUT = """
() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  // lum() and ratio(): RATIO, inserted below
  const paths = Array.from(document.querySelectorAll("ul.cmi-learning-path"));
  return paths.map((path) => {
    const box = path.getBoundingClientRect();
    const levels = Array.from(path.querySelectorAll(":scope > li"));
    const steps = Array.from(path.querySelectorAll("li.cmi-learning-path-step"));
    return {
      width: box.width,
      overflow: steps.filter((s) => s.getBoundingClientRect().right > box.right + 1)
        .length,
      columns: Array.from(path.querySelectorAll("ol.cmi-learning-path-steps")).map(
        (ol) => getComputedStyle(ol).gridTemplateColumns.split(" ").length),
      band: levels.map((li) => getComputedStyle(li).borderLeftColor),
      arrows: levels.slice(0, -1).map((li) => {
        const after = getComputedStyle(li, "::after");
        return {content: after.content, colour: after.borderTopColor,
                height: parseFloat(after.borderTopWidth)};
      }),
      badges: steps.map((li) => {
        const before = getComputedStyle(li, "::before");
        return {
          content: before.content,
          ratio: ratio(parse(before.color), parse(before.backgroundColor)),
        };
      }),
      texts: steps.map((li) => getComputedStyle(li).color),
      boxes: steps.map((li) => getComputedStyle(li).borderTopColor),
      listStyle: steps.map((li) => getComputedStyle(li).listStyleType),
    };
  });
}
""".replace("  // lum() and ratio(): RATIO, inserted below", support.RATIO)


def layout(browser: Browser, url: str, width: int, mode: str) -> list[dict[str, Any]]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        support.set_mode(page, mode)
        support.goto(page, url)
        found: list[dict[str, Any]] = page.evaluate(LAYOUT)
        return found
    finally:
        context.close()


@pytest.mark.parametrize("mode", list(support.MODES))
@pytest.mark.parametrize("width", [375, 1280])
def test_the_diagram_is_readable(
    browser: Browser, handbook_url: str, width: int, mode: str
) -> None:
    paths = layout(browser, handbook_url + support.LEARNING_PATH_PAGE, width, mode)
    assert len(paths) == 1
    (path,) = paths
    assert path["overflow"] == 0  # every box inside the diagram
    if width == 375:
        assert path["columns"] == [1, 1, 1]  # boxes one under another
    assert len(path["arrows"]) == 2  # level 3 -> 5 -> 7
    for arrow, band in zip(path["arrows"], path["band"], strict=False):
        assert arrow["content"] == '""'
        assert arrow["height"] > 0
        assert arrow["colour"] == band  # drawn in the band's accent colour
    for badge in path["badges"]:
        assert "counter(list-item)" in badge["content"]
        assert badge["ratio"] >= 4.5, badge
    assert set(path["listStyle"]) == {"none"}  # the badge is the only number


def test_light_and_dark_paint_the_diagram_differently(
    browser: Browser, handbook_url: str
) -> None:
    """Colours come from the theme: the text of a box follows the mode."""
    url = handbook_url + support.LEARNING_PATH_PAGE
    light = layout(browser, url, 1280, "scheme-light")[0]
    dark = layout(browser, url, 1280, "scheme-dark")[0]
    assert light["texts"] != dark["texts"]
    assert light["band"] != dark["band"]


def test_the_new_pages_are_part_of_the_handbook(pages: list[str]) -> None:
    """So the every-page checks (axe light and dark, Nu checker, keyboard,
    no JavaScript, no sideways scrolling) cover them."""
    for name in (
        support.LEARNING_PATH_PAGE,
        support.OUTCOMES_PAGE,
        "reference/learning-outcome.html",
        "reference/learning-path.html",
    ):
        assert name in pages
