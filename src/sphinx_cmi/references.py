"""Cross-references to cards: the one way sphinx-cmi links to a card.

Everything that links to a quality or a course (roles, facts, catalogues,
backlinks) makes a ``pending_xref`` here; the ``cmi`` domain resolves it late,
so links stay right under ``-j`` and incremental builds.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from sphinx_cmi.data import imported_by, is_data_file
from sphinx_cmi.domain import CmiDomain, curriculum
from sphinx_cmi.outputs import hidden_named
from sphinx_cmi.problems import Subtype, warn
from sphinx_cmi.values import shown

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.domains import Domain

Target = tuple[str, str | None]
"""A card's name (or title) and the text to show (None: the card's title)."""


def xref(
    kind: str, target: str, text: str | None, docname: str
) -> addnodes.pending_xref:
    """A link to the *kind* card *target*, showing *text* or, if None, its title.

    Without text the name stands in until the card's title replaces it.
    """
    shown = target if text is None else text
    return addnodes.pending_xref(
        "", nodes.inline(shown, shown), refdomain="cmi", reftype=kind,
        reftarget=target, refexplicit=text is not None, refdoc=docname,
        refwarn=True,
    )  # fmt: skip


def reference_list(
    kind: str, targets: Iterable[Target], docname: str
) -> list[nodes.Node]:
    """Links to *targets*, separated by commas."""
    result: list[nodes.Node] = []
    for index, (target, text) in enumerate(targets):
        if index:
            result.append(nodes.Text(", "))
        result.append(xref(kind, target, text, docname))
    return result


def closest(domain: CmiDomain, kind: str, target: str) -> str:
    """ "; did you mean ...?" naming the card *target* was probably meant for:
    one whose title it is, or whose name or title is spelt alike."""
    records = domain.all(kind)
    wanted = target.casefold()
    for record in records:
        if record.title.casefold() == wanted:
            return f"; did you mean {record.name!r} (title {record.title!r})?"
    by_spelling = {r.name.casefold(): r for r in records}
    by_spelling |= {r.title.casefold(): r for r in records}
    close = difflib.get_close_matches(wanted, list(by_spelling), n=1, cutoff=0.75)
    if not close:
        return ""
    found = by_spelling[close[0]]
    return f"; did you mean {found.name!r} (title {found.title!r})?"


def _warn_unknown(
    app: Sphinx, domain: Domain | None, node: addnodes.pending_xref
) -> bool:
    if domain is None or domain.name != "cmi":
        return False
    kind, target = node["reftype"], node["reftarget"]
    written = node.get("cmi_spelling") or target  # as the author spelt it
    hidden = hidden_named(curriculum(app.env), kind, target)
    if hidden is not None:
        message = (
            f"the {kind} {shown(written)} is not in this output: an 'only' directive "
            f"({hidden.only}) keeps it out; link to it only where it is shown"
        )
    else:
        message = (
            f"unknown {kind} {shown(written)}: no {kind} card or call-out has that name"
            f"{closest(curriculum(app.env), kind, target)}"
        )
    if is_data_file(node.source):  # a names fact of an imported card
        warn(message + imported_by(app.env, node["refdoc"]), Subtype.DATA, node)
    else:
        warn(message, Subtype.REF, node)
    return True


def setup(app: Sphinx) -> None:
    app.connect("warn-missing-reference", _warn_unknown)
