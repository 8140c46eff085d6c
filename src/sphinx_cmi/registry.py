"""Adding a kind of card to a project: every part of Sphinx it takes part in.

``add_kind(app, kind)`` is the whole public API for a new kind of curriculum
object: its directive, roles, object type, numbering, listing and visitors
all follow from its :class:`~sphinx_cmi.kinds.Kind` declaration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils.parsers.rst import directives
from sphinx.domains import ObjType
from sphinx.errors import ExtensionError

from sphinx_cmi.catalogue import listing_directive
from sphinx_cmi.domain import xref_role
from sphinx_cmi.kinds import declare
from sphinx_cmi.nodes import CARD_VISITORS, card_title_text
from sphinx_cmi.options import Options

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from sphinx_cmi.cards import CardDirective
    from sphinx_cmi.kinds import Kind


def add_kind(app: Sphinx, kind: Kind) -> None:
    """Make *kind* part of the project's curriculum.

    Call it from an extension's ``setup()`` after ``sphinx_cmi`` is set up.
    """
    object_types = app.registry.domain_object_types.setdefault("cmi", {})
    if kind.name in object_types:
        raise ExtensionError(f"sphinx-cmi: the kind {kind.name!r} is already added")
    declare(kind)
    # What app.add_object_type does for the std domain, for ours.
    object_types[kind.name] = ObjType(kind.words.label, kind.role, kind=kind)
    app.add_role_to_domain("cmi", kind.role, xref_role())
    app.add_role(kind.role, xref_role())
    app.add_directive(kind.directive, card_directive(kind))
    if kind.listing:
        app.add_directive(kind.listing, listing_directive(kind))
    # Enumerable: {ref} gets the title and {numref} "Quality N" (with numfig).
    app.add_enumerable_node(
        kind.node_class,
        kind.name,
        card_title_text,
        **CARD_VISITORS,  # type: ignore[arg-type]
    )


def card_directive(kind: Kind) -> type[CardDirective]:
    """*kind*'s directive class, with its options and one for each fact."""
    base = kind.directive_class
    names = (*(fact.name for fact in kind.facts), *kind.options)
    options = dict.fromkeys(names, directives.unchanged)
    return type(
        base.__name__,
        (base,),
        {
            "kind": kind,
            "subtype": kind.subtype,
            "id_prefix": kind.name,
            "option_spec": Options(base.option_spec or {}, **options),
        },
    )


def kinds_of(app: Sphinx) -> list[Kind]:
    object_types = app.registry.domain_object_types.get("cmi", {})
    return [object_type.attrs["kind"] for object_type in object_types.values()]


def add_number_formats(app: Sphinx, config: Config) -> None:
    """Default ``numfig_format`` entries for cards, unless the project set them.

    A new dict: the option's default one is shared by every application in
    the process, and its entries would keep the first one's language.
    """
    ours = {kind.name: str(kind.words.number_format) for kind in kinds_of(app)}
    if isinstance(config.numfig_format, dict):
        config.numfig_format = ours | config.numfig_format
