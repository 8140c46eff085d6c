"""``curriculum-import``: the cards of a data file, as if written on the page.

Each selected entry is rendered by its kind's own directive (the one
``add_kind`` registered), given the entry's fields as options and its body as
content: nodes, ids, numbers, index entries, records and backlinks are those
of the hand-written card at that place.  The directive's lines map to the data
file (:class:`FromDataFile`), so every warning points into it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StateMachine, StringList

from sphinx_cmi import values
from sphinx_cmi.base import CmiDirective, Subtype, warn
from sphinx_cmi.cards import CardDirective
from sphinx_cmi.data import DataError, Located, imported_by, read
from sphinx_cmi.domain import curriculum
from sphinx_cmi.entries import KIND_COLUMN, Entry, is_csv, read_entries
from sphinx_cmi.graph import ORIGIN, spellings
from sphinx_cmi.nodes import cmi_card
from sphinx_cmi.options import Options, suggestion
from sphinx_cmi.registry import card_directive
from sphinx_cmi.schema import FLAGS
from sphinx_cmi.values import shown

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_cmi.kinds import Kind

IMPORTS = "imports"
"""The domain's key for what each page imported (see :class:`Imported`)."""


class Imported(NamedTuple):
    """One ``curriculum-import`` of a page: every entry of the file, and
    those it shows (``(kind, index)``), to tell entries no page shows."""

    path: str
    entries: tuple[tuple[str, int, str, int], ...]
    """``(kind, index, name, line)`` of every entry of the file."""
    shown: frozenset[tuple[str, int]]


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


class CurriculumImportDirective(CmiDirective):
    """``curriculum-import PATH``: cards from a YAML, JSON, TOML or CSV file."""

    subtype = Subtype.DATA
    has_content = True  # only to keep a body written by mistake
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = Options(
        {"kind": directives.unchanged, "names": directives.unchanged}
    )

    def kinds(self) -> list[Kind]:
        return list(curriculum(self.env).kinds.values())

    def known_options(self) -> set[str]:
        filters = {
            fact.name
            for kind in self.kinds()
            for fact in kind.facts
            if fact.value in ("level", "names")
        }
        return {"kind", "names", *filters}

    def render(self) -> list[nodes.Node]:
        after = self.leftover_body()
        if not self.arguments:
            self.warn(
                "curriculum-import needs the path of a data file, e.g. "
                "'{curriculum-import} data/courses.csv'"
            )
            return after
        if not self.state.document.settings.file_insertion_enabled:
            self.warn("data files are not read: file insertion is disabled")
            return after
        relative, path = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(relative)
        chosen = self.chosen_kind()
        note = imported_by(self.env, self.env.docname)
        try:
            found = read(path, self.arguments[0])
        except DataError as error:
            if error.line:  # in the file
                warn(error.message + note, Subtype.DATA, f"{path}:{error.line}")
            else:  # no file to point into: the page
                self.warn(error.message)
            return after
        if is_csv(found) and chosen is None and not self.has_kind_column(found):
            self.warn(
                f"{self.arguments[0]} has no {KIND_COLUMN!r} column: say which kind "
                f"its rows are with :kind: ({', '.join(k.name for k in self.kinds())})"
            )
            return after
        entries, problems = read_entries(found, self.kinds(), chosen)
        picked = self.selected(entries, chosen)
        # An entry's problems are told by the pages that show it (and, if
        # none does, it is reported as such); the file's, by every page.
        shown_ids = {id(entry) for entry in picked}
        others = {(e.kind.list_key, e.index) for e in entries if id(e) not in shown_ids}
        for problem in problems:
            if problem.key[:2] not in others:
                warn(problem.message + note, Subtype.DATA, f"{path}:{problem.line}")
        self.remember(path, entries, picked)
        shown_nodes = [node for entry in picked for node in self.card(entry, path)]
        return [*shown_nodes, *after]

    def leftover_body(self) -> list[nodes.Node]:
        if not self.content:
            return []
        self.warn(
            f"{self.name} takes no body; its text is shown after the cards: move "
            "it out of the directive",
            self.content_line(),
        )
        return self.parse_body()

    @staticmethod
    def has_kind_column(found: Located) -> bool:
        header = found.data.get("header", []) if isinstance(found.data, dict) else []
        return KIND_COLUMN in [column.lower() for column in header]

    def chosen_kind(self) -> Kind | None:
        written = self.text_option("kind")
        if not written:
            return None
        kinds = curriculum(self.env).kinds
        if written.lower() in kinds:
            return kinds[written.lower()]
        self.warn(
            f":kind: must be {' or '.join(kinds)}, got {shown(written)}; every "
            f"kind is imported{suggestion(written.lower(), kinds)}",
            self.option_line("kind"),
        )
        return None

    # --- which entries ------------------------------------------------------

    def selected(self, entries: list[Entry], chosen: Kind | None) -> list[Entry]:
        """The entries of :kind:, named in :names: (in its order), that pass
        the fact filters (:level:, :develops:, ...)."""
        pool = [e for e in entries if chosen is None or e.kind is chosen]
        if "names" in self.options:
            pool = self.named(pool, chosen)
        for option in sorted(self.options):
            facts = {
                fact.value
                for kind in self.kinds()
                for fact in kind.facts
                if fact.name == option and fact.value in ("level", "names")
            }
            if "level" in facts:
                pool = self.by_level(pool, option)
            elif "names" in facts:
                pool = self.by_names(pool, option)
        return pool

    def named(self, pool: list[Entry], chosen: Kind | None) -> list[Entry]:
        by_name: dict[str, list[Entry]] = {}
        for entry in pool:
            for spelling in dict.fromkeys(spellings(entry.kind.name, entry.name)):
                by_name.setdefault(spelling, []).append(entry)
        picked: list[Entry] = []
        seen: set[int] = set()
        for name in values.names(self.list_option("names")):
            found = by_name.get(name) or by_name.get(spellings("", name)[1], [])
            if not found:
                what = chosen.name if chosen else "entry"
                self.warn(
                    f"no {what} named {shown(name)} in {self.arguments[0]}"
                    f"{suggestion(name, by_name)}",
                    self.option_line("names"),
                )
            picked += [entry for entry in found if id(entry) not in seen]
            seen.update(id(entry) for entry in found)
        return picked

    def by_level(self, pool: list[Entry], option: str) -> list[Entry]:
        expected = (
            "a level from 1 to 8 or a range like 3-5, got {raw}; the filter is ignored"
        )
        levels = self.parsed_option(option, values.level_range, expected)
        if levels is None:
            return pool
        low, high = levels

        def matches(entry: Entry) -> bool:
            level = values.level(str(entry.values.get(option, "")).strip())
            return (
                entry.kind.fact(option) is not None
                and level is not None
                and (low <= level <= high)
            )

        return [entry for entry in pool if matches(entry)]

    def by_names(self, pool: list[Entry], option: str) -> list[Entry]:
        wanted = {
            spelling
            for name in values.names(self.list_option(option))
            for spelling in spellings("", name)
        }
        if not wanted:
            return pool
        return [
            entry
            for entry in pool
            if entry.kind.fact(option) is not None
            and any(set(spellings("", name)) & wanted for name in entry.names(option))
        ]

    def remember(self, path: str, entries: list[Entry], picked: list[Entry]) -> None:
        imported = Imported(
            path,
            tuple((e.kind.name, e.index, e.name, e.line) for e in entries),
            frozenset((e.kind.name, e.index) for e in picked),
        )
        store = curriculum(self.env).data.setdefault(IMPORTS, {})
        store.setdefault(self.env.docname, []).append(imported)

    # --- one card -----------------------------------------------------------

    def card(self, entry: Entry, path: str) -> list[nodes.Node]:
        """*entry* rendered by its kind's directive, as if written here."""
        base = self.directive_of(entry.kind)
        title = entry.title
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
        directive = from_data_file(base)(
            entry.kind.directive, [title] if title else [], options, content,
            self.lineno, 0, "\n".join(block), self.state, self.state_machine,
        )  # fmt: skip
        directive.data_lines = lines
        directive.page_note = imported_by(self.env, self.env.docname)
        directive.skipped = frozenset(skipped)
        made = directive.run()
        for node in made:
            if isinstance(node, cmi_card):
                node[ORIGIN] = f"{path}:{entry.line}"
        return made

    def directive_of(self, kind: Kind) -> type[CardDirective]:
        """The class registered for *kind*'s directive (a project may have
        replaced it), else the one ``add_kind`` makes."""
        found, _messages = directives.directive(
            kind.directive,
            self.state_machine.language,  # type: ignore[arg-type]
            self.state.document,
        )
        if isinstance(found, type) and issubclass(found, CardDirective):
            return found
        return card_directive(kind)


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


# --- entries no page shows --------------------------------------------------


def warn_unshown(app: Sphinx, env: BuildEnvironment) -> None:
    """An entry that no import shows (every :kind:, :names: or filter leaves
    it out) is reported at its line: nothing disappears silently."""
    imports: dict[str, list[Imported]] = curriculum(env).data.get(IMPORTS, {})
    files: dict[str, tuple[set[tuple[str, int, str, int]], set[Any], list[str]]] = {}
    for docname in sorted(imports):
        for imported in imports[docname]:
            entries, seen, pages = files.setdefault(imported.path, (set(), set(), []))
            entries.update(imported.entries)
            seen.update(imported.shown)
            page = str(env.doc2path(docname, False))
            if page not in pages:
                pages.append(page)
    for path in sorted(files):
        entries, seen, pages = files[path]
        for kind, index, name, line in sorted(entries, key=lambda e: (e[3], e[1])):
            if (kind, index) not in seen:
                warn(
                    f"{kind} {shown(name)} is shown on no page: the :kind:, :names: "
                    "and filters of every import leave it out; import it where it "
                    f"belongs, or remove it (imported by {', '.join(pages)})",
                    Subtype.DATA,
                    f"{path}:{line}",
                )


def setup(app: Sphinx) -> None:
    app.add_directive("curriculum-import", CurriculumImportDirective)
    app.connect("env-check-consistency", warn_unshown)
