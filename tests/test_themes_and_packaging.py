"""Styles that follow Furo yet stand alone; a wheel that carries every asset."""

from __future__ import annotations

import email
import re
import zipfile
from importlib import resources
from typing import TYPE_CHECKING

import pytest

from helpers import page
from sphinx_cmi import CSS_FILE

if TYPE_CHECKING:
    from pathlib import Path

    from helpers import BuildProject

ROOT = resources.files("sphinx_cmi")


def packaged_css() -> str:
    return (ROOT / "static" / CSS_FILE).read_text("utf-8")


@pytest.mark.parametrize("prefix", ["--color-", "--pst-color-"])
def test_theme_variables_always_have_a_fallback(prefix: str) -> None:
    """A theme's variables exist only under that theme (Furo's ``--color-*``,
    pydata-sphinx-theme's ``--pst-color-*``): each use needs a default."""
    css = packaged_css()
    theme_uses = re.findall(rf"var\(\s*({prefix}[\w-]+)\s*([,)])", css)
    assert theme_uses, f"the stylesheet should follow the {prefix}* colours"
    bare = [name for name, closer in theme_uses if closer == ")"]
    assert bare == []


def test_own_variables_are_prefixed_and_declared_on_body() -> None:
    css = packaged_css()
    assert ":root" not in css
    declared = set(re.findall(r"(--[\w-]+)\s*:", css))
    assert declared
    assert {name for name in declared if not name.startswith("--cmi-")} == set()
    body_block = re.search(r"(?m)^body\s*\{(?P<rules>[^}]*)\}", css)
    assert body_block is not None
    assert declared <= set(re.findall(r"(--[\w-]+)\s*:", body_block["rules"]))


def test_narrow_screens_stack_comparison_rows() -> None:
    css = packaged_css()
    narrow = re.search(r"@media \(max-width: 600px\) \{(?P<rules>.*?)\n\}", css, re.S)
    assert narrow is not None
    assert "display: block" in narrow["rules"]
    assert "attr(data-label)" in narrow["rules"]


@pytest.mark.parametrize(
    "theme",
    [
        "basic",
        "alabaster",
        "pydata_sphinx_theme",
        "sphinx_book_theme",
        "sphinx_rtd_theme",
    ],
)
def test_other_themes_render_cards_with_our_stylesheet(
    build: BuildProject, theme: str
) -> None:
    body = (
        ":::{quality-card} Themed quality\n:icon: star\n\nThemed body.\n:::\n\n"
        ":::{course-callout} Themed course\n:level: 3\n:url: https://example.org/\n"
        "\nCourse body.\n:::\n"
    )
    result = build({"themed.md": page("md", body)}, conf={"html_theme": theme})
    assert result.warnings == ""
    soup = result.soup("themed.html")
    stylesheets = [str(link["href"]) for link in soup.select('link[rel="stylesheet"]')]
    assert any(href.startswith("_static/sphinx-cmi.css") for href in stylesheets)
    assert soup.select_one("#themed-quality.cmi-card svg.cmi-icon") is not None
    assert soup.select_one("#themed-course dl.cmi-course-facts") is not None


def test_wheel_carries_package_data_and_metadata(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(metadata_name))
    assert "sphinx_cmi/py.typed" in names
    assert f"sphinx_cmi/static/{CSS_FILE}" in names
    icons = {n for n in names if n.startswith("sphinx_cmi/icons/")}
    assert len(icons) >= 10
    assert all(name.endswith(".svg") for name in icons)
    assert metadata["Name"] == "sphinx-cmi"
    assert metadata["Requires-Python"] == ">=3.11"
    assert "Framework :: Sphinx :: Extension" in metadata.get_all("Classifier", [])
    assert any(
        re.fullmatch(r"sphinx>=8\.2", req)
        for req in metadata.get_all("Requires-Dist", [])
    )
