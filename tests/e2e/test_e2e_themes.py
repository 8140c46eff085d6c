"""The handbook under five themes, light and dark, narrow and wide.

Each theme's build is checked on every page that holds sphinx-cmi markup:
no axe violation on that markup, text at 4.5:1 and icons at 3:1, no page or
table wider than its window or column, and the theme's own colours on cards
and tables. A generated matrix of 8 qualities and 20 courses must fit 1280
pixels and, at 375, list under each course only what it develops.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any, Literal

import pytest

from e2e import support

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, FloatRect, Page

    from e2e.conftest import ThemeSite

pytestmark = pytest.mark.e2e

Mode = Literal["light", "dark"]
MODES: tuple[Mode, ...] = ("light", "dark")
WIDTHS = (1280, 375)


@contextlib.contextmanager
def themed_page(browser: Browser, mode: Mode, width: int = 1280) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        support.set_theme_mode(page, mode)
        yield page
    finally:
        context.close()


def _mode_shown(page: Page, theme: str) -> str:
    script = support.THEME_MODE_SCRIPT.get(theme)
    return str(page.evaluate(script)) if script else "light"


WIDTH_CHECK = """
() => {
  const se = document.scrollingElement;
  const wide = [];
  for (const el of document.querySelectorAll(
      "table.cmi-comparison, .cmi-card, ul.cmi-quality-index")) {
    if (el.getClientRects().length === 0) continue;
    const own = el.getBoundingClientRect().width;
    const room = el.parentElement.getBoundingClientRect().width;
    if (own > room + 1) wide.push(`${el.className}: ${Math.round(own)} px in ${
      Math.round(room)} px`);
  }
  return {scroll: se.scrollWidth, client: se.clientWidth, wide};
}
"""


def check_page(page: Page, label: str) -> tuple[list[str], int]:
    """What is wrong on the loaded page (axe, contrast, widths), and how many
    of sphinx-cmi's parts had their contrast measured."""
    problems: list[str] = []
    for violation in support.run_axe(page):
        problems += [
            f"{label}: axe {violation['id']} {node['target']}\n"
            f"    {node['html']}\n    {node['summary']}"
            for node in violation["nodes"]
            if node["ours"]
        ]
    results: list[dict[str, Any]] = page.evaluate(support.CONTRAST)
    problems += [
        f"{label}: contrast {r['value']:.2f} < {r['minimum']} {r['what']}"
        for r in results
        if r["value"] < r["minimum"]
    ]
    widths: dict[str, Any] = page.evaluate(WIDTH_CHECK)
    if widths["scroll"] > widths["client"] + 1:
        problems.append(
            f"{label}: page scrolls sideways ({widths['scroll']} > {widths['client']})"
        )
    problems += [f"{label}: wider than its column: {w}" for w in widths["wide"]]
    return problems, len(results)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("theme", support.THEMES)
def test_theme_accessible_and_fits(
    browser: Browser, theme_site: ThemeSite, theme: str, mode: Mode
) -> None:
    pages = theme_site.pages(theme)
    assert len(pages) >= 10, pages
    problems: list[str] = []
    with themed_page(browser, mode) as page:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            measured = 0
            for name in pages:
                support.goto(page, theme_site.base(theme) + name)
                if theme in support.THEME_MODE_SCRIPT:
                    assert _mode_shown(page, theme) == mode, (theme, mode, name)
                found, count = check_page(page, f"{theme} {mode} {width} {name}")
                problems += found
                measured += count
            assert measured > 100, f"{theme} {mode} {width}: contrast of {measured}"
    assert not problems, "\n".join(problems)


#: The colours each theme uses for its own accent and borders, as variables
#: (or fixed values for themes without them), and what sphinx-cmi must match.
NATIVE = """
(theme) => {
  const body = getComputedStyle(document.body);
  const probe = document.createElement("span");
  document.body.append(probe);
  const colour = (value) => {
    probe.style.color = "";
    probe.style.color = value;
    return getComputedStyle(probe).color;
  };
  const expected = {
    furo: {accent: "var(--color-brand-content)",
           border: "var(--color-card-border)"},
    pydata_sphinx_theme: {accent: "var(--pst-color-primary)",
                          border: "var(--pst-color-border)"},
    sphinx_book_theme: {accent: "var(--pst-color-primary)",
                        border: "var(--pst-color-border)"},
    sphinx_rtd_theme: {accent: "#2980b9", border: "#e1e4e5"},
    alabaster: {accent: "#004b6b", border: null},
  }[theme];
  const card = getComputedStyle(document.querySelector(".cmi-card"));
  const out = {
    accent: [colour(expected.accent), card.borderLeftColor],
    border: expected.border
      ? [colour(expected.border), card.borderTopColor] : null,
  };
  probe.remove();
  return out;
}
"""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("theme", support.THEMES)
def test_cards_take_the_theme_colours(
    browser: Browser, theme_site: ThemeSite, theme: str, mode: Mode
) -> None:
    with themed_page(browser, mode) as page:
        support.goto(page, theme_site.base(theme) + support.QUALITIES_PAGE)
        if theme in support.THEME_MODE_SCRIPT:
            assert _mode_shown(page, theme) == mode, (theme, mode)
        found: dict[str, list[str] | None] = page.evaluate(NATIVE, theme)
    for what, pair in found.items():
        if pair is not None:
            theirs, ours = pair
            assert ours == theirs, f"{theme} {mode}: card {what} {ours} != {theirs}"


MATRIX_LAYOUT = """
() => {
  const table = document.querySelector("table.cmi-curriculum-matrix");
  const rows = Array.from(table.querySelectorAll("tbody > tr")).map((tr) =>
    Array.from(tr.querySelectorAll("td"))
      .filter((td) => td.getClientRects().length > 0)
      .map((td) => ({label: td.dataset.label,
                     tick: !!td.querySelector(".cmi-tick")})));
  const header = table.querySelector("thead th:nth-child(2) > p");
  const stub = table.querySelector("tbody th");
  return {
    rows,
    width: table.getBoundingClientRect().width,
    room: table.parentElement.getBoundingClientRect().width,
    writing: getComputedStyle(header).writingMode,
    sticky: getComputedStyle(stub).position,
  };
}
"""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("theme", support.THEMES)
def test_large_matrix_fits_and_stacks(
    browser: Browser, matrix_site: ThemeSite, theme: str, mode: Mode
) -> None:
    from e2e.conftest import MATRIX_COURSES, MATRIX_QUALITIES, matrix_develops

    problems: list[str] = []
    with themed_page(browser, mode) as page:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            support.goto(page, matrix_site.base(theme) + "index.html")
            found, measured = check_page(page, f"{theme} {mode} {width} matrix")
            problems += found
            assert measured > 0, f"{theme} {mode} {width}: no contrast measured"
            layout: dict[str, Any] = page.evaluate(MATRIX_LAYOUT)
            assert len(layout["rows"]) == MATRIX_COURSES
            if width == 1280:
                assert layout["width"] <= layout["room"] + 1, layout
                assert layout["writing"].startswith("vertical"), layout
                assert layout["sticky"] == "sticky", layout
                continue
            for number, cells in enumerate(layout["rows"]):
                developed = [MATRIX_QUALITIES[q] for q in matrix_develops(number)]
                assert [c["label"] for c in cells] == developed, (number, cells)
                assert all(cell["tick"] for cell in cells)
    assert not problems, "\n".join(problems)


#: The handbook's "Themes" reference shows these: one region with a quality
#: tile and a course table, per theme and mode.
SHOT_WIDTH, SHOT_HEIGHT = 1280, 2400


def _quantised(path: os.PathLike[str]) -> None:
    """Fewer colours, same look: a fraction of the bytes in the handbook."""
    try:
        from PIL import Image
    except ImportError:
        pytest.fail("PyPI pillow is missing: pip install pillow", pytrace=False)
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("theme", support.THEMES)
def test_theme_screenshots(
    browser: Browser, theme_site: ThemeSite, theme: str, mode: Mode
) -> None:
    support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = support.SCREENSHOTS / f"theme-{theme}-{mode}.png"
    with themed_page(browser, mode, SHOT_WIDTH) as page:
        # Tall enough that the region is on screen without scrolling.
        page.set_viewport_size({"width": SHOT_WIDTH, "height": SHOT_HEIGHT})
        support.goto(page, theme_site.base(theme) + support.CATALOGUE_PAGE)
        # From the last row of quality tiles down to the first course table.
        top = page.locator("ul.cmi-quality-index > li").last.bounding_box()
        bottom = page.locator("table.cmi-course-catalog").first.bounding_box()
        assert top is not None
        assert bottom is not None
        left = max(bottom["x"] - 16, 0)
        right = min(bottom["x"] + bottom["width"] + 16, SHOT_WIDTH)
        clip: FloatRect = {
            "x": left,
            "y": top["y"] - 16,
            "width": right - left,
            "height": min(bottom["y"] + bottom["height"] - top["y"] + 32, 720),
        }
        page.screenshot(path=target, clip=clip)
    assert target.stat().st_size > 1000
    if os.environ.get("CMI_UPDATE_SCREENSHOTS") == "1":
        support.DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shipped = support.DOC_SCREENSHOTS / target.name
        shipped.write_bytes(target.read_bytes())
        _quantised(shipped)
