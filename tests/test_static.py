"""The package ships its stylesheet and icons, and HTML pages use them."""

from __future__ import annotations

from importlib import resources
from urllib.parse import urlsplit

import pytest

from helpers import BuildProject, page
from sphinx_cmi import CSS_FILE
from sphinx_cmi.quality import icons


def packaged_css() -> str:
    return (resources.files("sphinx_cmi") / "static" / CSS_FILE).read_text("utf-8")


def test_css_copied_and_linked(build: BuildProject) -> None:
    result = build({"card.md": page("md", ":::{quality-card} Card\n\nBody.\n:::\n")})
    copied = result.outdir / "_static" / "sphinx-cmi.css"
    assert copied.is_file()
    assert copied.read_text(encoding="utf-8") == packaged_css()
    for name in ("card", "index"):
        hrefs = [
            urlsplit(str(link["href"])).path
            for link in result.soup(f"{name}.html").select('link[rel="stylesheet"]')
        ]
        assert "_static/sphinx-cmi.css" in hrefs


def test_css_styles_the_components() -> None:
    css = packaged_css()
    for selector in (
        ".cmi-card",
        ".cmi-comparison",
        ".cmi-icon",
        ".cmi-visually-hidden",
        "attr(data-label)",
    ):
        assert selector in css


EXPECTED_ICONS = {
    "bolt", "book", "chat", "compass", "flag", "heart",
    "lightbulb", "people", "scale", "shield", "star", "target",
}  # fmt: skip


def test_icon_set_is_shipped() -> None:
    assert set(icons()) == EXPECTED_ICONS
    folder = resources.files("sphinx_cmi") / "icons"
    shipped = {p.name for p in folder.iterdir() if p.name.endswith(".svg")}
    assert shipped == {f"{name}.svg" for name in EXPECTED_ICONS}


@pytest.mark.parametrize("name", sorted(EXPECTED_ICONS))
def test_icon_is_decorative_svg(name: str) -> None:
    svg = icons()[name]
    assert svg.startswith("<svg")
    assert 'aria-hidden="true"' in svg
    assert "<script" not in svg.lower()


def test_every_icon_renders_inline(build: BuildProject) -> None:
    body = "".join(
        f":::{{quality-card}} Quality {name}\n:icon: {name}\n\nBody.\n:::\n\n"
        for name in sorted(EXPECTED_ICONS)
    )
    result = build({"icons.md": page("md", body)})
    assert result.warnings == ""
    main = result.main("icons")
    for name in sorted(EXPECTED_ICONS):
        card = main.select_one(f"#quality-{name}")
        assert card is not None
        svgs = card.select(".cmi-card-title > svg")
        assert len(svgs) == 1
        assert svgs[0]["aria-hidden"] == "true"
        assert "cmi-icon" in (svgs[0].get("class") or [])
