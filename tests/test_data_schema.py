"""The JSON Schema of data files: shipped, printed by ``sphinx-cmi schema``,
made from the kinds, and what the build itself validates with."""

from __future__ import annotations

import email
import json
import subprocess
import sys
import zipfile
from importlib import resources
from typing import TYPE_CHECKING

import pytest
import yaml
from jsonschema import Draft202012Validator

from helpers import PROJECT, page, shared_build
from sphinx_cmi import KINDS, cli, schema
from test_registry import SKILL

if TYPE_CHECKING:
    from pathlib import Path

SHIPPED = resources.files("sphinx_cmi") / schema.SCHEMA_FILE


LISTS = ", ".join(kind.list_key for kind in KINDS)
"""The lists a data file can hold, one per kind (more kinds, more lists)."""


def shipped() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return loaded


def test_the_shipped_schema_is_made_from_the_kinds() -> None:
    """Regenerate with ``sphinx-cmi schema > src/sphinx_cmi/curriculum.schema.json``."""
    assert SHIPPED.read_text(encoding="utf-8") == schema.text(KINDS)
    Draft202012Validator.check_schema(shipped())


def test_sphinx_cmi_schema_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema"]) == 0
    assert capsys.readouterr().out == SHIPPED.read_text(encoding="utf-8")
    printed = subprocess.run(
        [sys.executable, "-m", "sphinx_cmi", "schema"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert json.loads(printed) == shipped()


def test_the_wheel_ships_it_and_needs_the_readers(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert f"sphinx_cmi/{schema.SCHEMA_FILE}" in names
        metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(metadata_name))
    required = " ".join(metadata.get_all("Requires-Dist", []))
    assert "pyyaml" in required.lower()
    assert "jsonschema" in required


def test_every_field_of_every_kind_is_in_it() -> None:
    definitions = shipped()["$defs"]
    assert isinstance(definitions, dict)
    course = definitions["course"]["properties"]
    assert list(course) == [
        "name", "title", "provider", "level", "duration", "develops", "outcomes",
        "prerequisites", "url", "doc", "link-text", "class", "no-index", "body",
    ]  # fmt: skip
    assert list(definitions["quality"]["properties"]) == [
        "name", "title", "icon", "summary", "class", "no-index", "body",
    ]  # fmt: skip


def test_a_kind_of_an_extension_gets_its_list_and_fields() -> None:
    """Nothing names a kind: another kind's facts are fields at once."""
    made = schema.schema([*KINDS, SKILL])
    assert made["properties"]["skills"]["items"] == {"$ref": "#/$defs/skill"}
    skill = made["$defs"]["skill"]["properties"]
    assert "builds" in skill
    assert "level" in skill
    assert skill["level"] is schema.LEVEL


@pytest.mark.parametrize(
    "path",
    [
        "docs/data/curriculum.yaml",
        "docs/data/partnership.yaml",
        "src/sphinx_cmi/templates/starter/en/data/curriculum.yaml.tmpl",
    ],
)
def test_the_projects_own_files_are_valid(path: str) -> None:
    data = yaml.safe_load((PROJECT / path).read_text(encoding="utf-8"))
    assert list(Draft202012Validator(shipped()).iter_errors(data)) == []


def test_editors_find_the_schema_next_to_the_handbooks_files() -> None:
    data = PROJECT / "docs" / "data"
    assert (data / schema.SCHEMA_FILE).read_text(encoding="utf-8") == (
        SHIPPED.read_text(encoding="utf-8")
    )
    for path in data.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={schema.SCHEMA_FILE}"
    reference = (PROJECT / "docs/reference/curriculum-import.md").read_text("utf-8")
    assert "# yaml-language-server: $schema=curriculum.schema.json" in reference
    assert "sphinx-cmi schema > " in reference


# --- the build validates with the same schema ------------------------------------

BAD = """\
$schema: curriculum.schema.json
courses:
  - name: one
    title: One
    develops: {a: b}
    no-index: perhaps
  - name: two
    title: [Two]
    url: {x: 1}
courzes: []
"""


def test_the_build_reports_what_the_schema_rejects(tmp_path: Path) -> None:
    files = {
        "data/bad.yaml": BAD,
        "bad.md": page("md", ":::{curriculum-import} data/bad.yaml\n:::\n"),
    }
    result = shared_build(tmp_path / "src", files)
    found = {(w.line, w.message.split(" (imported")[0])
             for w in result.reported_in("data/bad.yaml")}  # fmt: skip
    assert found == {
        (5, "field 'develops' must be a list of names or text with commas, not a "
            "mapping"),
        (6, "field 'no-index' must be true or false, not 'perhaps'"),
        (8, "field 'title' must be text, not a list"),
        (9, "field 'url' must be text, not a mapping"),
        (10, f"unknown key 'courzes' (known: {LISTS}, columns, "
             "dimension-label, rows); did you mean 'courses'?"),
    }  # fmt: skip
    independent = Draft202012Validator(shipped())
    assert len(list(independent.iter_errors(yaml.safe_load(BAD)))) >= 5
