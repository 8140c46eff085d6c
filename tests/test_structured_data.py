"""schema.org JSON-LD in the HTML pages: one ``Course`` per call-out, an
``ItemList`` on a catalogue page, read back with extruct and checked against
schema.org's vocabulary (tests/schemaorg.py)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import extruct
import pytest

from helpers import PROJECT, shared_build
from schemaorg import problems
from sphinx_cmi.structured import iso_duration, script_json

if TYPE_CHECKING:
    from pathlib import Path

    from helpers import Build, BuildProject

BASE = "https://handbook.example.org/en/"
CONF = {"extensions": ["myst_parser", "sphinx_cmi"], "html_baseurl": BASE}

QUALITIES = """\
# Qualities

:::{quality-card} Integrity
:name: integrity

Keeps promises.
:::

:::{quality-card} Empathy
:name: empathy

Understands people.
:::
"""

COURSES = """\
# Courses

Some words before the courses.

:::{course-callout} Level 5 Management & Leadership
:name: level-5
:provider: CMI
:level: 5
:duration: 6 months
:develops: integrity, empathy
:url: https://example.org/level-5

For managers in the middle tier: a qualification in two parts.

A second paragraph.
:::

:::{course-callout} Short course
:name: short
:provider: Training & Co <Ltd>
:duration: 12 hours

Half a week of workshops.
:::

:::{course-callout} Open-ended course
:name: open
:provider: Anyone
:duration: as long as it takes
:develops: empathy

At your own pace.
:::

:::{course-callout} Example course
:no-index:
:provider: Nobody

A demonstration that is not part of the curriculum.
:::
"""

CATALOGUE = """\
# Catalogue

:::{course-catalog} By title
:sort: title
:::

:::{course-catalog} Levelled
:level: 1-8
:::

:::{quality-index}
:::
"""

FILES = {"qualities.md": QUALITIES, "courses.md": COURSES, "catalogue.md": CATALOGUE}


def json_ld(built: Build, page: str) -> list[Any]:
    """The page's JSON-LD as extruct reads it (syntax errors raise)."""
    html = (built.outdir / page).read_text(encoding="utf-8")
    found: list[Any] = extruct.extract(
        html, base_url=BASE + page, syntaxes=["json-ld"], errors="strict"
    )["json-ld"]
    return found


def graph(built: Build, page: str) -> list[dict[str, Any]]:
    (data,) = json_ld(built, page)
    assert problems(data) == []
    nodes: list[dict[str, Any]] = data["@graph"]
    return nodes


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return shared_build(tmp_path_factory.mktemp("ld") / "src", FILES, conf=CONF)


def test_one_course_per_call_out(site: Build) -> None:
    courses = graph(site, "courses.html")
    assert [c["name"] for c in courses] == [
        "Level 5 Management & Leadership",
        "Short course",
        "Open-ended course",
    ]
    first = courses[0]
    assert first == {
        "@type": "Course",
        "name": "Level 5 Management & Leadership",
        "description": "For managers in the middle tier: a qualification in two parts.",
        "url": f"{BASE}courses.html#level-5",
        "provider": {"@type": "Organization", "name": "CMI"},
        "educationalLevel": "5",
        "timeRequired": "P6M",
        "teaches": ["Integrity", "Empathy"],
    }
    assert courses[1]["provider"]["name"] == "Training & Co <Ltd>"
    assert courses[1]["timeRequired"] == "PT12H"
    assert "timeRequired" not in courses[2]
    assert courses[2]["teaches"] == ["Empathy"]


def test_script_is_in_the_head_and_escaped(site: Build) -> None:
    html = (site.outdir / "courses.html").read_text(encoding="utf-8")
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL
    )
    assert len(scripts) == 1
    assert html.index(scripts[0]) < html.index("</head>")
    assert not set("<>&") & set(scripts[0])
    assert "Training \\u0026 Co \\u003cLtd\\u003e" in scripts[0]


def test_catalogue_page_has_an_item_list(site: Build) -> None:
    (item_list,) = graph(site, "catalogue.html")
    assert item_list["@type"] == "ItemList"
    items = item_list["itemListElement"]
    # Sorted by title in the first listing; the second adds no other course.
    assert [(i["position"], i["url"]) for i in items] == [
        (1, f"{BASE}courses.html#level-5"),
        (2, f"{BASE}courses.html#open"),
        (3, f"{BASE}courses.html#short"),
    ]


def test_pages_without_courses_have_none(site: Build) -> None:
    html = (site.outdir / "qualities.html").read_text(encoding="utf-8")
    assert "application/ld+json" not in html
    assert json_ld(site, "index.html") == []


def test_relative_urls_without_html_baseurl(build: BuildProject) -> None:
    conf = {"extensions": ["myst_parser", "sphinx_cmi"]}
    built = build(FILES, conf=conf)
    courses = graph(built, "courses.html")
    assert courses[0]["url"] == "#level-5"
    (item_list,) = graph(built, "catalogue.html")
    assert item_list["itemListElement"][0]["url"] == "courses.html#level-5"


@pytest.mark.parametrize(
    ("builder", "page", "url"),
    [
        ("dirhtml", "courses/index.html", f"{BASE}courses/#level-5"),
        ("singlehtml", "index.html", f"{BASE}index.html#level-5"),
    ],
)
def test_other_web_builders(
    build: BuildProject, builder: str, page: str, url: str
) -> None:
    built = build(FILES, conf=CONF, buildername=builder)
    found = graph(built, page)
    courses = [node for node in found if node["@type"] == "Course"]
    assert courses[0]["url"] == url
    assert len(courses) == 3


def test_structured_data_can_be_turned_off(build: BuildProject) -> None:
    built = build(FILES, conf={**CONF, "cmi_structured_data": False})
    for page in ("courses.html", "catalogue.html"):
        html = (built.outdir / page).read_text(encoding="utf-8")
        assert "application/ld+json" not in html
    assert built.warnings == ""


def test_wrong_setting_type_warns_and_keeps_the_default(build: BuildProject) -> None:
    built = build(FILES, conf={**CONF, "cmi_structured_data": "no"})
    assert [w.type for w in built.reported()] == ["cmi.config"]
    assert graph(built, "courses.html")


def test_epub_and_latex_carry_no_structured_data(build: BuildProject) -> None:
    epub = build(FILES, conf=CONF, buildername="epub")
    pages = list(epub.outdir.rglob("*.xhtml"))
    assert pages
    for page in pages:
        assert "ld+json" not in page.read_text(encoding="utf-8")
    assert not (epub.outdir / "curriculum.json").exists()
    latex = build(FILES, conf=CONF, buildername="latex")
    assert not (latex.outdir / "curriculum.json").exists()
    assert "ld+json" not in "".join(
        path.read_text(encoding="utf-8") for path in latex.outdir.glob("*.tex")
    )


# A kind of its own declares its schema.org type and properties: outcomes
# join ``teaches`` and prerequisites become ``coursePrerequisites``.
MODULE_EXTENSION = """
from sphinx_cmi import Fact, Kind, add_kind
from sphinx_cmi.cards import CardDirective, first_paragraph
from sphinx_cmi.kinds import Words
from sphinx_cmi.nodes import cmi_card


class module_card(cmi_card):
    pass


MODULE = Kind(
    name="module",
    directive="module-card",
    listing="module-list",
    directive_class=CardDirective,
    node_class=module_card,
    words=Words("module", "Module", "Module %s", "No modules."),
    facts=(
        Fact("provider", "Provider", schema="provider"),
        Fact("develops", "Develops", "names", "quality", "module-of", "Modules",
             schema="teaches"),
        Fact("outcomes", "Outcomes", "names", "quality", "outcome-of", "Outcome of",
             schema="teaches"),
        Fact("requires", "Requires", "names", "module", "required-by",
             "Required by", schema="coursePrerequisites"),
    ),
    schema="Course",
    collect=lambda card: {"summary": first_paragraph(card)},
)


def setup(app):
    add_kind(app, MODULE)
"""

MODULES = """\
# Modules

:::{module-card} Basics
:name: basics
:provider: School

The basics.
:::

:::{module-card} Advanced
:name: advanced
:provider: School
:develops: integrity
:outcomes: empathy
:requires: basics

Beyond the basics.
:::

:::{module-list}
:::
"""


def test_a_declared_kind_gets_structured_data(
    build: BuildProject, tmp_path: Path
) -> None:
    (tmp_path / "module_kind.py").write_text(MODULE_EXTENSION, encoding="utf-8")
    import sys

    sys.path.insert(0, str(tmp_path))
    try:
        conf = {**CONF, "extensions": ["myst_parser", "sphinx_cmi", "module_kind"]}
        built = build({"qualities.md": QUALITIES, "modules.md": MODULES}, conf=conf)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("module_kind", None)
    assert built.warnings == ""
    basics, advanced, item_list = graph(built, "modules.html")
    assert basics["name"] == "Basics"
    assert "coursePrerequisites" not in basics
    assert advanced["teaches"] == ["Integrity", "Empathy"]
    assert advanced["coursePrerequisites"] == ["Basics"]
    assert [i["position"] for i in item_list["itemListElement"]] == [1, 2]


# -- the pieces -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 months", "P6M"),
        ("12 hours", "PT12H"),
        ("1 month", "P1M"),
        ("3 weeks", "P3W"),
        ("10 days", "P10D"),
        ("2 years", "P2Y"),
        ("90 minutes", "PT90M"),
        ("1.5 hours", "PT1.5H"),
        ("1 year 6 months", "P1Y6M"),
        ("2 hours and 30 minutes", "PT2H30M"),
        ("1 day, 4 hours", "P1DT4H"),
        ("  6 Months ", "P6M"),
        ("6 mois", "P6M"),
        ("12 Stunden", "PT12H"),
        ("3 semanas", "P3W"),
        ("6-12 months", None),
        ("about 6 months", None),
        ("6 months part-time", None),
        ("6 months 2 months", None),
        ("2 weeks 3 days", None),
        ("months", None),
        ("6", None),
        ("", None),
        ("six months", None),
        ("6 lunar cycles", None),
    ],
)
def test_iso_duration(text: str, expected: str | None) -> None:
    assert iso_duration(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "</script><script>alert(1)</script>",
        "<!-- <script>",
        "a & b &amp; c",
        "\u2028\u2029 line separators",
        "\ud800 lone surrogate",
        '"quotes" and \\ backslash \x00 nul',
        "\U0001f642 \u202e rtl",
    ],
)
def test_script_json_cannot_end_its_element(text: str) -> None:
    written = script_json({"name": text})
    assert not set("<>&\u2028\u2029") & set(written)
    assert json.loads(written) == {"name": text}
    written.encode("utf-8")  # no lone surrogate left to break the page


def test_reference_example_is_what_the_build_writes(build: BuildProject) -> None:
    """The example of docs/reference/structured-data.md, built."""
    text = (PROJECT / "docs" / "reference" / "structured-data.md").read_text("utf-8")
    (expected,) = re.findall(r"```json\n(.*?)```", text, re.DOTALL)
    callout = next(
        block
        for block in re.findall(r"```markdown\n(.*?)```", text, re.DOTALL)
        if "course-callout" in block
    )
    files = {"qualities.md": QUALITIES, "courses.md": f"# Courses\n\n{callout}"}
    conf = {**CONF, "html_baseurl": "https://example.org/"}
    built = build(files, conf=conf)
    assert built.warnings == ""
    (data,) = json_ld(built, "courses.html")
    assert data == json.loads(expected)
