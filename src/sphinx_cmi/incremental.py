"""Incremental builds: the pages not re-read that show something that changed.

Before documents are re-read, every thing a page can show (a card, every card
of a kind, a card's backlinks) is fingerprinted; afterwards, pages that
depend on a changed fingerprint are written again, and nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx_cmi.domain import curriculum
from sphinx_cmi.graph import ANY, fields_of, implied, takes, through

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from sphinx_cmi.domain import CmiDomain
    from sphinx_cmi.graph import Dependency, Record


def fingerprints(domain: CmiDomain) -> dict[Dependency, int]:
    """A hash per thing a page can show, to tell what a re-read changed.

    Listings follow the reading order, so it is part of their hash; source
    lines are not (prose added above a card changes nothing it shows).
    """

    def shown(records: Iterable[Record], fields: Iterable[str] | None = None) -> int:
        return hash(tuple(record.shown(fields) for record in records))

    prints: dict[Dependency, int] = {
        key: shown(sorted(found, key=domain.reading_key))
        for key, found in domain.entries.items()
    }
    for kind in domain.kinds.values():
        prints[(kind.name, ANY)] = shown(domain.all(kind.name))
        for fact in kind.facts_of("names"):
            named = {n for r in domain.all(kind.name) for n in domain.named(r, fact)}
            for name in named:  # backlinks show the naming cards' titles
                naming = domain.naming(kind, fact, name)
                prints[(fact.inverse, name)] = shown(naming, ())
            for record in domain.all(kind.name):
                if takes(record, fact):
                    names = domain.named(record, fact)
                    found = (domain.find(fact.target, n) for n in names)
                    key = through(kind.name, fact.name, record.name)
                    prints[key] = shown((r for r in found if r is not None), ())
    # Listings that show only some fields of every card (see graph.every).
    for key in {key for keys in domain.depends.values() for key in keys}:
        fields = fields_of(key)
        if fields is not None and key[0] in domain.kinds:
            prints[key] = shown(domain.all(key[0]), fields)
    return prints


def pages_to_rewrite(domain: CmiDomain, before: dict[Dependency, int]) -> set[str]:
    """Pages that show something whose fingerprint is no longer *before*."""
    after = fingerprints(domain)
    changed = {
        key for key in before.keys() | after.keys() if before.get(key) != after.get(key)
    }
    pages = {
        docname
        for docname, dependencies in domain.depends.items()
        if dependencies & changed
    }
    kinds = domain.kinds.values()
    for records in domain.cards.values():
        pages.update(r.docname for r in records if implied(r, kinds) & changed)
    return pages


def _remember(app: Sphinx, env: BuildEnvironment, *changes: Iterable[str]) -> list[str]:
    domain = curriculum(env)
    domain.before_read = fingerprints(domain)
    return []


def _rewrite_dependents(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = curriculum(env)
    before, domain.before_read = domain.before_read, None
    return sorted(pages_to_rewrite(domain, before)) if before is not None else []


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", _remember)
    app.connect("env-get-updated", _rewrite_dependents)
