"""Learning outcomes: a third kind of card, and what courses say about them.

One project: qualities, outcomes, courses that teach the outcomes and require
each other, a page of roles and a page of listings.  Every assertion is about
the built HTML (or the inventory and search index), the way a reader or
another project sees it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from curriculum_graph import (
    inventory,
    links,
    only,
    project_fixture,
    rebuild,
    search_index,
    text_of,
)
from helpers import directive, page, role, write_project
from test_graph_parallel import snapshot

if TYPE_CHECKING:
    from pathlib import Path

    from bs4 import Tag

    from helpers import Build, BuildProject

QUALITIES = """\
# Qualities

:::{quality-card} Integrity
:::

:::{quality-card} Communication
:::

:::{quality-card} Empathy
:::
"""

OUTCOMES = """\
# Outcomes

:::{learning-outcome} Lead a team through change
:name: managing-change
:develops: integrity, communication

Plan a change, explain it to the people it affects and keep the team's trust.
:::

:::{learning-outcome} Work with stakeholders
:name: stakeholders
:develops: communication, empathy

Agree what can be delivered.
:::
"""

COURSES = """\
# Courses

:::{course-callout} Level 3 Team Leading
:name: l3
:level: 3
:outcomes: stakeholders
:::

:::{course-callout} Level 5 Management & Leadership
:name: l5
:level: 5
:develops: integrity, communication
:outcomes: managing-change, stakeholders
:prerequisites: l3
:::

:::{course-callout} Level 7 Strategy
:name: l7
:level: 7
:outcomes: managing-change
:prerequisites: l5
:::
"""

ROLES = """\
# Roles

See {outcome}`managing-change`, {numref}`stakeholders`, {ref}`stakeholders`
and {cmi:outcome}`the stakeholders outcome <stakeholders>`.
"""

LISTINGS = """\
# Listings

:::{course-catalog} Every course
:name: every-course
:::

:::{course-catalog} Courses teaching change
:outcomes: managing-change
:::

:::{course-catalog} Courses after level 3
:prerequisites: l3
:::

:::{course-catalog} Courses for empathy
:develops: empathy
:::

:::{curriculum-matrix} Courses and outcomes
:rows: course
:columns: outcome
:::

:::{curriculum-matrix} Outcomes and qualities
:rows: outcome
:columns: quality
:::

:::{curriculum-matrix} Qualities and courses
:rows: quality
:columns: course
:::

:::{curriculum-matrix} Courses and their prerequisites
:rows: course
:columns: course
:::

:::{curriculum-matrix} Default
:::
"""

FILES = {
    "index.md": "# Home\n\n```{toctree}\nqualities\noutcomes\ncourses\nroles\n"
    "listings\n```\n",
    "qualities.md": QUALITIES,
    "outcomes.md": OUTCOMES,
    "courses.md": COURSES,
    "roles.md": ROLES,
    "listings.md": LISTINGS,
}

CHANGE = ("Lead a team through change", "outcomes.html#managing-change")
STAKEHOLDERS = ("Work with stakeholders", "outcomes.html#stakeholders")
L3 = ("Level 3 Team Leading", "courses.html#l3")
L5 = ("Level 5 Management & Leadership", "courses.html#l5")
L7 = ("Level 7 Strategy", "courses.html#l7")
INTEGRITY = ("Integrity", "qualities.html#integrity")
COMMUNICATION = ("Communication", "qualities.html#communication")
EMPATHY = ("Empathy", "qualities.html#empathy")


def here(target: tuple[str, str]) -> tuple[str, str]:
    """*target* as linked from its own page."""
    return (target[0], "#" + target[1].partition("#")[2])


curriculum = project_fixture("curriculum", FILES)


def facts(card: Tag) -> dict[str, list[tuple[str, str]]]:
    """Each fact's label -> the links in its value."""
    terms, values = card.select("dl.cmi-facts > dt"), card.select("dl.cmi-facts > dd")
    return {text_of(dt): links(dd) for dt, dd in zip(terms, values, strict=True)}


# --- the outcome card ----------------------------------------------------------


def test_the_build_is_clean(curriculum: Build) -> None:
    assert curriculum.warnings == ""


def test_outcome_card_has_title_facts_body_and_taught_in(curriculum: Build) -> None:
    card = only(curriculum.main("outcomes"), "div#managing-change")
    assert card["class"] == ["cmi-card", "cmi-learning-outcome"]
    assert text_of(only(card, ".cmi-card-title")) == "Lead a team through change"
    assert facts(card) == {"Develops": [INTEGRITY, COMMUNICATION]}
    assert "keep the team's trust" in text_of(card)
    taught = only(card, "p.cmi-taught-in")
    assert text_of(taught).startswith("Taught in: ")
    assert links(taught) == [L5, L7]  # reading order


def test_qualities_list_the_outcomes_that_develop_them(curriculum: Build) -> None:
    card = only(curriculum.main("qualities"), "div#empathy")
    through = only(card, "p.cmi-developed-through")
    assert text_of(through).startswith("Developed through: ")
    assert links(through) == [STAKEHOLDERS]
    # Level 3 has no :develops: of its own: it develops what its outcome does.
    assert links(only(card, "p.cmi-developed-by")) == [L3]


def test_role_numref_and_ref(curriculum: Build) -> None:
    paragraph = only(curriculum.main("roles"), "p")
    assert links(paragraph) == [
        CHANGE,
        ("Outcome 2", "outcomes.html#stakeholders"),
        STAKEHOLDERS,
        ("the stakeholders outcome", "outcomes.html#stakeholders"),
    ]
    spans = paragraph.select("a span.cmi-outcome")
    assert len(spans) == 2


def test_general_index_inventory_and_search(curriculum: Build) -> None:
    entries = dict(links(curriculum.main("genindex")))
    assert entries["Lead a team through change (outcome)"] == CHANGE[1]
    assert entries["Work with stakeholders (outcome)"] == STAKEHOLDERS[1]
    assert inventory(curriculum.outdir)["cmi:outcome"] == {
        "managing-change": (CHANGE[1], CHANGE[0]),
        "stakeholders": (STAKEHOLDERS[1], STAKEHOLDERS[0]),
    }
    data = search_index(curriculum.outdir)
    types = {int(index): name for index, name in data["objtypes"].items()}
    found = {
        (data["docnames"][doc], types[kind], name)
        for entries in data["objects"].values()
        for doc, kind, _prio, _anchor, name in entries
    }
    assert ("outcomes", "cmi:outcome", CHANGE[0]) in found
    assert ("outcomes", "cmi:outcome", STAKEHOLDERS[0]) in found


# --- courses: outcomes, prerequisites, what they develop through outcomes -------


def test_course_shows_outcomes_and_prerequisites_as_linked_facts(
    curriculum: Build,
) -> None:
    card = only(curriculum.main("courses"), "div#l5")
    assert facts(card) == {
        "Level": [],
        "Develops": [INTEGRITY, COMMUNICATION],
        "Outcomes": [CHANGE, STAKEHOLDERS],
        "Prerequisites": [here(L3)],
    }
    assert links(only(card, "p.cmi-unlocks")) == [here(L7)]


def test_course_without_develops_develops_what_its_outcomes_develop(
    curriculum: Build,
) -> None:
    """Level 3 names no quality: its "Develops" comes from its outcome."""
    card = only(curriculum.main("courses"), "div#l3")
    assert facts(card)["Develops"] == [COMMUNICATION, EMPATHY]
    assert links(only(card, "p.cmi-unlocks")) == [here(L5)]
    seven = facts(only(curriculum.main("courses"), "div#l7"))
    assert seven["Develops"] == [INTEGRITY, COMMUNICATION]
    qualities = curriculum.main("qualities")
    assert links(only(qualities, "#communication p.cmi-developed-by")) == [L3, L5, L7]


def rows(table: Tag) -> list[list[str]]:
    return [[text_of(c) for c in tr.select("th, td")] for tr in table.select("tr")]


def catalogue(main: Tag, caption: str) -> Tag:
    found = [t for t in main.select("table") if caption in text_of(only(t, "caption"))]
    assert len(found) == 1, caption
    return found[0]


def test_catalogue_columns_and_new_filters(curriculum: Build) -> None:
    main = curriculum.main("listings")
    assert rows(catalogue(main, "Every course")) == [
        ["Course", "Provider", "Level", "Duration", "Develops", "Outcomes",
         "Prerequisites"],
        [L3[0], "", "3", "", "Communication, Empathy", STAKEHOLDERS[0], ""],
        [L5[0], "", "5", "", "Integrity, Communication",
         f"{CHANGE[0]}, {STAKEHOLDERS[0]}", L3[0]],
        [L7[0], "", "7", "", "Integrity, Communication", CHANGE[0], L5[0]],
    ]  # fmt: skip
    teaching = rows(catalogue(main, "Courses teaching change"))
    assert [row[0] for row in teaching[1:]] == [L5[0], L7[0]]
    after = rows(catalogue(main, "Courses after level 3"))
    assert [row[0] for row in after[1:]] == [L5[0]]
    empathy = rows(catalogue(main, "Courses for empathy"))
    assert [row[0] for row in empathy[1:]] == [L3[0]]  # through its outcome


def test_catalogue_without_outcomes_keeps_its_five_columns(
    build: BuildProject,
) -> None:
    result = build(
        {
            "c.md": page(
                "md",
                ":::{course-callout} Plain\n:level: 3\n:::\n\n"
                ":::{course-catalog}\n:::\n",
            )
        }
    )
    headers = [text_of(th) for th in result.main("c").select("thead th")]
    assert headers == ["Course", "Provider", "Level", "Duration", "Develops"]


def test_matrix_rows_and_columns(curriculum: Build) -> None:
    main = curriculum.main("listings")
    yes = "\u2713Yes"
    assert rows(catalogue(main, "Courses and outcomes")) == [
        ["Course", CHANGE[0], STAKEHOLDERS[0]],
        [L3[0], "", yes],
        [L5[0], yes, yes],
        [L7[0], yes, ""],
    ]
    assert rows(catalogue(main, "Outcomes and qualities")) == [
        ["Outcome", "Integrity", "Communication", "Empathy"],
        [CHANGE[0], yes, yes, ""],
        [STAKEHOLDERS[0], "", yes, yes],
    ]
    assert rows(catalogue(main, "Qualities and courses")) == [
        ["Quality", L3[0], L5[0], L7[0]],
        ["Integrity", "", yes, yes],
        ["Communication", yes, yes, yes],
        ["Empathy", yes, "", ""],
    ]
    assert rows(catalogue(main, "Courses and their prerequisites")) == [
        ["Course", L3[0], L5[0], L7[0]],
        [L3[0], "", "", ""],
        [L5[0], yes, "", ""],
        [L7[0], "", yes, ""],
    ]
    assert rows(catalogue(main, "Default"))[0] == [
        "Course", "Integrity", "Communication", "Empathy",
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["md", "rst"])
def test_matrix_options_are_checked(build: BuildProject, language: str) -> None:
    body = directive(language, "quality-card", "Integrity") + "\n"
    body += directive(language, "curriculum-matrix", "Odd", {"rows": "courses"})
    body += "\n" + directive(
        language, "curriculum-matrix", "Unlinked",
        {"rows": "quality", "columns": "quality"},
    )  # fmt: skip
    suffix = "md" if language == "md" else "rst"
    result = build({f"m.{suffix}": page(language, body)})
    reported = [(w.type, w.message) for w in result.reported()]
    assert (
        "cmi.catalog",
        ":rows: must be one of quality, course, outcome, got 'courses'; the "
        "default is used; did you mean 'course'?",
    ) in reported
    assert any(
        t == "cmi.catalog" and m.startswith("no fact links quality and quality")
        for t, m in reported
    )


def test_outcome_written_in_rst(build: BuildProject) -> None:
    body = (
        directive("rst", "quality-card", "Integrity")
        + "\n"
        + directive(
            "rst",
            "learning-outcome",
            "Manage finance",
            {"name": "finance", "develops": "integrity"},
            "Set and follow a budget.",
        )
        + "\n"
        + directive("rst", "course-callout", "Level 5", {"outcomes": "finance"})
        + "\nSee "
        + role("rst", "outcome", "finance")
        + ".\n"
    )
    result = build({"o.rst": page("rst", body)})
    assert result.warnings == ""
    card = only(result.main("o"), "div#finance")
    assert links(only(card, "p.cmi-taught-in")) == [("Level 5", "#level-5")]
    assert "Set and follow a budget." in text_of(card)


@pytest.mark.parametrize("language", ["md", "rst"])
def test_unknown_outcome_and_prerequisite_suggest_the_closest(
    build: BuildProject, language: str
) -> None:
    body = directive(
        language, "learning-outcome", "Manage finance",
        {"name": "managing-finance"},
    ) + "\n" + directive(
        language, "course-callout", "Level 3",
        {"name": "l3", "outcomes": "managing-finance"},
    ) + "\n" + directive(
        language, "course-callout", "Level 5",
        {"name": "l5", "outcomes": "manage-finance", "prerequisites": "l33"},
    )  # fmt: skip
    suffix = "md" if language == "md" else "rst"
    result = build({f"u.{suffix}": page(language, body)})
    reported = {(w.line, w.type, w.message) for w in result.reported()}
    source = page(language, body)
    lines = source.splitlines()
    outcomes_line = next(
        n for n, t in enumerate(lines, 1) if ":outcomes: manage-finance" in t
    )
    prerequisites_line = next(
        n for n, t in enumerate(lines, 1) if ":prerequisites: l33" in t
    )
    assert (
        outcomes_line,
        "cmi.ref",
        "unknown outcome 'manage-finance': no outcome card or call-out has that "
        "name; did you mean 'managing-finance' (title 'Manage finance')?",
    ) in reported
    assert (
        prerequisites_line,
        "cmi.ref",
        "unknown course 'l33': no course card or call-out has that name; did you "
        "mean 'l3' (title 'Level 3')?",
    ) in reported


# --- the new labels, translated -------------------------------------------------

FRENCH = {
    "outcomes.md": OUTCOMES,
    "courses.md": COURSES
    + "\n:::{course-callout} Sans niveau\n:prerequisites: l7\n:::\n",
    "qualities.md": QUALITIES,
    "path.md": "# Path\n\n:::{learning-path}\n:::\n\nSee {numref}`stakeholders`.\n",
}


def test_labels_come_from_the_french_catalogue(build: BuildProject) -> None:
    result = build(FRENCH, conf={"language": "fr"})
    assert result.warnings == ""
    card = only(result.main("outcomes"), "div#managing-change")
    assert text_of(only(card, "p.cmi-taught-in")).startswith("Enseigné dans")
    five = only(result.main("courses"), "div#l5")
    assert [text_of(dt) for dt in five.select("dt")] == [
        "Niveau", "Développe", "Acquis d'apprentissage", "Prérequis",
    ]  # fmt: skip
    assert text_of(only(five, "p.cmi-unlocks")).startswith("Ouvre l'accès à")
    path = result.main("path")
    headings = [text_of(p) for p in path.select("p.cmi-learning-path-heading")]
    assert headings == ["Niveau 3", "Niveau 5", "Niveau 7", "Sans niveau"]
    assert ("Acquis 2", "outcomes.html#stakeholders") in links(path)
    qualities = result.main("qualities")
    through = only(qualities, "#empathy p.cmi-developed-through")
    assert text_of(through).startswith("Développée au travers de")


def test_parallel_build_equals_serial(tmp_path: Path) -> None:
    """-j 2 reads the pages in two processes; every page comes out the same."""
    files = {**FILES, **{f"more{n}.md": f"# More {n}\n\nText.\n" for n in range(6)}}
    files["index.md"] = FILES["index.md"].replace("listings\n", "listings\n*\n")
    files["index.md"] = files["index.md"].replace("{toctree}\n", "{toctree}\n:glob:\n")
    stages = []
    for jobs in (2, 1):
        write_project(tmp_path / f"j{jobs}", files)
        stages.append(rebuild(tmp_path / f"j{jobs}", fresh=True, parallel=jobs))
    parallel, serial = stages
    status = parallel.build.app.status.getvalue()
    assert re.search(r"reading sources\.\.\. .*\[\s*\d+%\].* \.\. ", status), status
    assert parallel.build.app.builder.parallel_ok
    assert parallel.build.warnings == serial.build.warnings == ""
    assert snapshot(parallel) == snapshot(serial)
