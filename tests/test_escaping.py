"""Option values are plain text: HTML in them is shown, never interpreted."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import extruct
import pytest

from helpers import page, shared_build, squash
from schemaorg import ALWAYS, problems

if TYPE_CHECKING:
    from bs4 import Tag

    from helpers import Build

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
BOLD = "<b>Bold</b>"

MYST = f"""\
:::{{comparison-table}} {SCRIPT} caption
:columns: {BOLD}, {IMG}
:dimension-label: <em>Aspect</em>

- Row
  - one
  - two
:::

:::{{quality-card}} {SCRIPT} quality
:summary: {IMG}

Quality body.
:::

:::{{course-callout}} {SCRIPT} course
:provider: {BOLD}
:duration: <i>forever</i>
:url: https://example.org/?a=1&b=<x>
:link-text: {SCRIPT} link
:::

:::{{course-callout}} Level course
:level: {IMG}
:::
"""

RST = f"""\
.. comparison-table:: {SCRIPT} caption
   :columns: {BOLD}, {IMG}
   :dimension-label: <em>Aspect</em>

   - Row

     - one
     - two

.. quality-card:: {SCRIPT} quality

   Quality body.

.. course-callout:: {SCRIPT} course
   :provider: {BOLD}
   :duration: <i>forever</i>
   :link-text: {SCRIPT} link
   :url: https://example.org/?a=1&b=<x>
"""

INJECTED = "script, img, b, em, i"


@pytest.fixture(scope="module")
def escaped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    """One project per language (a card's name is a project-wide label)."""
    return {
        language: shared_build(
            tmp_path_factory.mktemp(f"escaping-{language}") / "src",
            {f"page.{language}": page(language, source, "Escaping")},
        )
        for language, source in (("md", MYST), ("rst", RST))
    }


@pytest.fixture(params=["md", "rst"])
def main(request: pytest.FixtureRequest, escaped: dict[str, Build]) -> Tag:
    return escaped[request.param].main("page")


def test_no_element_is_created_from_option_values(main: Tag) -> None:
    assert main.select(INJECTED) == []


def test_caption_and_labels_show_the_markup_as_text(main: Tag) -> None:
    table = main.select_one("table.cmi-comparison")
    assert table is not None
    caption = table.select_one("caption .caption-text")
    assert caption is not None
    assert caption.get_text() == f"{SCRIPT} caption"
    headers = [squash(th.get_text()) for th in table.select("th[scope=col]")]
    assert headers == ["<em>Aspect</em>", BOLD, IMG]
    labels = [td["data-label"] for td in table.select("td")]
    assert labels == [BOLD, IMG]


def test_card_titles_show_the_markup_as_text(main: Tag) -> None:
    titles = [squash(h.get_text()) for h in main.select(".cmi-card-title")]
    assert titles[:2] == [f"{SCRIPT} quality", f"{SCRIPT} course"]


def test_course_facts_and_link_show_the_markup_as_text(main: Tag) -> None:
    card = main.select(".cmi-course-callout")[0]
    assert [squash(dd.get_text()) for dd in card.select("dd")] == [
        BOLD,
        "<i>forever</i>",
    ]
    link = card.select_one("a[href]")
    assert link is not None
    assert link["href"] == "https://example.org/?a=1&b=<x>"
    assert squash(link.get_text()).startswith(f"{SCRIPT} link")


def test_raw_html_is_escaped_in_the_file(escaped: dict[str, Build]) -> None:
    for built in escaped.values():
        html = (built.outdir / "page.html").read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img src=x" not in html
        assert "<b>Bold" not in html


def test_unsafe_level_shown_as_text(escaped: dict[str, Build]) -> None:
    card = escaped["md"].main("page").select(".cmi-course-callout")[-1]
    assert card.select(INJECTED) == []
    assert IMG in squash(card.get_text())
    assert [w.type for w in escaped["md"].reported()] == ["cmi.course"]
    assert escaped["rst"].warnings == ""


def test_structured_data_keeps_markup_as_text(escaped: dict[str, Build]) -> None:
    """The JSON-LD of a page is the security boundary of its <head>: authored
    markup is in it as text, and no character of it can end the script."""
    for built in escaped.values():
        html = (built.outdir / "page.html").read_text(encoding="utf-8")
        (script,) = re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL
        )
        assert not set("<>&") & set(script)
        (data,) = extruct.extract(html, syntaxes=["json-ld"], errors="strict")[
            "json-ld"
        ]
        assert problems(data, required=ALWAYS) == []
        course = data["@graph"][0]
        assert course["name"] == f"{SCRIPT} course"
        assert course["provider"] == {"@type": "Organization", "name": BOLD}
        assert "timeRequired" not in course  # "<i>forever</i>" is no duration
        exported = json.loads((built.outdir / "curriculum.json").read_text("utf-8"))
        titles = [card["title"] for card in exported["cards"]["course"]]
        assert titles[0] == f"{SCRIPT} course"
        assert exported["cards"]["course"][0]["fields"]["duration"] == "<i>forever</i>"


def test_invalid_level_is_left_out_of_structured_data(
    escaped: dict[str, Build],
) -> None:
    html = (escaped["md"].outdir / "page.html").read_text(encoding="utf-8")
    (data,) = extruct.extract(html, syntaxes=["json-ld"], errors="strict")["json-ld"]
    level_course = data["@graph"][-1]
    assert level_course["name"] == "Level course"
    assert "educationalLevel" not in level_course
