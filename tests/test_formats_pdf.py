"""PDF output: our LaTeX shapes, then a real PDF read back by poppler.

The tests marked ``pdf`` need TeX Live, latexmk and poppler-utils (Debian:
``latexmk texlive-latex-recommended texlive-latex-extra
texlive-fonts-recommended tex-gyre poppler-utils``); ``nox -s pdf`` runs them
and they fail, never skip, when a tool is missing.
"""

from __future__ import annotations

import re
import subprocess
from typing import TYPE_CHECKING

import pytest

from helpers import (
    compile_pdf,
    page,
    pdf_pages,
    require_pdf_tools,
    shared_build,
)
from test_robustness import nested_page

if TYPE_CHECKING:
    from pathlib import Path

    from helpers import Build

# Short authored strings, so none is split across lines in a table cell.
AUTHORED = {
    "caption": "Roles side by side",
    "column": "Steward",
    "other column": "Captain",
    "dimension": "Horizon",
    "cell": "Sets direction",
    "other cell": "Keeps pace",
    "card title": "Candour",
    "card body": "Says what is true, kindly.",
    "course title": "Pilot Leadership Award",
    "provider": "Pilot Institute",
    "duration": "Ten weeks",
    "link text": "Enrol here",
    "url": "https://example.org/pilot",
    "course body": "For new team leads.",
}
SOURCE = f"""\
:::{{comparison-table}} {AUTHORED["caption"]}
:name: roles-table
:columns: {AUTHORED["column"]}, {AUTHORED["other column"]}

- {AUTHORED["dimension"]}
  - {AUTHORED["cell"]}
  - {AUTHORED["other cell"]}
:::

```{{raw}} latex
\\clearpage
```

:::{{quality-card}} {AUTHORED["card title"]}
:icon: chat

{AUTHORED["card body"]}
:::

:::{{course-callout}} {AUTHORED["course title"]}
:provider: {AUTHORED["provider"]}
:level: 3
:duration: {AUTHORED["duration"]}
:develops: candour
:url: {AUTHORED["url"]}
:link-text: {AUTHORED["link text"]}

{AUTHORED["course body"]}
:::

See {{numref}}`roles-table` and {{quality}}`candour`.
"""
CONF = {
    "latex_documents": [("index", "sample.tex", "Sample", "Tester", "howto")],
    # Keep words whole, so extracted text can be compared with the source.
    "latex_elements": {"preamble": r"\hyphenpenalty=10000\exhyphenpenalty=10000"},
}


@pytest.fixture(scope="module")
def latex(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("latex") / "src"
    result = shared_build(
        root, {"sample.md": page("md", SOURCE, "Sample")}, buildername="latex",
        conf=CONF,
    )  # fmt: skip
    assert result.warnings == ""
    return result


def tex(latex: Build) -> str:
    return (latex.outdir / "sample.tex").read_text(encoding="utf-8")


def test_comparison_is_a_page_breaking_table_with_set_widths(latex: Build) -> None:
    source = tex(latex)
    table = source[
        source.index(r"\begin{longtable}") : source.index(r"\end{longtable}")
    ]
    assert r"\endhead" in table, "the header row must repeat on every page"
    assert AUTHORED["caption"] in table
    assert table.count(r"\X{") == 3
    assert r"\X{2}{10}" in table


def test_cards_are_boxed_with_their_title_and_anchor(latex: Build) -> None:
    source = tex(latex)
    boxes = re.findall(r"\\begin\{sphinxtopic\}(.*?)\\end\{sphinxtopic\}", source, re.S)
    assert len(boxes) == 2
    quality, course = boxes
    assert r"\sphinxstyletopictitle{" + AUTHORED["card title"] in quality
    assert r"\label{\detokenize{sample:candour}}" in quality
    assert AUTHORED["provider"] in course
    assert r"\sphinxurl{" + AUTHORED["url"] + "}" in course


@pytest.fixture(scope="module")
def pdf(latex: Build) -> Path:
    require_pdf_tools("pdftoppm")
    return compile_pdf(latex.outdir)


@pytest.mark.pdf
def test_pdf_holds_every_authored_string(pdf: Path) -> None:
    text = " ".join(pdf_pages(pdf))
    missing = [name for name, value in AUTHORED.items() if value not in text]
    assert missing == []
    for label in ("Dimension", "Provider", "Level", "Duration", "Develops"):
        assert label in text
    assert "Table 1" in text


def dark_share(image: bytes) -> float:
    """Share of dark pixels in a binary PGM (P5) image from pdftoppm -gray."""
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", image)
    assert header is not None
    pixels = image[header.end() :]
    width, height = int(header[1]), int(header[2])
    assert len(pixels) == width * height
    return sum(1 for value in pixels if value < 128) / len(pixels)


@pytest.mark.pdf
def test_two_pdf_pages_render_with_content(pdf: Path, tmp_path: Path) -> None:
    """The table's page and the cards' page (a forced break) both carry ink."""
    pages = pdf_pages(pdf)
    assert AUTHORED["caption"] in pages[0]
    assert AUTHORED["card title"] in pages[1]
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "50", "-f", "1", "-l", "2", str(pdf),
         str(tmp_path / "page")],
        check=True, capture_output=True,
    )  # fmt: skip
    images = sorted(tmp_path.glob("page-*.pgm"))
    assert len(images) == 2
    for image in images:
        share = dark_share(image.read_bytes())
        assert 0.002 < share < 0.5, f"{image.name}: {share:.4f} of pixels are ink"


@pytest.mark.pdf
@pytest.mark.parametrize("syntax", ["md", "rst"])
def test_tables_in_table_cells_compile(
    tmp_path_factory: pytest.TempPathFactory, syntax: str
) -> None:
    """A comparison, a catalogue and a matrix inside a table cell (LaTeX's
    "Missing number" and "Misplaced \\noalign" before) make a PDF with every
    word."""
    require_pdf_tools()
    root = tmp_path_factory.mktemp(f"nested-{syntax}") / "src"
    result = shared_build(
        root, {f"sample.{syntax}": nested_page(syntax)}, buildername="latex",
        conf=CONF,
    )  # fmt: skip
    assert [w for w in result.reported() if w.type] == []
    text = " ".join(pdf_pages(compile_pdf(result.outdir)))
    for words in ("Plans ahead.", "Runs things.", "Catalogue inside", "Other cell."):
        assert words in text
