"""Unit tests: option values, the records of the graph, and what they imply."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_cmi import KINDS, options, values
from sphinx_cmi.graph import Record, implied, reference, spellings

# --- option values ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5", 5), ("12", 12), ("0", None), ("-1", None), ("5.0", None), ("²", None),
     ("٣", None), (" 5", None), ("", None)],
)  # fmt: skip
def test_positive_int(text: str, expected: int | None) -> None:
    assert values.positive_int(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", 1), ("8", 8), ("0", None), ("9", None), ("05", 5), ("x", None)],
)
def test_level(text: str, expected: int | None) -> None:
    assert values.level(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5", (5, 5)), ("3-5", (3, 5)), ("3 - 5", (3, 5)), ("5-3", None),
     ("0-3", None), ("3-9", None), ("3-", None), ("35", None), ("", None)],
)  # fmt: skip
def test_level_range(text: str, expected: tuple[int, int] | None) -> None:
    assert values.level_range(text) == expected


@given(st.text())
def test_level_range_only_returns_valid_ranges(text: str) -> None:
    found = values.level_range(text)
    if found is not None:
        low, high = found
        assert 1 <= low <= high <= 8


def test_split_list_keeps_empty_items() -> None:
    assert values.split_list(" a, ,b ,") == ["a", "", "b", ""]


def test_names_are_normalised_once_each() -> None:
    items = values.split_list("Integrity,  integrity , Strategic   Thinking,,")
    assert values.names(items) == [
        "integrity",
        "strategic thinking",
    ]


# --- records ---------------------------------------------------------------------

QUALITY, COURSE, OUTCOME = KINDS


def course(name: str, develops: tuple[str, ...] = ()) -> Record:
    facts = {"level": 5, "develops": develops} if develops else {"level": 5}
    return Record(COURSE.name, name, "courses", name, name.title(), 3, facts)


def test_record_reads_its_facts_with_defaults() -> None:
    record = course("l5", ("integrity",))
    assert record.fact("level") == 5
    assert record.fact("develops", ()) == ("integrity",)
    assert record.fact("provider") == ""
    assert record.fact("duration", None) is None


def test_what_a_record_shows_leaves_out_its_line() -> None:
    assert course("l5").shown() == replace(course("l5"), line=40).shown()
    assert course("l5").shown() != course("l7").shown()
    assert course("l5").shown() != course("l5", ("integrity",)).shown()


def test_records_pickle_and_read_back_equal() -> None:
    record = course("l5", ("integrity", "empathy"))
    assert pickle.loads(pickle.dumps(record)) == record


def test_a_title_is_looked_up_as_itself_then_as_its_slug() -> None:
    assert spellings(QUALITY.name, "Strategic thinking") == (
        "Strategic thinking",
        "strategic-thinking",
    )
    assert reference(QUALITY.name, "integrity") == {(QUALITY.name, "integrity")}


def test_a_course_implies_the_qualities_it_develops() -> None:
    """And its own "Unlocks" backlinks: courses name courses."""
    record = course("l5", ("strategic thinking",))
    assert implied(record, KINDS) == {
        (QUALITY.name, "strategic thinking"),
        (QUALITY.name, "strategic-thinking"),
        ("unlocks", "l5"),
    }


def test_a_course_without_develops_implies_what_it_takes_from_its_outcomes() -> None:
    facts = {"outcomes": ("managing-change",)}
    record = Record(COURSE.name, "l5", "courses", "l5", "L5", 3, facts)
    assert implied(record, KINDS) == {
        (OUTCOME.name, "managing-change"),
        ("unlocks", "l5"),
        ("course.develops", "l5"),  # graph.through: its outcomes' qualities
    }
    with_develops = Record(
        COURSE.name, "l5", "courses", "l5", "L5", 3, {**facts, "develops": ("x",)}
    )
    assert ("course.develops", "l5") not in implied(with_develops, KINDS)


def test_a_quality_implies_its_backlinks() -> None:
    record = Record(QUALITY.name, "integrity", "qualities", "integrity", "I", 1)
    develops = COURSE.fact("develops")
    through = OUTCOME.fact("develops")
    assert develops is not None
    assert through is not None
    assert implied(record, KINDS) == {
        (develops.inverse, "integrity"),
        (through.inverse, "integrity"),
    }


def test_a_fact_line_is_the_cards_line_plus_its_offset() -> None:
    record = Record(
        COURSE.name, "l5", "courses", "l5", "L5", 10, offsets=(("develops", 3),)
    )
    assert record.line_of("develops") == 13
    assert record.line_of("outcomes") == 10
    # Lines are where a card is written, not what a page shows of it.
    elsewhere = Record(COURSE.name, "l5", "courses", "l5", "L5", 99)
    assert record.shown() == elsewhere.shown()


# --- option lines as written ---------------------------------------------------


def test_written_options_read_every_syntax_and_continuation() -> None:
    myst = (
        ":::{course-callout} Title\n:level: 5\n:provider: A long\n"
        "  provider name\n:class:\n\nBody.\n:::"
    )
    rst = ".. course-callout:: Title\n   :level(2): 5\n   :no-index:\n\n   Body."
    assert options.written_options(myst) == [
        options.Written("level", "5", 1),
        options.Written("provider", "A long provider name", 2),
        options.Written("class", "", 4),
    ]
    # A repeat renamed in the source (sources.mend) reads as the option again.
    assert options.written_options(rst) == [
        options.Written("level", "5", 1),
        options.Written("no-index", "", 2),
    ]


def test_lenient_converters_never_raise() -> None:
    assert options.classes(None) == []
    assert options.classes("ok ### also-ok") == ["ok", "also-ok"]
    assert options.flag(None) == ""
    assert options.flag(" false ") == "false"


def test_suggestion_names_the_closest_choice_only() -> None:
    assert options.suggestion("iconn", ["icon", "name"]) == "; did you mean 'icon'?"
    assert options.suggestion("zzz", ["icon", "name"]) == ""
