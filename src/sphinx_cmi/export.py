"""``curriculum.json``: the curriculum graph as data, beside every web build.

An LMS or an HR system wants the curriculum as data, not as HTML: every
card of every kind, with its fields, its relations in both directions, its
page and URL. The format is versioned (:data:`FORMAT_VERSION`) and described
by a JSON Schema shipped in the package (:func:`schema`); the handbook's
reference page documents it field by field.

The file is made from the merged graph once the build is over, so parallel,
incremental and clean builds write the same bytes.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from sphinx_cmi.base import __version__
from sphinx_cmi.domain import curriculum

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from sphinx_cmi.domain import CmiDomain
    from sphinx_cmi.graph import Record
    from sphinx_cmi.kinds import Kind

FILENAME = "curriculum.json"
SCHEMA_FILE = "export.schema.json"
FORMAT = "sphinx-cmi curriculum"
FORMAT_VERSION = 1
"""Raised when a field changes meaning or goes; new optional fields keep it."""
WEB_BUILDERS = ("html", "dirhtml", "singlehtml")
"""The builders of a web site (EPUB, also HTML, is a book: no export there)."""


def schema() -> dict[str, Any]:
    """The JSON Schema of ``curriculum.json``, as shipped in the package."""
    text = (resources.files("sphinx_cmi") / "schemas" / SCHEMA_FILE).read_text(
        encoding="utf-8"
    )
    found: dict[str, Any] = json.loads(text)
    return found


def is_web_build(builder: Builder) -> bool:
    return builder.name in WEB_BUILDERS


def base_url(builder: Builder) -> str:
    """``html_baseurl`` with a final slash ("" when unset or not text)."""
    base = builder.config.html_baseurl
    if not isinstance(base, str) or not base.strip():
        return ""
    base = base.strip()
    return base if base.endswith("/") else f"{base}/"


def page_uri(builder: Builder, docname: str) -> str:
    """*docname*'s page from the output root (the one page of singlehtml)."""
    if builder.name == "singlehtml":
        suffix = getattr(builder, "out_suffix", ".html")
        return f"{builder.config.root_doc}{suffix}"
    return builder.get_target_uri(docname)


def card_url(builder: Builder, record: Record, from_page: str | None = None) -> str:
    """The address of *record*'s card: absolute with ``html_baseurl``, else
    relative to the page *from_page* (or to the output root)."""
    anchor = f"#{record.node_id}"
    base = base_url(builder)
    if base:
        return urljoin(base, page_uri(builder, record.docname)) + anchor
    if from_page is None:
        return page_uri(builder, record.docname) + anchor
    if from_page == record.docname or builder.name == "singlehtml":
        return anchor
    return builder.get_relative_uri(from_page, record.docname) + anchor


def relations(domain: CmiDomain, kind: Kind, record: Record) -> dict[str, list[str]]:
    """The cards *record* names (``develops``) and those naming it
    (``developed-by``), by name; names that lead nowhere were warned about."""
    found: dict[str, list[str]] = {}
    for fact in kind.facts_of("names"):
        names = domain.named(record, fact)
        known = [n for n in names if domain.find(fact.target, n) is not None]
        found[fact.name] = list(dict.fromkeys(known))
    for naming_kind, fact in domain.relations_to(kind):
        cards = domain.naming(naming_kind, fact, record.name)
        found[fact.inverse] = [card.name for card in cards]
    return found


def card(
    domain: CmiDomain, builder: Builder, kind: Kind, record: Record
) -> dict[str, Any]:
    names = {fact.name for fact in kind.facts_of("names")}
    fields = {key: value for key, value in record.facts.items() if key not in names}
    return {
        "name": record.name,
        "title": record.title,
        "page": record.docname,
        "anchor": record.node_id,
        "url": card_url(builder, record),
        "fields": fields,
        "relations": relations(domain, kind, record),
    }


def describe(domain: CmiDomain, kind: Kind) -> dict[str, Any]:
    """What a kind's cards carry: its facts and relations, as declared."""
    facts = [
        {"name": fact.name, "label": str(fact.label), "value": fact.value}
        for fact in kind.facts
        if fact.value != "names"
    ]
    links = [
        {"name": fact.name, "label": str(fact.label), "target": fact.target}
        for fact in kind.facts_of("names")
    ]
    links += [
        {
            "name": fact.inverse,
            "label": str(fact.inverse_label),
            "target": naming.name,
            "inverse_of": fact.name,
        }
        for naming, fact in domain.relations_to(kind)
    ]
    return {
        "name": kind.name,
        "label": str(kind.words.label),
        "facts": facts,
        "relations": links,
    }


def curriculum_data(app: Sphinx) -> dict[str, Any]:
    """The whole export, from the merged curriculum graph."""
    domain = curriculum(app.env)
    kinds = domain.kinds.values()
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "generator": f"sphinx-cmi {__version__}",
        "project": str(app.config.project),
        "language": str(app.config.language or ""),
        "base_url": base_url(app.builder) or None,
        "kinds": [describe(domain, kind) for kind in kinds],
        "cards": {
            kind.name: [
                card(domain, app.builder, kind, record)
                for record in domain.all(kind.name)
            ]
            for kind in kinds
        },
    }


def write_export(app: Sphinx, exception: BaseException | None) -> None:
    """Write ``curriculum.json`` at the output root of a finished web build."""
    if exception is not None or not is_web_build(app.builder):
        return
    text = json.dumps(curriculum_data(app), ensure_ascii=False, indent=2) + "\n"
    path = app.outdir / FILENAME
    try:
        unchanged = path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        unchanged = False
    if not unchanged:  # an unchanged file keeps its time: rsync, caches
        path.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write_export)
