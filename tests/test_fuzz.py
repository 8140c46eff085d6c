"""Property-based robustness tests: every directive and role, MyST and rST.

Each example is one throwaway project built with the HTML and the text
builder.  Properties: the build never raises; no element, attribute or
script link comes live from authored text; every authored word of a
rendered field is in both outputs; the cmi warnings are exactly the ones
the generated invalid values call for.

Profiles: "ci" (default, derandomized and small) and "fuzz" (1000
examples); pick one with the environment variable CMI_HYPOTHESIS_PROFILE.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fuzz_strategies import (
    DURATIONS,
    ICONS,
    SAFE_URLS,
    UNSAFE_URLS,
    Field,
    body_noise,
    field,
    long_field,
    plain_noise,
    word,
)
from helpers import directive, href_scheme, nested_list, page, role, shared_build
from schemaorg import ALWAYS, problems

if TYPE_CHECKING:
    from bs4 import Tag

settings.register_profile(
    "ci",
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # Shrinking rebuilds a project per step: report the failure as found.
    phases=[Phase.explicit, Phase.generate],
    report_multiple_bugs=False,
)
settings.register_profile(
    "fuzz",
    max_examples=1000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("CMI_HYPOTHESIS_PROFILE", "ci"))

CONF = {"extensions": ["myst_parser", "sphinx_cmi"]}
LANGUAGES = st.sampled_from(["md", "rst"])
_WORD = re.compile(r"[A-Za-z0-9]+")


# -- building and checking -----------------------------------------------------


@dataclass
class Output:
    html: dict[str, Tag]
    text: dict[str, str]
    warnings: Counter[str] = dc_field(default_factory=Counter)
    ld: dict[str, list[dict[str, Any]]] = dc_field(default_factory=dict)
    """docname -> the schema.org objects of its JSON-LD script (if any)."""
    export: dict[str, Any] = dc_field(default_factory=dict)
    """curriculum.json, parsed."""


_LD_SCRIPT = re.compile(
    r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL
)


def read_ld(html: str) -> list[dict[str, Any]]:
    """The page's JSON-LD graph: at most one script, which holds no character
    that could end it or start markup, parses as JSON and fits schema.org."""
    scripts = _LD_SCRIPT.findall(html)
    assert len(scripts) <= 1
    if not scripts:
        return []
    assert not set("<>&") & set(scripts[0])
    data = json.loads(scripts[0])
    assert problems(data, required=ALWAYS) == []
    graph: list[dict[str, Any]] = data["@graph"]
    return graph


def build_both(files: dict[str, str], docnames: list[str]) -> Output:
    """Build *files* with the HTML and the text builder (one app each)."""
    output = Output({}, {})
    with tempfile.TemporaryDirectory() as tmp:
        html = shared_build(Path(tmp) / "src", files, conf=CONF)
        types = [w.type or "" for w in html.reported()]
        output.warnings = Counter(t for t in types if t.startswith("cmi"))
        for docname in docnames:
            output.html[docname] = html.main(docname)
            assert not html.soup(f"{docname}.html").find_all(id="injected")
            raw = (html.outdir / f"{docname}.html").read_text(encoding="utf-8")
            output.ld[docname] = read_ld(raw)
        output.export = json.loads(
            (html.outdir / "curriculum.json").read_text(encoding="utf-8")
        )
        text = shared_build(Path(tmp) / "src", files, buildername="text", conf=CONF)
        for docname in docnames:
            output.text[docname] = (text.outdir / f"{docname}.txt").read_text("utf-8")
    return output


def words_of(text: str) -> set[str]:
    return set(_WORD.findall(text))


def check(output: Output, words: dict[str, set[str]], warnings: Counter[str]) -> None:
    """The shared properties (the build not raising is the first one)."""
    for docname, main in output.html.items():
        assert not main.find_all("script"), docname
        assert not main.find_all(onerror=True), docname
        for element in main.find_all(href=True) + main.find_all(src=True):
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if isinstance(value, str):
                    assert href_scheme(value) in ("", "http", "https", "mailto"), value
        expected = words.get(docname, set())
        html_words = words_of(main.get_text(" "))
        assert expected <= html_words, sorted(expected - html_words)
        text_words = words_of(output.text[docname])
        assert expected <= text_words, sorted(expected - text_words)
    assert output.warnings == warnings, (output.warnings, warnings)


# -- strategies for whole directives --------------------------------------------


@dataclass
class Source:
    text: str = ""
    words: set[str] = dc_field(default_factory=set)
    warnings: Counter[str] = dc_field(default_factory=Counter)
    index_words: set[str] = dc_field(default_factory=set)
    """Words shown only by a quality index (the summaries of titled cards)."""
    courses: list[dict[str, Any]] = dc_field(default_factory=list)
    """What each course call-out's structured data must say, in order."""

    def add(self, snippet: str, *fields: Field) -> None:
        if snippet:
            self.text += snippet + "\n"  # a blank line ends a block
        for item in fields:
            self.words |= item.words


@st.composite
def quality_cards(
    draw: st.DrawFn, language: str, count: int, *, titled: bool = False
) -> Source:
    """Cards q0, q1...; without *titled*, some have no title (and warn)."""
    source = Source()
    empty = st.just(Field("", frozenset()))
    for n in range(count):
        title = draw(long_field() if titled else st.one_of(long_field(), empty))
        summary = draw(field())
        body = draw(field(noise=body_noise))
        options = [("name", f"q{n}"), ("summary", summary.text)]
        icon = draw(st.one_of(st.none(), st.sampled_from(ICONS), word))
        if icon is not None:
            options.append(("icon", icon))
            if icon not in ICONS:
                source.warnings["cmi.quality"] += 1
        if title.text:
            source.index_words |= summary.words
        else:
            source.warnings["cmi.quality"] += 1
        source.add(
            directive(language, "quality-card", title.text, options, body.text),
            title,
            body,
        )
    return source


@st.composite
def course_callouts(draw: st.DrawFn, language: str, count: int) -> Source:
    source = Source()
    for n in range(count):
        title = draw(field())
        provider = draw(field())
        duration = draw(st.one_of(field(), st.sampled_from(sorted(DURATIONS))))
        if isinstance(duration, str):  # one that reads as an ISO 8601 duration
            iso: str | None = DURATIONS[duration]
            duration = Field(duration, frozenset())
        else:
            iso = None
        body = draw(field(noise=body_noise))
        options = [("name", f"c{n}"), ("provider", provider.text)]
        options.append(("duration", duration.text))
        source.add("", title, provider, duration, body)
        expected: dict[str, Any] = {
            "@type": "Course",
            "name": " ".join(title.text.split()),
            "provider": {"@type": "Organization", "name": provider.text.strip()},
        }
        if iso:
            expected["timeRequired"] = iso
        source.courses.append(expected)
        level = draw(st.one_of(st.none(), st.sampled_from("12345678"), field()))
        if isinstance(level, Field):
            options.append(("level", level.text))
            source.add("", level)  # shown as written
            source.warnings["cmi.course"] += 1
        elif level is not None:
            options.append(("level", level))
            expected["educationalLevel"] = level
        url = draw(st.one_of(st.none(), st.sampled_from(SAFE_URLS + UNSAFE_URLS)))
        if url is not None:
            options.append(("url", url))
            link_text = draw(field())
            options.append(("link-text", link_text.text))
            source.add("", link_text)
            if url in UNSAFE_URLS:
                source.warnings["cmi.course"] += 1
        source.add(
            directive(language, "course-callout", title.text, options, body.text)
        )
    return source


def check_structured_data(output: Output, source: Source) -> None:
    """One Course per call-out whose values are the authored text (the
    description: the call-out's first paragraph as the page shows it)."""
    courses = [node for node in output.ld["page"] if node["@type"] == "Course"]
    assert len(courses) == len(source.courses)
    cards = output.html["page"].select(".cmi-course-callout")
    for course, expected, card in zip(courses, source.courses, cards, strict=True):
        shown = {key: course[key] for key in expected}
        assert shown == expected
        assert course["url"] == f"#{card['id']}"
        body = [p for p in card.find_all("p", recursive=False)
                if "cmi-course-link" not in p.get_attribute_list("class")]  # fmt: skip
        if body:
            assert course["description"] == " ".join(body[0].get_text().split())
        else:
            assert "description" not in course
    exported = output.export["cards"]["course"]
    assert [card["title"] for card in exported] == [c["name"] for c in courses]
    assert [card["fields"]["provider"] for card in exported] == [
        c["provider"]["name"] for c in courses
    ]


def docs(source: Source, language: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    return (
        {f"page.{language}": page(language, source.text)},
        {"page": source.words},
    )


# -- the properties, one test per directive and role ----------------------------


@given(data=st.data(), language=LANGUAGES)
def test_comparison_table(data: st.DataObject, language: str) -> None:
    source = Source()
    title = data.draw(long_field())
    columns = data.draw(st.lists(field(), min_size=2, max_size=3))
    label = data.draw(field())
    rows: list[tuple[str, list[str]]] = []
    source.add("", title, label, *columns)
    for _ in range(data.draw(st.integers(1, 3))):
        dimension = data.draw(field(noise=body_noise))
        cells = [data.draw(field(noise=body_noise)) for _ in columns]
        source.add("", dimension, *cells)
        rows.append((dimension.text, [cell.text for cell in cells]))
    body = nested_list(language, rows)
    if data.draw(st.booleans()):
        # A list nested deeper than a table has levels, inside the last cell.
        deeper = data.draw(field(noise=body_noise))
        source.add("", deeper)
        indent = "    "
        gap = "\n" if language == "rst" else ""
        body += f"{gap}{indent}  - {deeper.text}\n{indent}    - {deeper.text}\n"
    options = [
        ("columns", ", ".join(column.text for column in columns)),
        ("dimension-label", label.text),
    ]
    source.add(directive(language, "comparison-table", title.text, options, body))
    files, words = docs(source, language)
    check(build_both(files, ["page"]), words, source.warnings)


@given(data=st.data(), language=LANGUAGES)
def test_quality_card(data: st.DataObject, language: str) -> None:
    source = data.draw(quality_cards(language, data.draw(st.integers(1, 3))))
    files, words = docs(source, language)
    check(build_both(files, ["page"]), words, source.warnings)


@given(data=st.data(), language=LANGUAGES)
def test_course_callout(data: st.DataObject, language: str) -> None:
    source = data.draw(course_callouts(language, data.draw(st.integers(1, 3))))
    files, words = docs(source, language)
    output = build_both(files, ["page"])
    check(output, words, source.warnings)
    check_structured_data(output, source)


@given(data=st.data(), language=LANGUAGES)
def test_quality_index(data: st.DataObject, language: str) -> None:
    source = data.draw(quality_cards(language, data.draw(st.integers(0, 3))))
    caption = data.draw(st.one_of(st.just(Field("", frozenset())), long_field()))
    sort = data.draw(st.one_of(st.none(), st.just("title"), word))
    options = [] if sort is None else [("sort", sort)]
    if sort not in (None, "title"):
        source.warnings["cmi.catalog"] += 1
    source.add(directive(language, "quality-index", caption.text, options), caption)
    source.words |= source.index_words
    files, words = docs(source, language)
    check(build_both(files, ["page"]), words, source.warnings)


@given(data=st.data(), language=LANGUAGES)
def test_course_catalog(data: st.DataObject, language: str) -> None:
    source = data.draw(course_callouts(language, data.draw(st.integers(0, 3))))
    caption = data.draw(st.one_of(st.just(Field("", frozenset())), long_field()))
    options = []
    sort = data.draw(st.one_of(st.none(), st.sampled_from(["title", "level"]), word))
    if sort is not None:
        options.append(("sort", sort))
        if sort not in ("title", "level"):
            source.warnings["cmi.catalog"] += 1
    level = data.draw(st.one_of(st.none(), st.just("1-8"), st.just("7-5"), word))
    if level is not None:
        options.append(("level", level))
        if level != "1-8":
            source.warnings["cmi.catalog"] += 1
    source.add(directive(language, "course-catalog", caption.text, options), caption)
    files, words = docs(source, language)
    output = build_both(files, ["page"])
    check(output, words, source.warnings)
    check_structured_data(output, source)
    lists = [node for node in output.ld["page"] if node["@type"] == "ItemList"]
    listed = output.html["page"].select("table.cmi-course-catalog tbody tr")
    if listed:
        (item_list,) = lists
        positions = [item["position"] for item in item_list["itemListElement"]]
        assert positions == list(range(1, len(listed) + 1))
    else:
        assert lists == []


@given(data=st.data(), language=LANGUAGES)
def test_curriculum_matrix(data: st.DataObject, language: str) -> None:
    source = data.draw(quality_cards(language, data.draw(st.integers(0, 2))))
    courses = data.draw(course_callouts(language, data.draw(st.integers(0, 2))))
    source.add(courses.text)
    source.words |= courses.words
    source.warnings += courses.warnings
    caption = data.draw(st.one_of(st.just(Field("", frozenset())), long_field()))
    source.add(directive(language, "curriculum-matrix", caption.text), caption)
    files, words = docs(source, language)
    check(build_both(files, ["page"]), words, source.warnings)


@given(data=st.data(), language=LANGUAGES, kind=st.sampled_from(["quality", "course"]))
def test_roles(data: st.DataObject, language: str, kind: str) -> None:
    if kind == "quality":
        source = data.draw(quality_cards(language, 2, titled=True))
    else:
        source = data.draw(course_callouts(language, 2))
    prefix = "q" if kind == "quality" else "c"
    paragraph = []
    for _ in range(data.draw(st.integers(1, 4))):
        known = data.draw(st.booleans())
        target = f"{prefix}{data.draw(st.integers(0, 1))}" if known else "nosuch"
        if not known:
            source.warnings["cmi.ref"] += 1
        title = data.draw(st.one_of(st.none(), field(noise=plain_noise)))
        if title is not None:
            source.words |= title.words
        paragraph.append(role(language, kind, target, title.text if title else None))
    source.add(" and ".join(paragraph) + ".\n")
    files, words = docs(source, language)
    check(build_both(files, ["page"]), words, source.warnings)
