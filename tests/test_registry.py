"""The registry of kinds is real: a fourth kind, declared here, works everywhere.

This module declares a throwaway kind, ``skill``, with the registry's public
API alone (:class:`sphinx_cmi.Kind`, :class:`sphinx_cmi.Fact`,
:func:`sphinx_cmi.add_kind`) and is loaded as an extension of the test
projects.  No other module knows about skills, yet they get a directive, a
role, numbers, backlinks on the qualities they build, a catalogue, index and
``objects.inv`` entries, located warnings, and text and LaTeX output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from curriculum_graph import inventory, links, only, text_of
from helpers import Build, line_of, page, shared_build
from sphinx_cmi import Fact, Kind, add_kind
from sphinx_cmi.cards import CardDirective
from sphinx_cmi.kinds import Words
from sphinx_cmi.nodes import cmi_card

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx


class skill_card(cmi_card):  # noqa: N801
    """A skill: the node class of the throwaway kind."""


SKILL = Kind(
    name="skill",
    directive="skill-card",
    listing="skill-list",
    directive_class=CardDirective,
    node_class=skill_card,
    words=Words("skill", "Skill", "Skill %s", "No skills yet."),
    facts=(
        Fact("level", "Level", "level"),
        Fact("builds", "Builds", "names", "quality", "built-by", "Built by"),
    ),
)


def setup(app: Sphinx) -> None:
    """This module as a Sphinx extension: the project gets the skill kind."""
    add_kind(app, SKILL)


CONF = {
    "extensions": ["myst_parser", "sphinx_cmi", "test_registry"],
    "myst_enable_extensions": ["colon_fence"],
    "numfig": True,
}

SKILLS = page(
    "md",
    """\
:::{skill-card} Active listening
:name: listening
:level: 3
:builds: empathy, communication

Hearing what is meant as well as what is said.
:::

:::{skill-card} Running meetings
:name: meetings
:level: 9
:builds: communication, nosuch

Keeping a meeting short and useful.
:::

Practise {skill}`listening` first; {numref}`meetings` comes later.
""",
    "Skills",
)
QUALITIES = page(
    "md",
    """\
:::{quality-card} Empathy
:name: empathy

Relates to others.
:::

:::{quality-card} Communication
:name: communication

Listens and explains.
:::
""",
    "Qualities",
)
CATALOGUE = page(
    "md",
    """\
:::{skill-list} Every skill
:name: every-skill
:::

:::{skill-list} Skills for empathy
:builds: empathy
:::

:::{curriculum-matrix}
:::
""",
    "Catalogue",
)
INDEX = "# Home\n\n```{toctree}\nskills\nqualities\ncatalogue\n```\n"
FILES = {
    "index.md": INDEX,
    "skills.md": SKILLS,
    "qualities.md": QUALITIES,
    "catalogue.md": CATALOGUE,
}


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return shared_build(tmp_path_factory.mktemp("skills") / "src", FILES, conf=CONF)


def build_with(builder: str, tmp: Path) -> Build:
    return shared_build(tmp / "src", FILES, buildername=builder, conf=CONF)


def test_the_directive_makes_a_card(html: Build) -> None:
    card = only(html.main("skills"), "div.cmi-card.cmi-skill-card#listening")
    assert text_of(only(card, ".cmi-card-title")) == "Active listening"
    terms, values = card.select("dt"), card.select("dd")
    facts = {text_of(dt): text_of(dd) for dt, dd in zip(terms, values, strict=True)}
    assert facts == {"Level": "3", "Builds": "Empathy, Communication"}


def test_the_role_and_numref_link_to_skills(html: Build) -> None:
    found = links(html.main("skills"))
    assert ("Active listening", "#listening") in found
    assert ("Skill 2", "#meetings") in found


def test_qualities_list_the_skills_that_build_them(html: Build) -> None:
    empathy = html.main("qualities").select_one("#empathy")
    assert empathy is not None
    backlinks = empathy.select_one("p.cmi-built-by")
    assert backlinks is not None
    assert text_of(backlinks) == "Built by: Active listening"
    communication = html.main("qualities").select_one("#communication .cmi-built-by")
    assert communication is not None
    assert links(communication) == [
        ("Active listening", "skills.html#listening"),
        ("Running meetings", "skills.html#meetings"),
    ]


def test_the_listing_is_a_numbered_table_of_facts(html: Build) -> None:
    main = html.main("catalogue")
    every = only(main, "table.cmi-skill-list#every-skill")
    assert text_of(only(every, "caption")).startswith("Table 1 Every skill")
    rows = [[text_of(c) for c in tr.select("th, td")] for tr in every.select("tr")]
    assert rows == [
        ["Skill", "Level", "Builds"],
        ["Active listening", "3", "Empathy, Communication"],
        ["Running meetings", "", "Communication"],
    ]
    filtered = main.select("table.cmi-skill-list")[1]
    assert [text_of(a) for a in filtered.select("tbody th a")] == ["Active listening"]


def test_the_matrix_keeps_the_first_kind_that_names_others(html: Build) -> None:
    """Courses name qualities before skills do: the matrix stays courses x
    qualities, and with no course it says so."""
    empty = html.main("catalogue").select_one("p.cmi-empty-listing")
    assert empty is not None
    assert text_of(empty) == "No courses match."


def test_general_index_and_inventory(html: Build) -> None:
    entries = dict(links(html.main("genindex")))
    assert entries["Active listening (skill)"] == "skills.html#listening"
    assert entries["Running meetings (skill)"] == "skills.html#meetings"
    found = inventory(html.outdir)
    assert found["cmi:skill"] == {
        "listening": ("skills.html#listening", "Active listening"),
        "meetings": ("skills.html#meetings", "Running meetings"),
    }


def test_warnings_are_located_and_typed(html: Build) -> None:
    reported = {(w.line, w.type) for w in html.reported_in("skills.md")}
    level_line = line_of(SKILLS, ":level: 9")
    builds_line = line_of(SKILLS, ":builds: communication, nosuch")
    assert (level_line, "cmi.skill") in reported
    assert (builds_line, "cmi.ref") in reported
    messages = " ".join(w.message for w in html.reported_in("skills.md"))
    assert ":level: must be a whole number from 1 to 8, got '9'" in messages
    assert "unknown quality 'nosuch'" in messages


def test_a_duplicate_skill_is_reported(tmp_path: Path) -> None:
    again = page("md", ":::{skill-card} Listening again\n:name: listening\n:::\n")
    files = {**FILES, "again.md": again}
    files["index.md"] = INDEX.replace("catalogue\n", "catalogue\nagain\n")
    result = shared_build(tmp_path / "src", files, conf=CONF)
    (duplicate,) = [w for w in result.reported() if w.type == "cmi.duplicate"]
    assert duplicate.path.endswith("again.md")
    assert "duplicate skill 'listening'" in duplicate.message


def test_text_output(tmp_path: Path) -> None:
    text = (build_with("text", tmp_path).outdir / "skills.txt").read_text()
    assert "Active listening" in text
    assert "Hearing what is meant as well as what is said." in text
    assert "Builds" in text
    assert "*Empathy*, *Communication*" in text  # links are emphasised


def test_latex_output(tmp_path: Path) -> None:
    result = build_with("latex", tmp_path)
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\sphinxstyletopictitle{Active listening}" in tex
    assert r"\phantomsection\label{\detokenize{skills:listening}}" in tex
    entry = (
        r"\index{Active listening (skill)@\spxentry{Active listening}\spxextra{skill}}"
    )
    assert entry in tex
