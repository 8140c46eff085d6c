"""Meeting other projects: settings of any type, a stylesheet the project can
replace, role names other extensions own, headings named like cards,
intersphinx and the text other tools extract from a page."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from helpers import page, shared_build

if TYPE_CHECKING:
    from pathlib import Path

    from helpers import Build, BuildProject

CARD = ":::{quality-card} Integrity\n:name: integrity\n\nBeing honest.\n:::\n"


def config_warnings(result: Build) -> list[str]:
    return [w.message for w in result.reported() if w.type == "cmi.config"]


# --- settings of any type ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "warned"),
    [
        (("_static",), False),
        ("_static", False),
        (None, False),
        (3, True),
        (["_static", 4], True),
    ],
    ids=["tuple", "str", "None", "int", "list-with-int"],
)
def test_html_static_path_of_any_type(
    build: BuildProject, value: object, warned: bool
) -> None:
    result = build({"index.md": page("md", CARD)}, conf={"html_static_path": value})
    assert (result.outdir / "_static" / "sphinx-cmi.css").is_file()
    messages = config_warnings(result)
    assert bool(messages) == warned, result.warnings
    assert all("html_static_path" in m for m in messages)
    assert "Traceback" not in result.warnings


def test_numfig_format_of_the_wrong_type(build: BuildProject) -> None:
    files = {"index.md": page("md", CARD + "\nSee {numref}`integrity`.\n")}
    result = build(files, conf={"numfig_format": ["Table %s"]})
    assert [m.split(" must")[0] for m in config_warnings(result)] == ["numfig_format"]
    assert "Quality 1" in result.main("index").get_text()


# --- the stylesheet ------------------------------------------------------------

PROJECT_CSS = "/* the project's own sphinx-cmi.css */\n"


def test_the_projects_own_stylesheet_wins(build: BuildProject) -> None:
    files = {"index.md": page("md", CARD), "_static/sphinx-cmi.css": PROJECT_CSS}
    result = build(files, conf={"html_static_path": ["_static"]})
    assert result.warnings == ""
    shipped = (result.outdir / "_static" / "sphinx-cmi.css").read_text("utf-8")
    assert shipped == PROJECT_CSS
    links = [str(a["href"]) for a in result.soup("index.html").select("link")]
    assert any(href.startswith("_static/sphinx-cmi.css") for href in links)


def stylesheets(result: Build) -> list[str]:
    soup = result.soup("index.html")
    return [
        str(link["href"]).split("?")[0]
        for link in soup.select('link[rel="stylesheet"]')
    ]


def test_cmi_css_file_links_another_stylesheet(build: BuildProject) -> None:
    files = {
        "index.md": page("md", CARD),
        "_static/handbook.css": '@import url("sphinx-cmi.css");\n',
    }
    conf = {"html_static_path": ["_static"], "cmi_css_file": "handbook.css"}
    result = build(files, conf=conf)
    assert result.warnings == ""
    assert "_static/handbook.css" in stylesheets(result)
    assert "_static/sphinx-cmi.css" not in stylesheets(result)
    # The packaged stylesheet is still there for an @import.
    assert (result.outdir / "_static" / "sphinx-cmi.css").is_file()


@pytest.mark.parametrize("value", ["", None])
def test_cmi_css_file_off(build: BuildProject, value: object) -> None:
    result = build({"index.md": page("md", CARD)}, conf={"cmi_css_file": value})
    assert result.warnings == ""
    assert not [s for s in stylesheets(result) if "cmi" in s]


@pytest.mark.parametrize("value", [3, "javascript:alert(1)", 'a"b.css'])
def test_cmi_css_file_refused(build: BuildProject, value: object) -> None:
    result = build({"index.md": page("md", CARD)}, conf={"cmi_css_file": value})
    (message,) = config_warnings(result)
    assert message.startswith("cmi_css_file must be")
    assert "_static/sphinx-cmi.css" in stylesheets(result)
    assert result.reported()[0].path.endswith("conf.py")


@pytest.mark.parametrize("value", ["no", 0, None])
def test_cmi_short_roles_must_be_a_bool(build: BuildProject, value: object) -> None:
    files = {"index.md": page("md", CARD + "\n{quality}`integrity`\n")}
    result = build(files, conf={"cmi_short_roles": value})
    (message,) = config_warnings(result)
    assert "cmi_short_roles must be True or False" in message
    assert result.main("index").select_one("a span.xref.cmi-quality") is not None


# --- role names that another extension owns -----------------------------------

ROLES_PAGE = page(
    "md",
    CARD
    + ":::{course-callout} Level 5\n:name: level-5\n:level: 5\n\nA course.\n:::\n\n"
    "Short: {course}`level-5`. Domain: {cmi:course}`level-5`, "
    "{cmi:quality}`integrity`.\n",
)
EXTLINKS = {"course": ("https://academy.example.org/%s", "%s")}


def test_extlinks_taking_a_short_role_is_reported(build: BuildProject) -> None:
    conf = {
        "extensions": ["myst_parser", "sphinx_cmi", "sphinx.ext.extlinks"],
        "extlinks": EXTLINKS,
    }
    result = build({"index.md": ROLES_PAGE}, conf=conf)
    (warning,) = result.reported()
    assert warning.type == "cmi.config"
    assert warning.path.endswith("conf.py")
    assert "{course} is taken (extlinks" in warning.message
    assert "{cmi:course}" in warning.message
    assert "cmi_short_roles = False" in warning.message
    main = result.main("index")
    external = main.select_one('a[href="https://academy.example.org/level-5"]')
    assert external is not None  # the other extension keeps the name
    assert main.select_one('a[href="#level-5"] span.xref.cmi-course') is not None


def test_short_roles_off_leaves_the_names_alone(build: BuildProject) -> None:
    conf = {
        "extensions": ["myst_parser", "sphinx_cmi", "sphinx.ext.extlinks"],
        "extlinks": EXTLINKS,
        "cmi_short_roles": False,
    }
    result = build({"index.md": ROLES_PAGE}, conf=conf)
    assert result.warnings == ""
    main = result.main("index")
    assert main.select_one('a[href="https://academy.example.org/level-5"]')
    assert main.select_one('a[href="#integrity"] span.xref.cmi-quality')


def test_short_roles_off_means_no_short_roles(build: BuildProject) -> None:
    files = {"index.md": page("md", CARD + "\n{quality}`integrity`\n")}
    result = build(files, conf={"cmi_short_roles": False})
    assert 'Unknown interpreted text role "quality"' in result.warnings


OTHER_EXTENSION = """\
from docutils import nodes


def quality(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.strong(text, f"other:{text}")], []


def setup(app):
    app.add_role("quality", quality)
"""


def test_another_extensions_role_is_reported(
    build: BuildProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cmi_test_other_ext.py").write_text(OTHER_EXTENSION, "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    files = {"index.md": page("md", CARD + "\n{quality}`integrity`\n")}
    conf = {"extensions": ["myst_parser", "sphinx_cmi", "cmi_test_other_ext"]}
    result = build(files, conf=conf)
    (warning,) = result.reported()
    assert warning.type == "cmi.config"
    assert "{quality} is taken (another extension registered it)" in warning.message
    assert "other:integrity" in result.main("index").get_text()


# --- a heading and a card with the same name -----------------------------------

HEADING_FIRST = """\
# Qualities

Jump to [the heading](#integrity) or to {quality}`integrity`.

## Integrity

:::{quality-card} Integrity

Being honest.
:::
"""

CARD_FIRST = """\
# Qualities

Jump to [the heading](#integrity) or to {quality}`integrity`.

:::{quality-card} Integrity

Being honest.
:::

## Integrity

More about it.
"""

RST_HEADING_FIRST = """\
Qualities
=========

Jump to Integrity_ or to :quality:`integrity`.

Integrity
---------

.. quality-card:: Integrity

   Being honest.
"""


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("index.md", HEADING_FIRST),
        ("index.md", CARD_FIRST),
        ("index.rst", RST_HEADING_FIRST),
    ],
    ids=["heading-first", "card-first", "rst"],
)
def test_a_heading_keeps_its_target(
    build: BuildProject, name: str, source: str
) -> None:
    conf = {"myst_heading_anchors": 3}
    result = build({name: source}, conf=conf)
    assert result.warnings == ""
    main = result.main("index")
    section = main.select_one("section#integrity")
    assert section is not None, main.prettify()[:3000]
    assert section.select_one("h2") is not None
    card = main.select_one("div.cmi-card#quality-integrity")
    assert card is not None
    heading_link, card_link = main.select("p a")[:2]
    assert heading_link["href"] == "#integrity"
    assert card_link["href"] == "#quality-integrity"
    assert card_link.select_one("span.xref.cmi-quality") is not None
    # The general index and objects.inv follow the card to its new anchor.
    genindex = result.soup("genindex.html").select_one('a[href$="#quality-integrity"]')
    assert genindex is not None
    assert len(main.select('[id="integrity"]')) == 1


def test_a_card_without_a_heading_keeps_its_name(build: BuildProject) -> None:
    source = "# Qualities\n\n" + CARD + "\nSee {ref}`integrity`.\n"
    result = build({"index.md": source})
    assert result.warnings == ""
    main = result.main("index")
    assert main.select_one("div.cmi-card#integrity") is not None
    assert main.select_one('a[href="#integrity"]') is not None


# --- intersphinx -------------------------------------------------------------

HANDBOOK = page(
    "md",
    CARD + ":::{course-callout} Level 5 Certificate\n:name: level-5\n:level: 5\n\n"
    "A course.\n:::\n",
    "Handbook",
)


@pytest.fixture
def handbook_inventory(tmp_path: Path) -> Path:
    """Project A, built: its output folder holds objects.inv."""
    result = shared_build(tmp_path / "a", {"index.md": HANDBOOK})
    assert result.warnings == ""
    assert (result.outdir / "objects.inv").is_file()
    return result.outdir


def test_intersphinx_links_keep_title_and_classes(
    build: BuildProject, handbook_inventory: Path
) -> None:
    source = page(
        "md",
        "1. {quality}`integrity`\n2. {cmi:course}`Level-5`\n"
        "3. {external+a:cmi:quality}`integrity`\n4. {quality}`Honesty <integrity>`\n",
    )
    conf = {
        "extensions": ["myst_parser", "sphinx_cmi", "sphinx.ext.intersphinx"],
        "intersphinx_mapping": {"a": (str(handbook_inventory), None)},
    }
    result = build({"index.md": source}, conf=conf)
    assert result.warnings == ""
    links = result.main("index").select("li a.reference.external")
    shown = [
        (
            " ".join(a.select_one("span")["class"]),  # type: ignore[index]
            a.get_text(),
            str(a["href"]).rsplit("/", 1)[-1],
        )
        for a in links
    ]
    assert shown == [
        ("xref cmi cmi-quality", "Integrity", "index.html#integrity"),
        ("xref cmi cmi-course", "Level 5 Certificate", "index.html#level-5"),
        ("xref cmi cmi-quality", "Integrity", "index.html#integrity"),
        ("xref cmi cmi-quality", "Honesty", "index.html#integrity"),
    ]


def test_intersphinx_without_sphinx_cmi_shows_the_titles(
    build: BuildProject, handbook_inventory: Path
) -> None:
    source = page(
        "md",
        "1. {external+a:ref}`integrity`\n2. {ref}`level-5`\n"
        "3. [](inv:a:cmi:quality#integrity)\n4. [](inv:a:std:label#level-5)\n",
    )
    conf = {
        "extensions": ["myst_parser", "sphinx.ext.intersphinx"],
        "intersphinx_mapping": {"a": (str(handbook_inventory), None)},
    }
    result = build({"index.md": source}, conf=conf)
    assert result.warnings == ""
    texts = [a.get_text() for a in result.main("index").select("li a")]
    assert texts == ["Integrity", "Level 5 Certificate"] * 2


@pytest.mark.parametrize(
    ("role", "spelling"),
    [
        ("{quality}`Integrty`", "Integrty"),
        ("{cmi:course}`Level-Five`", "Level-Five"),
        ("{quality}`Honest <Integrty>`", "Integrty"),
        ("{quality}`integrty`", "integrty"),
    ],
)
def test_unknown_target_keeps_the_authors_spelling(
    build: BuildProject, role: str, spelling: str
) -> None:
    result = build({"index.md": page("md", CARD + f"\n{role}\n")})
    (warning,) = result.reported()
    assert warning.type == "cmi.ref"
    assert f"{spelling!r}" in warning.message


def test_unknown_develops_keeps_the_authors_spelling(build: BuildProject) -> None:
    callout = (
        ":::{course-callout} Level 5\n:develops: Integrity, Honesty Plus\n\nA.\n:::\n"
    )
    result = build({"index.md": page("md", CARD + "\n" + callout)})
    (warning,) = result.reported()
    assert warning.type == "cmi.ref"
    assert "'Honesty Plus'" in warning.message


# --- what other tools extract ---------------------------------------------------

CALLOUT_PAGE = page(
    "md",
    ":::{course-callout} Zygomorphic Leadership Diploma\n:provider: Institute\n"
    ":level: 5\n:duration: Twelve months\n:url: https://example.org/course\n\n"
    "Builds the habits of a steady, trusted leader.\n:::\n",
    "Courses",
)


def test_search_index_skips_hidden_context_and_fact_labels(
    build: BuildProject,
) -> None:
    result = build({"index.md": CALLOUT_PAGE})
    assert result.warnings == ""
    raw = (result.outdir / "searchindex.js").read_text("utf-8")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    terms = set(index["terms"])
    assert {"institut", "twelv", "steadi"} <= terms  # values and body are found
    assert not {"provid", "durat"} & terms  # the labels are not
    # The page still shows them, and the hidden course name in the link.
    callout = result.main("index").select_one(".cmi-course-callout")
    assert callout is not None
    assert [dt.get_text() for dt in callout.select("dt")] == [
        "Provider",
        "Level",
        "Duration",
    ]
    hidden = callout.select_one(".cmi-course-link a .cmi-visually-hidden")
    assert hidden is not None
    assert hidden.get_text() == ": Zygomorphic Leadership Diploma"


def test_opengraph_description_reads_as_prose(build: BuildProject) -> None:
    conf = {
        "extensions": ["myst_parser", "sphinx_cmi", "sphinxext.opengraph"],
        "ogp_site_url": "https://handbook.example.org/",
    }
    result = build({"index.md": CALLOUT_PAGE}, conf=conf)
    assert result.warnings == ""
    meta = result.soup("index.html").select_one('meta[property="og:description"]')
    assert meta is not None
    description = str(meta["content"])
    assert "Builds the habits of a steady, trusted leader." in description
    for label in ("Provider", "Level", "Duration"):
        assert label not in description, description
    assert "View course:" not in description
    # A page with a call-out is described by the call-out (structured.py).
    assert description == "Builds the habits of a steady, trusted leader."
