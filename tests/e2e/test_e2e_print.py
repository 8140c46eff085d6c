"""The print stylesheet: whole cards, printed link addresses, no dark paper."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import TYPE_CHECKING, Any

import pytest

from e2e import support

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e

PRINTED = """
() => {
  const pick = (selector) => Array.from(document.querySelectorAll(selector));
  const blocks = pick(".cmi-card, ul.cmi-quality-index > li").map((el) => ({
    what: el.className, breakInside: getComputedStyle(el).breakInside}));
  const backgrounds = pick(
    ".cmi-card, table.cmi-comparison, table.cmi-comparison th, "
    + "table.cmi-comparison td, ul.cmi-quality-index > li, .cmi-course-link a"
  ).map((el) => ({what: el.tagName + "." + el.className,
                  background: getComputedStyle(el).backgroundColor}));
  return {blocks, backgrounds};
}
"""


def _light_or_transparent(colour: str) -> bool:
    numbers = [float(n) for n in re.findall(r"[\d.]+", colour)]
    if len(numbers) == 4 and numbers[3] == 0:
        return True
    red, green, blue = (n / 255 for n in numbers[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue >= 0.8


@pytest.mark.parametrize("mode", ["scheme-light", "toggle-dark"])
def test_print_media_keeps_cards_whole_and_light(
    browser: Browser, handbook_url: str, mode: str
) -> None:
    problems: list[str] = []
    with support.desktop_page(browser, mode) as page:
        for name in (
            support.QUALITIES_PAGE,
            support.CATALOGUE_PAGE,
            support.COMPARISON_PAGE,
            "becoming-a-leader.html",
        ):
            support.goto(page, handbook_url + name)
            page.emulate_media(media="print")
            found: dict[str, list[dict[str, Any]]] = page.evaluate(PRINTED)
            assert found["backgrounds"], name
            problems += [
                f"{name}: {block['what']} break-inside {block['breakInside']}"
                for block in found["blocks"]
                if block["breakInside"] != "avoid"
            ]
            problems += [
                f"{name}: {item['what']} background {item['background']}"
                for item in found["backgrounds"]
                if not _light_or_transparent(item["background"])
            ]
            page.emulate_media(media="screen")
    assert not problems, "\n".join(problems)


def test_printed_call_to_action_shows_its_address(
    browser: Browser, sample_url: str, tmp_path: Path
) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext not found; on Debian: apt-get install poppler-utils")
    page = browser.new_page()
    try:
        support.goto(page, sample_url + "index.html")
        pdf = tmp_path / "sample.pdf"
        page.pdf(path=pdf, format="A4", print_background=True)
    finally:
        page.close()
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    squeezed = re.sub(r"\s+", "", text)
    for level, link_text in (("5", "Coursedetails"), ("7", "Viewcourse")):
        address = f"(https://example.org/courses/level-{level})"
        assert address in squeezed, f"{address} not printed:\n{text}"
        link = squeezed.index(link_text, squeezed.index(f"ExampleLevel{level}"))
        assert squeezed.find(address, link) > link, text
