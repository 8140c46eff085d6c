"""The shared base of every sphinx-cmi directive: warnings, names, bodies."""

from __future__ import annotations

import hashlib
import os
import re
from importlib import metadata
from typing import TYPE_CHECKING, ClassVar, TypeVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from sphinx_cmi import values
from sphinx_cmi.nodes import plain_text
from sphinx_cmi.options import (
    OPTION_LINE,
    REPEAT,
    Options,
    Written,
    classes,
    flag,
    suggestion,
    written_options,
)
from sphinx_cmi.problems import Subtype, warn
from sphinx_cmi.values import shown, split_list

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

T = TypeVar("T")
_MYST_FENCE = re.compile(r"(:::+|```+)\s*\{")
MESSAGE_CATALOG = "sphinx_cmi"
__version__ = metadata.version("sphinx-cmi")  # pyproject.toml's, the one source
_ = get_translation(MESSAGE_CATALOG)


def separator() -> str:
    """What follows a label that introduces text: ": " in English."""
    # Translators: between a label and what it introduces, as in
    # "Developed by: ...". French puts a no-break space before the colon.
    return _(": ")


def slugify(text: str, kind: str) -> str:
    """An HTML-safe id for *text*; non-Latin titles get a stable hashed id."""
    slug = nodes.make_id(text)
    if slug:
        return slug
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{kind}-{digest}"


class CmiDirective(SphinxDirective):
    """Base for sphinx-cmi directives.

    Subclasses set :attr:`subtype`; every warning they raise then carries
    ``type="cmi"`` and that subtype at an exact ``file:line``.
    """

    subtype: ClassVar[str]
    """Warning subtype of this directive family (``cmi.<subtype>``)."""
    id_prefix: ClassVar[str] = "cmi"
    """Prefix for generated ids when a title has no Latin letters."""
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = Options(
        {"name": directives.unchanged, "class": classes}
    )
    self_checked: ClassVar[frozenset[str]] = frozenset()
    """Options whose empty value the directive reports itself."""

    def run(self) -> list[nodes.Node]:
        written = written_options(self.block_text)
        if not self.options and written and _MYST_FENCE.match(self.block_text):
            # One tab pasted from a spreadsheet makes MyST drop *every*
            # option (myst.directive_option): read them as written.
            self.options = {w.key: self.option_spec[w.key](w.value) for w in written}
        self.check_options(written)
        return self.render()

    def known_options(self) -> set[str]:
        """The options this directive takes (others are warned about)."""
        return set(self.option_spec)

    def render(self) -> list[nodes.Node]:
        raise NotImplementedError

    def check_options(self, written: list[Written]) -> None:
        """Report every slip in the options as written, at its line, with the fix."""
        known = self.known_options()
        by_key: dict[str, list[Written]] = {}
        for option in written:
            by_key.setdefault(option.key, []).append(option)
        for key, found in by_key.items():
            first, last = found[0], found[-1]
            for repeat in found[1:]:
                self.warn(
                    f"repeated option :{key}: (first on line "
                    f"{self.source_and_line(self.lineno + first.offset)[1]}); the "
                    "last value is used: write the option once",
                    self.lineno + repeat.offset,
                )
            if len(found) > 1 and key in known:
                self.options[key] = self.option_spec[key](last.value)
            if key in known and key not in self.self_checked:
                self.check_value(key, last)
        for key in [key for key in self.options if REPEAT.match(key)]:
            del self.options[key]
        for key in self.options:
            if key not in known:
                listed = ", ".join(f":{name}:" for name in sorted(known))
                self.warn(
                    f"unknown option :{key}: (known: {listed}){suggestion(key, known)}",
                    self.option_line(key),
                )
        self.check_body_for_options(known)

    def check_value(self, key: str, option: Written) -> None:
        line = self.lineno + option.offset
        if self.option_spec[key] is flag:
            if option.value:
                self.warn(
                    f":{key}: takes no value ({shown(option.value)} is ignored): "
                    f"write ':{key}:' alone",
                    line,
                )
        elif not option.value:
            self.warn(
                f":{key}: has no value: write one after it, or remove the line", line
            )
        elif self.option_spec[key] is classes:
            unusable = [n for n in option.value.split() if not nodes.make_id(n)]
            if unusable:
                self.warn(
                    f":{key}: {shown(' '.join(unusable))} cannot be a CSS class name "
                    "and is left out: use letters, digits and hyphens",
                    line,
                )

    def check_body_for_options(self, known: set[str]) -> None:
        """An option after a blank line is body text: say so, once."""
        lines = self.block_text.splitlines()
        blank = next((n for n, text in enumerate(lines) if n and not text.strip()), 0)
        if not blank:
            return  # no body
        for later, text in enumerate(lines[blank + 1 :], start=blank + 1):
            option = OPTION_LINE.match(text)
            if not text.strip() or not option:
                return
            if option["key"].lower() in known:
                self.warn(
                    f"{text.strip()!r} is read as body text: options must follow the "
                    "directive line with no blank line between; remove the blank line",
                    self.lineno + later,
                )
                return

    def with_stray_body(self, node: nodes.Node, what: str) -> list[nodes.Node]:
        """*node* of a directive that takes no body, then its stray body."""
        return [node, *self.stray_body(what)]

    def stray_body(
        self, what: str, fix: str = "move it out of the directive", who: str = ""
    ) -> list[nodes.Node]:
        """A body written by mistake in a directive that takes none, parsed to
        be shown after its *what*, with a warning: authored text is never
        dropped."""
        if not self.content:
            return []
        self.warn(
            f"{who or self.name} takes no body; its text is shown after the "
            f"{what}: {fix}",
            self.content_line(),
        )
        return self.parse_body()

    def content_line(self) -> int:
        """The line of the body's first line."""
        lines = self.block_text.splitlines()
        first = self.content[0] if self.content else ""
        found = (
            n for n, text in enumerate(lines) if n and text.strip() == first.strip()
        )
        return self.lineno + next(found, 0)

    def list_option(self, option: str) -> list[str]:
        """A comma-separated option's items (empty ones kept).  Items separated
        with ``;`` or ``/`` instead are read as meant, with a warning."""
        raw = self.text_option(option)
        separator = next((sep for sep in (";", "/") if sep in raw), "")
        if not separator or "," in raw:
            return split_list(raw)
        items = [item.strip() for item in raw.split(separator)]
        self.warn(
            f":{option}: separates items with commas, not {separator!r}: write "
            f"{', '.join(items)!r}",
            self.option_line(option),
        )
        return items

    def warn(self, message: str, line: int | None = None) -> None:
        warn(message, self.subtype, self.location(line))

    def location(self, line: int | None = None) -> str:
        """``file:line`` of *line* (default: the directive's), in the file it is
        written in: an included file's own name and line, not the page's."""
        return ":".join(map(str, self.source_and_line(line)))

    def source_and_line(self, line: int | None = None) -> tuple[str, int]:
        source, found = self.state_machine.get_source_and_line(line or self.lineno)
        if not source:
            return str(self.env.doc2path(self.env.docname)), line or self.lineno
        return os.path.abspath(source), found or line or self.lineno

    def data_file(self, given: str, line: int | None = None) -> str | None:
        """The path of the data file *given*, noted so that editing it re-reads
        the page; None, warned at *line*, where docutils' file insertion is
        off: a project that does not trust its pages reads no file for them."""
        if not self.state.document.settings.file_insertion_enabled:
            warn(
                "data files are not read: file insertion is disabled",
                Subtype.DATA,
                self.location(line),
            )
            return None
        relative, path = self.env.relfn2path(given, self.env.docname)
        self.env.note_dependency(relative)
        return path

    def option_line(self, option: str) -> int:
        """Line of *option* in the directive's header, else the directive's.

        Handles ``:option: value`` fields and MyST's ``---`` YAML option block.
        """
        in_yaml = False
        for offset, text in enumerate(self.block_text.splitlines()[1:], start=1):
            stripped = text.strip()
            if stripped == "---":
                if in_yaml:
                    break
                in_yaml = True
            elif (in_yaml and stripped.startswith(f"{option}:")) or (
                not in_yaml and stripped.startswith(f":{option}:")
            ):
                return self.lineno + offset
            elif not in_yaml and not stripped.startswith(":"):
                break
        return self.lineno

    def text_option(self, option: str) -> str:
        """An option value as plain, stripped text ("" when absent)."""
        return str(self.options.get(option) or "").strip()

    def parsed_option(
        self, option: str, parse: Callable[[str], T | None], expected: str
    ) -> T | None:
        """*option* read by *parse*; when it does not read, a warning saying
        what was *expected* (and the consequence), and None."""
        raw = self.text_option(option)
        value = parse(raw) if raw else None
        if raw and value is None:
            expected = expected.format(raw=shown(raw))
            self.warn(f":{option}: must be {expected}", self.option_line(option))
        return value

    def levels_option(self, option: str, otherwise: str) -> tuple[int, int] | None:
        """A level filter (``5``, ``3-5``) as (low, high); else a warning saying
        what happens *otherwise*, and None."""
        expected = "a level from 1 to 8 or a range like 3-5, got {raw}; " + otherwise
        return self.parsed_option(option, values.level_range, expected)

    def choice_option(
        self, option: str, choices: Mapping[str, T], otherwise: str
    ) -> T | None:
        """*option*, one of the names of *choices* (in any case); else a
        warning naming them, what happens *otherwise* and the closest, and
        None."""
        raw = self.text_option(option)
        if not raw:
            return None
        if raw.lower() in choices:
            return choices[raw.lower()]
        names = list(choices)
        allowed = " or ".join(names) if len(names) < 3 else f"one of {', '.join(names)}"
        self.warn(
            f":{option}: must be {allowed}, got {shown(raw)}; {otherwise}"
            f"{suggestion(raw.lower(), names)}",
            self.option_line(option),
        )
        return None

    def title(self) -> str:
        return " ".join(self.arguments[0].split()) if self.arguments else ""

    def name_for(self, title: str) -> str:
        """The target name: ``:name:``, else a slug of *title* ("" if neither)."""
        explicit = values.name(self.text_option("name"))
        return explicit or (slugify(title, self.id_prefix) if title else "")

    def register_name(self, node: nodes.Element, name: str) -> None:
        """Make *node* a link target (``{ref}``, ``{numref}``, HTML anchor).

        docutils derives the id from the name and picks another one when a
        heading on the page already owns it.
        """
        self.set_source_info(node)
        document = self.state.document
        if not name:
            document.set_id(node)
            return
        node["names"].append(name)
        node_id = nodes.make_id(name)
        if node_id == name:
            node_id = name  # one string object: stored once in the environment
        if node_id in document.ids:
            # A heading already owns the id ("# Integrity" + its card).
            node_id = nodes.make_id(f"{self.id_prefix}-{name}")
        if node_id and node_id not in document.ids:
            node["ids"].append(node_id)
        document.note_explicit_target(node, node)

    def parse_body(self) -> list[nodes.Node]:
        """Parse the content as MyST or rST, like the page around it.

        Links in it are checked once all targets are resolved, by
        :class:`sphinx_cmi.links.UnsafeLinksInBodies`.
        """
        return self.parse_content_to_nodes()

    def plain_paragraph(self, text: str, *, ours: bool = False) -> nodes.paragraph:
        """A paragraph of plain text, translated word for word (see
        :class:`~sphinx_cmi.nodes.PlainText`); *ours*: a label or number of the
        extension's own, never a message of the page."""
        words = self.plain(text, plain_text)
        if ours:
            words["translatable"] = False
        paragraph = nodes.paragraph("", "", words, translatable=False)
        self.set_source_info(paragraph)
        return paragraph

    def plain(
        self,
        text: str,
        node_class: type[nodes.TextElement] = nodes.inline,
        **attributes: object,
    ) -> nodes.TextElement:
        """A text node for an option value: never parsed, always escaped."""
        node = node_class(text, text, **attributes)
        self.set_source_info(node)
        return node


class NoBodyDirective(CmiDirective):
    """A directive with an optional argument (a caption, a path) and no body
    of its own; a body written by mistake is kept (see :meth:`with_stray_body`)."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
