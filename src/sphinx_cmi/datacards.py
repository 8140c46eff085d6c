"""A kind's own directive, run on an entry of a data file.

``curriculum-import`` builds no card itself: :class:`Cards` gives each entry's
fields to the directive registered for its kind (``quality-card``,
``course-callout``, or one an extension added) as options and its body as
content, so the card is the hand-written one.  :class:`FromDataFile` maps
the directive's lines to the file's, and makes its warnings ``cmi.data``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StateMachine, StringList

from sphinx_cmi.cards import CardDirective
from sphinx_cmi.data import imported_by
from sphinx_cmi.graph import ORIGIN
from sphinx_cmi.nodes import cmi_card
from sphinx_cmi.problems import Subtype, warn
from sphinx_cmi.registry import card_directive
from sphinx_cmi.schema import FLAGS

if TYPE_CHECKING:
    from sphinx_cmi.base import CmiDirective
    from sphinx_cmi.entries import Entry
    from sphinx_cmi.kinds import Kind


class FromDataFile(CardDirective):
    """A kind's directive run on a data-file entry: its lines are the file's.

    Line *n* of the directive (its first line, an option, a body line) is the
    line of the data file in :attr:`data_lines`; warnings are ``cmi.data``
    and name the importing page.
    """

    data_lines: list[tuple[str, int]]
    page_note: str
    skipped: frozenset[int]
    """Offsets of fields already warned about: the directive stays silent."""

    def source_and_line(self, line: int | None = None) -> tuple[str, int]:
        offset = (line or self.lineno) - self.lineno
        return self.data_lines[max(0, min(offset, len(self.data_lines) - 1))]

    def warn(self, message: str, line: int | None = None) -> None:
        if (line or self.lineno) - self.lineno not in self.skipped:
            warn(message + self.page_note, Subtype.DATA, self.location(line))

    def set_source_info(self, node: nodes.Node) -> None:
        """The card is where the import is (its place in the page's reading
        order); its title and facts are in the data file (as translators and
        warnings see them)."""
        super().set_source_info(node)
        if not isinstance(node, cmi_card):
            node.source, node.line = self.data_lines[0]

    def register_name(self, node: nodes.Element, name: str) -> None:
        """As written on the page; a name given twice is told once, in the
        data file (``cmi.data``), not also by docutils at the page's line."""
        reporter = self.state.document.reporter
        threshold = reporter.report_level
        reporter.report_level = reporter.SEVERE_LEVEL + 1  # type: ignore[assignment]
        try:
            super().register_name(node, name)
        finally:
            reporter.report_level = threshold

    def parse_body(self) -> list[nodes.Node]:
        """The body, located in the data file.

        reStructuredText locates blocks by the content's own lines, but roles
        by their line in the content; MyST counts every line from the
        directive's.
        """
        body = super().parse_body()
        if not self.content:
            return body
        path, first = self.data_lines[len(self.data_lines) - len(self.content)]
        rst = isinstance(self.state_machine, StateMachine)
        base = self.content_offset + 1 + (0 if rst else self.lineno)
        for top in body:
            if not isinstance(top, nodes.Element):
                continue
            for node in top.findall(nodes.Element):
                if node.source != path:
                    node.source = path
                    if node.line:
                        node.line = first + max(0, node.line - base)
                if not node.line and node is not top:  # a list item, a link
                    node.line = node.parent.line
        return body


_CLASSES: dict[type[CardDirective], type[FromDataFile]] = {}


def from_data_file(base: type[CardDirective]) -> type[FromDataFile]:
    """*base* (a kind's directive class) with its lines in a data file."""
    if base not in _CLASSES:
        name = f"Imported{base.__name__}"
        _CLASSES[base] = type(name, (FromDataFile, base), {})
    return _CLASSES[base]


class Cards:
    """The cards of one import: each entry through its kind's directive,
    called by *importer* (the ``curriculum-import`` directive) at its place."""

    def __init__(self, importer: CmiDirective, path: str) -> None:
        self.importer = importer
        self.path = sys.intern(path)  # in every record: stored once
        self.page_note = imported_by(importer.env, importer.env.docname)
        self.classes: dict[str, type[FromDataFile]] = {}

    def card(self, entry: Entry) -> list[nodes.Node]:
        """*entry* rendered by its kind's directive, as if written here."""
        base = self.directive_of(entry.kind)
        title, path = entry.title, self.path
        block = [f".. {entry.kind.directive}:: {title}".rstrip()]
        lines = [(path, entry.line)]
        skipped = {0} if "title" in entry.reported else set()
        options: dict[str, Any] = {}
        for field, value in entry.values.items():
            text = option_text(entry.kind, field, value)
            if text is None or field in ("title", "body"):
                continue
            options[field] = base.option_spec[field](text)
            if field in entry.reported:
                skipped.add(len(block))
            block.append(f":{field}: {' '.join(text.split())}".rstrip())
            lines.append((path, entry.lines[field]))
        body = entry.values.get("body")
        content = StringList()
        if isinstance(body, str) and body.strip():
            block.append("")
            lines.append((path, entry.body_line))
            for offset, text in enumerate(body.strip("\n").splitlines()):
                block.append(text)
                lines.append((path, entry.body_line + offset))
                content.append(text, path, entry.body_line - 1 + offset)
        importer = self.importer
        directive = base(
            entry.kind.directive, [title] if title else [], options, content,
            importer.lineno, 0, "\n".join(block), importer.state,
            importer.state_machine,
        )  # fmt: skip
        directive.data_lines = lines
        directive.page_note = self.page_note
        directive.skipped = frozenset(skipped)
        made = directive.run()
        for node in made:
            if isinstance(node, cmi_card):
                node[ORIGIN] = (path, entry.line)
        return made

    def directive_of(self, kind: Kind) -> type[FromDataFile]:
        """The class registered for *kind*'s directive (a project may have
        replaced it; else the one ``add_kind`` makes), reading a data file."""
        if kind.name not in self.classes:
            found, _messages = directives.directive(
                kind.directive,
                self.importer.state_machine.language,  # type: ignore[arg-type]
                self.importer.state.document,
            )
            if not (isinstance(found, type) and issubclass(found, CardDirective)):
                found = card_directive(kind)
            self.classes[kind.name] = from_data_file(found)
        return self.classes[kind.name]


def option_text(kind: Kind, field: str, value: Any) -> str | None:
    """*value* as the directive's option would be written; None: left out
    (a value of the wrong type, already reported)."""
    if field in FLAGS:
        return "" if value is True else None
    if isinstance(value, bool | dict):
        return None
    if isinstance(value, list):
        fact = kind.fact(field)
        if fact is None or fact.value != "names":
            return None
        return ", ".join(str(item) for item in value if isinstance(item, str))
    return str(value)
