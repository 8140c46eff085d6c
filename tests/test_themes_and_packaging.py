"""Styles that follow Furo yet stand alone; a wheel that carries every asset."""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
import sys
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
    # The JSON Schema of curriculum.json, readable from the installed wheel.
    schema = "sphinx_cmi/schemas/export.schema.json"
    assert schema in names
    with zipfile.ZipFile(wheel) as archive:
        assert json.loads(archive.read(schema))["properties"]["version"]["const"] == 1
    assert metadata["Name"] == "sphinx-cmi"
    assert metadata["Requires-Python"] == ">=3.11"
    assert "Framework :: Sphinx :: Extension" in metadata.get_all("Classifier", [])
    assert any(
        re.fullmatch(r"sphinx>=8\.2", req)
        for req in metadata.get_all("Requires-Dist", [])
    )


def test_wheel_carries_the_starter_and_its_command(wheel: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points_name = next(
            n for n in names if n.endswith(".dist-info/entry_points.txt")
        )
        entry_points = archive.read(entry_points_name).decode("utf-8")
        metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(metadata_name))
        archive.extractall(tmp_path / "site")
    assert "sphinx-cmi = sphinx_cmi.cli:main" in entry_points
    assert "sphinx_cmi/__main__.py" in names
    starter = "sphinx_cmi/templates/starter"
    for name in ("conf.py", "noxfile.py", "dot-gitignore", "dot-readthedocs.yaml"):
        assert f"{starter}/common/{name}.tmpl" in names
    for language in ("en", "fr", "de", "es"):
        assert f"{starter}/{language}/index.md.tmpl" in names
        assert f"{starter}/{language}/courses/managers.md.tmpl" in names
    handbook = {
        re.split(r"[<>=;\s]", req, maxsplit=1)[0]
        for req in metadata.get_all("Requires-Dist", [])
        if re.search(r"""extra == ["']handbook["']""", req)
    }
    assert handbook == {
        "myst-parser", "sphinx-design", "furo", "sphinx-autobuild",
        "sphinx-sitemap", "sphinxext-opengraph",
    }  # fmt: skip
    # The starter written from the wheel's own files, not from this checkout.
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    where = subprocess.run(
        [sys.executable, "-c", "import sphinx_cmi; print(sphinx_cmi.__file__)"],
        capture_output=True, text=True, check=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert where.stdout.startswith(str(tmp_path / "site"))
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_cmi", "new", str(tmp_path / "h")],
        capture_output=True, text=True, check=False, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "h" / ".gitignore").is_file()
    assert (tmp_path / "h" / ".readthedocs.yaml").is_file()
    assert (tmp_path / "h" / "courses" / "team-leaders.md").is_file()
