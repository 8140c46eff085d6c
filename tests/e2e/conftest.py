"""Fixtures for the end-to-end tests: the built handbook, served, and Chromium."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from e2e import support
from helpers import sphinx_process

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


def _build(srcdir: Path, outdir: Path, *options: str) -> None:
    """A strict HTML build in a process of its own: an in-process build forks
    (sphinx-sitemap starts a multiprocessing manager), and a child holding
    Playwright's pipe keeps the browser session from ever closing."""
    sphinx_process("-W", "-n", *options, "-b", "html", srcdir, outdir)
    if not (outdir / "index.html").is_file():
        pytest.fail(f"sphinx-build of {srcdir} wrote no index.html")


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


@dataclass(frozen=True)
class ThemeSite:
    """One build per theme under *root*, served at *url* (``<url><theme>/``)."""

    root: Path
    url: str

    def base(self, theme: str) -> str:
        return f"{self.url}{theme}/"

    def pages(self, theme: str) -> list[str]:
        return support.pages_with_our_markup(self.root / theme)


def _build_per_theme(srcdir: Path, root: Path) -> None:
    for theme in support.THEMES:
        _build(
            srcdir, root / theme, "-D", f"html_theme={theme}",
            "-d", str(root / ".doctrees" / theme),
        )  # fmt: skip


@pytest.fixture(scope="session")
def theme_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThemeSite]:
    """The handbook built with each theme: ``nox -s e2e`` builds them into
    ``docs/_build/themes/<theme>``; without those, they are built here."""
    root = support.THEME_BUILDS
    if not all((root / t / "index.html").is_file() for t in support.THEMES):
        root = tmp_path_factory.mktemp("themes")
        _build_per_theme(support.DOCS, root)
    for url in support.serve(root):
        yield ThemeSite(root, url)


MATRIX_QUALITIES = (
    "Integrity",
    "Communication",
    "Strategic thinking",
    "Decisiveness",
    "Empathy",
    "Emotional intelligence",
    "Resilience",
    "Coaching others",
)
MATRIX_COURSES = 20


def matrix_develops(course: int) -> list[int]:
    """The qualities course number *course* develops: one to four of them."""
    return [q for q in range(len(MATRIX_QUALITIES)) if (course + q) % 3 == 0] or [
        course % len(MATRIX_QUALITIES)
    ]


def _matrix_project(srcdir: Path) -> None:
    """8 qualities, 20 courses with long titles, and their matrix."""
    srcdir.mkdir(parents=True, exist_ok=True)
    conf = SAMPLE_CONF.replace('html_theme = "furo"\n', 'project = "Matrix"\n')
    (srcdir / "conf.py").write_text(conf, encoding="utf-8")
    cards = "".join(
        f":::{{quality-card}} {title}\nWhat {title.lower()} means.\n:::\n\n"
        for title in MATRIX_QUALITIES
    )
    names = [title.lower().replace(" ", "-") for title in MATRIX_QUALITIES]
    courses = "".join(
        f":::{{course-callout}} Level {3 + n % 5} Certificate in Leadership "
        f"and Management, part {n + 1}\n:level: {3 + n % 5}\n"
        f":develops: {', '.join(names[q] for q in matrix_develops(n))}\n\n"
        "A course.\n:::\n\n"
        for n in range(MATRIX_COURSES)
    )
    (srcdir / "index.md").write_text(
        "# Matrix\n\n```{toctree}\nqualities\ncourses\n```\n\n"
        ":::{curriculum-matrix} Courses and the qualities they develop\n"
        ":name: matrix\n:::\n",
        encoding="utf-8",
    )
    (srcdir / "qualities.md").write_text(f"# Qualities\n\n{cards}", "utf-8")
    (srcdir / "courses.md").write_text(f"# Courses\n\n{courses}", "utf-8")


@pytest.fixture(scope="session")
def matrix_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThemeSite]:
    """A curriculum matrix of 8 qualities and 20 courses, built per theme."""
    srcdir = tmp_path_factory.mktemp("matrix")
    _matrix_project(srcdir / "src")
    _build_per_theme(srcdir / "src", srcdir / "html")
    for url in support.serve(srcdir / "html"):
        yield ThemeSite(srcdir / "html", url)
