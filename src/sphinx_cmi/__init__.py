"""sphinx-cmi: directives for writing a leadership & management curriculum."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_cmi import (
    alignment,
    cards,
    catalogue,
    comparison,
    comparison_data,
    config,
    course,
    domain,
    excerpts,
    export,
    headings,
    imports,
    incremental,
    learningpath,
    linkcheck,
    links,
    matrix,
    nodes,
    outcome,
    outputs,
    quality,
    references,
    registry,
    sources,
    structured,
    tables,
)
from sphinx_cmi.base import MESSAGE_CATALOG, __version__
from sphinx_cmi.kinds import Fact, Kind
from sphinx_cmi.problems import Subtype
from sphinx_cmi.registry import add_kind

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__all__ = [
    "KINDS",
    "Fact",
    "Kind",
    "__version__",
    "add_kind",
    "setup",
    "warning_subtypes",
]

PACKAGE_DIR = Path(__file__).parent
STATIC_DIR = config.STATIC_DIR
CSS_FILE = config.CSS_FILE


KINDS = (quality.QUALITY, course.COURSE, outcome.OUTCOME)
"""The kinds every project has; more can be added with :func:`add_kind`."""


def warning_subtypes(kinds: Iterable[Kind] = KINDS) -> list[str]:
    """Every ``cmi.<subtype>`` the extension can emit with these kinds."""
    return [*(kind.subtype for kind in kinds), *map(str, Subtype)]


def setup(app: Sphinx) -> ExtensionMetadata:
    modules = (config, nodes, sources, tables, domain, outputs, incremental, references)
    kinds = (comparison, quality, course, catalogue)
    for module in (*modules, links, cards, *kinds, structured, export, linkcheck):
        module.setup(app)
    for module in (registry, headings, excerpts):
        module.setup(app)
    for module in (matrix, alignment, learningpath):
        module.setup(app)
    imports.setup(app)
    comparison_data.setup(app)
    for kind in KINDS:
        add_kind(app, kind)
    app.add_message_catalog(MESSAGE_CATALOG, str(PACKAGE_DIR / "locale"))
    return {
        "version": __version__,
        "env_version": 10,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
