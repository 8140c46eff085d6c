"""``curriculum-import``: the cards of a data file, as if written on the page.

Each selected entry is rendered by its kind's own directive (the one
``add_kind`` registered), given the entry's fields as options and its body as
content: nodes, ids, numbers, index entries, records and backlinks are those
of the hand-written card at that place.  The directive's lines map to the data
file (:mod:`sphinx_cmi.datacards`), so every warning points into it.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from docutils.parsers.rst import directives

from sphinx_cmi import values
from sphinx_cmi.base import NoBodyDirective
from sphinx_cmi.data import DataError, Located, imported_by, read
from sphinx_cmi.datacards import Cards
from sphinx_cmi.domain import curriculum
from sphinx_cmi.entries import KIND_COLUMN, Entry, is_csv, read_entries
from sphinx_cmi.graph import spellings
from sphinx_cmi.options import Options, suggestion
from sphinx_cmi.problems import Subtype, warn
from sphinx_cmi.values import shown

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_cmi.kinds import Kind

IMPORTS = "imports"
"""The domain's key for what each page imported (see :class:`Imported`)."""


class Imported(NamedTuple):
    """One ``curriculum-import`` of a page: the entries of its file that it
    does not show.  An entry that every import of the file leaves out is
    shown on no page."""

    path: str
    left_out: tuple[tuple[str, int, str, int], ...]
    """``(kind, index, name, line)`` of each entry this import leaves out."""


class CurriculumImportDirective(NoBodyDirective):
    """``curriculum-import PATH``: cards from a YAML, JSON, TOML or CSV file."""

    subtype = Subtype.DATA
    option_spec: ClassVar[dict[str, Callable[[str], object]]] = Options(
        {"kind": directives.unchanged, "names": directives.unchanged}
    )

    def kinds(self) -> list[Kind]:
        return list(curriculum(self.env).kinds.values())

    def known_options(self) -> set[str]:
        filters = {fact.name for kind in self.kinds() for fact in kind.filters}
        return {"kind", "names", *filters}

    def render(self) -> list[nodes.Node]:
        """The cards, with the garbage collector paused: what is read from the
        file (its values, their lines, the entries) is freed when this
        returns; a collection in between would only move it to the oldest
        generation, which every later full collection of the build scans."""
        paused = gc.isenabled()
        gc.disable()
        try:
            return self.cards()
        finally:
            if paused:
                gc.enable()

    def cards(self) -> list[nodes.Node]:
        after = self.stray_body("cards")
        if not self.arguments:
            self.warn(
                "curriculum-import needs the path of a data file, e.g. "
                "'{curriculum-import} data/courses.csv'"
            )
            return after
        path = self.data_file(self.arguments[0])
        if path is None:
            return after
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
        if not entries and not problems:
            keys = " or ".join(repr(kind.list_key) for kind in self.kinds())
            what = "rows" if is_csv(found) else f"entries under {keys}"
            self.warn(f"{self.arguments[0]} has no {what}: there is nothing to show")
        picked = self.selected(entries, chosen)
        # An entry's problems are told by the pages that show it (and, if
        # none does, it is reported as such); the file's, by every page.
        shown_ids = {id(entry) for entry in picked}
        others = {(e.kind.list_key, e.index) for e in entries if id(e) not in shown_ids}
        for problem in problems:
            if problem.key[:2] not in others:
                warn(problem.message + note, Subtype.DATA, f"{path}:{problem.line}")
        self.remember(path, entries, picked)
        made = Cards(self, path)
        return [*(node for entry in picked for node in made.card(entry)), *after]

    @staticmethod
    def has_kind_column(found: Located) -> bool:
        header = found.data.get("header", []) if isinstance(found.data, dict) else []
        return KIND_COLUMN in [column.lower() for column in header]

    def chosen_kind(self) -> Kind | None:
        kinds = curriculum(self.env).kinds
        return self.choice_option("kind", kinds, "every kind is imported")

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
                for fact in kind.filters
                if fact.name == option
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
        levels = self.levels_option(option, "the filter is ignored")
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
        shown_ids = {id(entry) for entry in picked}
        left_out = tuple(
            (e.kind.name, e.index, e.name, e.line)
            for e in entries
            if id(e) not in shown_ids
        )
        store = curriculum(self.env).data.setdefault(IMPORTS, {})
        store.setdefault(self.env.docname, []).append(Imported(path, left_out))


# --- entries no page shows --------------------------------------------------


def warn_unshown(app: Sphinx, env: BuildEnvironment) -> None:
    """An entry that no import shows (every :kind:, :names: or filter leaves
    it out) is reported at its line: nothing disappears silently."""
    imports: dict[str, list[Imported]] = curriculum(env).data.get(IMPORTS, {})
    left_out: dict[str, dict[tuple[str, int], tuple[str, int, str, int]]] = {}
    pages: dict[str, list[str]] = {}
    for docname in sorted(imports):
        for imported in imports[docname]:
            mine = {(entry[0], entry[1]): entry for entry in imported.left_out}
            if imported.path in left_out:  # left out by every import so far
                common = left_out[imported.path].keys() & mine.keys()
                mine = {key: mine[key] for key in common}
            left_out[imported.path] = mine
            page = str(env.doc2path(docname, False))
            if page not in pages.setdefault(imported.path, []):
                pages[imported.path].append(page)
    for path in sorted(left_out):
        for kind, _index, name, line in sorted(
            left_out[path].values(), key=lambda entry: (entry[3], entry[1])
        ):
            warn(
                f"{kind} {shown(name)} is shown on no page: the :kind:, :names: "
                "and filters of every import leave it out; import it where it "
                f"belongs, or remove it (imported by {', '.join(pages[path])})",
                Subtype.DATA,
                f"{path}:{line}",
            )


def setup(app: Sphinx) -> None:
    app.add_directive("curriculum-import", CurriculumImportDirective)
    app.connect("env-check-consistency", warn_unshown)
