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
    linkcheck,
    links,
    nodes,
    quality,
)
from sphinx_cmi.base import MESSAGE_CATALOG, _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).parent
STATIC_DIR = PACKAGE_DIR / "static"
CSS_FILE = "sphinx-cmi.css"


def _add_static_dir(app: Sphinx, config: Config) -> None:
    """Ship our stylesheet through the HTML builders' own static-file copying."""
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path.append(str(STATIC_DIR))


def _add_number_formats(app: Sphinx, config: Config) -> None:
    """Default ``numfig_format`` entries for cards, unless the project set them.

    A new dict: the option's default one is shared by every application in
    the process, and its entries would keep the first one's language.
    """
    ours = {"quality": _("Quality %s"), "course": _("Course %s")}
    config.numfig_format = ours | config.numfig_format


def setup(app: Sphinx) -> ExtensionMetadata:
    for module in (nodes, domain, links, cards, comparison, quality, course, catalogue):
        module.setup(app)
    linkcheck.setup(app)
    app.add_message_catalog(MESSAGE_CATALOG, str(PACKAGE_DIR / "locale"))
    app.connect("config-inited", _add_static_dir)
    app.connect("config-inited", _add_number_formats)
    app.add_css_file(CSS_FILE)
    return {
        "version": __version__,
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
