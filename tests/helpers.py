"""Build a throwaway Sphinx project and read what it produced."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import ModuleType

PROJECT = Path(__file__).parents[1]
TOOLS = PROJECT / "tools"
SNIPPETS = PROJECT / "docs" / "snippets"
SNIPPET_NAMES = tuple(sorted(path.stem for path in (SNIPPETS / "myst").glob("*.md")))
"""The shared handbook examples, each written in MyST and in rST."""
EXTENSIONS = ["myst_parser", "sphinx_design", "sphinx_cmi"]

DEFAULT_INDEX = """\
# Index

```{toctree}
:glob:

*
```
"""

_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
_WARNING = re.compile(
    r"^(?P<path>.+?):(?:(?P<line>\d+):)? WARNING: (?P<message>.*?)"
    r"(?: \[(?P<type>[\w.-]+)\])?$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Reported:
    """One warning line as Sphinx printed it."""

    path: str
    line: int | None
    message: str
    type: str | None


@dataclass
class Build:
    """A finished build: the application, its folders and its warnings."""

    app: SphinxTestApp
    srcdir: Path
    outdir: Path
    warnings: str

    def reported(self) -> list[Reported]:
        return [
            Reported(
                m["path"],
                int(m["line"]) if m["line"] else None,
                m["message"],
                m["type"],
            )
            for m in _WARNING.finditer(self.warnings)
        ]

    def reported_in(self, filename: str) -> list[Reported]:
        """Warnings located in the source file *filename* (relative to srcdir)."""
        path = str(self.srcdir / filename)
        return [w for w in self.reported() if w.path == path]

    def soup(self, page: str) -> BeautifulSoup:
        """The parsed HTML output file *page* (e.g. ``index.html``)."""
        return BeautifulSoup(
            (self.outdir / page).read_text(encoding="utf-8"), "html.parser"
        )

    def main(self, docname: str) -> Tag:
        """The main content of *docname*'s HTML page (without theme chrome)."""
        main = self.soup(f"{docname}.html").select_one('[role="main"]')
        assert main is not None, f"no main content in {docname}.html"
        return main


class BuildProject(Protocol):
    def __call__(
        self,
        files: Mapping[str, str],
        *,
        buildername: str = "html",
        conf: Mapping[str, object] | None = None,
        **kwargs: Any,
    ) -> Build: ...


def strip_colour(text: str) -> str:
    """Sphinx's warnings without the terminal's colour codes."""
    return _COLOUR.sub("", text)


def write_project(
    srcdir: Path, files: Mapping[str, str], conf: Mapping[str, object] | None = None
) -> None:
    """Write conf.py (our extensions plus *conf*) and *files* into *srcdir*."""
    settings: dict[str, object] = {
        "extensions": EXTENSIONS,
        "myst_enable_extensions": ["colon_fence"],
        "numfig": True,
        **(conf or {}),
    }
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(
        "".join(f"{key} = {value!r}\n" for key, value in settings.items()),
        encoding="utf-8",
    )
    if not any(Path(name).stem == "index" for name in files):
        files = {"index.md": DEFAULT_INDEX, **files}
    for name, text in files.items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def run_build(
    factory: Callable[..., SphinxTestApp],
    srcdir: Path,
    files: Mapping[str, str],
    *,
    buildername: str = "html",
    conf: Mapping[str, object] | None = None,
    **kwargs: Any,
) -> Build:
    """Write a project, build it from scratch with *factory* and collect output."""
    write_project(srcdir, files, conf)
    builddir = srcdir.with_name(f"{srcdir.name}-build")
    app = factory(
        buildername, srcdir=srcdir, builddir=builddir, freshenv=True, **kwargs
    )
    app.build()
    warnings = _COLOUR.sub("", app.warning.getvalue())
    return Build(app, srcdir, app.outdir, warnings)


def shared_build(
    srcdir: Path,
    files: Mapping[str, str],
    *,
    buildername: str = "html",
    conf: Mapping[str, object] | None = None,
) -> Build:
    """For module-scoped fixtures: one build shared by many tests.

    The application is cleaned up (docutils' global registries reset) as soon
    as it has built, so later applications start from a clean slate; its
    output, environment and pickled doctrees stay readable.
    """
    result = run_build(SphinxTestApp, srcdir, files, buildername=buildername, conf=conf)
    result.app.cleanup()
    return result


def sphinx_process(*args: str | Path, env: Mapping[str, str] | None = None) -> None:
    """``python -m sphinx -q ARGS`` in a process of its own, as an author runs
    it; fails the test with Sphinx's output unless it succeeds."""
    command = [sys.executable, "-m", "sphinx", "-q", *map(str, args)]
    done = subprocess.run(
        command, capture_output=True, text=True, check=False,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def load_tool(name: str) -> ModuleType:
    """A script of ``tools/`` imported as a module (they are not a package)."""
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def snippet(language: str, name: str) -> str:
    """A shared handbook example: ``language`` is ``myst`` or ``rst``."""
    suffix = ".md" if language == "myst" else ".rst"
    return (SNIPPETS / language / f"{name}{suffix}").read_text(encoding="utf-8")


def snippet_files(language: str) -> dict[str, str]:
    """Every snippet of *language* as a page of its own, plus a stub page for
    each document a snippet links to with ``:doc:``."""
    suffix = ".md" if language == "myst" else ".rst"
    files = {
        f"{name}{suffix}": page(language, snippet(language, name), "Example")
        for name in SNIPPET_NAMES
    }
    for source in list(files.values()):
        for target in re.findall(r"^\s*:doc:\s*(\S+)", source, re.MULTILINE):
            files[f"{target.lstrip('/')}.md"] = page("md", "A linked page.", "Linked")
    return files


def page(language: str, body: str, title: str = "Case") -> str:
    """A page with a title followed by *body*, in MyST (``md``) or rST."""
    if language in ("md", "myst"):
        return f"# {title}\n\n{body}"
    return f"{title}\n{'=' * len(title)}\n\n{body}"


def directive(
    language: str,
    name: str,
    argument: str = "",
    options: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
    body: str = "",
) -> str:
    """One directive in MyST (``md``, a colon fence) or rST.

    Lets a test write a page once and build it in both syntaxes; *options*
    may repeat a key when given as pairs.
    """
    settings = options.items() if isinstance(options, Mapping) else options or ()
    if language in ("md", "myst"):
        lines = [f":::{{{name}}} {argument}".rstrip()]
        lines += [f":{key}: {value}" for key, value in settings]
        if body:
            lines += ["", body.rstrip("\n")]
        lines.append(":::")
    else:
        lines = [f".. {name}:: {argument}".rstrip()]
        lines += [f"   :{key}: {value}" for key, value in settings]
        if body:
            lines += ["", textwrap.indent(body.rstrip("\n"), "   ")]
    return "\n".join(lines) + "\n"


def role(language: str, name: str, target: str, title: str | None = None) -> str:
    """The role *name* pointing at *target* (shown as *title*), MyST or rST."""
    content = f"{title} <{target}>" if title else target
    if language in ("md", "myst"):
        return f"{{{name}}}`{content}`"
    return f":{name}:`{content}`"


def nested_list(
    language: str,
    items: Mapping[str, Sequence[str]] | Sequence[tuple[str, Sequence[str]]],
    depth: int = 0,
) -> str:
    """A bullet list, each item with a list of its own (a comparison table's rows).

    rST needs a blank line around each inner list; MyST keeps the list tight.
    """
    pad = "  " * depth
    gap = [] if language in ("md", "myst") else [""]
    pairs = items.items() if isinstance(items, Mapping) else items
    lines: list[str] = []
    for number, (item, children) in enumerate(pairs):
        if number:
            lines += gap
        lines += [f"{pad}- {item}", *gap, *(f"{pad}  - {child}" for child in children)]
    return "\n".join(lines) + "\n"


def translatable_page(syntax: str, title: str) -> str:
    """A comparison, a quality, a course and every listing on one page: each
    kind of message a translator of the curriculum sees."""
    table = directive(
        syntax, "comparison-table", "Leaders and managers",
        {"columns": "Leader, Manager", "dimension-label": "Aspect", "name": "roles"},
        nested_list(syntax, {"Vision": ["Plans ahead.", "Runs things."]}),
    )  # fmt: skip
    card = directive(
        syntax, "quality-card", "Integrity",
        {"name": "integrity", "summary": "Keeps its word"}, "Lives the values.",
    )  # fmt: skip
    outcome = directive(
        syntax, "learning-outcome", "Speak with candour",
        {"name": "candour", "develops": "integrity"}, "Says what is true.",
    )  # fmt: skip
    course = directive(
        syntax, "course-callout", "Level Five",
        {"name": "l5", "provider": "Chartered Institute", "duration": "Six months",
         "develops": "integrity", "outcomes": "candour",
         "url": "https://example.org/l5", "link-text": "Enrol today"},
        "A course.",
    )  # fmt: skip
    listings = [
        directive(syntax, "course-catalog", "Every course"),
        directive(syntax, "quality-index", "Every quality"),
        directive(syntax, "curriculum-matrix", "Courses and qualities"),
        directive(syntax, "learning-path", "Route to mastery"),
    ]
    parts = [table, card, outcome, course, *listings]
    return page(syntax, "\n".join(parts), title)


def line_of(text: str, marker: str) -> int:
    """The 1-based number of the first line of *text* containing *marker*."""
    for number, line in enumerate(text.splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not found in:\n{text}")


def squash(text: str) -> str:
    """Whitespace collapsed and typographic quotes made plain, for comparisons."""
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    return " ".join(text.split())


def href_scheme(href: str) -> str:
    """Independent check: the scheme a browser sees in *href* ("" if relative).

    Browsers drop ASCII controls and spaces before reading the scheme.
    """
    match = re.match(
        r"([a-zA-Z][a-zA-Z0-9+.\-]*):", re.sub(r"[\x00-\x20\x7f]", "", href)
    )
    return match.group(1).lower() if match else ""


def is_script_url(href: str) -> bool:
    """Would a browser treat *href* as a dangerous scheme?"""
    return href_scheme(href) in ("javascript", "data", "vbscript", "ftp")


def po_text(language: str, table: dict[str, str]) -> str:
    """A ``.po`` file, as sphinx-intl leaves it once a translator is done."""
    catalog = Catalog(locale=language, charset="utf-8")
    for msgid, msgstr in table.items():
        catalog.add(msgid, msgstr)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    return buffer.getvalue().decode("utf-8")


def require_pdf_tools(*extra: str) -> None:
    """Fail, naming the Debian packages, when a tool the PDF tests run is missing."""
    tools = ("latexmk", "pdflatex", "pdftotext", *extra)
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"missing {', '.join(missing)}: install the Debian packages latexmk "
            "texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended "
            "tex-gyre poppler-utils (nox -s pdf needs them)"
        )


def compile_pdf(outdir: Path, tex: str = "sample.tex") -> Path:
    """latexmk *tex* in *outdir* (a LaTeX build) into a PDF; its path."""
    require_pdf_tools()
    subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", tex],
        cwd=outdir, check=True, capture_output=True,
    )  # fmt: skip
    return outdir / tex.replace(".tex", ".pdf")


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of *pdf*, whitespace squashed."""
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [squash(chunk) for chunk in text.split("\f")]
