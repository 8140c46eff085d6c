"""Responsive layout at 375 and 1280 pixels, with screenshots."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from e2e import support

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.e2e

NARROW = 375
WIDE = 1280

#: Screenshots copied into the handbook with CMI_UPDATE_SCREENSHOTS=1:
#: (page, width, mode) -> file name under docs/_static/screenshots/.
DOC_SHOTS = {
    (support.COMPARISON_PAGE, WIDE, "light"): "leaders-and-managers-1280-light.png",
    (support.COMPARISON_PAGE, NARROW, "dark"): "leaders-and-managers-375-dark.png",
    (support.QUALITIES_PAGE, WIDE, "dark"): "qualities-1280-dark.png",
    (support.CATALOGUE_PAGE, NARROW, "light"): "catalogue-375-light.png",
}


def _page(browser: Browser, width: int, *, scheme: str = "light") -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        color_scheme="dark" if scheme == "dark" else "light",
    )
    return context.new_page()


def test_no_sideways_scrolling_at_375(
    browser: Browser, handbook_url: str, pages: list[str]
) -> None:
    page = _page(browser, NARROW)
    wide: list[str] = []
    try:
        for name in pages:
            support.goto(page, handbook_url + name)
            scroll, client = page.evaluate(
                "[document.scrollingElement.scrollWidth,"
                " document.scrollingElement.clientWidth]"
            )
            if scroll > client + 1:
                wide.append(f"{name}: scrollWidth {scroll} > clientWidth {client}")
    finally:
        page.context.close()
    assert not wide, "pages scroll sideways at 375px:\n" + "\n".join(wide)


#: The matrix stacks differently: see test_e2e_themes.py.
STACKED = """
() => Array.from(document.querySelectorAll(
    "table.cmi-comparison:not(.cmi-curriculum-matrix) td")).map((td) => {
  const before = getComputedStyle(td, "::before");
  return {
    display: getComputedStyle(td).display,
    content: before.content,
    label: td.dataset.label,
  };
})
"""


def _label(content: str) -> str:
    """The generated text of ``content: attr(x) / ""`` as computed."""
    text = content.split(' / ""')[0].strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return text


def test_comparison_tables_stack_into_labelled_blocks(
    browser: Browser, handbook_url: str
) -> None:
    page = _page(browser, NARROW)
    try:
        for name in (support.COMPARISON_PAGE, support.CATALOGUE_PAGE):
            support.goto(page, handbook_url + name)
            cells = page.evaluate(STACKED)
            assert cells, f"no comparison cells on {name}"
            for cell in cells:
                assert cell["display"] == "block", (name, cell)
                assert cell["label"], (name, cell)
                assert _label(cell["content"]) == cell["label"], (name, cell)
        page.set_viewport_size({"width": WIDE, "height": 800})
        support.goto(page, handbook_url + support.COMPARISON_PAGE)
        assert {cell["display"] for cell in page.evaluate(STACKED)} == {"table-cell"}
    finally:
        page.context.close()


COLUMNS = """
() => Array.from(document.querySelectorAll("ul.cmi-quality-index")).map(
  (ul) => getComputedStyle(ul).gridTemplateColumns.split(" ").length)
"""


def test_quality_index_columns(browser: Browser, handbook_url: str) -> None:
    page = _page(browser, NARROW)
    try:
        support.goto(page, handbook_url + support.CATALOGUE_PAGE)
        narrow = page.evaluate(COLUMNS)
        page.set_viewport_size({"width": WIDE, "height": 800})
        support.goto(page, handbook_url + support.CATALOGUE_PAGE)
        wide = page.evaluate(COLUMNS)
    finally:
        page.context.close()
    assert narrow, "no quality index on the catalogue page"
    assert all(count == 1 for count in narrow), narrow
    assert all(count > 1 for count in wide), wide


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_screenshots(
    browser: Browser, handbook_url: str, width: int, scheme: str
) -> None:
    support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    update = os.environ.get("CMI_UPDATE_SCREENSHOTS") == "1"
    page = _page(browser, width, scheme=scheme)
    try:
        for name in support.SCREENSHOT_PAGES:
            support.goto(page, handbook_url + name)
            stem = name.removesuffix(".html")
            target = support.SCREENSHOTS / f"{stem}-{width}-{scheme}.png"
            page.screenshot(path=target, full_page=True)
            assert target.stat().st_size > 1000
            doc_name = DOC_SHOTS.get((name, width, scheme))
            if update and doc_name:
                # The handbook shows one screenful, from the first directive.
                support.DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                first = page.locator(support.DIRECTIVES).first
                first.evaluate("(el) => el.scrollIntoView({block: 'start'})")
                page.screenshot(path=support.DOC_SCREENSHOTS / doc_name)
    finally:
        page.context.close()
