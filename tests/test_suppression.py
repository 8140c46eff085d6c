"""``suppress_warnings`` and ``-W`` act on each ``cmi.<subtype>`` separately."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from helpers import page
from sphinx_cmi import warning_subtypes

if TYPE_CHECKING:
    from helpers import BuildProject

SUBTYPES = tuple(f"cmi.{subtype}" for subtype in warning_subtypes())

EVERY_SUBTYPE_ONCE = page(
    "md",
    """\
:::{comparison-table} No columns here
- Dimension
  - first cell
  - second cell
:::

:::{quality-card} Integrity
:name: integrity
:icon: lightning

Body.
:::

:::{course-callout} Course one
:name: course-one
:level: Level 5
:prerequisites: course-one

Body.
:::

:::{learning-outcome}
:develops: integrity

An outcome without a title.
:::

See {quality}`nosuch`.

:::{quality-index}
:sort: level
:::
""",
)
DUPLICATE = page(
    "md", ":::{quality-card} Integrity again\n:name: integrity\n\nBody.\n:::\n", "Dup"
)
CONF = {
    "extensions": ["myst_parser", "sphinx_cmi"],
    "cmi_check_all_links": True,  # cmi.link for the script link in prose
    "cmi_check_all_link": True,  # cmi.config: no setting has that name
}


SCRIPT_LINK = page("rst", "A `script <javascript:alert(1)>`_ link.", "Link")
# cmi.data: a level from 1 to 8 in a data file
DATA_FILE = "courses:\n  - name: course-two\n    title: Course two\n    level: 9\n"
IMPORT = page("md", ":::{curriculum-import} data.yaml\n:::\n", "Imported")


def files(*, duplicate: bool = True) -> dict[str, str]:
    pages = {"a.md": EVERY_SUBTYPE_ONCE, "c.rst": SCRIPT_LINK, "d.md": IMPORT,
             "data.yaml": DATA_FILE}  # fmt: skip
    if duplicate:
        pages["b.md"] = DUPLICATE
    return pages


def cmi_types(warnings: list[str | None]) -> list[str]:
    return sorted(t for t in warnings if t and t.startswith("cmi."))


def test_the_project_triggers_every_subtype_exactly_once(build: BuildProject) -> None:
    result = build(files(), conf=CONF)
    assert cmi_types([w.type for w in result.reported()]) == sorted(SUBTYPES)


@pytest.mark.parametrize("subtype", SUBTYPES)
def test_suppressing_a_subtype_silences_it_and_nothing_else(
    build: BuildProject, subtype: str
) -> None:
    result = build(files(), conf={**CONF, "suppress_warnings": [subtype]})
    remaining = cmi_types([w.type for w in result.reported()])
    assert remaining == sorted(set(SUBTYPES) - {subtype})


def test_suppressing_the_family_silences_every_subtype(build: BuildProject) -> None:
    result = build(files(), conf={**CONF, "suppress_warnings": ["cmi"]})
    assert cmi_types([w.type for w in result.reported()]) == []


def test_without_any_cmi_warning_w_succeeds(build: BuildProject) -> None:
    result = build(
        files(duplicate=False),
        conf={**CONF, "suppress_warnings": list(SUBTYPES)},
        warningiserror=True,
    )
    assert result.reported() == []
    assert result.app.statuscode == 0


@pytest.mark.parametrize("subtype", SUBTYPES)
def test_w_makes_each_subtype_fail_the_build(build: BuildProject, subtype: str) -> None:
    others = [other for other in SUBTYPES if other != subtype]
    # The duplicate page also draws Sphinx's own "duplicate label" warning,
    # so it is only part of the project for the duplicate subtype.
    result = build(
        files(duplicate=subtype == "cmi.duplicate"),
        conf={**CONF, "suppress_warnings": others},
        warningiserror=True,
    )
    assert cmi_types([w.type for w in result.reported()]) == [subtype]
    assert result.app.statuscode == 1
