"""pytest setup: Sphinx's testing fixtures and a throwaway-project builder."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

from helpers import PROJECT, Build, BuildProject, run_build, sphinx_process

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once with ``python -m build``."""
    outdir = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir),
         str(PROJECT)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (built,) = outdir.glob("sphinx_cmi-*.whl")
    return built


@pytest.fixture(scope="session")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handbook's HTML, built as ``nox -s docs`` builds it (strict, in a
    process of its own, with the handbook's own ``html_baseurl``)."""
    out = tmp_path_factory.mktemp("handbook")
    sphinx_process(
        "-W", "--keep-going", "-n", "-b", "html", "-d", out / "doctrees",
        PROJECT / "docs", out / "html",
    )  # fmt: skip
    return out / "html"


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
