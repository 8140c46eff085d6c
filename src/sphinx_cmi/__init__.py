"""sphinx-cmi: directives for writing a leadership & management curriculum."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_cmi import (
    cards,
    catalogue,
    comparison,
    comparison_data,
    config,
    course,
    domain,
    imports,
    incremental,
    linkcheck,
    links,
    nodes,
    options,
    outputs,
    quality,
    references,
    tables,
)
from sphinx_cmi.base import MESSAGE_CATALOG, Subtype
from sphinx_cmi.kinds import Fact, Kind
from sphinx_cmi.registry import add_kind, add_number_formats

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["KINDS", "Fact", "Kind", "add_kind", "setup", "warning_subtypes"]
__version__ = "0.1.0"

PACKAGE_DIR = Path(__file__).parent
STATIC_DIR = PACKAGE_DIR / "static"
CSS_FILE = "sphinx-cmi.css"


KINDS = (quality.QUALITY, course.COURSE)
"""The kinds every project has; more can be added with :func:`add_kind`."""


def warning_subtypes(kinds: Iterable[Kind] = KINDS) -> list[str]:
    """Every ``cmi.<subtype>`` the extension can emit with these kinds."""
    return [*(kind.subtype for kind in kinds), *map(str, Subtype)]


def _add_static_dir(app: Sphinx, config: Config) -> None:
    """Ship our stylesheet through the HTML builders' own static-file copying."""
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path.append(str(STATIC_DIR))


def setup(app: Sphinx) -> ExtensionMetadata:
    modules = (config, nodes, options, tables, domain, outputs, incremental, references)
    for module in (*modules, links, cards, comparison, quality, course, catalogue):
        module.setup(app)
    imports.setup(app)
    comparison_data.setup(app)
    for kind in KINDS:
        add_kind(app, kind)
    linkcheck.setup(app)
    app.add_message_catalog(MESSAGE_CATALOG, str(PACKAGE_DIR / "locale"))
    app.connect("config-inited", _add_static_dir)
    app.connect("config-inited", add_number_formats)
    app.add_css_file(CSS_FILE)
    return {
        "version": __version__,
        "env_version": 7,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
