"""``curriculum-import`` renders a data file's cards exactly as hand-written ones.

The oracle is the same page written with ``quality-card`` and
``course-callout`` directives (``data_files.as_directives``): every page,
the general index, the search index, ``objects.inv`` and the curriculum graph
must come out the same, in MyST and in reStructuredText, from YAML, JSON,
TOML and CSV.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest

from curriculum_graph import inventory, links, only, rebuild, text_of
from data_files import FORMATS, as_directives, to_csv, to_yaml, write_as
from helpers import page, role, shared_build, write_project

if TYPE_CHECKING:
    from pathlib import Path

    from curriculum_graph import Stage
    from helpers import Build

LANGUAGES = ("md", "rst")


def curriculum(language: str) -> dict[str, list[dict[str, Any]]]:
    """Two qualities and three courses using every field; bodies in *language*."""
    bold = "**values**"
    bullets = "- one point\n- another point\n"
    return {
        "qualities": [
            {
                "name": "integrity",
                "title": "Integrity",
                "icon": "shield",
                "summary": "Doing the right thing.",
                "body": f"Acts on {bold}, as {role(language, 'course', 'level-5')} "
                f"teaches.\n\n{bullets}",
            },
            {
                "name": "empathy",
                "title": "Empathy",
                "class": "featured wide",
                "body": "Understands others.\n",
            },
        ],
        "courses": [
            {
                "name": "level-5",
                "title": "Level 5 Certificate",
                "provider": "Chartered Institute",
                "level": 5,
                "duration": "Six months",
                "develops": ["integrity", "empathy"],
                "url": "https://example.org/level-5",
                "link-text": "Course details",
                "body": "For middle managers.\n",
            },
            {
                "name": "level-3",
                "title": "Level 3 Award",
                "level": 3,
                "develops": ["empathy"],
                "doc": "roles",
                "body": f"See {role(language, 'quality', 'integrity')} too.\n",
            },
            {"name": "sample", "title": "An example course", "no-index": True},
        ],
    }


def around(language: str, cards: str) -> str:
    """The page around the cards: a numbered reference, listings, a role."""
    if language == "md":
        grid = f"::::{{grid}} 1 1 2 2\n:gutter: 3\n\n{cards}::::\n"
        after = (
            "See {numref}`level-5` and {quality}`empathy`.\n\n"
            ":::{course-catalog} Every course\n:::\n\n"
            ":::{curriculum-matrix}\n:::\n\n:::{quality-index}\n:::\n"
        )
        return page("md", f"Intro.\n\n{grid}\n{after}", "Cards")
    after = (
        "See :numref:`level-5` and :quality:`empathy`.\n\n"
        ".. course-catalog:: Every course\n\n.. curriculum-matrix::\n\n"
        ".. quality-index::\n"
    )
    return page("rst", f"Intro.\n\n{cards}\n{after}", "Cards")


def project(language: str, cards: str, extra: dict[str, str]) -> dict[str, str]:
    roles = "# Roles\n\nSee {course}`level-3` and {ref}`integrity`.\n"
    index = "# Home\n\n```{toctree}\ncards\nroles\n```\n"
    return {
        "index.md": index,
        f"cards.{language}": around(language, cards),
        "roles.md": roles,
        **extra,
    }


def imported(language: str, fmt: str) -> dict[str, str]:
    data = curriculum(language)
    path = f"data/curriculum.{fmt}"
    if language == "md":
        cards = f":::{{curriculum-import}} {path}\n:::\n"
    else:
        cards = f".. curriculum-import:: {path}\n"
    return project(language, cards, {path: write_as(fmt, data)})


def by_hand(language: str) -> dict[str, str]:
    return project(language, as_directives(language, curriculum(language)), {})


_HASHES = re.compile(r"\?v=[0-9a-f]+")


def outputs(stage: Stage) -> dict[str, str]:
    """Every page and index the HTML builder wrote, as text."""
    found = {}
    for path in sorted(stage.build.outdir.rglob("*")):
        relative = str(path.relative_to(stage.build.outdir))
        if path.suffix in (".html", ".js") and not relative.startswith("_static"):
            found[relative] = _HASHES.sub("", path.read_text(encoding="utf-8"))
    return found


def records(stage: Stage) -> list[tuple[Any, ...]]:
    domain = stage.build.app.env.domains["cmi"]
    return [r.shown() for found in domain.data["cards"].values() for r in found]


@pytest.fixture(scope="module")
def hand_written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Stage]:
    built = {}
    for language in LANGUAGES:
        srcdir = tmp_path_factory.mktemp(f"hand-{language}") / "src"
        write_project(srcdir, by_hand(language))
        built[language] = rebuild(srcdir, fresh=True)
    return built


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_imported_cards_are_the_hand_written_ones(
    hand_written: dict[str, Stage], tmp_path: Path, language: str, fmt: str
) -> None:
    write_project(tmp_path / "src", imported(language, fmt))
    stage = rebuild(tmp_path / "src", fresh=True)
    oracle = hand_written[language]
    assert stage.build.warnings == oracle.build.warnings == ""
    assert outputs(stage) == outputs(oracle)
    assert inventory(stage.build.outdir) == inventory(oracle.build.outdir)
    assert records(stage) == records(oracle)
    # The comparison is not empty: the cards and what they imply are there.
    main = stage.main("cards")
    assert [card["id"] for card in main.select("div.cmi-card")] == [
        "integrity", "empathy", "level-5", "level-3", "sample",
    ]  # fmt: skip
    assert "featured" in only(main, "#empathy")["class"]
    assert ("Course 1", "#level-5") in links(main)
    assert text_of(only(main, "#integrity p.cmi-developed-by")) == (
        "Developed by: Level 5 Certificate"
    )


# --- choosing the entries -------------------------------------------------------

COURSES = [
    {"name": "alpha", "title": "Alpha", "level": 3, "develops": "integrity"},
    {"name": "beta", "title": "Beta", "level": 5, "develops": ["empathy"]},
    {"name": "gamma", "title": "Gamma", "level": 7, "develops": "empathy, integrity"},
    {"name": "delta", "title": "Delta"},
]
QUALITIES = [{"name": "integrity", "title": "Integrity"},
             {"name": "empathy", "title": "Empathy"}]  # fmt: skip
SELECTIONS = {
    "all": ("", ["integrity", "empathy", "alpha", "beta", "gamma", "delta"]),
    "kind": (":kind: course\n", ["alpha", "beta", "gamma", "delta"]),
    "kind-quality": (":kind: Quality\n", ["integrity", "empathy"]),
    "names": (":names: gamma, integrity, alpha\n", ["gamma", "integrity", "alpha"]),
    "level": (":level: 4-7\n", ["beta", "gamma"]),
    "one-level": (":level: 3\n", ["alpha"]),
    "develops": (":develops: empathy\n", ["beta", "gamma"]),
    "combined": (
        ":kind: course\n:names: gamma, beta, alpha\n:level: 5-8\n:develops: empathy\n",
        ["gamma", "beta"],
    ),
}


@pytest.fixture(scope="module")
def selections(tmp_path_factory: pytest.TempPathFactory) -> Build:
    data = {"qualities": QUALITIES, "courses": COURSES}
    pages = {
        f"{name}.md": page("md", f":::{{curriculum-import}} data/c.yaml\n{opts}:::\n")
        for name, (opts, _ids) in SELECTIONS.items()
    }
    files = {**pages, "data/c.yaml": to_yaml(data)}
    return shared_build(tmp_path_factory.mktemp("select") / "src", files)


@pytest.mark.parametrize("name", list(SELECTIONS))
def test_kind_names_and_filters_choose_the_entries(
    selections: Build, name: str
) -> None:
    ids = [card["id"] for card in selections.main(name).select("div.cmi-card")]
    assert ids == SELECTIONS[name][1]


def test_an_entry_shown_on_two_pages_is_a_duplicate(selections: Build) -> None:
    """Each entry is on several of these pages: told at its line of the file
    (Sphinx's own "duplicate label" warnings have no type)."""
    reported = [w for w in selections.reported() if w.type is not None]
    assert {w.type for w in reported} == {"cmi.data"}
    assert all(w.message.startswith("duplicate ") for w in reported)
    assert {w.path for w in reported} == {str(selections.srcdir / "data/c.yaml")}


# --- where the file is ------------------------------------------------------------


def test_path_is_relative_to_the_page_or_to_the_source_root(
    tmp_path: Path,
) -> None:
    data = to_yaml({"courses": [{"name": "one", "title": "One"},
                                {"name": "two", "title": "Two"}]})  # fmt: skip
    files = {
        "index.md": "# Home\n\n```{toctree}\nguide/relative\nrooted\n```\n",
        "guide/data/c.yaml": data,
        "guide/relative.md": page(
            "md", ":::{curriculum-import} data/c.yaml\n:names: one\n:::\n"
        ),
        "rooted.rst": page(
            "rst", ".. curriculum-import:: /guide/data/c.yaml\n   :names: two\n"
        ),
    }
    write_project(tmp_path / "src", files)
    stage = rebuild(tmp_path / "src", fresh=True)
    assert stage.build.warnings == ""
    assert only(stage.main("guide/relative"), "div.cmi-card")["id"] == "one"
    assert only(stage.main("rooted"), "div.cmi-card")["id"] == "two"


def test_csv_rows_take_the_kind_option(tmp_path: Path) -> None:
    rows = [{"kind": "course", "name": "c1", "title": "C one", "level": "4"},
            {"kind": "course", "name": "c2", "title": "C two",
             "develops": "integrity, empathy"}]  # fmt: skip
    files = {
        "data/courses.csv": to_csv(rows, kind_column=False),
        "courses.md": page(
            "md", ":::{curriculum-import} data/courses.csv\n:kind: course\n:::\n"
        ),
        "qualities.md": page("md", ":::{curriculum-import} data/q.json\n:::\n"),
        "data/q.json": '{"qualities": [{"name": "integrity", "title": "Integrity"},'
        ' {"name": "empathy", "title": "Empathy"}]}',
    }
    write_project(tmp_path / "src", files)
    stage = rebuild(tmp_path / "src", fresh=True)
    assert stage.build.warnings == ""
    main = stage.main("courses")
    assert [card["id"] for card in main.select("div.cmi-card")] == ["c1", "c2"]
    assert links(only(main, "#c2 dl")) == [
        ("Integrity", "qualities.html#integrity"),
        ("Empathy", "qualities.html#empathy"),
    ]


# --- a kind added by an extension -------------------------------------------------

SKILLS = """\
skills:
  - name: listening
    title: Active listening
    level: 3
    builds: [empathy]
    body: Hearing what is meant.
  - name: meetings
    title: Running meetings
    level: 6
    builds: empathy, integrity
qualities:
  - name: empathy
    title: Empathy
  - name: integrity
    title: Integrity
"""


def test_a_kind_added_by_an_extension_is_imported_with_its_facts(
    tmp_path: Path,
) -> None:
    """``test_registry``'s throwaway *skill* kind: its list key, facts and
    filters come from its declaration alone."""
    files = {
        "data/skills.yaml": SKILLS,
        "skills.md": page(
            "md", ":::{curriculum-import} data/skills.yaml\n:kind: skill\n:::\n"
        ),
        "senior.md": page(
            "md",
            ":::{curriculum-import} data/skills.yaml\n"
            ":kind: skill\n:level: 5-8\n:builds: integrity\n"
            ":::\n",
        ),
        "qualities.md": page(
            "md", ":::{curriculum-import} /data/skills.yaml\n:kind: quality\n:::\n"
        ),
    }
    conf = {"extensions": ["myst_parser", "sphinx_cmi", "test_registry"]}
    write_project(tmp_path / "src", files, conf)
    stage = rebuild(tmp_path / "src", fresh=True)
    duplicates = [w for w in stage.build.reported() if w.type]
    assert {w.message.split(":")[0] for w in duplicates} == {
        "duplicate skill 'meetings'"
    }
    card = only(stage.main("skills"), "div.cmi-skill-card#listening")
    terms, values = card.select("dt"), card.select("dd")
    facts = {text_of(dt): text_of(dd) for dt, dd in zip(terms, values, strict=True)}
    assert facts == {"Level": "3", "Builds": "Empathy"}
    senior = stage.main("senior")
    assert [c["id"] for c in senior.select("div.cmi-card")] == ["meetings"]
    empathy = only(stage.main("qualities"), "#empathy p.cmi-built-by")
    # In reading order: "senior" (showing meetings first) comes before "skills".
    assert links(empathy) == [
        ("Running meetings", "senior.html#meetings"),
        ("Active listening", "skills.html#listening"),
    ]


def test_listings_follow_the_order_of_the_page(tmp_path: Path) -> None:
    """The cards of one import share its line: their place on the page orders
    them, however the pages were read (``aaa`` is read first, shows later)."""
    data = to_yaml({"courses": [{"name": f"c{n}", "title": f"C{n}"}
                                for n in (1, 2, 3)]})  # fmt: skip
    files = {
        "index.md": "# Home\n\n```{toctree}\ncourses\naaa\n```\n",
        "data/c.yaml": data,
        "courses.md": page(
            "md",
            ":::{curriculum-import} data/c.yaml\n:::\n\n:::{course-catalog}\n:::\n",
        ),
        "aaa.md": page("md", ":::{curriculum-import} data/c.yaml\n:names: c3\n:::\n"),
    }
    write_project(tmp_path / "src", files)
    stage = rebuild(tmp_path / "src", fresh=True)
    rows = stage.main("courses").select("table.cmi-course-catalog tbody tr")
    assert [text_of(row) for row in rows] == ["C1", "C2", "C3"]
