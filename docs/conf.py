"""Sphinx configuration for the sphinx-cmi handbook."""

from __future__ import annotations

from sphinx_cmi import __version__

# -- Project -------------------------------------------------------------------

project = "sphinx-cmi"
author = "The sphinx-cmi team"
copyright = "2026, The sphinx-cmi team"
version = release = __version__
language = "en"

# -- General -------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_cmi",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "snippets"]
numfig = True
nitpicky = True
# Sphinx keeps its doctrees inside the output folder unless told otherwise
# (``-d``); the EPUB builder would then warn that it cannot package them.
suppress_warnings = ["epub.unknown_project_files"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- HTML (Furo) ---------------------------------------------------------------

html_theme = "furo"
html_title = "sphinx-cmi handbook"
html_theme_options: dict[str, object] = {
    "light_css_variables": {
        "color-brand-primary": "#1a4a87",
        "color-brand-content": "#1d4f91",
    },
    "dark_css_variables": {
        "color-brand-primary": "#7ab8ff",
        "color-brand-content": "#8cc4ff",
    },
}
