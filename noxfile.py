"""Sessions for maintainers and CI: tests, docs, linkcheck, lint, serve."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import nox

nox.options.sessions = ["tests", "docs", "linkcheck", "lint"]
nox.options.default_venv_backend = "venv"

DOCS_SOURCE = "docs"
DOCS_HTML = "docs/_build/html"
STRICT = ("-W", "--keep-going", "-n")


def build_handbook(session: nox.Session, builder: str, outdir: str) -> None:
    session.run("sphinx-build", *STRICT, "-b", builder, DOCS_SOURCE, outdir)


def require_tools(session: nox.Session, packages: str, *tools: str) -> None:
    """Stop the session loudly when a tool from outside PyPI is missing."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        session.error(
            f"missing {', '.join(missing)}; on Debian: apt-get install {packages}"
        )


TEX_PACKAGES = (
    "latexmk texlive-latex-recommended texlive-latex-extra "
    "texlive-fonts-recommended tex-gyre poppler-utils"
)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole pytest suite that needs only Python (see also pdf and epub)."""
    session.install("-e", ".[tests]")
    session.run("pytest", *session.posargs)


def oldest_supported(requirement: str) -> str:
    """``"sphinx==8.2.*"`` from pyproject.toml's ``"sphinx>=8.2"``."""
    with open("pyproject.toml", "rb") as file:
        dependencies = tomllib.load(file)["project"]["dependencies"]
    (found,) = [d for d in dependencies if d.startswith(f"{requirement}>=")]
    return f"{requirement}=={found.partition('>=')[2]}.*"


@nox.session
def oldest(session: nox.Session) -> None:
    """The same suite on the oldest Sphinx that pyproject.toml accepts."""
    session.install("-e", ".[tests]", oldest_supported("sphinx"))
    session.run("python", "-m", "sphinx", "--version")
    session.run("pytest", *session.posargs)


@nox.session
def pdf(session: nox.Session) -> None:
    """The handbook as PDF with latexmk, and the PDF tests (needs TeX Live)."""
    require_tools(session, TEX_PACKAGES, "latexmk", "pdflatex", "pdftotext", "pdftoppm")
    session.install("-e", ".[docs,tests]")
    build_handbook(session, "latex", "docs/_build/latex")
    session.run(
        "latexmk", "-cd", "-pdf", "-interaction=nonstopmode", "-halt-on-error",
        "docs/_build/latex/sphinx-cmi.tex", external=True,
    )  # fmt: skip
    session.run("pytest", "-m", "pdf", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """The HTML handbook, strict: any warning fails the build."""
    session.install("-e", ".[docs]")
    build_handbook(session, "html", DOCS_HTML)


EPUB_PACKAGES = "epubcheck default-jre-headless"


@nox.session
def epub(session: nox.Session) -> None:
    """The handbook as EPUB checked by EPUBCheck, and the EPUB tests (needs Java)."""
    require_tools(session, EPUB_PACKAGES, "java")
    session.install("-e", ".[docs,tests]")
    session.run(
        "sphinx-build", *STRICT, "-b", "epub", "-d", "docs/_build/doctrees-epub",
        DOCS_SOURCE, "docs/_build/epub",
    )  # fmt: skip
    session.run("python", "tools/check_epub.py", "docs/_build/epub/sphinx-cmi.epub")
    session.run("pytest", "-m", "epub", *session.posargs)


E2E_PACKAGES = "chromium default-jre-headless poppler-utils (and npm)"
E2E_NODE_DIR = ".nox/e2e-node"
E2E_THEMES = (
    "furo",
    "pydata_sphinx_theme",
    "sphinx_book_theme",
    "sphinx_rtd_theme",
    "alabaster",
)
E2E_THEME_BUILDS = "docs/_build/themes"


@nox.session
def e2e(session: nox.Session) -> None:
    """The handbook in Chromium: axe-core, Nu HTML checker, layout, keyboard,
    print and no-JavaScript tests, and the handbook under five themes, light
    and dark (needs Debian packages and npm)."""
    require_tools(session, E2E_PACKAGES, "chromium", "java", "pdftotext", "npm")
    session.install("-e", ".[docs,tests,e2e]")
    session.run(
        "npm", "install", "--no-audit", "--no-fund", "--prefix", E2E_NODE_DIR,
        "vnu-jar@26.9.27", external=True,
    )  # fmt: skip
    session.env["CMI_E2E_NODE_DIR"] = E2E_NODE_DIR
    build_handbook(session, "html", DOCS_HTML)
    for theme in E2E_THEMES:  # the same pages, once per theme
        session.run(
            "sphinx-build", *STRICT, "-b", "html", "-D", f"html_theme={theme}",
            "-d", f"docs/_build/doctrees-themes/{theme}",
            DOCS_SOURCE, f"{E2E_THEME_BUILDS}/{theme}",
        )  # fmt: skip
    session.env["CMI_E2E_THEMES"] = E2E_THEME_BUILDS
    # A browser that stops answering fails the session with every thread's
    # stack, instead of holding CI until its own limit.
    session.run(
        "pytest", "-m", "e2e", "--timeout=900", "--timeout-method=thread",
        *session.posargs,
    )  # fmt: skip


LINKCHECK_OPTIONS = {
    "--external": (),
    "--refresh": ("-D", "cmi_linkcheck_refresh=1"),
    "--strict": ("-D", "cmi_linkcheck_strict=1"),
}


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Internal links and anchors, offline; ``-- --external`` checks URLs too,
    ``--refresh`` ignores the link cache, ``--strict`` fails on timeouts and
    rate limits as well as broken links."""
    unknown = [arg for arg in session.posargs if arg not in LINKCHECK_OPTIONS]
    if unknown:
        session.error(
            f"unknown option {unknown[0]}; use {', '.join(LINKCHECK_OPTIONS)}"
        )
    external = "--external" in session.posargs
    if not external and session.posargs:
        session.error("--refresh and --strict only apply with --external")
    session.install("-e", ".[docs]")
    for builder in ("html", "dirhtml"):
        outdir = DOCS_HTML if builder == "html" else f"docs/_build/{builder}"
        build_handbook(session, builder, outdir)
        session.run("python", "tools/check_internal_links.py", outdir)
    if external:
        overrides = [part for arg in session.posargs for part in LINKCHECK_OPTIONS[arg]]
        session.run(
            "sphinx-build", *STRICT, "-b", "linkcheck", *overrides,
            DOCS_SOURCE, "docs/_build/linkcheck",
        )  # fmt: skip


STARTER_LANGUAGES = ("en", "fr", "de", "es")


@nox.session
def starter(session: nox.Session) -> None:
    """``sphinx-cmi new`` in each language, as an author gets it: from the
    package installed with the ``handbook`` extra (not editable), then each
    starter's own ``docs`` (strict) and ``linkcheck`` (offline) sessions, run
    by nox inside this session's environment."""
    session.install(".[handbook]", "linkchecker", "nox")
    root = Path(session.create_tmp()) / "starter"
    shutil.rmtree(root, ignore_errors=True)
    for language in STARTER_LANGUAGES:
        target = root / language
        session.run("sphinx-cmi", "new", str(target), "--language", language)
        with session.chdir(target):
            session.run("nox", "--no-venv", "--no-install", "-s", "docs", "linkcheck")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check and mypy --strict."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session
def fuzz(session: nox.Session) -> None:
    """The property-based tests at 1,000 examples each (CI runs a short profile)."""
    session.install("-e", ".[tests]", "pytest-xdist")
    session.run(
        "pytest", "tests/test_fuzz.py", "tests/test_fuzz_sources.py", "-n", "auto",
        "--hypothesis-show-statistics",
        *session.posargs, env={"CMI_HYPOTHESIS_PROFILE": "fuzz"},
    )  # fmt: skip


@nox.session
def bench(session: nox.Session) -> None:
    """Build cost against plain MyST + sphinx-design (a measurement, not a test)."""
    session.install("-e", ".[docs]")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session
def serve(session: nox.Session) -> None:
    """Live preview of the handbook at http://127.0.0.1:8000."""
    session.install("-e", ".[docs,serve]")
    session.run(
        "sphinx-autobuild", DOCS_SOURCE, DOCS_HTML, "--port", "8000", *session.posargs
    )
