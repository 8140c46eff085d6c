"""Alignment checks: each gap is one ``cmi.alignment`` warning at the line that
fixes it, and each check can be suppressed on its own.

The project below has exactly one gap of each kind; the expected lines are
computed from the page text, never written by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from helpers import line_of, page

if TYPE_CHECKING:
    from helpers import Build, BuildProject

QUALITIES = """\
# Qualities

:::{quality-card} Integrity
:::

:::{quality-card} Communication
:::

:::{quality-card} Decisiveness
:::

:::{quality-card} Empathy
:::
"""

OUTCOMES = """\
# Outcomes

:::{learning-outcome} Lead a team through change
:name: managing-change
:develops: integrity, communication
:::

:::{learning-outcome} Manage finance
:name: managing-finance
:develops: integrity
:::
"""

COURSES = """\
# Courses

:::{course-callout} Level 3
:name: l3
:level: 3
:outcomes: managing-change
:prerequisites: l7
:::

:::{course-callout} Level 5
:name: l5
:level: 5
:develops: communication, decisiveness
:outcomes: managing-change
:prerequisites: l3
:::

:::{course-callout} Level 7
:name: l7
:level: 7
:outcomes: managing-change
:prerequisites: l5
:::
"""

FILES = {"qualities.md": QUALITIES, "outcomes.md": OUTCOMES, "courses.md": COURSES}

# check -> (file, line, message)
EXPECTED = {
    "quality": (
        "qualities.md",
        line_of(QUALITIES, "Empathy"),
        "quality 'empathy' is in no course's :develops: or outcome's :develops:; "
        "add it to one, or remove the quality (cmi.alignment.quality)",
    ),
    "outcome": (
        "outcomes.md",
        line_of(OUTCOMES, "Manage finance"),
        "outcome 'managing-finance' is in no course's :outcomes:; add it to one, "
        "or remove the outcome (cmi.alignment.outcome)",
    ),
    "develops": (
        "courses.md",
        line_of(COURSES, ":develops: communication, decisiveness"),
        "course 'l5' has 'decisiveness' in :develops:, but none of its :outcomes: "
        "has it in :develops:; add it there, or remove it from the course's "
        ":develops: (cmi.alignment.develops)",
    ),
    "cycle": (
        "courses.md",
        line_of(COURSES, ":prerequisites: l7"),
        "cycle in :prerequisites: 'l3' -> 'l5' -> 'l7' -> 'l3' (each comes before "
        "the next): none of them can come first; remove 'l7' from the "
        ":prerequisites: of 'l3', or another link of the cycle "
        "(cmi.alignment.cycle)",
    ),
    "level": (
        "courses.md",
        line_of(COURSES, ":prerequisites: l7"),
        "course 'l3' (level 3) has 'l7' (level 7) in :prerequisites:, a higher "
        "level; check both levels, or remove 'l7' (cmi.alignment.level)",
    ),
}


def alignment(result: Build) -> dict[str, tuple[str, int | None, str]]:
    """check -> (file, line, message) of every cmi.alignment warning."""
    found = {}
    for warning in result.reported():
        if warning.type != "cmi.alignment":
            continue
        check = warning.message.rsplit("(cmi.alignment.", 1)[1].rstrip(")")
        assert check not in found, f"two warnings for {check}"
        path = warning.path.removeprefix(f"{result.srcdir}/")
        found[check] = (path, warning.line, warning.message)
    return found


def test_each_gap_is_one_warning_at_the_line_that_fixes_it(
    build: BuildProject,
) -> None:
    result = build(FILES)
    assert alignment(result) == EXPECTED
    assert {w.type for w in result.reported()} == {"cmi.alignment"}


@pytest.mark.parametrize("check", sorted(EXPECTED))
def test_each_check_is_suppressed_on_its_own(build: BuildProject, check: str) -> None:
    result = build(FILES, conf={"suppress_warnings": [f"cmi.alignment.{check}"]})
    assert set(alignment(result)) == set(EXPECTED) - {check}


@pytest.mark.parametrize("name", ["cmi.alignment", "cmi"])
def test_cmi_alignment_suppresses_every_check(build: BuildProject, name: str) -> None:
    result = build(FILES, conf={"suppress_warnings": [name]})
    assert alignment(result) == {}


@pytest.mark.parametrize("check", sorted(EXPECTED))
def test_w_fails_on_the_one_check_left(build: BuildProject, check: str) -> None:
    others = [f"cmi.alignment.{other}" for other in EXPECTED if other != check]
    result = build(FILES, conf={"suppress_warnings": others}, warningiserror=True)
    assert set(alignment(result)) == {check}
    assert result.app.statuscode == 1


def test_an_aligned_curriculum_builds_clean(build: BuildProject) -> None:
    """The same curriculum with every gap closed: not a single warning."""
    files = {
        "qualities.md": QUALITIES.replace(":::{quality-card} Empathy\n:::\n", ""),
        "outcomes.md": OUTCOMES,
        "courses.md": COURSES.replace(":prerequisites: l7\n", "")
        .replace(":develops: communication, decisiveness\n", "")
        .replace(
            ":outcomes: managing-change\n:prerequisites: l5",
            ":outcomes: managing-change, managing-finance\n:prerequisites: l5",
        ),
    }
    files["outcomes.md"] = OUTCOMES.replace(
        ":develops: integrity\n", ":develops: integrity, decisiveness\n"
    )
    result = build(files, warningiserror=True)
    assert result.reported() == []
    assert result.app.statuscode == 0


def test_a_course_without_develops_develops_through_its_outcomes(
    build: BuildProject,
) -> None:
    """Decisiveness is reached only through an outcome of a course that names
    no quality itself: it is developed, and nothing is reported."""
    files = {
        "p.md": page(
            "md",
            ":::{quality-card} Decisiveness\n:::\n\n"
            ":::{learning-outcome} Manage finance\n:name: finance\n"
            ":develops: decisiveness\n:::\n\n"
            ":::{course-callout} Level 5\n:outcomes: finance\n:::\n",
        )
    }
    assert build(files).reported() == []


def test_without_outcomes_qualities_are_not_checked(build: BuildProject) -> None:
    """A handbook of qualities and courses, as before outcomes existed, builds
    as it did; one outcome switches the checks on."""
    files = {
        "p.md": page(
            "md",
            ":::{quality-card} Integrity\n:::\n\n"
            ":::{quality-card} Empathy\n:::\n\n"
            ":::{course-callout} Level 5\n:develops: integrity\n:::\n",
        )
    }
    assert build(files).reported() == []
    files["o.md"] = page(
        "md",
        ":::{learning-outcome} Listen\n:develops: integrity\n:::\n",
        "Outcomes",
    )
    checks = {w.message.rsplit("(", 1)[1] for w in build(files).reported()}
    assert checks == {"cmi.alignment.quality)", "cmi.alignment.outcome)"}


def test_prerequisite_checks_run_without_outcomes(build: BuildProject) -> None:
    source = page(
        "md",
        ":::{course-callout} Level 5\n:name: l5\n:level: 5\n:prerequisites: l5\n:::\n",
    )
    (warning,) = build({"p.md": source}).reported()
    assert warning.type == "cmi.alignment"
    assert warning.line == line_of(source, ":prerequisites: l5")
    assert warning.message.startswith("cycle in :prerequisites: 'l5' -> 'l5'")


def test_unknown_outcomes_are_references_not_alignment(build: BuildProject) -> None:
    """A course whose only outcome is misspelt gets the cmi.ref warning (with
    the closest name), not an alignment warning about its :develops:."""
    source = page(
        "md",
        ":::{quality-card} Integrity\n:::\n\n"
        ":::{learning-outcome} Manage finance\n:name: finance\n"
        ":develops: integrity\n:::\n\n"
        ":::{course-callout} Level 5\n:develops: integrity\n:outcomes: financ\n:::\n\n"
        ":::{course-callout} Level 7\n:outcomes: finance\n:::\n",
    )
    reported = build({"p.md": source}).reported()
    assert [(w.type, w.line) for w in reported] == [
        ("cmi.ref", line_of(source, ":outcomes: financ"))
    ]
    assert "did you mean 'finance' (title 'Manage finance')?" in reported[0].message


def test_parallel_build_reports_the_same(build: BuildProject) -> None:
    many = {
        **FILES,
        **{f"filler{n}.md": page("md", "Text.\n", f"Filler {n}") for n in range(8)},
    }
    serial = alignment(build(many))
    parallel = alignment(build(many, parallel=2))
    assert serial == parallel == EXPECTED
