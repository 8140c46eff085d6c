"""``sphinx-cmi new``: a starter handbook that builds strict-clean in every
language, from any title, and never writes over an author's files."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from curriculum_graph import inventory
from helpers import PROJECT, squash
from sphinx_cmi import starter
from sphinx_cmi.cli import main

LANGUAGES = ("en", "fr", "de", "es")
PAGES = (
    "index",
    "leaders-and-managers",
    "qualities",
    "courses/team-leaders",
    "courses/managers",
    "catalogue",
)
PROJECT_FILES = {
    "conf.py",
    "noxfile.py",
    "requirements.txt",
    "linkcheckerrc",
    ".readthedocs.yaml",
    ".gitignore",
    "README.md",
    "data/curriculum.yaml",
    starter.SCHEMA,
    *(f"{page}.md" for page in PAGES),
}
# Words that only the page text of each language has (not Sphinx's or Furo's).
SAMPLE_TEXT = {
    "en": "Five shared qualities",
    "fr": "Cinq qualités communes",
    "de": "Fünf gemeinsame Eigenschaften",
    "es": "Cinco cualidades compartidas",
}


def conf_values(project: Path) -> dict[str, object]:
    """conf.py run as Sphinx runs it: its module-level names."""
    namespace: dict[str, object] = {}
    source = (project / "conf.py").read_text(encoding="utf-8")
    exec(compile(source, "conf.py", "exec"), namespace)
    return namespace


def build(project: Path) -> tuple[int, str, Path]:
    """A strict, nit-picky HTML build in a fresh interpreter, as an author runs it:
    exit status, warnings, output folder."""
    outdir = project / "_build" / "html"
    log = project / "_build" / "warnings.txt"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q",
         "-w", str(log), "-b", "html", str(project), str(outdir)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return result.returncode, log.read_text(encoding="utf-8") + result.stderr, outdir


def soup(outdir: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup(
        (outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser"
    )


def new(*args: str) -> int:
    return main(["new", *args])


# --- the project --------------------------------------------------------------


def test_new_writes_every_file_of_a_handbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    target = tmp_path / "h"
    assert new(str(target)) == 0
    written = {
        path.relative_to(target).as_posix()
        for path in target.rglob("*")
        if path.is_file()
    }
    assert written == PROJECT_FILES
    assert "sphinx-build -W --keep-going -n . _build/html" in capsys.readouterr().out
    conf = conf_values(target)
    assert conf["extensions"] == [
        "myst_parser", "sphinx_design", "sphinx_cmi", "sphinxext.opengraph",
    ]  # fmt: skip
    # sphinx-sitemap once the handbook's address is known (Read the Docs).
    assert conf["html_baseurl"] == ""
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://h.example.org/en/")
    published = conf_values(target)
    assert published["html_baseurl"] == "https://h.example.org/en/"
    assert published["extensions"] == [
        *conf["extensions"],
        "sphinx_sitemap",
    ]
    assert conf["myst_enable_extensions"] == ["colon_fence"]
    assert conf["numfig"] is True
    assert conf["nitpicky"] is True
    assert conf["html_theme"] == "furo"
    assert conf["language"] == "en"
    assert conf["project"] == "Leading and managing"
    assert "README.md" in conf["exclude_patterns"]  # type: ignore[operator]


def test_noxfile_has_the_sessions_the_readme_names(tmp_path: Path) -> None:
    new(str(tmp_path / "h"))
    noxfile = ast.parse((tmp_path / "h" / "noxfile.py").read_text(encoding="utf-8"))
    sessions = {
        node.name
        for node in noxfile.body
        if isinstance(node, ast.FunctionDef)
        and any(ast.unparse(d) == "nox.session" for d in node.decorator_list)
    }
    assert sessions == {"docs", "serve", "linkcheck", "pdf", "epub"}
    readme = (tmp_path / "h" / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^nox -s (\w+)", readme, re.MULTILINE)
    assert commands == ["docs", "linkcheck"]
    assert {f"`nox -s {session}`" for session in ("serve", "pdf", "epub")} <= {
        f"`nox -s {word}`" for word in re.findall(r"`nox -s (\w+)`", readme)
    }
    linkcheck = (tmp_path / "h" / "noxfile.py").read_text(encoding="utf-8")
    assert '"linkchecker", "--config", "linkcheckerrc"' in linkcheck
    assert '"-b", "linkcheck"' in linkcheck
    assert "[AnchorCheck]" in (tmp_path / "h" / "linkcheckerrc").read_text("utf-8")
    assert "requirements: requirements.txt" in (
        tmp_path / "h" / ".readthedocs.yaml"
    ).read_text(encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_starter_builds_strictly_in_each_language(
    tmp_path: Path, language: str
) -> None:
    target = tmp_path / language
    assert new(str(target), "--language", language) == 0
    assert conf_values(target)["language"] == language

    status, warnings, outdir = build(target)

    assert (status, warnings) == (0, "")
    for page in PAGES:
        assert (outdir / f"{page}.html").is_file(), page
    objects = inventory(outdir)
    assert len(objects["cmi:quality"]) == 5
    assert len(objects["cmi:course"]) == 3
    front = soup(outdir, "index")
    html = front.find("html")
    assert html is not None
    assert html["lang"] == language
    main = front.select_one('[role="main"]')
    assert main is not None
    # A handbook's front page: an introduction and a grid of the sections,
    # each a card that links to its page; no bullet list of links.
    assert main.select_one("h1 + p") is not None
    links = main.select(".sd-container-fluid .sd-row .sd-card a.sd-stretched-link")
    linked = {str(link["href"]) for link in links}
    assert linked == {f"{page}.html" for page in PAGES if page != "index"}
    assert main.select("li > a, li > p > a") == []
    assert SAMPLE_TEXT[language] in squash(soup(outdir, "qualities").get_text())
    qualities = soup(outdir, "qualities")
    assert len(qualities.select(".cmi-card")) == 5
    assert qualities.select(".cmi-quality-index") != []
    catalogue = soup(outdir, "catalogue")
    assert len(catalogue.select("table.cmi-course-catalog tbody tr")) == 3
    assert len(catalogue.select("table.cmi-curriculum-matrix tbody tr")) == 3
    comparison = soup(outdir, "leaders-and-managers").select("table.cmi-comparison")
    assert len(comparison) == 1
    # Prose uses both roles, and each role links to a card's anchor.
    roles = [
        span
        for page in PAGES
        for span in soup(outdir, page).select('[role="main"] p a > span.xref.cmi')
    ]
    kinds = {kind for span in roles for kind in span["class"] if kind != "cmi"}
    assert {"cmi-quality", "cmi-course"} <= kinds
    for span in roles:
        assert "#" in str(span.parent["href"])  # type: ignore[index]


# --- untrusted values ---------------------------------------------------------

NASTY_TITLES = {
    "quotes": 'Leaders\' "handbook" \\ done',
    "newlines": "First line\nsecond\r\nthird\u2028fourth",
    "braces": "{{ title_md }} {{ }} {quality}`integrity` {{",
    "markup": "*Bold* <script>alert(1)</script> [x](javascript:alert(1)) :::{note}",
    "rst": ".. raw:: html\n\n   <b>x</b> `y`_ |sub|",
    "python": "'''\"\"\"; import os; os.system('x') #",
    "heading": "# Not a heading\n---\n- not a list",
}


def expected_title(raw: str) -> str:
    return " ".join(raw.split())


def typeset(text: str) -> str:
    """*text* after Sphinx's smart punctuation, which applies to all text."""
    return text.replace("---", "\u2014").replace("--", "\u2013")


@pytest.mark.parametrize("case", sorted(NASTY_TITLES))
def test_any_title_gives_valid_conf_and_escaped_text(tmp_path: Path, case: str) -> None:
    raw = NASTY_TITLES[case]
    target = tmp_path / case
    author = 'O\'Brien "&" {{ }} \\ <b>'
    assert new(str(target), "--title", raw, "--author", author) == 0
    conf = conf_values(target)
    assert conf["project"] == expected_title(raw)
    assert conf["author"] == author

    status, warnings, outdir = build(target)

    assert (status, warnings) == (0, "")
    front = soup(outdir, "index")
    heading = front.select_one('[role="main"] h1')
    assert heading is not None
    shown = squash(heading.get_text()).rstrip("¶").strip()
    assert shown == typeset(expected_title(raw))
    assert heading.select("script, strong, em, b, a:not(.headerlink)") == []
    assert front.select('[role="main"] script') == []
    assert "javascript:" not in " ".join(
        str(a["href"]) for a in front.select("a[href]")
    )
    footer = squash(front.get_text())
    assert f", {author}" in footer


@given(st.text())
def test_python_literal_reads_back_as_the_same_text(text: str) -> None:
    literal = starter.python_literal(text)
    assert ast.literal_eval(literal) == text
    assert "\n" not in literal


@given(st.text(min_size=1))
def test_markdown_text_is_shown_as_typed(raw: str) -> None:
    """Whatever one line holds, CommonMark shows it as that text, no markup."""
    try:
        text = starter.one_line(raw, "--title")
    except starter.StarterError:
        return
    html = MarkdownIt("commonmark").render(starter.markdown_text(text))
    assert html == f"<p>{escapeHtml(text)}</p>\n"


def test_readme_title_is_escaped_markdown(tmp_path: Path) -> None:
    new(str(tmp_path / "h"), "--title", "*x* `y` [z](w)")
    first_line = (tmp_path / "h" / "README.md").read_text("utf-8").splitlines()[0]
    assert first_line == r"# \*x\* \`y\` \[z\]\(w\)"


@pytest.mark.parametrize("option", ["--title", "--author"])
@pytest.mark.parametrize("title", ["", "   ", "\n\t", "\x00\x01"])
def test_empty_title_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str, option: str
) -> None:
    target = tmp_path / "h"
    assert new(str(target), option, title) == 1
    assert f"{option} is empty" in capsys.readouterr().err
    assert not target.exists()


def test_a_directory_that_cannot_be_read_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As for a folder of another user (the tests run as root, who reads all)."""
    target = tmp_path / "h"
    target.mkdir()

    def refuse(self: Path) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refuse)
    assert new(str(target)) == 1
    err = capsys.readouterr().err
    assert err == f"sphinx-cmi new: error: cannot read {target}: Permission denied\n"


def test_title_that_is_not_text_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A command line in a broken encoding reaches Python as lone surrogates."""
    target = tmp_path / "h"
    assert new(str(target), "--title", "caf\udce9") == 1
    assert "--title is not valid UTF-8 text" in capsys.readouterr().err
    assert not target.exists()


# --- never over an author's files ---------------------------------------------


def test_directory_that_is_not_empty_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "h"
    target.mkdir()
    (target / "notes.md").write_text("mine", encoding="utf-8")
    assert new(str(target)) == 1
    err = capsys.readouterr().err
    assert f"{target} is not empty" in err
    assert "Traceback" not in err
    assert [path.name for path in target.iterdir()] == ["notes.md"]
    assert (target / "notes.md").read_text(encoding="utf-8") == "mine"


def test_hidden_file_counts_as_content(tmp_path: Path) -> None:
    target = tmp_path / "h"
    (target / ".git").mkdir(parents=True)
    assert new(str(target)) == 1
    assert [path.name for path in target.iterdir()] == [".git"]


def test_file_in_place_of_the_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "h"
    target.write_text("a file", encoding="utf-8")
    assert new(str(target)) == 1
    assert "is not a directory" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "a file"


def test_empty_directory_is_used(tmp_path: Path) -> None:
    target = tmp_path / "h"
    target.mkdir()
    assert new(str(target)) == 0
    assert (target / "conf.py").is_file()


def test_unknown_language_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "h"
    with pytest.raises(SystemExit) as stopped:
        new(str(target), "--language", "it")
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'it'" in err
    assert re.search(r"choose from '?en'?, '?fr'?, '?de'?, '?es'?\)", err)
    assert not target.exists()


def test_command_without_subcommand_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([])
    assert stopped.value.code == 2
    assert "new" in capsys.readouterr().err


def test_python_dash_m_is_the_same_command(tmp_path: Path) -> None:
    target = tmp_path / "h"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_cmi", "new", str(target), "--language", "de",
         "--title", "Mein Handbuch"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert conf_values(target)["project"] == "Mein Handbuch"
    again = subprocess.run(
        [sys.executable, "-m", "sphinx_cmi", "new", str(target)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert again.returncode == 1
    assert "is not empty" in again.stderr
    assert "Traceback" not in again.stderr


# --- templates and docs -------------------------------------------------------


def test_every_language_has_the_same_pages() -> None:
    names = {language: set(starter.templates(language)) for language in LANGUAGES}
    assert all(found == PROJECT_FILES - {starter.SCHEMA} for found in names.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_curriculum_is_in_a_data_file(language: str) -> None:
    """The pages import it; editors check it against the installed schema."""
    written = starter.files(language)
    for page in PAGES:
        for directive in ("{quality-card}", "{course-callout}"):
            assert directive not in written[f"{page}.md"], (language, page)
    data = yaml.safe_load(written["data/curriculum.yaml"])
    assert len(data["qualities"]) == 5
    assert len(data["courses"]) == 3
    assert written["data/curriculum.yaml"].startswith(
        "# yaml-language-server: $schema=curriculum.schema.json\n"
    )
    shipped = resources.files("sphinx_cmi") / "curriculum.schema.json"
    assert written[starter.SCHEMA] == shipped.read_text(encoding="utf-8")
    assert (
        list(
            Draft202012Validator(json.loads(written[starter.SCHEMA])).iter_errors(data)
        )
        == []
    )


def test_translated_pages_differ_from_english() -> None:
    english = starter.files("en")
    for language in LANGUAGES[1:]:
        translated = starter.files(language)
        for page in PAGES:
            assert translated[f"{page}.md"] != english[f"{page}.md"], (language, page)
        assert translated["README.md"] != english["README.md"]


def test_getting_started_shows_the_generated_conf_py() -> None:
    page = (PROJECT / "docs" / "guide" / "getting-started.md").read_text("utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```$", page, re.DOTALL | re.MULTILINE)
    assert starter.files("en")["conf.py"] in blocks
    assert 'pip install "sphinx-cmi[handbook]"' in page
    assert "sphinx-cmi new" in page


def test_readme_shows_install_and_new() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    own_project = readme.split("## Using it in your own project", 1)[1]
    assert 'pip install "sphinx-cmi[handbook]"' in own_project
    assert "sphinx-cmi new" in own_project
