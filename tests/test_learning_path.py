"""``learning-path``: courses in prerequisite order, grouped by level.

The call-outs are written in an order that is not the route on purpose, so
every assertion about the order is one the directive has to work out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from curriculum_graph import links, only, project_fixture, text_of
from helpers import directive, line_of, page, shared_build

if TYPE_CHECKING:
    from pathlib import Path

    from bs4 import Tag

    from helpers import Build, BuildProject

COURSES = """\
# Courses

:::{course-callout} Strategic leadership
:name: l7
:level: 7
:prerequisites: l5
:::

:::{course-callout} Middle management
:name: l5
:level: 5
:prerequisites: l3, coaching
:::

:::{course-callout} Project management
:name: pm
:::

:::{course-callout} Coaching skills
:name: coaching
:level: 4
:::

:::{course-callout} Team leading
:name: l3
:level: 3
:::

:::{course-callout} Finance for managers
:name: l5b
:level: 5
:prerequisites: l3
:::
"""

PATHS = """\
# Paths

:::{learning-path} Every course
:name: every-course
:::

:::{learning-path} Team leader to strategist
:from: l3
:to: l7
:::

:::{learning-path} Towards strategy
:to: l7
:::

:::{learning-path} After coaching
:from: coaching
:::

:::{learning-path} Levels 3 to 5
:level: 3-5
:::

:::{learning-path} Backwards
:from: l7
:to: l3
:::
"""

FILES = {
    "index.md": "# Home\n\n```{toctree}\ncourses\npaths\n```\n",
    "courses.md": COURSES,
    "paths.md": PATHS,
}
TITLES = {
    "l3": "Team leading",
    "coaching": "Coaching skills",
    "l5": "Middle management",
    "l5b": "Finance for managers",
    "l7": "Strategic leadership",
    "pm": "Project management",
}

paths = project_fixture("paths", FILES)


def path_after(main: Tag, caption: str) -> Tag:
    """The learning path that follows the rubric *caption*."""
    rubric = next(p for p in main.select("p.rubric") if text_of(p) == caption)
    found = rubric.find_next_sibling()
    assert found is not None
    assert found.name == "ul"
    assert "cmi-learning-path" in (found.get("class") or [])
    return found


def groups(path: Tag) -> list[tuple[str, list[tuple[int, str]]]]:
    """(heading, [(number, course title), ...]) per level group."""
    found = []
    for group in path.select(":scope > li.cmi-learning-path-level"):
        steps = only(group, "ol.cmi-learning-path-steps")
        start = int(str(steps.get("start", "1")))
        titles = [
            text_of(only(step, "p.cmi-learning-path-course"))
            for step in steps.select(":scope > li")
        ]
        heading = text_of(only(group, "p.cmi-learning-path-heading"))
        found.append((heading, list(enumerate(titles, start))))
    return found


def test_the_build_warns_only_about_the_backwards_path(paths: Build) -> None:
    (warning,) = paths.reported()
    assert warning.type == "cmi.catalog"
    assert warning.path.endswith("paths.md")
    assert warning.line == line_of(PATHS, ":to: l3")
    assert warning.message == (
        "no way through :prerequisites: leads from 'l7' to 'l3': the learning "
        "path shows both; check :from: and :to:"
    )


def test_every_course_in_prerequisite_order_grouped_by_level(paths: Build) -> None:
    path = path_after(paths.main("paths"), "Every course")
    assert groups(path) == [
        ("Level 3", [(1, "Team leading")]),
        ("Level 4", [(2, "Coaching skills")]),
        ("Level 5", [(3, "Middle management"), (4, "Finance for managers")]),
        ("Level 7", [(5, "Strategic leadership")]),
        ("No level", [(6, "Project management")]),
    ]


def test_each_step_links_its_prerequisites_and_what_it_unlocks(paths: Build) -> None:
    path = path_after(paths.main("paths"), "Every course")
    steps = {
        text_of(only(step, "p.cmi-learning-path-course")): step
        for step in path.select("li.cmi-learning-path-step")
    }
    middle = steps["Middle management"]
    assert links(only(middle, "p.cmi-learning-path-course")) == [
        ("Middle management", "courses.html#l5")
    ]
    prerequisites = only(middle, "p.cmi-learning-path-prerequisites")
    assert text_of(prerequisites).startswith("Prerequisites: ")
    assert links(prerequisites) == [
        ("Team leading", "courses.html#l3"),
        ("Coaching skills", "courses.html#coaching"),
    ]
    unlocks = only(middle, "p.cmi-learning-path-unlocks")
    assert text_of(unlocks).startswith("Unlocks: ")
    assert links(unlocks) == [("Strategic leadership", "courses.html#l7")]
    assert links(only(steps["Team leading"], "p.cmi-learning-path-unlocks")) == [
        ("Middle management", "courses.html#l5"),
        ("Finance for managers", "courses.html#l5b"),
    ]
    assert not steps["Project management"].select("p.cmi-learning-path-unlocks")
    assert not steps["Team leading"].select("p.cmi-learning-path-prerequisites")


def titles_of(path: Tag) -> list[str]:
    return [title for _heading, steps in groups(path) for _n, title in steps]


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Team leader to strategist", ["l3", "l5", "l7"]),
        ("Towards strategy", ["l3", "coaching", "l5", "l7"]),
        ("After coaching", ["coaching", "l5", "l7"]),
        ("Levels 3 to 5", ["l3", "coaching", "l5", "l5b"]),
        ("Backwards", ["l3", "l7"]),
    ],
)
def test_from_to_and_level(paths: Build, caption: str, expected: list[str]) -> None:
    path = path_after(paths.main("paths"), caption)
    assert titles_of(path) == [TITLES[name] for name in expected]


def test_named_path_and_plain_html(paths: Build) -> None:
    main = paths.main("paths")
    rubric = only(main, "p.rubric#every-course")
    assert text_of(rubric) == "Every course"
    markup = str(path_after(main, "Every course"))
    assert "<script" not in markup
    assert not re.search(r"\son\w+=", markup)  # no event handlers either
    assert "<svg" not in markup


CYCLE = """\
# Cycle

:::{course-callout} Alpha
:name: a
:level: 3
:prerequisites: c
:::

:::{course-callout} Beta
:name: b
:level: 3
:prerequisites: a
:::

:::{course-callout} Gamma
:name: c
:level: 3
:prerequisites: b
:::

:::{course-callout} Delta
:name: d
:level: 3
:prerequisites: c
:::

:::{learning-path} Round and round
:::
"""


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return shared_build(tmp_path_factory.mktemp("cycle") / "src", {"cycle.md": CYCLE})


def test_a_cycle_is_one_warning_naming_it_in_order(cycle: Build) -> None:
    (warning,) = cycle.reported()
    assert warning.type == "cmi.alignment"
    assert warning.line == line_of(CYCLE, ":prerequisites: c")  # Alpha's
    assert warning.message.startswith(
        "cycle in :prerequisites: 'a' -> 'b' -> 'c' -> 'a' (each comes before the next)"
    )
    assert "remove 'c' from the :prerequisites: of 'a'" in warning.message


def test_a_cycle_still_renders_every_course_with_the_cycle_shown(
    cycle: Build,
) -> None:
    path = path_after(cycle.main("cycle"), "Round and round")
    assert groups(path) == [
        ("Level 3", [(1, "Alpha"), (2, "Beta"), (3, "Gamma"), (4, "Delta")])
    ]
    in_cycle = path.select("li.cmi-learning-path-in-cycle")
    assert [text_of(only(s, "p.cmi-learning-path-course")) for s in in_cycle] == [
        "Alpha",
        "Beta",
        "Gamma",
    ]
    for step in in_cycle:
        shown = only(step, "p.cmi-learning-path-cycle")
        assert text_of(shown) == "Cycle: Alpha \u2192 Beta \u2192 Gamma \u2192 Alpha"
    delta = path.select("li.cmi-learning-path-step")[-1]
    assert not delta.select("p.cmi-learning-path-cycle")


# --- other formats: an ordered, indented list -------------------------------


@pytest.fixture(scope="module")
def formats(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    return {
        builder: shared_build(
            tmp_path_factory.mktemp(f"path-{builder}") / "src",
            FILES,
            buildername=builder,
            conf={"project": "Paths", "author": "A", "copyright": "2026, A"},
        )
        for builder in ("text", "latex", "man", "texinfo")
    }


def test_text_is_an_ordered_indented_list(formats: dict[str, Build]) -> None:
    text = (formats["text"].outdir / "paths.txt").read_text(encoding="utf-8")
    every = text.split("-[ Every course ]-")[1].split("-[")[0]
    lines = [line for line in every.splitlines() if line.strip()]
    assert lines[:9] == [
        "* **Level 3**",
        "  1. Team leading",
        "     **Unlocks**: Middle management, Finance for managers",
        "* **Level 4**",
        "  2. Coaching skills",
        "     **Unlocks**: Middle management",
        "* **Level 5**",
        "  3. Middle management",
        "     **Prerequisites**: Team leading, Coaching skills",
    ]


ORDER = [
    "Team leading", "Coaching skills", "Middle management", "Finance for managers",
    "Strategic leadership", "Project management",
]  # fmt: skip
GROUPS = ["Level 3", "Level 4", "Level 5", "Level 7", "No level"]


def test_latex_is_a_list_of_levels_holding_numbered_steps(
    formats: dict[str, Build],
) -> None:
    tex = next(formats["latex"].outdir.glob("*.tex")).read_text(encoding="utf-8")
    every = tex.split("Every course", 1)[1].split("Team leader to strategist")[0]
    assert every.count(r"\begin{itemize}") == 1
    groups = re.findall(
        r"\\sphinxstylestrong\{([^}]+)\}\n\\begin\{enumerate\}\n.*\n"
        r"\\setcounter\{enumi\}\{(\d+)\}",
        every,
    )
    assert groups == [(g, str(n)) for g, n in zip(GROUPS, (0, 1, 2, 4, 5), strict=True)]
    steps = re.findall(
        r"\\item \{\} \n\\sphinxAtStartPar\n\{\\hyperref\[[^\]]*\]"
        r"\{\\sphinxcrossref\{([^}]+)\}\}\}",
        every,
    )
    assert steps == ORDER


def test_man_page_numbers_the_steps_in_order(formats: dict[str, Build]) -> None:
    man = next(formats["man"].outdir.glob("*.1")).read_text(encoding="utf-8")
    every = man.split("Every course", 1)[1].split("Team leader to strategist")[0]
    # A link: 'Team leading \%<#l3>' (Sphinx 9), '\fI\%Team leading\fP' (8.2).
    step = r"^\.IP (\d+)\. \d+\n(?:\\fI\\%)?(.+?)(?:\\fP| \\%<[^>]*>)?$"
    steps = re.findall(step, every, re.MULTILINE)
    assert steps == [(str(n), title) for n, title in enumerate(ORDER, 1)]
    headings = re.findall(r"^\.IP \\\(bu 2\n\\fB(.+?)\\fP$", every, re.MULTILINE)
    assert headings == GROUPS


def test_texinfo_numbers_the_steps_in_order(formats: dict[str, Build]) -> None:
    texi = next(formats["texinfo"].outdir.glob("*.texi")).read_text("utf-8")
    every = texi.split("@subheading Every course", 1)[1].split(
        "Team leader to strategist"
    )[0]
    assert re.findall(r"@enumerate (\d+)", every) == ["1", "2", "3", "5", "6"]
    steps = re.findall(r"@item \n@ref\{\d+,,([^}]+)\}", every)
    assert steps == ORDER


# --- bad input ------------------------------------------------------------------


@pytest.mark.parametrize("language", ["md", "rst"])
def test_bad_options_are_reported_at_their_line(
    build: BuildProject, tmp_path: Path, language: str
) -> None:
    body = directive(language, "course-callout", "Team leading", {"name": "l3"})
    body += "\n" + directive(
        language, "learning-path", "Odd",
        {"from": "l33", "to": "nowhere", "level": "9", "levle": "3"},
        "Text inside.",
    )  # fmt: skip
    suffix = "md" if language == "md" else "rst"
    result = build({f"p.{suffix}": page(language, body)})
    source = page(language, body)
    reported = {(w.line, w.type) for w in result.reported()}
    assert reported == {
        (line_of(source, ":from: l33"), "cmi.ref"),
        (line_of(source, ":to: nowhere"), "cmi.ref"),
        (line_of(source, ":level: 9"), "cmi.catalog"),
        (line_of(source, ":levle: 3"), "cmi.catalog"),
        (line_of(source, "Text inside."), "cmi.catalog"),
    }
    messages = " ".join(w.message for w in result.reported())
    assert "did you mean 'l3' (title 'Team leading')?" in messages
    assert "did you mean 'level'?" in messages
    main = result.main("p")
    assert "Text inside." in text_of(main)
    assert "Team leading" in text_of(path_after(main, "Odd"))


def test_titles_are_escaped_in_the_path(build: BuildProject) -> None:
    hostile = '<img src=x onerror="alert(1)"> & <b>co</b>'
    body = directive("md", "course-callout", hostile, {"name": "h", "level": "3"})
    body += "\n" + directive(
        "md", "course-callout", "After", {"level": "5", "prerequisites": "h"}
    )
    body += "\n" + directive("md", "learning-path", "Hostile path")
    result = build({"h.md": page("md", body)})
    assert result.warnings == ""
    path = path_after(result.main("h"), "Hostile path")
    assert not path.select("img, b, script")
    assert hostile in text_of(path)
    unlocks = only(path, "p.cmi-learning-path-prerequisites")
    assert text_of(unlocks) == f"Prerequisites: {hostile}"


def test_an_empty_named_path_keeps_its_target(build: BuildProject) -> None:
    """With no caption, the target is the path itself; when nothing is left to
    show, the message stands in its place and a link still reaches it."""
    files = {
        "index.md": "# Home\n\n```{toctree}\ncourses\nempty\n```\n",
        "courses.md": COURSES,
        "empty.md": "# Empty\n\n:::{learning-path}\n:name: nothing-here\n"
        ":level: 8\n:::\n\nSee {ref}`the path <nothing-here>`.\n",
    }
    result = build(files)
    assert result.warnings == ""
    main = result.main("empty")
    message = only(main, "p.cmi-empty-listing")
    assert message.get("id") == "nothing-here"
    link = only(main, "a.reference.internal")
    assert link.get("href") == "#nothing-here"
