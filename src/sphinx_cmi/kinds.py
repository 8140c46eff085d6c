"""The kinds of curriculum objects (quality, course, ...), each declared once.

A :class:`Kind` says everything the rest of the extension needs to know about
one kind of card: its directive and node, how it is numbered, indexed and
listed, and the facts it carries.  Directives, the domain, catalogues,
backlinks and visitors are driven by these declarations; see
:func:`sphinx_cmi.registry.add_kind` and ``docs/reference/architecture.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.util.docutils import SphinxDirective

    from sphinx_cmi.nodes import cmi_card

FactValue = Literal["text", "level", "names"]


@dataclass(frozen=True)
class Fact:
    """One fact a kind carries: an option, a record field and what shows it.

    ``text`` facts are plain, translatable text; ``level`` facts a level from
    1 to 8 (filterable, sortable); ``names`` facts a comma-separated list of
    cards of the kind *target*, shown as links, whose cards in turn list the
    cards naming them under *inverse_label* (the relation's backlinks).
    """

    name: str
    """Option name, record key and ``cmi-fact-<name>`` class."""
    label: str
    """Shown before the value, and as the catalogue column's heading."""
    value: FactValue = "text"
    target: str = ""
    """For ``names``: the kind the names refer to."""
    inverse: str = ""
    """For ``names``: the backlinks' key and ``cmi-<inverse>`` class."""
    inverse_label: str = ""
    """For ``names``: the backlinks' label on the target's cards."""
    schema: str = ""
    """The schema.org property of the fact in a page's structured data
    (``provider``, ``teaches``, ...); none when empty. See
    :mod:`sphinx_cmi.structured`."""
    via: tuple[str, ...] = ()
    """For ``names``: (a ``names`` fact of this kind, a fact of its target).
    A card without this fact takes it from the cards it names in the first:
    a course without ``:develops:`` develops what its outcomes develop."""
    sequence: bool = False
    """For ``names`` of the kind's own cards: those come first (prerequisites).
    They must form no cycle nor sit at a higher level; ``learning-path``
    follows them."""
    aligns: bool = False
    """For ``names``: every card of the target should be named by some fact
    marked so (an outcome taught, a quality developed); see
    :attr:`Kind.alignment`."""
    sparse: bool = False
    """The catalogue shows this fact's column only when a listed card has it."""


def relation(
    name: str, label: str, target: str, backlinks: tuple[str, str], **more: Any
) -> Fact:
    """A ``names`` fact: links to cards of *target*, whose cards list them
    back under *backlinks* (its key and label), as "Developed by"."""
    inverse, inverse_label = backlinks
    return Fact(name, label, "names", target, inverse, inverse_label, **more)


class Words(NamedTuple):
    """What the extension calls a kind, in the reader's language (messages)."""

    label: str
    """Lower-case name in the general index and ``objects.inv``: "quality"."""
    heading: str
    """The catalogue's column of these cards: "Course"."""
    number_format: str
    """Default ``numfig_format`` entry: "Quality %s"."""
    empty: str
    """What an empty listing of this kind says: "No qualities yet."."""


@dataclass(frozen=True)
class Kind:
    """One kind of card in the curriculum graph."""

    name: str
    """Object type, role, ``numfig`` figure type and warning subtype."""
    directive: str
    directive_class: type[SphinxDirective]
    """Usually :class:`~sphinx_cmi.cards.CardDirective` or a subclass of it."""
    node_class: type[cmi_card]
    words: Words
    facts: tuple[Fact, ...] = ()
    options: tuple[str, ...] = ()
    """Options of the directive besides its facts (``:url:``, ``:icon:``, ...)."""
    texts: tuple[str, ...] = ()
    """Card attributes, besides the title and text facts, that are translated."""
    collect: Callable[[cmi_card], dict[str, Any]] | None = None
    """Record fields the kind derives from its finished card (after translation)."""
    listing: str = ""
    """Directive listing every card of the kind (``quality-index``)."""
    listing_style: Literal["cards", "table"] = "table"
    schema: str = ""
    """The schema.org type of these cards in a page's structured data
    (``Course``); cards of a kind without one are left out of it."""
    alignment: bool = False
    """Cards of this kind switch on the alignment checks (``cmi.alignment``):
    a project without any (no learning outcomes) was not written to be
    aligned, and builds as it did before they existed."""
    data_key: str = ""
    """The top-level key of these cards' list in a data file ("qualities");
    by default the name with an "s" (see :attr:`list_key`)."""

    @property
    def list_key(self) -> str:
        """Where ``curriculum-import`` finds these cards in a data file."""
        return self.data_key or f"{self.name}s"

    @property
    def subtype(self) -> str:
        """Warning subtype of problems with these cards: ``cmi.<name>``."""
        return self.name

    @property
    def role(self) -> str:
        return self.name

    @property
    def css_class(self) -> str:
        return f"cmi-{self.directive}"

    @property
    def translatable(self) -> tuple[str, ...]:
        text_facts = (f.name for f in self.facts if f.value == "text")
        return ("title", *text_facts, *self.texts)

    def fact(self, name: str) -> Fact | None:
        return next((fact for fact in self.facts if fact.name == name), None)

    def facts_of(self, value: FactValue) -> list[Fact]:
        return [fact for fact in self.facts if fact.value == value]

    @property
    def level_fact(self) -> Fact | None:
        """The fact a card's level is read from (its first ``level`` fact)."""
        return next(iter(self.facts_of("level")), None)

    @property
    def filters(self) -> list[Fact]:
        """The facts a listing or an import can select cards by (``:level:``,
        ``:develops:``): levels and names; text is not matched."""
        return [fact for fact in self.facts if fact.value in ("level", "names")]


_DECLARED: dict[type[cmi_card], Kind] = {}


def declare(kind: Kind) -> None:
    """Make *kind* known by its node class (see :func:`kind_of`)."""
    _DECLARED[kind.node_class] = kind


def kind_of(node: cmi_card) -> Kind:
    """The kind whose cards are *node*'s class."""
    return _DECLARED[type(node)]
