"""The shared base of every sphinx-cmi directive: warnings, names, bodies."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from enum import StrEnum
from typing import ClassVar, TypeVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinx_cmi.nodes import plain_text
from sphinx_cmi.values import shown

T = TypeVar("T")
MESSAGE_CATALOG = "sphinx_cmi"
_ = get_translation(MESSAGE_CATALOG)
logger = logging.getLogger("sphinx_cmi")

WARNING_TYPE = "cmi"


class Subtype(StrEnum):
    """The warning subtypes that no kind owns (a kind warns as ``cmi.<name>``)."""

    COMPARISON = "comparison"
    CATALOG = "catalog"
    REF = "ref"
    DUPLICATE = "duplicate"
    LINK = "link"
    CONFIG = "config"


Location = str | tuple[str | None, int | None] | nodes.Node | None
"""Where a warning points: ``"file:line"``, ``(docname, line)`` or a node."""
"""Every sphinx-cmi warning is ``cmi.<subtype>``: suppressible one by one."""
_OPTION_LINE = re.compile(r":(?P<key>[A-Za-z][\w-]*):(?:[ \t]+(?P<value>.*))?$")


def warn(message: str, subtype: str, location: Location) -> None:
    """Warn as ``cmi.<subtype>`` at *location* (a node, ``(docname, line)``, ...)."""
    logger.warning(message, location=location, type=WARNING_TYPE, subtype=subtype)


def node_line(node: nodes.Node, default: int | None = None) -> int | None:
    """The first source line known for *node*, a descendant or an ancestor.

    docutils leaves ``line`` unset on list items and inline references, so
    they are located by the paragraph they contain or sit in.
    """
    for candidate in node.findall(include_self=True):
        if candidate.line:
            return candidate.line
    parent = node.parent
    while parent is not None:
        if parent.line:
            return parent.line
        parent = parent.parent
    return default


def node_location(node: nodes.Node, page: str) -> str:
    """``file:line`` of *node*: the file it was written in (an included file's
    own), else *page* (the page's file)."""
    source = next((n.source for n in _ancestors(node) if n.source), None)
    path = os.path.abspath(source or page)
    line = node_line(node)
    return f"{path}:{line}" if line else path


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    current: nodes.Node | None = node
    while current is not None:
        found.append(current)
        current = current.parent
    return found


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


class Options(dict[str, Callable[[str], object]]):
    """An option spec that lets unknown options through to the directive.

    docutils drops a whole directive (and its text) for one misspelt option;
    with this spec the directive renders and warns with its own subtype.
    MyST checks membership itself, reports the option and keeps the content.
    """

    def __missing__(self, key: str) -> Callable[[str], object]:
        return directives.unchanged


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
        {"name": directives.unchanged, "class": directives.class_option}
    )

    def run(self) -> list[nodes.Node]:
        if not self.options:
            self.options = self.options_myst_dropped()
        known_options = self.known_options()
        for option in self.options:
            if option not in known_options:
                known = ", ".join(f":{name}:" for name in sorted(known_options))
                self.warn(
                    f"unknown option :{option}: (known: {known})",
                    self.option_line(option),
                )
        return self.render()

    def known_options(self) -> set[str]:
        """The options this directive takes (others are warned about)."""
        return set(self.option_spec)

    def render(self) -> list[nodes.Node]:
        raise NotImplementedError

    def options_myst_dropped(self) -> dict[str, object]:
        """The ``:key: value`` lines MyST rejected as a whole, read line by line.

        One tab pasted from a spreadsheet makes MyST warn and drop *every*
        option of the directive (myst.directive_option); reading them here
        keeps the author's text, and each value is checked as usual.
        """
        lines = self.block_text.splitlines()
        if not lines or not re.match(r"(:::+|```+)\s*\{", lines[0]):
            return {}  # rST: docutils reports its own option errors
        found: dict[str, str] = {}
        key = ""
        for line in lines[1:]:
            field = _OPTION_LINE.match(line)
            if field:
                key = field["key"]
                found[key] = (field["value"] or "").strip()
            elif key and line[:1] in (" ", "\t") and line.strip():
                found[key] = f"{found[key]} {line.strip()}"  # a continuation
            else:
                break
        options: dict[str, object] = {}
        for key, value in found.items():
            try:
                options[key] = self.option_spec[key](value)
            except (ValueError, TypeError) as error:
                self.warn(
                    f"invalid :{key}: {shown(str(value))}: {error}",
                    self.option_line(key),
                )
        return options

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

    def title(self) -> str:
        return " ".join(self.arguments[0].split()) if self.arguments else ""

    def name_for(self, title: str) -> str:
        """The target name: ``:name:``, else a slug of *title* ("" if neither)."""
        explicit = nodes.fully_normalize_name(self.text_option("name"))
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
