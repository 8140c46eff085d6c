"""Problems in data files: one ``cmi.data`` warning at the file's own line,
naming the page that imports it; a bad entry never hides the good ones.

Each case is a data file and a page importing it; the expected line is
found from the file's text (the line holding ``marker``), never written by
hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

from helpers import line_of, page, shared_build, squash
from sphinx_cmi import KINDS
from sphinx_cmi.course import COURSE

if TYPE_CHECKING:
    from helpers import Build

KIND_NAMES = ", ".join(kind.name for kind in KINDS)
LIST_KEYS = " or ".join(repr(kind.list_key) for kind in KINDS)
FACTS = [fact.name for fact in COURSE.facts]
COURSE_FIELDS = ", ".join(
    ["name", "title", *FACTS, *COURSE.options, "class", "no-index", "body"]
)
"""What the messages list, from the declarations (a new fact or kind joins)."""


@dataclass(frozen=True)
class DataCase:
    id: str
    data: str
    """The data file's text; its name is ``data/<id>.<suffix>``."""
    options: str = ""
    marker: str = ""
    """Text on the line the warning points at: in the data file, or (with
    *on_page*) in the page."""
    message: str = ""
    texts: tuple[str, ...] = ()
    """Text of good entries that must still be on the page."""
    suffix: str = "yaml"
    on_page: bool = False
    written: bool = True
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def data_name(self) -> str:
        return f"data/{self.id}.{self.suffix}"

    @property
    def page_name(self) -> str:
        return f"{self.id}.md"

    @property
    def source(self) -> str:
        body = f":::{{curriculum-import}} {self.data_name}\n{self.options}:::\n"
        return page("md", body)


GOOD = "  - name: {id}-good\n    title: Good {id}\n    level: 4\n"


def courses(case_id: str, bad: str) -> str:
    """A course list: a good course, then *bad*, then another good one."""
    first = GOOD.format(id=f"{case_id}-1")
    return f"courses:\n{first}{bad}{GOOD.format(id=f'{case_id}-2')}"


CASES = [
    DataCase(
        "yaml-syntax",
        "courses:\n  - name: y\n    title: Y\n   level: 3\n",
        marker="   level: 3",
        message="YAML syntax error: expected <block end>",
    ),
    DataCase(
        "json-syntax",
        '{"courses": [\n  {"name": "j", "title": "J"}\n  {"name": "k"}\n]}\n',
        suffix="json",
        marker='{"name": "k"}',
        message="JSON syntax error: Expecting ',' delimiter",
    ),
    DataCase(
        "toml-syntax",
        '[[courses]]\nname = "t"\ntitle =\n',
        suffix="toml",
        marker="title =",
        message="TOML syntax error: Invalid value",
    ),
    DataCase(
        "csv-syntax",
        'name,title\ncsv-a,Alpha course\ncsv-b,"Beta\ncsv-c,Gamma\n',
        suffix="csv",
        options=":kind: course\n",
        marker="csv-b",
        message="CSV syntax error in the row starting here: unexpected end of data",
        texts=("Alpha course",),
    ),
    DataCase(
        "unknown-field",
        courses("unknown-field", "  - name: typo\n    title: Typo\n    levle: 5\n"),
        marker="levle",
        message=f"unknown field 'levle' (known: {COURSE_FIELDS}); did you mean "
        "'level'?",
        texts=("Good unknown-field-1", "Typo", "Good unknown-field-2"),
    ),
    DataCase(
        "no-name",
        courses("no-name", "  - title: Nameless course\n"),
        marker="Nameless course",
        message="course 'Nameless course' has no name: add a 'name' field",
        texts=("Good no-name-1", "Nameless course", "Good no-name-2"),
    ),
    DataCase(
        "no-title",
        courses("no-title", "  - name: untitled\n    provider: Somebody\n"),
        marker="name: untitled",
        message="course 'untitled' has no title: add a 'title' field",
        texts=("Good no-title-1", "Somebody", "Good no-title-2"),
    ),
    DataCase(
        "bad-level",
        courses("bad-level", "  - name: lvl\n    title: Too high\n    level: 9\n"),
        marker="level: 9",
        message="field 'level' must be a whole number from 1 to 8, got '9'",
        texts=("Good bad-level-1", "Too high", "Good bad-level-2"),
    ),
    DataCase(
        "unsafe-url",
        courses(
            "unsafe-url",
            "  - name: evil\n    title: Evil\n    url: javascript:alert(1)\n",
        ),
        marker="javascript:",
        message=":url: 'javascript:alert(1)' refused",
        texts=("Good unsafe-url-1", "Evil", "Good unsafe-url-2"),
    ),
    DataCase(
        "unknown-develops",
        courses(
            "unknown-develops",
            "  - name: dev\n    title: Dev\n    develops: [nosuch]\n",
        ),
        marker="develops:",
        message="unknown quality 'nosuch'",
        texts=("Good unknown-develops-1", "Dev", "nosuch"),
    ),
    DataCase(
        "wrong-type",
        courses(
            "wrong-type",
            "  - name: typed\n    title: Typed\n    develops:\n      a: b\n",
        ),
        marker="develops:",
        message="field 'develops' must be a list of names or text with commas, "
        "not a mapping",
        texts=("Good wrong-type-1", "Typed", "Good wrong-type-2"),
    ),
    DataCase(
        "repeated-key",
        "courses:\n  - name: rep\n    title: First\n    title: Second\n",
        marker="title: Second",
        message="key 'title' repeated (first on line 3); the last value is used",
        texts=("Second",),
    ),
    DataCase(
        "same-file-duplicate",
        "courses:\n  - name: twice\n    title: Once\n  - title: Again\n"
        "    name: twice\n",
        marker="title: Again",
        message="duplicate course 'twice': also defined at ",
        texts=("Once", "Again"),
    ),
    DataCase(
        "hand-written-first",
        "courses:\n  - name: by-hand-a\n    title: Imported A\n",
        marker="name: by-hand-a",
        message="duplicate course 'by-hand-a': also defined at ",
        extra={
            "aaa-hand.md": page(
                "md", ":::{course-callout} Hand A\n:name: by-hand-a\n:::\n"
            )
        },
    ),
    DataCase(
        "hand-written-after",
        "courses:\n  - name: by-hand-z\n    title: Imported Z\n",
        marker="name: by-hand-z",
        message="duplicate course 'by-hand-z': also defined at ",
        extra={
            "zzz-hand.md": page(
                "md", ":::{course-callout} Hand Z\n:name: by-hand-z\n:::\n"
            )
        },
    ),
    DataCase(
        "not-shown",
        "courses:\n  - name: shown\n    title: Shown\n  - name: left-out\n"
        "    title: Left out\n",
        options=":names: shown\n",
        marker="name: left-out",
        message="course 'left-out' is shown on no page",
        texts=("Shown",),
    ),
    DataCase(
        "not-utf8",
        "courses:\n  - name: latin\n    title: Caf\xe9\n",
        marker="Caf",
        message="not UTF-8 text (byte 0xe9): save the file as UTF-8",
    ),
    DataCase(
        "unknown-column",
        "name,title,levl\ncol-a,Column A,3\n",
        suffix="csv",
        options=":kind: course\n",
        marker="levl",
        message="unknown column 'levl'",
        texts=("Column A",),
    ),
    DataCase(
        "repeated-column",
        "name,title,title\nrep-a,First A,Second A\n",
        suffix="csv",
        options=":kind: course\n",
        marker="name,title,title",
        message="column 'title' appears twice in the header; the last one is used",
        texts=("Second A",),
    ),
    DataCase(
        "extra-cells",
        "name,title\nextra-a,Extra A,surplus\nextra-b,Extra B\n",
        suffix="csv",
        options=":kind: course\n",
        marker="extra-a",
        message="row has 3 cells but the header names 2 columns; the extra cells "
        "are not read: 'surplus'",
        texts=("Extra A", "Extra B"),
    ),
    DataCase(
        "empty-kind-cell",
        "kind,name,title\ncourse,kinded,Kinded\n,kindless,Kindless\n",
        suffix="csv",
        marker=",kindless",
        message="row without a kind: fill in its 'kind' cell, or give the "
        "directive a :kind:",
        texts=("Kinded",),
    ),
    DataCase(
        "unknown-kind",
        "kind,name,title\ncourse,kind-a,Kind A\ncourze,kind-b,Kind B\n"
        "quality,kind-c,Kind C\n",
        suffix="csv",
        marker="courze",
        message=f"unknown kind 'courze' (known: {KIND_NAMES}); the row is not "
        "read; did you mean 'course'?",
        texts=("Kind A", "Kind C"),
    ),
    DataCase(
        "body-link",
        "courses:\n  - name: body\n    title: Body\n    body: |\n      First.\n\n"
        "      A [link](javascript:alert(1)).\n",
        marker="A [link]",
        message="",  # MyST makes no link of it: nothing to warn about
        texts=("First.", "A [link](javascript:alert(1))."),
    ),
    # Problems of the page, not of the file: at the directive's lines.
    DataCase(
        "missing-file",
        "",
        written=False,
        on_page=True,
        marker=":::{curriculum-import}",
        message="data file 'data/missing-file.yaml' not found",
    ),
    DataCase(
        "unreadable",
        "",
        written=False,
        on_page=True,
        marker=":::{curriculum-import}",
        message="cannot read data file 'data/unreadable.yaml': Is a directory",
    ),
    DataCase(
        "empty",
        "# Nothing yet.\n",
        on_page=True,
        marker=":::{curriculum-import}",
        message=f"data/empty.yaml has no entries under {LIST_KEYS}: "
        "there is nothing to show",
    ),
    DataCase(
        "empty-csv",
        "name,title\n",
        suffix="csv",
        options=":kind: course\n",
        on_page=True,
        marker=":::{curriculum-import}",
        message="data/empty-csv.csv has no rows: there is nothing to show",
    ),
    DataCase(
        "unsupported",
        "a\tb\n",
        suffix="xlsx",
        on_page=True,
        marker=":::{curriculum-import}",
        message="unsupported data file 'data/unsupported.xlsx': use .csv, .json, "
        ".toml, .yaml, .yml",
    ),
    DataCase(
        "csv-without-kind",
        "name,title\nlonely,Lonely\n",
        suffix="csv",
        on_page=True,
        marker=":::{curriculum-import}",
        message="has no 'kind' column: say which kind its rows are with :kind:",
    ),
    DataCase(
        "unknown-name",
        "courses:\n  - name: known\n    title: Known\n",
        options=":names: known, unknwn\n",
        on_page=True,
        marker=":names:",
        message="no entry named 'unknwn' in data/unknown-name.yaml",
        texts=("Known",),
    ),
    DataCase(
        "bad-kind-option",
        "courses:\n  - name: opt\n    title: Opt\n",
        options=":kind: courses\n",
        on_page=True,
        marker=":kind:",
        message=f":kind: must be one of {KIND_NAMES}, got 'courses'",
        texts=("Opt",),
    ),
]
QUALITIES = page("md", ":::{quality-card} Integrity\n:name: integrity\n:::\n")


def case_files() -> dict[str, str]:
    files = {"qualities.md": QUALITIES}
    for case in CASES:
        files[case.page_name] = case.source
        files.update(case.extra)
        if case.written:
            files[case.data_name] = case.data
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    srcdir = tmp_path_factory.mktemp("data-cases") / "src"
    files = case_files()
    latin = files.pop("data/not-utf8.yaml")
    (srcdir / "data").mkdir(parents=True)
    (srcdir / "data/not-utf8.yaml").write_bytes(latin.encode("latin-1"))
    (srcdir / "data/unreadable.yaml").mkdir()  # a folder where the file should be
    return shared_build(srcdir, files)


WARNED = [case for case in CASES if case.message]


@pytest.mark.parametrize("case", WARNED, ids=lambda case: case.id)
def test_one_warning_at_the_data_files_line(built: Build, case: DataCase) -> None:
    name = case.page_name if case.on_page else case.data_name
    text = case.source if case.on_page else case.data
    reported = [w for w in built.reported_in(name) if case.message in w.message]
    assert [(w.line, w.type) for w in reported] == [
        (line_of(text, case.marker), "cmi.data")
    ], built.warnings
    if not case.on_page:
        assert reported[0].message.endswith(f"(imported by {case.page_name})")


def test_every_warning_is_one_of_the_cases(built: Build) -> None:
    """No other warning: one per problem, and none for the good entries."""
    for warning in built.reported():
        if warning.type is None:  # Sphinx's own duplicate label
            assert "duplicate label" in warning.message
            continue
        assert warning.type == "cmi.data", warning
        assert any(case.message in warning.message for case in WARNED), warning


SHOWING = [case for case in CASES if case.texts]


@pytest.mark.parametrize("case", SHOWING, ids=lambda case: case.id)
def test_a_bad_entry_never_hides_the_good_ones(built: Build, case: DataCase) -> None:
    shown = squash(built.main(case.id).get_text())
    assert [text for text in case.texts if text not in shown] == []


def test_the_body_links_nothing_unsafe(built: Build) -> None:
    main = built.main("body-link")
    assert not [a for a in main.select("a[href]") if "javascript" in str(a["href"])]
