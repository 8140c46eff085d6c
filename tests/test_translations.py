"""Translations: sphinx-cmi's own labels, and the text authors write.

The extension's labels ("Dimension", "View course", ...) come from the
``sphinx_cmi`` catalogues shipped in the package (French, German, Spanish).
What authors write in the directives goes through Sphinx's i18n like any
paragraph: the ``gettext`` builder extracts it and a project's ``locale_dirs``
translate it, without losing links or the curriculum graph.
"""

from __future__ import annotations

import ast
import io
import re
import zipfile
from gettext import GNUTranslations
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from babel.messages.pofile import read_po

from helpers import (
    directive,
    load_tool,
    nested_list,
    page,
    po_text,
    role,
    shared_build,
    squash,
)

if TYPE_CHECKING:
    from types import ModuleType

    from babel.messages.catalog import Catalog
    from bs4 import Tag

    from helpers import Build, BuildProject

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "src" / "sphinx_cmi"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "sphinx_cmi.pot"
LANGUAGES = ("fr", "de", "es")
SYNTAXES = ("md", "rst")

PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return load_tool("compile_catalogs")


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def messages(catalog: Catalog) -> dict[str, str]:
    """msgid -> msgstr, without the header."""
    return {str(m.id): str(m.string) for m in catalog if m.id}


def po_file(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "sphinx_cmi.po"


def translator(language: str) -> dict[str, str]:
    """The shipped translations of *language*: the oracle for built pages."""
    return messages(read_catalog(po_file(language)))


# --- the shipped catalogues ---------------------------------------------------


def test_every_label_is_a_literal_the_extractor_sees() -> None:
    """``_(name)`` with a variable would be missing from the template."""
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
            ):
                where = f"{path.name}:{node.lineno}"
                assert len(node.args) == 1, where
                assert isinstance(node.args[0], ast.Constant), where
                assert isinstance(node.args[0].value, str), where


def test_template_lists_exactly_the_messages_of_the_source(tool: ModuleType) -> None:
    shipped = messages(read_catalog(TEMPLATE))
    fresh = messages(tool.extract())
    assert set(shipped) == set(fresh), "run python tools/compile_catalogs.py"
    assert not any(shipped.values())
    expected = {
        "Dimension", "Column %d", "View course", "Provider", "Level", "Duration",
        "Develops", "Developed by", "Course", "Yes", "No courses match.",
        "No qualities yet.", "Quality %s", "Course %s", "quality", "course", ": ",
    }  # fmt: skip
    assert expected <= set(shipped)


def test_template_is_what_the_tool_writes(tool: ModuleType) -> None:
    """Re-running the tool would leave the template as it is."""
    created = read_catalog(TEMPLATE).creation_date
    rendered = tool.render_template(tool.extract(created))
    assert rendered == TEMPLATE.read_bytes(), "run python tools/compile_catalogs.py"


def test_at_least_french_german_and_spanish_are_shipped(tool: ModuleType) -> None:
    shipped = {po.parts[-3] for po in tool.translations()}
    assert set(LANGUAGES) <= shipped
    assert not (LOCALE / ".gitkeep").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_translates_every_message(language: str) -> None:
    template = messages(read_catalog(TEMPLATE))
    catalog = read_catalog(po_file(language))
    assert str(catalog.locale) == language
    assert not catalog.fuzzy
    translated = messages(catalog)
    assert set(translated) == set(template), "run pybabel update, then translate"
    for message in catalog:
        if not message.id:
            continue
        msgid, msgstr = str(message.id), str(message.string)
        assert msgstr.strip(), f"{language}: {msgid!r} is not translated"
        assert not message.fuzzy, f"{language}: {msgid!r} is fuzzy"
        assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(
            PLACEHOLDER.findall(msgid)
        ), f"{language}: {msgid!r} -> {msgstr!r} changes its placeholders"
        if msgid != ": ":
            # Labels are used alone: punctuation and spacing are the code's.
            assert msgstr == msgstr.strip(), f"{language}: {msgstr!r}"
            assert msgstr.endswith(".") == msgid.endswith("."), msgstr
            assert not msgstr.endswith(":"), msgstr


def test_french_typography_and_terms() -> None:
    french = translator("fr")
    assert french[": "] == "\u00a0: "  # no-break space before the colon
    assert french["View course"] == "Voir la formation"
    assert french["Developed by"] == "Développée par"  # une qualité
    assert "'" not in "".join(french.values())  # typographic apostrophes


@pytest.mark.parametrize("language", LANGUAGES)
def test_shipped_mo_is_a_fresh_compile_of_the_po(
    tool: ModuleType, language: str
) -> None:
    po = po_file(language)
    mo = po.with_suffix(".mo")
    compiled = tool.compile_po(po)
    assert compiled == tool.compile_po(po), "compiling is not deterministic"
    assert mo.read_bytes() == compiled, "run python tools/compile_catalogs.py"
    loaded = GNUTranslations(io.BytesIO(compiled))
    for msgid, msgstr in translator(language).items():
        assert loaded.gettext(msgid) == msgstr
    assert "generated-by" not in loaded.info()  # the same bytes with any Babel


def test_wheel_carries_the_compiled_catalogues(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for language in LANGUAGES:
            name = f"sphinx_cmi/locale/{language}/LC_MESSAGES/sphinx_cmi.mo"
            assert name in names
            assert (
                archive.read(name) == po_file(language).with_suffix(".mo").read_bytes()
            )


# --- the labels in a built page ----------------------------------------------

LABELS_PAGE = """\
# Labels

:::{comparison-table} Roles
:columns: Leader, Manager

- Vision
  - Sets the direction.
  - Plans the work.
:::

:::{quality-card} Integrity
:name: integrity

Lives the values.
:::

:::{course-callout} Level 5 Certificate
:name: level-5
:provider: Institute
:level: 5
:duration: Six months
:develops: integrity
:url: https://example.org/level-5

For middle managers.
:::

:::{course-catalog} Every course
:::

:::{curriculum-matrix} Courses and qualities
:::

:::{course-catalog} Senior courses
:name: senior
:level: 8
:::

See {numref}`integrity` and {numref}`level-5`.
"""


@pytest.fixture(scope="module", params=LANGUAGES)
def label_language(request: pytest.FixtureRequest) -> str:
    """Each test of the labels page runs once per shipped language."""
    return str(request.param)


@pytest.fixture(scope="module")
def labelled(label_language: str, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A page showing every label, built in *label_language*."""
    srcdir = tmp_path_factory.mktemp(f"labels-{label_language}") / "src"
    return shared_build(
        srcdir, {"labels.md": LABELS_PAGE}, conf={"language": label_language}
    )


@pytest.fixture(scope="module")
def tr(label_language: str) -> dict[str, str]:
    """What the labels page should show: the shipped translations."""
    return translator(label_language)


def texts(tags: list[Tag]) -> list[str]:
    return [squash(tag.get_text()) for tag in tags]


def test_page_is_in_the_language(labelled: Build, label_language: str) -> None:
    assert labelled.warnings == ""
    html = labelled.soup("labels.html").select_one("html")
    assert html is not None
    assert html["lang"] == label_language


def test_comparison_table_dimension_header(labelled: Build, tr: dict[str, str]) -> None:
    main = labelled.main("labels")
    table = main.select_one("table.cmi-comparison:not(.cmi-course-catalog)")
    assert table is not None
    headers = texts(table.select("thead th"))
    assert headers == [tr["Dimension"], "Leader", "Manager"]
    assert tr["Dimension"] != "Dimension"


def test_course_callout_facts_and_call_to_action(
    labelled: Build, tr: dict[str, str]
) -> None:
    callout = labelled.main("labels").select_one("#level-5")
    assert callout is not None
    terms = texts(callout.select("dl.cmi-course-facts dt"))
    assert terms == [tr["Provider"], tr["Level"], tr["Duration"], tr["Develops"]]
    link = callout.select_one("a.cmi-call-to-action")
    assert link is not None
    assert link["href"] == "https://example.org/level-5"
    hidden = link.select_one(".cmi-visually-hidden")
    assert hidden is not None
    assert hidden.get_text() == tr[": "] + "Level 5 Certificate"
    hidden.extract()
    assert link.get_text() == tr["View course"] != "View course"


def test_developed_by(labelled: Build, tr: dict[str, str]) -> None:
    backlinks = labelled.main("labels").select_one("#integrity p.cmi-developed-by")
    assert backlinks is not None
    strong = backlinks.select_one("strong")
    assert strong is not None
    assert strong.get_text() == tr["Developed by"] != "Developed by"
    assert backlinks.get_text() == (
        tr["Developed by"] + tr[": "] + "Level 5 Certificate"
    )


def test_catalogue_headers_marks_and_empty_listings(
    labelled: Build, tr: dict[str, str]
) -> None:
    main = labelled.main("labels")
    catalog = main.select_one("table.cmi-course-catalog")
    assert catalog is not None
    assert texts(catalog.select("thead th")) == [
        tr[label] for label in ("Course", "Provider", "Level", "Duration", "Develops")
    ]
    matrix = main.select_one("table.cmi-curriculum-matrix")
    assert matrix is not None
    assert texts(matrix.select("thead th"))[0] == tr["Course"]
    assert texts(matrix.select(".cmi-mark")) == [tr["Yes"]]
    empty = main.select_one("p.cmi-empty-listing")
    assert empty is not None
    assert empty.get_text() == "Senior courses" + tr[": "] + tr["No courses match."]


def test_numbered_references(labelled: Build, tr: dict[str, str]) -> None:
    refs = texts(labelled.main("labels").select("a.reference.internal[href^='#']"))
    assert tr["Quality %s"] % 1 in refs
    assert tr["Course %s"] % 1 in refs


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_that_stand_in_for_missing_input(
    build: BuildProject, language: str
) -> None:
    body = (
        ":::{comparison-table} One role\n:columns: Leader\n\n"
        "- Vision\n  - Sets the direction.\n  - Plans the work.\n:::\n\n"
        ":::{quality-index} Every quality\n:::\n"
    )
    result = build({"gaps.md": page("md", body)}, conf={"language": language})
    assert {w.type for w in result.reported()} == {"cmi.comparison"}
    tr = translator(language)
    main = result.main("gaps")
    assert texts(main.select("thead th")) == [
        tr["Dimension"],
        "Leader",
        tr["Column %d"] % 2,
    ]
    empty = main.select_one("p.cmi-empty-listing")
    assert empty is not None
    assert empty.get_text() == "Every quality" + tr[": "] + tr["No qualities yet."]


def test_general_index_names_the_kind(labelled: Build, tr: dict[str, str]) -> None:
    index = squash(labelled.soup("genindex.html").get_text())
    assert f"Integrity ({tr['quality']})" in index
    assert f"Level 5 Certificate ({tr['course']})" in index


# --- authored text: extracted by gettext, translated by the project -------------


def authored_body(syntax: str) -> str:
    """The authored page in *syntax*, from one description for MyST and rST."""
    dimensions = {
        "Vision": ["Sets the direction.", "Plans the work."],
        "Trust": ["Builds **trust**.", "Keeps promises."],
    }
    level_5 = {
        "name": "level-5",
        "provider": "Chartered Institute",
        "level": "5",
        "duration": "Six months",
        "develops": "integrity, empathy",
        "url": "https://example.org/level-5",
        "link-text": "Course details",
    }
    blocks = [
        directive(
            syntax,
            "comparison-table",
            "Leaders and managers",
            {
                "name": "roles",
                "columns": "Leader, Manager",
                "dimension-label": "Aspect of the role",
            },
            nested_list(syntax, dimensions),
        ),
        directive(
            syntax,
            "comparison-table",
            "Untitled dimensions",
            {"columns": "Coach, Mentor"},
            nested_list(syntax, {"Focus": ["Skills.", "Career."]}),
        ),
        directive(
            syntax,
            "quality-card",
            "Integrity",
            {"name": "integrity", "summary": "Acts on values."},
            "Lives the values.",
        ),
        directive(
            syntax,
            "quality-card",
            "Empathy",
            {"name": "empathy"},
            "Understands others.",
        ),
        directive(
            syntax,
            "course-callout",
            "Level 5 Certificate",
            level_5,
            "For middle managers.",
        ),
        directive(
            syntax,
            "course-callout",
            "Team Leading",
            {
                "name": "team-leading",
                "doc": "authored",
                "link-text": "Read about teams",
            },
            "Leads a first team.",
        ),
        directive(
            syntax,
            "course-callout",
            "Coaching Basics",
            {"name": "coaching", "url": "https://example.org/coaching"},
            "A short course.",
        ),
        directive(syntax, "course-catalog", "Every course"),
        directive(syntax, "curriculum-matrix", "Courses and qualities"),
        directive(syntax, "quality-index", "Every quality"),
        f"See {role(syntax, 'ref', 'integrity')} and "
        f"{role(syntax, 'numref', 'level-5')}.\n",
    ]
    return "\n".join(blocks)


AUTHORED = {syntax: authored_body(syntax) for syntax in SYNTAXES}

AUTHORED_MESSAGES = {
    "Leaders and managers",  # caption
    "Leader",  # column labels
    "Manager",
    "Aspect of the role",  # dimension-label
    "Vision",  # dimensions
    "Trust",
    "Sets the direction.",  # cells
    "Builds **trust**.",
    "Integrity",  # card titles
    "Level 5 Certificate",
    "Acts on values.",  # summary
    "Lives the values.",  # bodies
    "For middle managers.",
    "Chartered Institute",  # facts
    "Six months",
    "Course details",  # link text
    "Read about teams",
    "Every course",  # catalogue captions
    "Courses and qualities",
    "Every quality",
}

OUR_LABELS = {
    "Dimension", "Column 2", "Provider", "Level", "Duration", "Develops",
    "View course", "Developed by", "Course", "Yes", "5",
}  # fmt: skip
"""Translated by the extension's catalogue, never by the project's."""


def authored_files(syntax: str) -> dict[str, str]:
    return {f"authored.{syntax}": page(syntax, AUTHORED[syntax], "Authored")}


@pytest.mark.parametrize("syntax", SYNTAXES)
def test_gettext_extracts_every_authored_string(
    build: BuildProject, syntax: str
) -> None:
    result = build(authored_files(syntax), buildername="gettext")
    assert result.warnings == ""
    extracted = set(messages(read_catalog(result.outdir / "authored.pot")))
    assert extracted >= AUTHORED_MESSAGES
    assert not OUR_LABELS & extracted


FRENCH = {
    "Leaders and managers": "Dirigeants et managers",
    "Leader": "Dirigeant",
    "Aspect of the role": "Aspect du rôle",
    "Vision": "Cap",
    "Sets the direction.": "Fixe le cap.",
    "Builds **trust**.": "Inspire **confiance**.",
    "Integrity": "Intégrité",
    "Acts on values.": "Agit selon ses valeurs.",
    "Lives the values.": "Incarne les valeurs.",
    "Understands others.": "Comprend les autres.",
    "Level 5 Certificate": "Certificat de niveau 5",
    "Chartered Institute": "Institut agréé",
    "Six months": "Six mois",
    "For middle managers.": "Pour les cadres intermédiaires.",
    "Course details": "Détails de la formation",
    "Read about teams": "Lire sur les équipes",
    "Team Leading": "Animer une équipe",
    "Every course": "Toutes les formations",
    "Every quality": "Toutes les qualités",
}


@pytest.fixture(params=SYNTAXES)
def translated(request: pytest.FixtureRequest, build: BuildProject) -> Build:
    """The authored page built in French with the project's own catalogue.

    Sphinx compiles ``locales/fr/LC_MESSAGES/authored.po`` itself
    (``gettext_auto_build``).
    """
    files = {
        **authored_files(str(request.param)),
        "locales/fr/LC_MESSAGES/authored.po": po_text("fr", FRENCH),
    }
    return build(files, conf={"language": "fr", "locale_dirs": ["locales"]})


def test_translated_table(translated: Build) -> None:
    assert translated.warnings == ""
    table = translated.main("authored").select_one("#roles")
    assert table is not None
    caption = table.select_one("caption")
    assert caption is not None
    assert "Dirigeants et managers" in caption.get_text()
    assert texts(table.select("thead th")) == [
        "Aspect du rôle",
        "Dirigeant",
        "Manager",
    ]
    rows = [texts(row.select("th, td")) for row in table.select("tbody tr")]
    assert rows[0] == ["Cap", "Fixe le cap.", "Plans the work."]
    assert rows[1][:2] == ["Trust", "Inspire confiance."]
    assert table.select_one("tbody strong") is not None
    cells = table.select("tbody td")
    assert [c["data-label"] for c in cells[:2]] == ["Dirigeant", "Manager"]


def test_translated_quality_card(translated: Build) -> None:
    card = translated.main("authored").select_one("#integrity")
    assert card is not None
    title = card.select_one(".cmi-card-title")
    assert title is not None
    assert squash(title.get_text()) == "Intégrité"
    assert "Incarne les valeurs." in texts(card.select("p"))
    backlinks = card.select_one("p.cmi-developed-by")
    assert backlinks is not None
    assert backlinks.get_text() == ("Développée par\u00a0: Certificat de niveau 5")


def test_translated_course_callout(translated: Build) -> None:
    main = translated.main("authored")
    callout = main.select_one("#level-5")
    assert callout is not None
    title = callout.select_one(".cmi-card-title")
    assert title is not None
    assert squash(title.get_text()) == "Certificat de niveau 5"
    facts = texts(callout.select("dl.cmi-course-facts dd"))
    assert facts[:3] == ["Institut agréé", "5", "Six mois"]
    assert facts[3] == "Intégrité, Empathy"
    assert "Pour les cadres intermédiaires." in texts(callout.select("p"))
    link = callout.select_one("a.cmi-call-to-action")
    assert link is not None
    assert link["href"] == "https://example.org/level-5"
    assert link.get_text() == "Détails de la formation\u00a0: Certificat de niveau 5"
    doc_link = main.select_one("#team-leading p.cmi-course-link a")
    assert doc_link is not None
    assert str(doc_link["href"]).startswith("#")
    assert squash(doc_link.get_text()).startswith("Lire sur les équipes")
    default = main.select_one("#coaching a.cmi-call-to-action")
    assert default is not None
    assert default.get_text().startswith("Voir la formation\u00a0: ")


def test_translated_titles_reach_catalogues_and_references(
    translated: Build,
) -> None:
    main = translated.main("authored")
    catalog = main.select_one("table.cmi-course-catalog")
    assert catalog is not None
    caption = catalog.select_one("caption")
    assert caption is not None
    assert "Toutes les formations" in caption.get_text()
    first = texts(catalog.select("tbody tr")[0].select("th, td"))
    assert first == [
        "Certificat de niveau 5",
        "Institut agréé",
        "5",
        "Six mois",
        "Intégrité, Empathy",
    ]
    index = main.select_one("ul.cmi-quality-index")
    assert index is not None
    assert texts(index.select("li > p")) == [
        "Intégrité",
        "Agit selon ses valeurs.",
        "Empathy",
        "Comprend les autres.",
    ]
    assert "Toutes les qualités" in texts(main.select("p.rubric"))
    refs = texts(main.select("a.reference.internal"))
    assert "Intégrité" in refs
    assert "Formation 1" in refs
    general = squash(translated.soup("genindex.html").get_text())
    assert "Intégrité (qualité)" in general
