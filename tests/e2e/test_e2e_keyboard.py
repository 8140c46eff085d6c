"""Keyboard: every link in cards, call-outs and catalogues takes focus visibly."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from e2e import support

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e

#: Cards, call-outs and catalogues (course catalogues, quality indexes, matrices).
CONTAINERS = ".cmi-card, table.cmi-comparison, ul.cmi-quality-index"

MARK_LINKS = f"""
() => {{
  const links = Array.from(document.querySelectorAll(
    "{CONTAINERS.replace(", ", " a[href], ")} a[href]"));
  const visible = links.filter((a) => a.getClientRects().length > 0
    && getComputedStyle(a).visibility !== "hidden");
  visible.forEach((a, i) => a.setAttribute("data-e2e-link", String(i)));
  return visible.length;
}}
"""

FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {body: true};
  const style = getComputedStyle(el);
  return {
    body: false,
    link: el.getAttribute("data-e2e-link"),
    desc: el.outerHTML.slice(0, 120),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
  };
}
"""

PAGES = (
    "becoming-a-leader.html",
    support.QUALITIES_PAGE,
    support.CATALOGUE_PAGE,
    "reference/course-callout.html",
    "reference/course-catalog.html",
    "reference/quality-index.html",
    "reference/curriculum-matrix.html",
)


@pytest.mark.parametrize("name", PAGES)
def test_tab_reaches_every_link_with_a_visible_ring(
    browser: Browser, handbook_url: str, name: str
) -> None:
    with support.desktop_page(browser) as page:
        support.goto(page, handbook_url + name)
        expected = page.evaluate(MARK_LINKS)
        assert expected > 0, f"no links in cards, call-outs or catalogues on {name}"
        limit = page.evaluate("document.querySelectorAll('a, button, input').length")
        seen: list[int] = []
        no_ring: list[str] = []
        first: str | None = None
        cycled = False
        for _ in range(limit + 10):
            page.keyboard.press("Tab")
            focus: dict[str, Any] = page.evaluate(FOCUSED)
            if focus["body"]:
                if seen or first is not None:
                    cycled = True
                    break
                continue
            if first is None:
                first = focus["desc"]
            elif focus["desc"] == first:
                cycled = True
                break
            if focus["link"] is not None:
                seen.append(int(focus["link"]))
                ring = (
                    focus["outlineStyle"] != "none" and focus["outlineWidth"] > 0
                ) or focus["boxShadow"] not in {"", "none"}
                if not ring:
                    no_ring.append(focus["desc"])
    assert cycled, f"focus never returned to the start of {name}: keyboard trap?"
    assert seen == list(range(expected)), (
        f"links reached out of order or not at all on {name}: {seen}"
    )
    assert not no_ring, "links without a visible focus ring:\n" + "\n".join(no_ring)
