"""Sphinx configuration for the sphinx-cmi handbook."""

from __future__ import annotations

import os
from html import escape
from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_cmi import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

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
    "sphinx_sitemap",
    "sphinxext.opengraph",
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

# -- Addresses, sitemap and link previews ------------------------------------
# Where the handbook is published: absolute addresses in the structured data,
# curriculum.json, sitemap.xml and link previews all start here. Read the Docs
# says where a version lives; elsewhere it is the latest version.

html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL", "https://sphinx-cmi.readthedocs.io/en/latest/"
)
sitemap_url_scheme = "{link}"  # html_baseurl already holds language and version
sitemap_excludes = ["search.html", "genindex.html"]
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}  # no generated preview images

# -- EPUB ----------------------------------------------------------------------
# Build with the doctrees outside the book and check it with EPUBCheck:
#   sphinx-build -b epub -d docs/_build/doctrees-epub docs docs/_build/epub
#   python tools/check_epub.py docs/_build/epub/sphinx-cmi.epub

epub_title = "The sphinx-cmi handbook"
epub_description = (
    "Writing leadership and management curricula with Sphinx: comparison "
    "tables, quality cards, course call-outs and the catalogues built from them."
)
epub_author = author
epub_contributor = author
epub_publisher = author
epub_copyright = copyright
# Sphinx writes epub_uid both as the id of <dc:identifier> (so an XML name) and
# as the NCX's dtb:uid, which EPUBCheck wants equal to the identifier itself
# (NCX-001): hence one value, a reverse domain name, for both.
epub_identifier = epub_uid = "io.readthedocs.sphinx-cmi"
epub_theme = "epub"
epub_show_urls = "footnote"


def _self_closing_tab_inputs(app: Sphinx, doctree: nodes.document, _: str) -> None:
    """EPUB pages are XHTML, where sphinx-design's tab ``<input>`` (an HTML void
    element, written without ``/>``) leaves the page unparsable (EPUBCheck
    RSC-016). Write each one self-closed instead; HTML builds are untouched."""
    if app.builder.name != "epub":
        return
    from sphinx_design.tabs import sd_tab_input

    # sphinx-design sets the tab-set's children without their ``parent``.
    for tab_set in list(doctree.findall(nodes.Element)):
        for index, node in enumerate(tab_set.children):
            if not isinstance(node, sd_tab_input):
                continue
            attributes = {"id": node["id"], "type": "radio", "name": node["set_id"]}
            if node["checked"]:
                attributes["checked"] = "checked"
            markup = " ".join(
                f'{key}="{escape(val)}"' for key, val in attributes.items()
            )
            tab_set[index] = nodes.raw("", f"<input {markup} />", format="html")


def _furo_options_for_furo_only(app: Sphinx, config: Config) -> None:
    """The browser tests build this handbook under other themes too
    (``-D html_theme=sphinx_rtd_theme``), which reject Furo's options."""
    if config.html_theme != "furo":
        config.html_theme_options = {}


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _furo_options_for_furo_only)
    app.connect("doctree-resolved", _self_closing_tab_inputs)
