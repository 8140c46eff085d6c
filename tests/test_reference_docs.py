"""The warnings reference documents every subtype the code can emit."""

from __future__ import annotations

import re

import pytest

from helpers import PROJECT
from sphinx_cmi import warning_subtypes

SOURCE = PROJECT / "src" / "sphinx_cmi"
WARNINGS_PAGE = PROJECT / "docs" / "reference" / "warnings.md"


def emitted_subtypes() -> set[str]:
    return set(warning_subtypes())


def sections() -> dict[str, str]:
    """``cmi.<subtype>`` -> the text of its "## ... (`cmi.x`)" section."""
    text = WARNINGS_PAGE.read_text(encoding="utf-8")
    parts = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    found = {}
    for part in parts:
        heading = part.splitlines()[0]
        match = re.search(r"\(`(cmi\.\w+)`\)", heading)
        if match:
            found[match.group(1)] = part
    return found


def test_the_scan_finds_the_subtypes() -> None:
    assert {"comparison", "quality", "course", "ref", "duplicate"} <= emitted_subtypes()


@pytest.mark.parametrize("subtype", sorted(emitted_subtypes()))
def test_subtype_has_example_message_and_fix(subtype: str) -> None:
    section = sections().get(f"cmi.{subtype}")
    assert section is not None, f"warnings.md has no section for cmi.{subtype}"
    assert "```text" in section
    assert f"[cmi.{subtype}]" in section, "no example message of this type"
    assert "**Fix:**" in section or "**Fix**" in section
    assert f"| `cmi.{subtype}` |" in WARNINGS_PAGE.read_text(encoding="utf-8")


def test_every_warning_names_a_declared_subtype() -> None:
    """Subtypes come from the Subtype enum or a kind, never a string literal,
    so the list above is the whole list."""
    for path in SOURCE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'subtype\s*=\s*["\']', text), path.name
        assert not re.search(r'warn\([^()]*,\s*["\'][a-z]+["\']\s*,', text), path.name


REFERENCE = PROJECT / "docs" / "reference"


@pytest.mark.parametrize("directive", ["learning-outcome", "learning-path"])
def test_the_new_directives_have_a_reference_page(directive: str) -> None:
    page = REFERENCE / f"{directive}.md"
    assert page.is_file()
    index = (REFERENCE / "index.md").read_text(encoding="utf-8")
    assert f"{{doc}}`{directive}`" in index
    assert f"\n{directive}\n" in index  # in the toctree


@pytest.mark.parametrize(
    ("page", "options"),
    [
        ("learning-outcome", ["name", "develops", "class", "no-index"]),
        ("learning-path", ["from", "to", "level", "name", "class"]),
        ("course-callout", ["outcomes", "prerequisites"]),
        ("curriculum-matrix", ["rows", "columns"]),
        ("course-catalog", ["outcomes", "prerequisites"]),
    ],
)
def test_the_new_options_are_documented(page: str, options: list[str]) -> None:
    text = (REFERENCE / f"{page}.md").read_text(encoding="utf-8")
    for option in options:
        assert f"`:{option}:`" in text, f"{page}.md does not describe :{option}:"


def test_the_outcome_role_and_numbers_are_documented() -> None:
    roles = (REFERENCE / "roles.md").read_text(encoding="utf-8")
    for needle in ("{outcome}`", "{cmi:outcome}`", "Outcome N", "cmi:outcome"):
        assert needle in roles


def test_every_alignment_check_is_documented() -> None:
    from sphinx_cmi.alignment import CYCLE, LEVEL, check_name

    section = sections()["cmi.alignment"]
    names = [check_name(c) for c in ("outcome", "quality", "develops", CYCLE, LEVEL)]
    for name in names:
        assert f"`{name}`" in section
        assert f"({name}) [cmi.alignment]" in section, f"no example message for {name}"
