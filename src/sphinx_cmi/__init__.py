"""sphinx-cmi: directives for writing a leadership & management curriculum."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_cmi import (
    cards,
    catalogue,
    comparison,
    course,
    domain,
    excerpts,
    headings,
    links,
    nodes,
    quality,
    xrefs,
)
from sphinx_cmi import config as settings
from sphinx_cmi.base import MESSAGE_CATALOG

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).parent
STATIC_DIR = settings.STATIC_DIR
CSS_FILE = settings.CSS_FILE


def setup(app: Sphinx) -> ExtensionMetadata:
    modules = (nodes, domain, links, cards, comparison, quality, course, catalogue)
    for module in (xrefs, *modules, settings, headings, excerpts):
        module.setup(app)
    app.add_message_catalog(MESSAGE_CATALOG, str(PACKAGE_DIR / "locale"))
    return {
        "version": __version__,
        "env_version": 5,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
