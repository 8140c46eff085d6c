"""Data files are untrusted: any text, in any format, is read or refused with a
located message, and never raises anything else."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import page, shared_build, squash
from sphinx_cmi import KINDS
from sphinx_cmi.data import DataError, read
from sphinx_cmi.entries import read_entries

SUFFIXES = (".yaml", ".json", ".toml", ".csv")
QUICK = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-20, 20), st.text(max_size=20)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
# Every field a kind declares (facts and options, so a new one is fuzzed too),
# the common ones, and a misspelling.
FIELDS = st.sampled_from(
    sorted(
        {fact.name for kind in KINDS for fact in kind.facts}
        | {option for kind in KINDS for option in kind.options}
        | {"name", "title", "body", "no-index", "class", "kind", "levle"}
    )
)
ENTRY = st.dictionaries(FIELDS, VALUES, max_size=6)
DOCUMENT = st.dictionaries(
    st.sampled_from([*(kind.list_key for kind in KINDS), "columns", "rows", "other"]),
    st.lists(ENTRY, max_size=4) | VALUES,
    max_size=3,
)


def read_all(path: Path) -> None:
    """What the directive does with a file: read it, then its entries."""
    try:
        found = read(str(path), path.name)
    except DataError as error:
        refused = error
    else:
        for chosen in (None, KINDS[1]):
            entries, problems = read_entries(found, list(KINDS), chosen)
            assert all(problem.line >= 1 for problem in problems)
            assert all(entry.line >= 1 for entry in entries)
        return
    assert refused.message
    assert refused.line is None or refused.line >= 1


@QUICK
@given(text=st.text(max_size=300), suffix=st.sampled_from(SUFFIXES))
def test_any_text_is_read_or_refused(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"data{suffix}"
        path.write_text(text, encoding="utf-8")
        read_all(path)


@QUICK
@given(raw=st.binary(max_size=200), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_are_read_or_refused(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"data{suffix}"
        path.write_bytes(raw)
        read_all(path)


@QUICK
@given(document=DOCUMENT, suffix=st.sampled_from([".yaml", ".json"]))
def test_any_structure_is_read_with_located_problems(
    document: dict[str, object], suffix: str
) -> None:
    text = (
        yaml.safe_dump(document, allow_unicode=True)
        if suffix == ".yaml"
        else json.dumps(document)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"data{suffix}"
        path.write_text(text, encoding="utf-8")
        read_all(path)


TITLES = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1,
    max_size=20,
).filter(lambda title: title.strip() != "")  # fmt: skip


@settings(
    max_examples=8,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    titles=st.lists(TITLES, min_size=1, max_size=4, unique=True),
    extra=st.lists(ENTRY, max_size=2),
    language=st.sampled_from(["md", "rst"]),
)
def test_a_build_never_fails_and_shows_every_title(
    titles: list[str], extra: list[dict[str, object]], language: str
) -> None:
    courses = [{"name": f"c{n}", "title": t} for n, t in enumerate(titles)]
    data = yaml.safe_dump({"courses": [*courses, *extra]}, allow_unicode=True)
    if language == "md":
        body = ":::{curriculum-import} data.yaml\n:::\n"
    else:
        body = ".. curriculum-import:: data.yaml\n"
    with tempfile.TemporaryDirectory() as folder:
        result = shared_build(
            Path(folder) / "src",
            {f"imported.{language}": page(language, body), "data.yaml": data},
        )
        assert "Traceback" not in result.warnings
        assert result.app.statuscode == 0
        assert {w.type for w in result.reported()} <= {"cmi.data", None}
        shown = squash(result.main("imported").get_text())
        for title in titles:
            assert squash(" ".join(title.split())) in shown
