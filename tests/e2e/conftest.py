"""Fixtures for the end-to-end tests: the built handbook, served, and Chromium."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from e2e import support

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Playwright

SAMPLE_CONF = """\
extensions = ["myst_parser", "sphinx_cmi"]
html_theme = "furo"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
"""

SAMPLE_INDEX = """\
# Sample

:::{course-callout} Example Level 5 Certificate
:provider: CMI
:level: 5
:url: https://example.org/courses/level-5
:link-text: Course details

For middle managers who want a recognised qualification.
:::

:::{course-callout} Example Level 7 Diploma
:provider: CMI
:level: 7
:url: https://example.org/courses/level-7

For senior managers.
:::
"""


def _build(srcdir: Path, outdir: Path) -> None:
    from sphinx.cmd.build import build_main

    status = build_main(["-q", "-W", "-n", "-b", "html", str(srcdir), str(outdir)])
    if status != 0 or not (outdir / "index.html").is_file():
        pytest.fail(f"sphinx-build of {srcdir} failed with status {status}")


@pytest.fixture(scope="session")
def handbook_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built handbook: ``docs/_build/html`` if built, else a fresh build."""
    built = Path(os.environ.get("CMI_E2E_HTML", support.DOCS / "_build" / "html"))
    if (built / "index.html").is_file():
        return built
    outdir = tmp_path_factory.mktemp("handbook") / "html"
    _build(support.DOCS, outdir)
    return outdir


@pytest.fixture(scope="session")
def handbook_url(handbook_dir: Path) -> Iterator[str]:
    yield from support.serve(handbook_dir)


@pytest.fixture(scope="session")
def pages(handbook_dir: Path) -> list[str]:
    found = support.handbook_pages(handbook_dir)
    assert "index.html" in found
    return found


@pytest.fixture(scope="session")
def sample_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small project with call-outs linking to web addresses (``:url:``)."""
    srcdir = tmp_path_factory.mktemp("sample")
    (srcdir / "conf.py").write_text(SAMPLE_CONF, encoding="utf-8")
    (srcdir / "index.md").write_text(SAMPLE_INDEX, encoding="utf-8")
    outdir = srcdir / "_build" / "html"
    _build(srcdir, outdir)
    yield from support.serve(outdir)


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Playwright]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("PyPI playwright is missing: pip install playwright")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    chromium = playwright_session.chromium.launch(
        executable_path=support.chromium_path(), args=support.CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()
