"""Every builder renders outcomes, the new course facts, the matrix's kinds and
the learning path, on a page and inside a table cell, losing no text.

The ``pdf`` test compiles the LaTeX (``nox -s pdf``; it fails, never skips,
when TeX Live is missing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from helpers import compile_pdf, pdf_pages, require_pdf_tools, shared_build
from test_builders import html_text, output_text, words

if TYPE_CHECKING:
    from helpers import Build

NODES = """\
Nodes
=====

.. quality-card:: Integrity

.. quality-card:: Candour

.. learning-outcome:: Lead a team through change
   :name: managing-change
   :develops: integrity

   Plan a change and explain it.

.. course-callout:: Starter course
   :name: starter
   :level: 3
   :outcomes: managing-change

.. course-callout:: Follow-up course
   :name: follow-up
   :level: 5
   :develops: integrity
   :outcomes: managing-change
   :prerequisites: starter

.. learning-path:: Route on the page

.. curriculum-matrix:: Outcomes by course
   :rows: outcome
   :columns: course

See :outcome:`managing-change` and :numref:`managing-change`.
"""

CELLS = """\
Cells
=====

.. list-table:: Everything in a cell
   :header-rows: 1

   * - Kind
     - Shown
   * - Outcome
     - .. learning-outcome:: Speak with candour
          :name: candour-outcome
          :develops: candour

          Say what is true, kindly.
   * - Course
     - .. course-callout:: Cell course
          :name: cell-course
          :level: 5
          :outcomes: candour-outcome
          :prerequisites: starter
   * - Path
     - .. learning-path:: Route in a cell
          :to: cell-course
   * - Matrix
     - .. curriculum-matrix:: Outcomes in a cell
          :rows: outcome
          :columns: quality
"""

FILES = {
    "index.rst": "Home\n====\n\n.. toctree::\n\n   nodes\n   cells\n",
    "nodes.rst": NODES,
    "cells.rst": CELLS,
}
CONF = {
    "project": "Curriculum",
    "author": "Authors",
    "copyright": "2026, Authors",
    "version": "1.0",
    "latex_documents": [("index", "sample.tex", "Sample", "Tester", "howto")],
}
BUILDERS = (
    "html", "latex", "text", "man", "texinfo", "epub", "singlehtml", "dirhtml",
    "gettext",
)  # fmt: skip
# What a reader must find in every format: authored text, and the labels.
AUTHORED = (
    "Lead a team through change", "Plan a change and explain it.",
    "Starter course", "Follow-up course", "Route on the page",
    "Outcomes by course", "Speak with candour", "Say what is true, kindly.",
    "Cell course", "Route in a cell", "Outcomes in a cell",
)  # fmt: skip
LABELS = ("Taught in", "Outcomes", "Prerequisites", "Unlocks", "Develops", "Level")


@pytest.fixture(scope="module", params=BUILDERS)
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Build]:
    builder: str = request.param
    root = tmp_path_factory.mktemp(f"outcomes-{builder}") / "src"
    # Sphinx keeps the doctrees in the output folder here; EPUB says so.
    conf = {**CONF, "suppress_warnings": ["epub.unknown_project_files"]}
    return builder, shared_build(root, FILES, buildername=builder, conf=conf)


def all_text(builder: str, result: Build) -> str:
    """The text of every page the builder wrote, whitespace squashed."""
    if builder == "html":
        text = "\n".join(
            html_text(path) for path in sorted(result.outdir.glob("*.html"))
        )
    else:
        text = output_text(result, builder)
    return " ".join(text.split())


def test_every_builder_renders_every_new_node(built: tuple[str, Build]) -> None:
    builder, result = built
    assert result.app.statuscode == 0
    assert result.warnings == ""
    shown = words(all_text(builder, result))
    expected = words(" ".join(AUTHORED))
    if builder != "gettext":  # the extension's labels are not the page's
        expected |= words(" ".join(LABELS))
    assert expected - shown == set()


PAGES = [builder for builder in BUILDERS if builder != "gettext"]  # not messages


@pytest.mark.parametrize("built", PAGES, indirect=True)
def test_steps_keep_their_order_in_every_format(built: tuple[str, Build]) -> None:
    builder, result = built
    text = all_text(builder, result)
    route = text[text.index("Route on the page") :]
    # Level 3 holds the starter course; Level 5, after it, the follow-up.
    assert route.index("Level 3") < route.index("Starter course")
    assert route.index("Starter course") < route.index("Level 5")


@pytest.mark.pdf
def test_the_latex_compiles(tmp_path_factory: pytest.TempPathFactory) -> None:
    require_pdf_tools()
    root = tmp_path_factory.mktemp("outcomes-pdf") / "src"
    result = shared_build(root, FILES, buildername="latex", conf=CONF)
    assert result.warnings == ""
    flat = " ".join(pdf_pages(compile_pdf(result.outdir)))
    for authored in ("Route in a cell", "Speak with candour", "Cell course"):
        assert authored in flat
