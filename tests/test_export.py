"""``curriculum.json``: the curriculum as data at the root of every web build,
valid against the JSON Schema shipped in the package, the same whichever way
the build ran."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jsonschema
import pytest

from helpers import PROJECT, shared_build, sphinx_process, write_project
from sphinx_cmi.export import FILENAME, FORMAT_VERSION, schema
from test_structured_data import COURSES, FILES, QUALITIES

if TYPE_CHECKING:
    from pathlib import Path

DOCS = PROJECT / "docs"
REFERENCE = DOCS / "reference" / "curriculum-export.md"
BASE = "https://handbook.example.org/en/"
CONF = {"extensions": ["myst_parser", "sphinx_cmi"]}


def export(outdir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((outdir / FILENAME).read_text(encoding="utf-8"))
    return data


def test_handbook_export_is_valid(handbook: Path) -> None:
    data = export(handbook)
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(data, schema(), cls=jsonschema.Draft202012Validator)
    assert data["version"] == FORMAT_VERSION
    # The published format's kinds, in order: a kind dropped or renamed by
    # mistake changes what every consumer of the file reads.
    assert [kind["name"] for kind in data["kinds"]] == ["quality", "course", "outcome"]
    titles = [card["title"] for card in data["cards"]["quality"]]
    assert titles[:5] == [
        "Integrity", "Communication", "Strategic thinking", "Decisiveness", "Empathy",
    ]  # fmt: skip


def test_handbook_export_urls_lead_to_the_cards(handbook: Path) -> None:
    """Every card's absolute URL names a page of the build and an anchor on it."""
    data = export(handbook)
    base = data["base_url"]
    assert base.startswith("https://")
    for cards in data["cards"].values():
        for card in cards:
            assert card["url"].startswith(base)
            parts = urlsplit(card["url"][len(base) :])
            assert parts.fragment == card["anchor"]
            html = (handbook / parts.path).read_text(encoding="utf-8")
            assert f'id="{card["anchor"]}"' in html


def test_invalid_export_is_caught_by_the_schema(handbook: Path) -> None:
    """The schema is strict enough to fail: a renamed field, a level of 9."""
    data = export(handbook)
    course = data["cards"]["course"][0]
    broken = json.loads(json.dumps(data))
    broken["cards"]["course"][0]["heading"] = broken["cards"]["course"][0].pop("title")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema())
    broken = json.loads(json.dumps(data))
    broken["cards"]["course"][0]["fields"] = {**course["fields"], "level": 9}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema())


def test_reference_example_lists_the_courses_developing_empathy(
    handbook: Path,
) -> None:
    """The Python example of the reference page, run on the handbook's export."""
    text = REFERENCE.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    (code,) = [block for block in blocks if "empathy" in block]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=handbook, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = export(handbook)
    expected = [
        card["title"]
        for card in data["cards"]["course"]
        if "empathy" in card["relations"]["develops"]
    ]
    assert len(expected) >= 2
    assert [line.split(": ")[0] for line in done.stdout.splitlines()] == expected


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    built = shared_build(tmp_path_factory.mktemp("export") / "src", FILES, conf=CONF)
    assert built.warnings == ""
    return export(built.outdir)


def test_cards_fields_and_relations_both_ways(small: dict[str, Any]) -> None:
    jsonschema.validate(small, schema())
    assert small["base_url"] is None
    courses = {card["name"]: card for card in small["cards"]["course"]}
    assert list(courses) == ["level-5", "short", "open"]  # not the :no-index: one
    assert courses["level-5"] == {
        "name": "level-5",
        "title": "Level 5 Management & Leadership",
        "page": "courses",
        "anchor": "level-5",
        "url": "courses.html#level-5",
        "fields": {
            "provider": "CMI",
            "level": 5,
            "duration": "6 months",
            "summary": "For managers in the middle tier: a qualification in two parts.",
        },
        "relations": {
            "develops": ["integrity", "empathy"],
            # Every relation of the kind is there, empty when unused.
            "outcomes": [],
            "prerequisites": [],
            "unlocks": [],
        },
    }
    qualities = {card["name"]: card for card in small["cards"]["quality"]}
    assert qualities["empathy"]["relations"]["developed-by"] == ["level-5", "open"]
    assert qualities["integrity"]["fields"] == {"summary": "Keeps promises."}
    course_kind = next(k for k in small["kinds"] if k["name"] == "course")
    assert course_kind["relations"][0] == {
        "name": "develops",
        "label": "Develops",
        "target": "quality",
    }


def test_unknown_names_are_not_relations(tmp_path: Path) -> None:
    files = {
        **FILES,
        "courses.md": COURSES.replace(
            ":develops: integrity, empathy\n", ":develops: integrity, nosuch, empathy\n"
        ),
    }
    built = shared_build(tmp_path / "src", files, conf=CONF)
    assert [w.type for w in built.reported()] == ["cmi.ref"], built.warnings
    (level_5, *_) = export(built.outdir)["cards"]["course"]
    assert level_5["relations"]["develops"] == ["integrity", "empathy"]


@pytest.mark.parametrize(
    ("builder", "url"),
    [
        ("html", f"{BASE}courses.html#level-5"),
        ("dirhtml", f"{BASE}courses/#level-5"),
        ("singlehtml", f"{BASE}index.html#level-5"),
    ],
)
def test_every_web_builder_writes_it(tmp_path: Path, builder: str, url: str) -> None:
    conf = {**CONF, "html_baseurl": BASE}
    built = shared_build(tmp_path / "src", FILES, conf=conf, buildername=builder)
    data = export(built.outdir)
    jsonschema.validate(data, schema())
    assert data["base_url"] == BASE
    assert data["cards"]["course"][0]["url"] == url


def test_relative_urls_in_dirhtml(tmp_path: Path) -> None:
    built = shared_build(tmp_path / "src", FILES, conf=CONF, buildername="dirhtml")
    assert export(built.outdir)["cards"]["course"][0]["url"] == "courses/#level-5"


def test_parallel_and_incremental_builds_write_the_same_file(tmp_path: Path) -> None:
    """-j 2, and an edit rebuilt incrementally, give a clean serial build's bytes."""
    many = {f"more{n}.md": QUALITIES.replace("ntegrity", f"ntegrity{n}").replace(
        "mpathy", f"mpathy{n}") for n in range(6)}  # fmt: skip
    files = {**FILES, **many}
    src = tmp_path / "src"
    write_project(src, files, CONF)
    sphinx_process("-b", "html", "-d", tmp_path / "dt-serial", src, tmp_path / "serial")
    sphinx_process(
        "-j", "2", "-b", "html", "-d", tmp_path / "dt-par", src, tmp_path / "par"
    )
    serial = (tmp_path / "serial" / FILENAME).read_bytes()
    assert (tmp_path / "par" / FILENAME).read_bytes() == serial
    # Incremental: edit a course and a quality, rebuild in place.
    incremental = ("-b", "html", "-d", tmp_path / "dt-inc", src, tmp_path / "inc")
    sphinx_process(*incremental)
    edited = COURSES.replace(":provider: CMI", ":provider: Another body")
    (src / "courses.md").write_text(edited, encoding="utf-8")
    (src / "more3.md").unlink()
    sphinx_process(*incremental)
    clean = tmp_path / "clean"
    shutil.copytree(src, clean)
    sphinx_process(
        "-b", "html", "-d", tmp_path / "dt-clean", clean, tmp_path / "clean-out"
    )
    after = (tmp_path / "inc" / FILENAME).read_bytes()
    assert after == (tmp_path / "clean-out" / FILENAME).read_bytes()
    assert after != serial
    assert b"Another body" in after
    assert b"integrity3" not in after
    # Nothing changed: the file is not written again.
    before = os.stat(tmp_path / "inc" / FILENAME).st_mtime_ns
    sphinx_process(*incremental)
    assert os.stat(tmp_path / "inc" / FILENAME).st_mtime_ns == before
