"""EPUB, single-page HTML and directory HTML: a valid book, links that resolve.

One multi-page sample uses every directive and role: cards on one page, roles
on a page in a sub-folder, catalogues on a page of their own.

The test marked ``epub`` runs EPUBCheck, which needs Java (Debian packages
``epubcheck default-jre-headless``); ``nox -s epub`` runs it and it fails,
never skips, when either is missing.  The other tests need only Python.
"""

from __future__ import annotations

import re
import zipfile
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import pytest

from helpers import load_tool, shared_build

if TYPE_CHECKING:
    from pathlib import Path
    from types import ModuleType

    from bs4 import Tag

    from helpers import Build, BuildProject


INDEX = """\
# Curriculum

Start with {quality}`integrity` and {course}`course-level-5`.

```{toctree}
qualities
courses
guide/roles
catalogue
```
"""
QUALITIES = """\
# Qualities

:::{comparison-table} Leaders and managers
:name: leader-vs-manager
:columns: Leader, Manager
:dimension-label: Aspect

- Vision & execution
  - Looks ahead.
  - Sees plans through.
:::

:::{quality-card} Integrity
:icon: compass
:summary: Doing the right thing.

Acts on values.
:::

:::{quality-card} Empathy
:icon: heart

Understanding others.
:::
"""
COURSES = """\
# Courses

:::{course-callout} Level 5 Certificate
:name: course-level-5
:provider: CMI
:level: 5
:duration: 6 months
:url: https://example.org/courses/level-5
:link-text: Course details
:develops: integrity, empathy

For middle managers.
:::

:::{course-callout} Team Leading Award
:provider: ILM
:level: 3
:doc: /guide/roles
:develops: empathy

For new team leaders.
:::
"""
ROLES = """\
# Roles

Fairness is part of {quality}`integrity`; trust grows out of
{quality}`caring <empathy>`. Take {course}`course-level-5` or
{cmi:course}`Team Leading Award`.
"""
CATALOGUE = """\
# Catalogue

:::{quality-index}
:::

:::{course-catalog}
:::

:::{curriculum-matrix}
:::
"""
FILES = {
    "index.md": INDEX,
    "qualities.md": QUALITIES,
    "courses.md": COURSES,
    "guide/roles.md": ROLES,
    "catalogue.md": CATALOGUE,
}
CONF = {
    "project": "Curriculum",
    "author": "Authors",
    "copyright": "2026, Authors",
    "version": "1.0",
}

# Card title (a link's ``title``) -> the card's anchor.
ANCHORS = {
    "Integrity": "integrity",
    "Empathy": "empathy",
    "Level 5 Certificate": "course-level-5",
    "Team Leading Award": "team-leading-award",
}
# Every page with links to cards, the cards it links to, and where they are.
LINKED_CARDS = {
    "index": {"Integrity": "qualities", "Level 5 Certificate": "courses"},
    "qualities": {"Level 5 Certificate": "courses", "Team Leading Award": "courses"},
    "courses": {"Integrity": "qualities", "Empathy": "qualities"},
    "guide/roles": {
        "Integrity": "qualities",
        "Empathy": "qualities",
        "Level 5 Certificate": "courses",
        "Team Leading Award": "courses",
    },
    "catalogue": {
        "Integrity": "qualities",
        "Empathy": "qualities",
        "Level 5 Certificate": "courses",
        "Team Leading Award": "courses",
    },
}
# What each directive and role leaves in the HTML, by class.
COMPONENT_CLASSES = (
    "cmi-comparison",
    "cmi-quality-card",
    "cmi-course-callout",
    "cmi-call-to-action",
    "cmi-quality-index",
    "cmi-course-catalog",
    "cmi-curriculum-matrix",
    "cmi-quality",
    "cmi-course",
)

# Sphinx's layout links pages the singlehtml builder never writes (in <head>).
SPHINX_SINGLEHTML_HEAD = {
    "index.html: genindex.html (no such file)",
    "index.html: search.html (no such file)",
}


@pytest.fixture(scope="module")
def link_checker() -> ModuleType:
    return load_tool("check_internal_links")


@pytest.fixture(scope="module")
def check_epub() -> ModuleType:
    return load_tool("check_epub")


def build_sample(factory: pytest.TempPathFactory, builder: str) -> Build:
    result = shared_build(
        factory.mktemp(builder) / "src", FILES, buildername=builder, conf=CONF
    )
    assert result.app.statuscode == 0
    assert result.warnings == ""
    return result


@pytest.fixture(scope="module")
def epub(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_sample(tmp_path_factory, "epub")


@pytest.fixture(scope="module")
def singlehtml(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_sample(tmp_path_factory, "singlehtml")


@pytest.fixture(scope="module")
def dirhtml(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_sample(tmp_path_factory, "dirhtml")


def main_of(result: Build, page: str) -> Tag:
    main = result.soup(page).select_one('[role="main"]')
    assert main is not None, f"no main content in {page}"
    return main


def card_links(main: Tag) -> dict[str, set[str]]:
    """Card title -> every href of the links to that card."""
    found: dict[str, set[str]] = {}
    for link in main.select("a.reference.internal[title]"):
        title = str(link["title"])
        if title in ANCHORS:
            found.setdefault(title, set()).add(str(link["href"]))
    return found


# --- EPUB ---------------------------------------------------------------------


def epub_pages(result: Build) -> dict[str, str]:
    """Every XHTML page inside the built book, by its name in the archive."""
    (book,) = result.outdir.glob("*.epub")
    with zipfile.ZipFile(book) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".xhtml")
        }


def test_epub_holds_every_component(epub: Build) -> None:
    text = "\n".join(epub_pages(epub).values())
    classes = set(re.findall(r'class="([^"]*)"', text))
    shown = {name for value in classes for name in value.split()}
    assert set(COMPONENT_CLASSES) <= shown, set(COMPONENT_CLASSES) - shown


def test_epub_pages_are_well_formed_xml(epub: Build) -> None:
    """EPUB pages are XHTML: a tag left open makes the whole page unreadable."""
    for name, text in epub_pages(epub).items():
        try:
            ElementTree.fromstring(text.encode("utf-8"))
        except ElementTree.ParseError as error:
            pytest.fail(f"{name} is not well-formed XML: {error}")


def test_epub_has_no_inline_svg(epub: Build) -> None:
    """Inline SVG needs properties="svg" in the manifest, which Sphinx never
    writes; the decorative icons are left out of EPUB instead."""
    pages = epub_pages(epub)
    assert not [name for name, text in pages.items() if "<svg" in text]


def test_epub_has_no_structured_data_or_export(epub: Build) -> None:
    """A book is no web page: no JSON-LD in its pages, no curriculum.json."""
    assert "course-callout" in "".join(epub_pages(epub).values())
    assert not [n for n, text in epub_pages(epub).items() if "ld+json" in text]
    (book,) = epub.outdir.glob("*.epub")
    with zipfile.ZipFile(book) as archive:
        assert not [n for n in archive.namelist() if n.endswith(".json")]
    assert not (epub.outdir / "curriculum.json").exists()


@pytest.fixture(scope="module")
def epubcheck_command(check_epub: ModuleType) -> list[str]:
    """EPUBCheck's command line; a missing tool fails the test, never skips it."""
    try:
        command: list[str] = check_epub.epubcheck_command()
    except check_epub.MissingToolError as error:
        missing = str(error)
    else:
        return command
    pytest.fail(f"{missing} (nox -s epub needs it)", pytrace=False)


@pytest.mark.epub
def test_epubcheck_finds_no_error_or_warning(
    epub: Build, check_epub: ModuleType, epubcheck_command: list[str]
) -> None:
    (book,) = epub.outdir.glob("*.epub")
    report = check_epub.run_epubcheck(book)
    listed = "\n".join(str(problem) for problem in report.problems)
    assert not report.problems, f"{report.summary()}\n{listed}"
    assert report.version.startswith(("4.", "5."))


def test_missing_epubcheck_is_named_with_its_packages(
    check_epub: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("EPUBCHECK_JAR", raising=False)
    monkeypatch.setattr(check_epub, "DEBIAN_JAR", tmp_path / "missing.jar")
    with pytest.raises(check_epub.MissingToolError, match="epubcheck not found"):
        check_epub.epubcheck_command()
    # A jar on the PATH (as Debian installs it) still needs Java.
    jar = tmp_path / "epubcheck"
    with zipfile.ZipFile(jar, "w") as archive:
        archive.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
    jar.chmod(0o755)
    with pytest.raises(check_epub.MissingToolError, match="java not found") as error:
        check_epub.epubcheck_command()
    assert "apt-get install epubcheck default-jre-headless" in str(error.value)


# --- singlehtml -----------------------------------------------------------------


def test_singlehtml_targets_exist(singlehtml: Build, link_checker: ModuleType) -> None:
    """Every link resolves but for Sphinx's doubled anchors, and those name an
    anchor that is on the page."""
    main = main_of(singlehtml, "index.html")
    ids = {str(tag["id"]) for tag in main.select("[id]")}
    assert set(ANCHORS.values()) | {"leader-vs-manager"} <= ids
    assert {f"document-{page}" for page in LINKED_CARDS if page != "index"} <= ids
    for problem in set(link_checker.broken_links(singlehtml.outdir)):
        if problem in SPHINX_SINGLEHTML_HEAD:
            continue
        doubled = re.fullmatch(r"index\.html: #document-[^#]+#(\S+) \(.*\)", problem)
        assert doubled, problem
        assert doubled[1] in ids, problem


def test_singlehtml_links_resolve(singlehtml: Build, link_checker: ModuleType) -> None:
    problems = set(link_checker.broken_links(singlehtml.outdir))
    assert problems - SPHINX_SINGLEHTML_HEAD == set()


def test_singlehtml_card_links_stay_on_the_page(singlehtml: Build) -> None:
    found = card_links(main_of(singlehtml, "index.html"))
    assert found == {title: {f"#{anchor}"} for title, anchor in ANCHORS.items()}


def test_singlehtml_doc_link_goes_to_the_page(singlehtml: Build) -> None:
    main = main_of(singlehtml, "index.html")
    link = main.select_one(".cmi-course-link a.reference.internal")
    assert link is not None
    assert link["href"] == "#document-guide/roles"


# --- dirhtml ------------------------------------------------------------------


def dirhtml_file(docname: str) -> str:
    return "index.html" if docname == "index" else f"{docname}/index.html"


def test_dirhtml_links_resolve(dirhtml: Build, link_checker: ModuleType) -> None:
    assert link_checker.broken_links(dirhtml.outdir) == []


@pytest.mark.parametrize("docname", sorted(LINKED_CARDS))
def test_dirhtml_card_links_point_at_the_card(dirhtml: Build, docname: str) -> None:
    up = "../" * (0 if docname == "index" else docname.count("/") + 1)
    expected = {
        title: {f"{up}{target}/#{ANCHORS[title]}"}
        for title, target in LINKED_CARDS[docname].items()
    }
    assert card_links(main_of(dirhtml, dirhtml_file(docname))) == expected


def test_dirhtml_links_by_example(dirhtml: Build) -> None:
    """The same, spelt out: a role two folders down, a catalogue, a :doc:."""
    roles = card_links(main_of(dirhtml, "guide/roles/index.html"))
    assert roles["Integrity"] == {"../../qualities/#integrity"}
    catalogue = card_links(main_of(dirhtml, "catalogue/index.html"))
    assert catalogue["Level 5 Certificate"] == {"../courses/#course-level-5"}
    doc_link = main_of(dirhtml, "courses/index.html").select_one(
        ".cmi-course-link a.reference.internal"
    )
    assert doc_link is not None
    assert doc_link["href"] == "../guide/roles/"


def test_singlehtml_sphinx_cross_page_refs_stay_on_the_page(
    build: BuildProject,
) -> None:
    """Sphinx's own {ref}/{numref} across pages get single anchors there too."""
    files = {
        "index.md": "# Home\n\n```{toctree}\nother\n```\n\n"
        "See {ref}`far-section` and {numref}`far-table`.\n",
        "other.md": "# Other\n\n(far-section)=\n## Far section\n\n"
        ":::{comparison-table} Far\n:name: far-table\n:columns: A, B\n\n"
        "- Row\n  - a\n  - b\n:::\n",
    }
    result = build(files, buildername="singlehtml")
    hrefs = {
        link.get_text(): str(link["href"])
        for link in result.soup("index.html").select("p a.reference.internal")
    }
    assert hrefs == {"Far section": "#far-section", "Table 1": "#far-table"}
