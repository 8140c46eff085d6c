"""Text from data files is translated like the page importing it.

The ``gettext`` builder extracts it into the page's catalogue; a French build
with the project's own catalogue shows it translated.  Plain values (titles,
facts) stay plain text in translation, as on hand-written cards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from helpers import page, po_text, squash
from test_translations import messages, read_catalog

if TYPE_CHECKING:
    from helpers import Build, BuildProject

SYNTAXES = ("md", "rst")
CURRICULUM = """\
qualities:
  - name: integrity
    title: Integrity
    summary: Acts on values.
    body: Lives the values.
courses:
  - name: level-5
    title: Level 5 Certificate
    provider: Chartered Institute
    level: 5
    duration: Six months
    develops: integrity
    url: https://example.org/level-5
    link-text: Course details
    body: For middle managers.
"""
COMPARISON = """\
Aspect of the role,Leader,Manager
Vision,Sets the direction.,Plans the work.
"""
AUTHORED = {
    "Integrity", "Acts on values.", "Lives the values.", "Level 5 Certificate",
    "Chartered Institute", "Six months", "Course details", "For middle managers.",
    "Aspect of the role", "Leader", "Manager", "Vision", "Sets the direction.",
    "Plans the work.", "Roles",
}  # fmt: skip
OURS = {"Provider", "Level", "Duration", "Develops", "View course", "5"}
FRENCH = {
    "Integrity": "Intégrité",
    "Lives the values.": "Incarne les valeurs.",
    "Level 5 Certificate": "Certificat de niveau 5",
    # A plain value: a translation cannot make it markup.
    "Chartered Institute": "**Institut** agréé",
    "Six months": "Six mois",
    "Course details": "Détails de la formation",
    "For middle managers.": "Pour les cadres intermédiaires.",
    "Aspect of the role": "Aspect du rôle",
    "Leader": "Dirigeant",
    "Vision": "Cap",
    "Sets the direction.": "Fixe le *cap*.",
}


def files(syntax: str) -> dict[str, str]:
    if syntax == "md":
        body = (
            ":::{curriculum-import} data/curriculum.yaml\n:::\n\n"
            ":::{comparison-table} Roles\n:name: roles\n"
            ":file: data/roles.csv\n:::\n"
        )
    else:
        body = (
            ".. curriculum-import:: data/curriculum.yaml\n\n"
            ".. comparison-table:: Roles\n   :name: roles\n"
            "   :file: data/roles.csv\n"
        )
    return {
        f"imported.{syntax}": page(syntax, body, "Imported"),
        "data/curriculum.yaml": CURRICULUM,
        "data/roles.csv": COMPARISON,
    }


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_gettext_extracts_the_data_files_text(build: BuildProject, syntax: str) -> None:
    result = build(files(syntax), buildername="gettext")
    assert result.warnings == ""
    catalog = read_catalog(result.outdir / "imported.pot")
    extracted = set(messages(catalog))
    assert extracted >= AUTHORED
    assert not OURS & extracted
    # Each message points at the data file it comes from.
    where = {str(m.id): m.locations for m in catalog if m.id}
    assert any("data/curriculum.yaml" in path for path, _ in where["Six months"])
    assert any("data/roles.csv" in path for path, _line in where["Vision"])


@pytest.fixture(params=SYNTAXES)
def french(request: pytest.FixtureRequest, build: BuildProject) -> Build:
    sources = {
        **files(str(request.param)),
        "locales/fr/LC_MESSAGES/imported.po": po_text("fr", FRENCH),
    }
    return build(sources, conf={"language": "fr", "locale_dirs": ["locales"]})


def test_a_french_build_translates_it(french: Build) -> None:
    assert french.warnings == ""
    main = french.main("imported")
    card = main.select_one("#integrity")
    assert card is not None
    assert "Intégrité" in squash(card.get_text())
    assert "Incarne les valeurs." in squash(card.get_text())
    course = main.select_one("#level-5")
    assert course is not None
    facts = [squash(dd.get_text()) for dd in course.select("dd")]
    assert facts[:3] == ["**Institut** agréé", "5", "Six mois"]
    assert course.select_one("dd strong") is None  # plain stays plain
    link = course.select_one("a.cmi-call-to-action")
    assert link is not None
    assert squash(link.get_text()).startswith("Détails de la formation")
    table = main.select_one("table#roles")
    assert table is not None
    assert [squash(th.get_text()) for th in table.select("thead th")] == [
        "Aspect du rôle", "Dirigeant", "Manager",
    ]  # fmt: skip
    cells = [squash(c.get_text()) for c in table.select("tbody tr")[0].select("th, td")]
    assert cells == ["Cap", "Fixe le cap.", "Plans the work."]
    assert table.select_one("tbody em") is not None  # cells are markup
