"""pytest setup: Sphinx's testing fixtures and a throwaway-project builder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from helpers import Build, BuildProject, run_build

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture
def build(make_app: Callable[..., SphinxTestApp], tmp_path: Path) -> BuildProject:
    """Build a throwaway project made of the given source files."""

    def make(
        files: Mapping[str, str],
        *,
        buildername: str = "html",
        conf: Mapping[str, object] | None = None,
        **kwargs: Any,
    ) -> Build:
        srcdir = tmp_path / f"project{len(list(tmp_path.iterdir()))}"
        return run_build(
            make_app, srcdir, files, buildername=buildername, conf=conf, **kwargs
        )

    return make
