"""Sessions for maintainers and CI: tests, docs, linkcheck, lint, serve."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "docs", "linkcheck", "lint"]
nox.options.default_venv_backend = "venv"

DOCS_SOURCE = "docs"
DOCS_HTML = "docs/_build/html"
STRICT = ("-W", "--keep-going", "-n")


def build_handbook(session: nox.Session, builder: str, outdir: str) -> None:
    session.run("sphinx-build", *STRICT, "-b", builder, DOCS_SOURCE, outdir)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole pytest suite."""
    session.install("-e", ".[tests]")
    session.run("pytest", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """The HTML handbook, strict: any warning fails the build."""
    session.install("-e", ".[docs]")
    build_handbook(session, "html", DOCS_HTML)


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Internal links and anchors, offline; ``-- --external`` checks URLs too."""
    session.install("-e", ".[docs]")
    build_handbook(session, "html", DOCS_HTML)
    session.run("python", "tools/check_internal_links.py", DOCS_HTML)
    if "--external" in session.posargs:
        build_handbook(session, "linkcheck", "docs/_build/linkcheck")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check, ruff format --check and mypy --strict."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session
def serve(session: nox.Session) -> None:
    """Live preview of the handbook at http://127.0.0.1:8000."""
    session.install("-e", ".[docs,serve]")
    session.run(
        "sphinx-autobuild", DOCS_SOURCE, DOCS_HTML, "--port", "8000", *session.posargs
    )
