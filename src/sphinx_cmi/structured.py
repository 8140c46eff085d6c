"""Structured data for search engines and link previews, in each HTML page.

A page showing cards of a kind that declares a schema.org type (a course
call-out: ``Course``) carries one ``<script type="application/ld+json">`` in
its ``<head>``, with one object per card and, for each listing of such cards
(the course catalogue), an ``ItemList``. Which fact becomes which property is
declared on the kind (:attr:`Fact.schema`), so a new kind or fact gets it by
declaration. ``cmi_structured_data = False`` turns it off.

The JSON is written so that no authored text can end the script element:
``<``, ``>`` and ``&`` are ``\\u003c``, ``\\u003e`` and ``\\u0026``.

With ``sphinxext-opengraph``, such a page's link preview describes its first
card (``og:description``), unless the page sets one itself.
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinx_cmi.catalogue import LISTED
from sphinx_cmi.config import add_setting
from sphinx_cmi.domain import curriculum
from sphinx_cmi.export import card_url, is_web_build
from sphinx_cmi.graph import reading_order

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from sphinx_cmi.domain import CmiDomain
    from sphinx_cmi.graph import Record
    from sphinx_cmi.kinds import Fact, Kind

STRUCTURED_DATA = "cmi_structured_data"
CONTEXT = "https://schema.org"
DESCRIPTION = "summary"
"""The record field (a kind's collected summary) that becomes ``description``."""

_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")


def script_json(data: object) -> str:
    """*data* as JSON that can sit inside ``<script>``: every ``<``, ``>``,
    ``&`` (and line separator, lone surrogate) written as a ``\\u`` escape,
    which only ever occurs inside JSON strings, where it means the same."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return _SCRIPT_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


# --- durations -----------------------------------------------------------------

_UNITS = {
    "Y": ("year", "years", "an", "ans", "année", "années", "jahr", "jahre",
          "año", "años"),
    "M": ("month", "months", "mois", "monat", "monate", "mes", "meses"),
    "W": ("week", "weeks", "semaine", "semaines", "woche", "wochen", "semana",
          "semanas"),
    "D": ("day", "days", "jour", "jours", "tag", "tage", "día", "días", "dia",
          "dias"),
    "H": ("hour", "hours", "hr", "hrs", "h", "heure", "heures", "stunde",
          "stunden", "hora", "horas"),
    "m": ("minute", "minutes", "min", "mins", "minuten", "minuto", "minutos"),
}  # fmt: skip
_UNIT = {word: unit for unit, words in _UNITS.items() for word in words}
_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([^\W\d_]+)")
_SEPARATOR = re.compile(r"\s*(?:,|\band\b|\bet\b|\bund\b|\by\b)?\s*")


def iso_duration(text: str) -> str | None:
    """``"6 months"`` -> ``"P6M"``, ``"12 hours"`` -> ``"PT12H"``,
    ``"1 year 6 months"`` -> ``"P1Y6M"``; None when *text* does not read as a
    duration (a range, a word more, a unit twice)."""
    found: dict[str, str] = {}
    at = 0
    text = text.strip()
    while at < len(text):
        match = _PART.match(text, at)
        unit = _UNIT.get(match[2].casefold()) if match else None
        if match is None or unit is None or unit in found:
            return None
        found[unit] = match[1]
        at = _SEPARATOR.match(text, match.end()).end()  # type: ignore[union-attr]
    if not found:
        return None
    if "W" in found and len(found) > 1:  # weeks mix with nothing in ISO 8601-1
        return None
    date = "".join(f"{found[u]}{u}" for u in "YMWD" if u in found)
    time = "".join(f"{found[u]}{u.upper()}" for u in "Hm" if u in found)
    return f"P{date}{'T' + time if time else ''}"


# --- the page's objects ----------------------------------------------------------


def value(domain: CmiDomain, record: Record, fact: Fact) -> Any:
    """A fact as its schema.org property wants it (None: left out)."""
    if fact.value == "names":
        found = (domain.find(fact.target, name) for name in record.fact(fact.name, ()))
        titles = (target.title for target in found if target is not None)
        return list(dict.fromkeys(titles)) or None
    raw = record.fact(fact.name, None)
    if raw is None:
        return None
    text = str(raw)
    if fact.schema == "provider":
        return {"@type": "Organization", "name": text}
    if fact.schema == "timeRequired":
        return iso_duration(text)
    return text


def thing(domain: CmiDomain, kind: Kind, record: Record, url: str) -> dict[str, Any]:
    """One card as a schema.org object of its kind's type."""
    data: dict[str, Any] = {"@type": kind.schema, "name": record.title}
    if record.fact(DESCRIPTION):
        data["description"] = record.fact(DESCRIPTION)
    data["url"] = url
    for fact in kind.facts:
        found = value(domain, record, fact) if fact.schema else None
        if found is None:
            continue
        if fact.schema in data:  # two facts, one property: teaches
            before = data[fact.schema]
            before = before if isinstance(before, list) else [before]
            added = found if isinstance(found, list) else [found]
            found = before + [item for item in added if item not in before]
        data[fact.schema] = found
    return data


def page_records(app: Sphinx, pagename: str) -> list[Record]:
    """The cards shown on *pagename*'s page whose kind has a schema.org type."""
    domain = curriculum(app.env)
    if app.builder.name == "singlehtml":
        docnames = sorted(app.env.all_docs, key=reading_order(app.env).__getitem__)
    else:
        docnames = [pagename]
    return [
        record
        for docname in docnames
        for record in domain.cards.get(docname, [])
        if domain.kinds[record.kind].schema
    ]


def item_lists(app: Sphinx, pagename: str, doctree: nodes.document) -> list[Any]:
    """An ``ItemList`` of the cards the page's listings show (each card once,
    in the order first listed), per kind with a schema.org type."""
    domain = curriculum(app.env)
    listed: dict[str, dict[str, None]] = {}
    for node in doctree.findall(nodes.Element):
        if LISTED in node:  # on a table and on its HTML wrapper: a set
            kind_name, names = node[LISTED]
            listed.setdefault(kind_name, {}).update(dict.fromkeys(names))
    lists = []
    for kind_name, names in listed.items():
        kind = domain.kinds.get(kind_name)
        if kind is None or not kind.schema:
            continue
        records = filter(None, (domain.find(kind.name, name) for name in names))
        items = [
            {
                "@type": "ListItem",
                "position": position,
                "url": card_url(app.builder, record, pagename),
            }
            for position, record in enumerate(records, start=1)
        ]
        if items:
            lists.append({"@type": "ItemList", "itemListElement": items})
    return lists


def add_structured_data(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """The page's JSON-LD in ``metatags`` (the ``<head>`` of every theme)."""
    if doctree is None or not is_web_build(app.builder):
        return
    records = page_records(app, pagename)
    if "sphinxext.opengraph" in app.extensions:
        describe_page(context, records)
    if not app.config[STRUCTURED_DATA]:
        return
    domain = curriculum(app.env)
    graph = [
        thing(domain, domain.kinds[r.kind], r, card_url(app.builder, r, pagename))
        for r in records
    ]
    graph += item_lists(app, pagename, doctree)
    if graph:
        data = {"@context": CONTEXT, "@graph": graph}
        script = f'<script type="application/ld+json">{script_json(data)}</script>\n'
        context["metatags"] = context.get("metatags", "") + script


def describe_page(context: dict[str, Any], records: list[Record]) -> None:
    """Give sphinxext-opengraph the first card's summary as the page's
    ``og:description`` (it writes page metadata as given: escaped here)."""
    meta = dict(context.get("meta") or {})
    summary = next((r.fact(DESCRIPTION) for r in records if r.fact(DESCRIPTION)), "")
    if summary and "og:description" not in meta:
        meta["og:description"] = html.escape(summary, quote=True)
        context["meta"] = meta


def setup(app: Sphinx) -> None:
    add_setting(app, STRUCTURED_DATA, True, (bool,), rebuild="html")
    # Before sphinxext-opengraph (500) reads the page's metadata.
    app.connect("html-page-context", add_structured_data, priority=400)
