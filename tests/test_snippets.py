"""The handbook's shared examples: MyST and rST give the same doctree, cleanly."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from docutils import nodes

from helpers import SNIPPET_NAMES, SNIPPETS, shared_build, snippet_files

if TYPE_CHECKING:
    from helpers import Build


@pytest.fixture(scope="module")
def both_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    """The snippets of each language, built in a project of their own."""
    return {
        language: shared_build(
            tmp_path_factory.mktemp(f"snippets-{language}") / "src",
            snippet_files(language),
        )
        for language in ("myst", "rst")
    }


@pytest.fixture(params=["myst", "rst"])
def snippet_build(
    request: pytest.FixtureRequest, both_builds: dict[str, Build]
) -> Build:
    return both_builds[request.param]


def section_content(build: Build, docname: str) -> str:
    """The pformat of what follows the page title: the directive's doctree."""
    doctree = build.app.env.get_doctree(docname)
    sections = list(doctree.findall(nodes.section))
    assert sections, f"{docname} has no section"
    children = sections[0].children
    assert isinstance(children[0], nodes.title)
    return "".join(child.pformat() for child in children[1:])


DIRECTIVES = {
    "comparison-table": "table.cmi-comparison",
    "quality-card": "div.cmi-quality-card",
    "course-callout": "div.cmi-course-callout",
}


def test_every_snippet_exists_in_both_languages() -> None:
    myst = {path.stem for path in (SNIPPETS / "myst").glob("*.md")}
    rst = {path.stem for path in (SNIPPETS / "rst").glob("*.rst")}
    assert myst == rst
    for directive in DIRECTIVES:
        assert directive in myst
    assert all(name.startswith(tuple(DIRECTIVES)) for name in myst)


@pytest.mark.parametrize("name", SNIPPET_NAMES)
def test_myst_and_rst_give_identical_doctrees(
    both_builds: dict[str, Build], name: str
) -> None:
    myst = section_content(both_builds["myst"], name)
    rst = section_content(both_builds["rst"], name)
    assert myst.strip(), "the snippet produced no content"
    assert myst == rst


def test_snippets_build_without_warnings(snippet_build: Build) -> None:
    assert snippet_build.warnings == ""
    assert snippet_build.app.statuscode == 0


@pytest.mark.parametrize("name", SNIPPET_NAMES)
def test_snippet_produces_its_directive(snippet_build: Build, name: str) -> None:
    """Each snippet renders the component it documents (not an error or nothing)."""
    main = snippet_build.main(name)
    directive = next(d for d in DIRECTIVES if name.startswith(d))
    assert main.select(DIRECTIVES[directive])
    assert not main.select(".system-message, .problematic")
