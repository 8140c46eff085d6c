"""Without JavaScript everything still renders; nothing loads from other hosts."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from e2e import support

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Route

pytestmark = pytest.mark.e2e

RENDERED = """
() => Array.from(document.querySelectorAll(
  ".cmi-card, table.cmi-comparison, ul.cmi-quality-index, .cmi-empty-listing, "
  + "ul.cmi-learning-path, li.cmi-learning-path-step"
)).map((el) => el.getClientRects().length > 0
  && el.getBoundingClientRect().height > 0
  && getComputedStyle(el).visibility !== "hidden")
"""

#: Addresses loaded by elements inside sphinx-cmi markup.
OUR_SOURCES = """
() => Array.from(document.querySelectorAll(
  '[class*="cmi-"][src], [class*="cmi-"] [src], [class*="cmi-"] [srcset]'
)).map((el) => el.src || el.getAttribute("srcset"))
"""


def test_directives_render_without_javascript(
    browser: Browser, handbook_url: str, pages: list[str]
) -> None:
    with_js = browser.new_context(viewport={"width": 1280, "height": 900})
    without_js = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    missing: list[str] = []
    total = 0
    try:
        scripted, plain = with_js.new_page(), without_js.new_page()
        for name in pages:
            support.goto(scripted, handbook_url + name)
            support.goto(plain, handbook_url + name)
            shown_with: list[bool] = scripted.evaluate(RENDERED)
            shown_without: list[bool] = plain.evaluate(RENDERED)
            assert len(shown_with) == len(shown_without), name
            total += sum(shown_without)
            missing += [
                f"{name}: element {index} hidden without JavaScript"
                for index, (yes, no) in enumerate(
                    zip(shown_with, shown_without, strict=True)
                )
                if yes and not no
            ]
    finally:
        with_js.close()
        without_js.close()
    assert total > 20, f"only {total} sphinx-cmi elements found"
    assert not missing, "\n".join(missing)


def test_nothing_loaded_from_other_hosts(
    browser: Browser, handbook_url: str, pages: list[str]
) -> None:
    blocked: list[tuple[str, str]] = []

    def route(route: Route) -> None:
        request = route.request
        if support.is_local(request.url):
            route.continue_()
            return
        referer = request.headers.get("referer", "")
        blocked.append((request.url, referer))
        route.abort()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", route)
    ours: list[str] = []
    try:
        page = context.new_page()
        for name in pages:
            support.goto(page, handbook_url + name)
            ours += [
                f"{name}: {source}"
                for source in page.evaluate(OUR_SOURCES)
                if not support.is_local(source)
            ]
    finally:
        context.close()
    ours += [
        f"{url} (requested by {referer})"
        for url, referer in blocked
        if urlsplit(referer).path.endswith("sphinx-cmi.css")
    ]
    print(f"blocked {len(blocked)} request(s) to other hosts: {blocked}")
    assert not ours, "sphinx-cmi loads from other hosts:\n" + "\n".join(ours)
    css = (support.ROOT / "src/sphinx_cmi/static/sphinx-cmi.css").read_text("utf-8")
    assert "@import" not in css
    assert "url(" not in css.replace("url(#", ""), "external url() in sphinx-cmi.css"
