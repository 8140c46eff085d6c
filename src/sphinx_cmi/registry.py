"""Adding a kind of card to a project: every part of Sphinx it takes part in.

``add_kind(app, kind)`` is the whole public API for a new kind of curriculum
object: its directive, roles, object type, numbering, listing and visitors
all follow from its :class:`~sphinx_cmi.kinds.Kind` declaration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils.parsers.rst import directives, roles
from sphinx.domains import ObjType
from sphinx.errors import ExtensionError
from sphinx.util.docutils import register_role, unregister_role

from sphinx_cmi.catalogue import listing_directive
from sphinx_cmi.config import add_setting, warn_about
from sphinx_cmi.kinds import declare
from sphinx_cmi.nodes import CARD_VISITORS, card_title_text
from sphinx_cmi.options import Options
from sphinx_cmi.values import quoted
from sphinx_cmi.xrefs import CmiXRefRole, add_text_node, xref_role

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
    app.add_role_to_domain("cmi", kind.role, xref_role())  # the short role: below
    add_text_node(app, kind.role)
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
    theirs: Any = config.numfig_format
    if not isinstance(theirs, dict):
        warn_about(
            app,
            "numfig_format",
            "numfig_format must be a dict such as {'table': 'Table %s'}, not "
            f"{quoted(theirs)}; using Sphinx's defaults",
        )
        theirs = {}  # Sphinx adds its own entries afterwards
    config.numfig_format = ours | theirs


SHORT_ROLES = "cmi_short_roles"


def add_short_roles(app: Sphinx) -> None:
    """``{quality}``, ``{course}``, ... next to ``{cmi:quality}``, unless the
    project said no or another extension owns the name.

    Runs once every extension has set up, ``extlinks`` included (it adds its
    roles when the builder starts), so a clash is seen, not silently lost.
    """
    for kind in kinds_of(app):
        current = _registered_role(kind.role)
        ours = current is None or isinstance(current, CmiXRefRole)
        if not app.config[SHORT_ROLES]:
            if current is not None and ours:
                unregister_role(kind.role)  # from an earlier application
            continue
        if ours:
            register_role(kind.role, xref_role())
            continue
        extlinks = getattr(app.config, "extlinks", None) or {}
        by_extlinks = isinstance(extlinks, dict) and kind.role in extlinks
        owner = (
            f"extlinks has an entry {kind.role!r}"
            if by_extlinks
            else "another extension registered it"
        )
        warn_about(
            app,
            "extlinks" if by_extlinks else "extensions",
            f"the role {{{kind.role}}} is taken ({owner}), so it does not link to "
            f"sphinx-cmi's cards; write {{cmi:{kind.role}}} instead, which always "
            f"works, or set {SHORT_ROLES} = False to leave {{{kind.role}}} to the "
            "other extension",
        )


def _registered_role(name: str) -> object | None:
    """The role docutils has under *name* (from any extension), if any."""
    registry: dict[str, object] = roles._roles  # type: ignore[attr-defined]
    return registry.get(name)


def setup(app: Sphinx) -> None:
    add_setting(app, SHORT_ROLES, True, (bool,))
    app.connect("config-inited", add_number_formats)
    app.connect("builder-inited", add_short_roles, priority=900)
