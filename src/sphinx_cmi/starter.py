"""Write a starter handbook: the files behind ``sphinx-cmi new``.

The starter is plain package data (``templates/starter``) filled in by one
``{{ name }}`` substitution pass, not a copier (or cookiecutter) template:

- ``pip install sphinx-cmi`` stays light: copier would bring Jinja, pydantic,
  questionary, plumbum and more into every Sphinx build that loads the
  extension, for three values to fill in.
- copier's main gain, *updating* a project made from an older template,
  replays the template's git history between tagged versions. Templates
  installed from a wheel have no such history, and a handbook's pages are
  rewritten by their author from day one, so an update would mostly be merge
  conflicts. What does change with a release (the extension's options) is
  documented and reported by the build's warnings instead.
- every value from the command line is untrusted. Each placeholder names the
  context it lands in (``_py`` for a Python literal, ``_md`` for Markdown
  text), and the value is quoted for that context in Python, where it can be
  tested; a template engine would leave the quoting to each template.

Every file is rendered in memory before the first one is written, so a
failure leaves no half-made project behind. The curriculum (qualities and
courses) is one data file per language, ``data/curriculum.yaml``, imported by
the pages; the JSON Schema that editors check it with is copied next to it
from the package, so it is always the installed extension's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from sphinx_cmi.base import __version__

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from importlib.resources.abc import Traversable

TEMPLATES = resources.files("sphinx_cmi") / "templates" / "starter"
COMMON = "common"
"""Files that are the same in every language (settings and tooling)."""
SUFFIX = ".tmpl"
DOT_PREFIX = "dot-"
"""``dot-gitignore.tmpl`` becomes ``.gitignore``: wheels keep hidden files
awkwardly, and a template should not act on the package's own repository."""
SCHEMA = "data/curriculum.schema.json"
"""Not a template: the package's own schema, for editors (``sphinx-cmi schema``)."""
_PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class Language:
    """What the starter says when the author gives no ``--title``/``--author``."""

    name: str
    title: str
    author: str


LANGUAGES: dict[str, Language] = {
    "en": Language("English", "Leading and managing", "The authors"),
    "fr": Language("français", "Diriger et manager", "Les auteurs"),
    "de": Language("Deutsch", "Führen und managen", "Das Autorenteam"),
    "es": Language("español", "Liderar y gestionar", "El equipo de autores"),
}


class StarterError(Exception):
    """A problem the author can fix: printed as one line, exit status 1."""


def one_line(value: str, option: str) -> str:
    """*value* as one line of text: runs of white space (line breaks too)
    become one space and control characters go; empty text is refused."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise StarterError(f"{option} is not valid UTF-8 text") from None
    printable = "".join(
        char for char in value if char.isspace() or unicodedata.category(char) != "Cc"
    )
    text = " ".join(printable.split())
    if not text:
        raise StarterError(f"{option} is empty; give it some text")
    return text


def python_literal(text: str) -> str:
    """A Python string literal that evaluates to *text*, whatever it holds;
    in double quotes, like the rest of conf.py, unless *text* has one."""
    literal = repr(text)
    if literal.startswith("'") and '"' not in text:
        # repr chose single quotes, so *text* has no "'" either: swap them.
        literal = f'"{literal[1:-1]}"'
    return literal


def markdown_text(text: str) -> str:
    """*text* shown as typed in MyST Markdown: every ASCII punctuation character
    is backslash-escaped, so no role, directive, link, emphasis, HTML or
    ``{{ }}`` substitution can start from it."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def values(title: str, author: str, language: str) -> dict[str, str]:
    """The placeholders of the templates, each quoted for where it lands."""
    return {
        "title_py": python_literal(title),
        "author_py": python_literal(author),
        "language_py": python_literal(language),
        "title_md": markdown_text(title),
        "version": __version__,
    }


def render(text: str, fill: Mapping[str, str]) -> str:
    """Fill every ``{{ name }}`` in one pass: a value is never read again, so
    braces inside a title stay text."""
    return _PLACEHOLDER.sub(lambda match: fill[match[1]], text)


def _walk(folder: Traversable, prefix: PurePosixPath) -> Iterator[tuple[str, str]]:
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.is_dir():
            yield from _walk(entry, prefix / entry.name)
        elif entry.name.endswith(SUFFIX):
            name = entry.name.removesuffix(SUFFIX)
            if name.startswith(DOT_PREFIX):
                name = "." + name.removeprefix(DOT_PREFIX)
            yield str(prefix / name), entry.read_text(encoding="utf-8")


def templates(language: str) -> dict[str, str]:
    """Relative path -> template text, for the common files and *language*'s."""
    found: dict[str, str] = {}
    for part in (COMMON, language):
        found.update(_walk(TEMPLATES / part, PurePosixPath()))
    return found


def files(
    language: str = "en", title: str | None = None, author: str | None = None
) -> dict[str, str]:
    """Every file of the starter, rendered: relative path -> text."""
    if language not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise StarterError(f"unknown language {language!r}; choose one of {known}")
    defaults = LANGUAGES[language]
    fill = values(
        one_line(defaults.title if title is None else title, "--title"),
        one_line(defaults.author if author is None else author, "--author"),
        language,
    )
    rendered = {path: render(text, fill) for path, text in templates(language).items()}
    schema = resources.files("sphinx_cmi") / "curriculum.schema.json"
    rendered[SCHEMA] = schema.read_text(encoding="utf-8")
    return rendered


def create(
    target: Path,
    language: str = "en",
    title: str | None = None,
    author: str | None = None,
) -> list[Path]:
    """Write the starter into *target*, which must be missing or empty."""
    try:
        if target.exists() and not target.is_dir():
            raise StarterError(f"{target} exists and is not a directory")
        if target.is_dir() and any(target.iterdir()):
            raise StarterError(
                f"{target} is not empty; choose a new directory so that no file "
                "of yours is overwritten"
            )
    except OSError as error:
        raise StarterError(f"cannot read {target}: {error.strerror}") from None
    rendered = files(language, title, author)
    written = []
    try:
        for relative, text in rendered.items():
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            written.append(path)
    except OSError as error:
        raise StarterError(f"cannot write {target}: {error.strerror}") from None
    return written
