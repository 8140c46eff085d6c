"""Bad input: a ``cmi.*`` warning at the offending line, and nothing lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sphinx.errors import SphinxWarning

from bad_input import CASES, LANGUAGES, LINK_CASES, Case, LinkCase, case_files
from helpers import is_script_url, line_of, page, shared_build, squash

if TYPE_CHECKING:
    from helpers import Build, BuildProject


@pytest.fixture(scope="module")
def cases_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    """Every bad case, each on its own page: one shared project per language."""
    return {
        language: shared_build(
            tmp_path_factory.mktemp(f"cases-{language}") / "src",
            case_files(language),
        )
        for language in LANGUAGES
    }


@pytest.fixture
def myst_cases(cases_builds: dict[str, Build]) -> Build:
    return cases_builds["md"]


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.language}-{case.id}")
def test_warning_at_offending_line(cases_builds: dict[str, Build], case: Case) -> None:
    reported = cases_builds[case.language].reported_in(case.filename)
    expected_type = f"cmi.{case.subtype}"
    located = [
        (w.line, w.type)
        for w in reported
        if w.line == case.line and case.message in w.message
    ]
    assert located == [(case.line, expected_type)], (
        f"expected a {expected_type} warning containing {case.message!r} at "
        f"line {case.line}; got {reported}"
    )
    # Nothing else goes wrong: no other kind of warning for this page.
    assert {w.type for w in reported} == {expected_type}


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.language}-{case.id}")
def test_authored_text_survives(cases_builds: dict[str, Build], case: Case) -> None:
    main = cases_builds[case.language].main(case.docname)
    shown = squash(main.get_text())
    for authored in case.texts:
        assert squash(authored) in shown
    assert not main.select(".system-message, .problematic")
    assert not [a for a in main.select("a[href]") if is_script_url(str(a["href"]))]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_traceback_or_error(cases_builds: dict[str, Build], language: str) -> None:
    built = cases_builds[language]
    assert built.app.statuscode == 0
    assert "Traceback" not in built.warnings
    assert "ERROR" not in built.warnings
    assert "Exception" not in built.warnings
    assert {w.type for w in built.reported()} <= {
        "cmi.comparison",
        "cmi.quality",
        "cmi.course",
        "cmi.outcome",
        "cmi.catalog",
        "cmi.ref",
    }


def test_extra_cells_folded_into_last_cell(myst_cases: Build) -> None:
    main = myst_cases.main("case-md-too-many-cells")
    row = main.select("tbody > tr")
    assert len(row) == 1
    cells = [squash(td.get_text()) for td in row[0].select("td")]
    assert cells == ["first cell", "second cell third extra cell"]


def test_non_list_body_kept_after_table(myst_cases: Build) -> None:
    main = myst_cases.main("case-md-body-not-list")
    table = main.select_one("table.cmi-comparison")
    assert table is not None
    following = table.find_next_sibling("p")
    assert following is not None
    assert squash(following.get_text()) == "A stray paragraph of prose."


def test_too_few_columns_named_by_the_rows(myst_cases: Build) -> None:
    main = myst_cases.main("case-md-one-column")
    headers = [squash(th.get_text()) for th in main.select("th[scope=col]")]
    assert headers[:2] == ["Dimension", "Leader"]
    assert len(headers) == 3
    assert len(main.select("tbody td")) == 2


def test_refused_url_keeps_link_text_without_link(myst_cases: Build) -> None:
    main = myst_cases.main("case-md-url-javascript")
    card = main.select_one("div.cmi-course-callout")
    assert card is not None
    assert not card.select("a")
    assert "Enrol here" in squash(card.get_text())


def test_url_and_doc_uses_doc(myst_cases: Build) -> None:
    main = myst_cases.main("case-md-url-and-doc")
    assert [a["href"] for a in main.select("div.cmi-course-callout a")] == [
        "index.html"
    ]


@pytest.mark.parametrize(
    "case", LINK_CASES, ids=lambda case: f"{case.language}-{case.id}"
)
def test_unsafe_body_links_are_neutralised(
    cases_builds: dict[str, Build], case: LinkCase
) -> None:
    main = cases_builds[case.language].main(case.docname)
    hrefs = [str(a["href"]) for a in main.select("a[href]")]
    assert not [href for href in hrefs if is_script_url(href)]
    shown = squash(main.get_text())
    for authored in case.texts:
        assert authored in shown


@pytest.mark.parametrize(
    ("case_id", "marker", "subtype"),
    [
        pytest.param("bare", "javascript:alert(1)", "course", id="bare"),
        pytest.param("embedded", "javascript:alert(2)", "quality", id="embedded"),
        pytest.param("named-reference", "Visit evil_", "course", id="named"),
        pytest.param(
            "anonymous-reference", "Visit `anon site`__", "quality", id="anonymous"
        ),
        pytest.param("page-level-target", "Visit far_", "quality", id="page-target"),
    ],
)
def test_unsafe_rst_body_link_warns(
    cases_builds: dict[str, Build], case_id: str, marker: str, subtype: str
) -> None:
    case = next(c for c in LINK_CASES if c.id == case_id and c.language == "rst")
    line = line_of(case.source, marker)
    built = cases_builds["rst"]
    reported = [(w.line, w.type) for w in built.reported_in(case.filename)]
    assert (line, f"cmi.{subtype}") in reported


# --- values that look numeric to str.isdigit() but are not integers ----------


@pytest.mark.parametrize(
    ("body", "marker", "subtype"),
    [
        pytest.param(
            ":::{course-callout} Superscript level\n:level: \u00b2\n:::\n",
            ":level:",
            "course",
            id="level",
        ),
        pytest.param(
            ":::{comparison-table} Superscript widths\n:columns: A, B\n"
            ":widths: \u00b2 1 1\n\n- Row\n  - a\n  - b\n:::\n",
            ":widths:",
            "comparison",
            id="widths",
        ),
    ],
)
def test_superscript_digits_warn_instead_of_crashing(
    build: BuildProject, body: str, marker: str, subtype: str
) -> None:
    source = page("md", body)
    try:
        result = build({"digits.md": source})
    except Exception as error:  # the contract: never a traceback
        pytest.fail(f"the build crashed: {error!r}")
    reported = [(w.line, w.type) for w in result.reported_in("digits.md")]
    assert (line_of(source, marker), f"cmi.{subtype}") in reported


# --- misspelt options ----------------------------------------------------------

TYPO_TABLE = (
    "comparison-table",
    ":::{comparison-table} Typo table\n:columns: Leader, Manager\n:colums: typo\n\n"
    "- Typo row\n  - typo alpha\n  - typo beta\n:::\n",
    ".. comparison-table:: Typo table\n   :columns: Leader, Manager\n"
    "   :colums: typo\n\n   - Typo row\n\n     - typo alpha\n     - typo beta\n",
    ":colums:",
    ("Typo table", "Typo row", "typo alpha", "typo beta"),
)
TYPO_COURSE = (
    "course-callout",
    ":::{course-callout} Typo course\n:levle: 5\n\nTypo course body.\n:::\n",
    ".. course-callout:: Typo course\n   :levle: 5\n\n   Typo course body.\n",
    ":levle:",
    ("Typo course", "Typo course body."),
)


@pytest.mark.parametrize("language", ["md", "rst"])
@pytest.mark.parametrize(
    "typo", [TYPO_TABLE, TYPO_COURSE], ids=lambda typo: str(typo[0])
)
def test_misspelt_option_loses_nothing(
    build: BuildProject,
    language: str,
    typo: tuple[str, str, str, str, tuple[str, ...]],
) -> None:
    """An unknown option is reported at its line; the directive still renders."""
    _, myst, rst, marker, texts = typo
    source = page(language, myst if language == "md" else rst)
    result = build({f"typo.{language}": source})
    shown = squash(result.main("typo").get_text())
    for authored in texts:
        assert authored in shown
    lines = [w.line for w in result.reported_in(f"typo.{language}")]
    assert line_of(source, marker) in lines


# --- unknown :doc: ------------------------------------------------------------


def test_unknown_doc_is_sphinx_own_warning(build: BuildProject) -> None:
    source = page(
        "md", ":::{course-callout} Lost course\n:doc: nowhere\n\nLost body.\n:::\n"
    )
    result = build({"lost.md": source})
    reported = result.reported_in("lost.md")
    assert [(w.type, w.message) for w in reported] == [
        ("ref.doc", "unknown document: 'nowhere'")
    ]
    first = line_of(source, ":::{course-callout}")
    last = line_of(source, "Lost body.")
    line = reported[0].line
    assert line is not None
    assert first <= line <= last
    card = result.main("lost").select_one("div.cmi-course-callout")
    assert card is not None
    assert not card.select("a")
    assert "View course" in squash(card.get_text())


# --- suppress_warnings and -W -------------------------------------------------

MIXED = page(
    "md",
    ":::{course-callout} Mixed course\n:level: 12\n:::\n\n"
    ":::{comparison-table} Mixed table\n:columns: Leader\n\n"
    "- Row\n  - a\n  - b\n:::\n\n"
    ":::{quality-card} Mixed quality\n:icon: unknown-icon\n:::\n",
)


@pytest.mark.parametrize(
    ("suppressed", "remaining"),
    [
        ([], {"cmi.course", "cmi.comparison", "cmi.quality"}),
        (["cmi.course"], {"cmi.comparison", "cmi.quality"}),
        (["cmi.comparison", "cmi.quality"], {"cmi.course"}),
        (["cmi"], set()),
    ],
)
def test_suppress_warnings_by_subtype(
    build: BuildProject, suppressed: list[str], remaining: set[str]
) -> None:
    result = build({"mixed.md": MIXED}, conf={"suppress_warnings": suppressed})
    assert {w.type for w in result.reported()} == remaining
    assert all(w.path.endswith("mixed.md") for w in result.reported())


def test_warning_is_error_fails_the_build(build: BuildProject) -> None:
    result = build({"mixed.md": MIXED}, warningiserror=True)
    assert result.app.statuscode == 1
    assert "[cmi.course]" in result.warnings


def test_warning_is_error_passes_a_clean_build(build: BuildProject) -> None:
    source = page("md", ":::{quality-card} Fine\n:icon: star\n\nFine.\n:::\n")
    result = build({"fine.md": source}, warningiserror=True)
    assert result.app.statuscode == 0
    assert result.warnings == ""


def test_exception_on_warning_raises(build: BuildProject) -> None:
    source = page("md", ":::{course-callout} Bad level\n:level: 12\n:::\n")
    with pytest.raises(SphinxWarning, match=r"level"):
        build({"bad.md": source}, exception_on_warning=True)


def test_tab_in_options_keeps_every_option(build: BuildProject) -> None:
    """MyST drops all options for one tab; sphinx-cmi reads them line by line."""
    source = page(
        "md",
        ":::{course-callout} Pasted course\n:provider: Pasted\tProvider\n"
        ":duration: Six weeks\n:url: java\tscript:alert(1)\n:link-text: Enrol now\n\n"
        "Pasted body.\n:::\n",
    )
    result = build({"pasted.md": source})
    reported = result.reported_in("pasted.md")
    assert tuple(w.type for w in reported) == ("myst.directive_option", "cmi.course")
    assert reported[1].line == line_of(source, ":url:")
    card = result.main("pasted").select_one("div.cmi-course-callout")
    assert card is not None
    shown = squash(card.get_text())
    for text in ("Pasted Provider", "Six weeks", "Enrol now", "Pasted body."):
        assert text in shown
    assert not card.select("a")
