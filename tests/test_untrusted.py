"""Untrusted content, safe links and the extension's configuration values.

The "untrusted" builds use the settings that docs/guide/untrusted-content.md
recommends: MyST without HTML syntax, and a ``docutils.conf`` that disables
``raw`` and file insertion.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from sphinx.testing.util import SphinxTestApp

from helpers import (
    PROJECT,
    Build,
    directive,
    is_script_url,
    line_of,
    page,
    strip_colour,
    write_project,
)

if TYPE_CHECKING:
    from pathlib import Path

    from helpers import BuildProject

SOURCE = PROJECT / "src" / "sphinx_cmi"
SECRET = "sphinx-cmi-secret-file-contents"
"""Written to a file outside the project that hostile pages try to include."""

DOCUTILS_CONF = """\
[general]
raw_enabled: false
file_insertion_enabled: false
"""
UNTRUSTED_CONF = {
    "extensions": ["myst_parser", "sphinx_cmi"],
    "myst_disable_syntax": ["html_block", "html_inline"],
    "cmi_check_all_links": True,
}


def hostile_md(secret: str) -> str:
    return page(
        "md",
        f"""\
<script>alert("block")</script>

Inline <script>alert("inline")</script> and [js](javascript:alert(1)).

```{{eval-rst}}
An rST link in MyST: `evalrst <javascript:alert(15)>`_.
```

```{{raw}} html
<script>alert("raw")</script>
```

```{{include}} {secret}
```

```{{literalinclude}} {secret}
```

:::{{quality-card}} Integrity <script>alert("title")</script>
:name: integrity
:summary: <b id="injected">bold</b>

<script>alert("card")</script>

Click [here](javascript:alert(2)) or <a href="javascript:alert(3)">here</a>.

```{{raw}} html
<script>alert("raw in card")</script>
```

```{{include}} {secret}
```
:::

:::{{course-callout}} Course <script>alert(4)</script>
:name: course
:url: javascript:alert(5)
:link-text: <b id="injected">go</b>

<img src=x onerror=alert(6)>

```{{literalinclude}} {secret}
```
:::

:::{{comparison-table}} Table
:columns: <script>alert(7)</script>, B

- <script>alert(8)</script>
  - [cell](javascript:alert(9))
  - <b id="body-html">cell</b>
:::

{{quality}}`integrity` and {{course}}`course`.
""",
    )


def hostile_rst(secret: str) -> str:
    return page(
        "rst",
        f"""\
.. raw:: html

   <script>alert("rst raw")</script>

.. include:: {secret}

Outside any card: `plain <javascript:alert(13)>`_ and anonymous__.

__ data:text/html,<script>alert(14)</script>

.. quality-card:: Empathy
   :name: empathy
   :summary: <script>alert("summary")</script>

   .. raw:: html

      <script>alert("rst raw card")</script>

   .. include:: {secret}

   .. literalinclude:: {secret}

   `bad <javascript:alert(10)>`_ and `worse`_.

   .. _worse: JaVa	ScRiPt:alert(11)

.. course-callout:: Listening
   :url:  java&#x09;script:alert(12)

   Body.
""",
    )


def untrusted_build(
    tmp_path: Path, files: dict[str, str], buildername: str, monkeypatch: object
) -> Build:
    """A fresh project built with the untrusted-content settings."""
    srcdir = tmp_path / f"untrusted-{buildername}"
    write_project(srcdir, files, UNTRUSTED_CONF)
    (srcdir / "docutils.conf").write_text(DOCUTILS_CONF, encoding="utf-8")
    # sphinx-build points docutils at conf.py's folder (patch_docutils);
    # SphinxTestApp does not, so the test does it the same way.
    mp = monkeypatch
    assert isinstance(mp, pytest.MonkeyPatch)
    mp.setenv("DOCUTILSCONFIG", str(srcdir / "docutils.conf"))
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=srcdir.with_name(f"{srcdir.name}-build"),
        freshenv=True,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Build(app, srcdir, app.outdir, strip_colour(app.warning.getvalue()))


@pytest.fixture
def secret_file(tmp_path: Path) -> str:
    """A file outside the project, as a path relative to any project in
    *tmp_path* (Sphinx reads "/x" as relative to the source folder)."""
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    return "../outside/secret.txt"


@pytest.mark.parametrize("buildername", ["html", "text"])
def test_hostile_content_is_inert_with_the_untrusted_settings(
    tmp_path: Path,
    secret_file: str,
    monkeypatch: pytest.MonkeyPatch,
    buildername: str,
) -> None:
    secret = secret_file
    files = {"hostile.md": hostile_md(secret), "hostile-rst.rst": hostile_rst(secret)}
    result = untrusted_build(tmp_path, files, buildername, monkeypatch)
    suffix = ".html" if buildername == "html" else ".txt"
    for docname in ("hostile", "hostile-rst"):
        output = (result.outdir / f"{docname}{suffix}").read_text(encoding="utf-8")
        assert SECRET not in output
        if buildername == "text":
            continue
        soup = result.soup(f"{docname}.html")
        main = result.main(docname)
        assert not main.find_all("script")
        assert not soup.find_all(id=["injected", "body-html"])
        assert not main.find_all("img")
        assert not soup.find_all(onerror=True)
        for element in soup.find_all(href=True) + soup.find_all(src=True):
            for attribute in ("href", "src"):
                value = element.get(attribute)
                assert not (isinstance(value, str) and is_script_url(value)), value
    assert "File insertion disabled" in result.warnings
    assert '"raw" directive disabled' in result.warnings
    assert "[cmi.link]" in result.warnings


def test_default_settings_do_let_raw_html_through(
    build: BuildProject, secret_file: str
) -> None:
    """The control: without those settings the same page does carry a script.

    So the inert output above comes from the settings, not from a test that
    cannot fail.
    """
    result = build(
        {"hostile.md": hostile_md(secret_file)},
        conf={"extensions": ["myst_parser", "sphinx_cmi"]},
    )
    assert result.main("hostile").find_all("script")
    assert SECRET in (result.outdir / "hostile.html").read_text(encoding="utf-8")
    # sphinx-cmi's own guarantees hold even so: no live option value and no
    # script link made by docutils or MyST inside its blocks (raw HTML aside);
    # only the rST link outside them stays, as cmi_check_all_links is off.
    main = result.main("hostile")
    assert not main.find_all(id="injected")
    hrefs = [str(a.get("href")) for a in main.select("a.reference[href]")]
    assert [href for href in hrefs if is_script_url(href)] == ["javascript:alert(15)"]


def test_relative_course_url_resolves_like_a_sphinx_link(build: BuildProject) -> None:
    callout = ":::{course-callout} Nearby\n:url: ../other.html\n\nBody.\n:::\n"
    result = build(
        {
            "sub/page.md": page("md", callout),
            "other.md": page("md", "The target.", "Other"),
        },
        conf={"extensions": ["myst_parser", "sphinx_cmi"]},
    )
    links = result.main("sub/page").select("a.cmi-call-to-action")
    assert [link.get("href") for link in links] == ["../other.html"]
    href = links[0].get("href")
    assert isinstance(href, str)
    assert (result.outdir / "sub" / href).resolve() == (
        result.outdir / "other.html"
    ).resolve()
    assert (result.outdir / "other.html").is_file()


def test_every_module_emitting_a_refuri_checks_it() -> None:
    """A new link target in the source must go through links.is_safe_url.

    Either the module imports :func:`is_safe_url`, or its links are resolved
    references made by Sphinx (``make_refnode``), or it only reads or
    rewrites a ``refuri`` already present.
    """
    emitting = {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(SOURCE.glob("*.py"))
        if re.search(r"refuri\s*=|\[\s*[\"']refuri[\"']\s*\]\s*=", path.read_text())
    }
    assert emitting, "the scan found no module at all: is the pattern stale?"
    for name, text in emitting.items():
        guarded = (
            "import is_safe_url" in text
            or "def is_safe_url" in text
            or "make_refnode" in text
        )
        assert guarded, f"{name} sets a refuri without is_safe_url"
    # The modules that make links to cards go through Sphinx's make_refnode.
    assert "make_refnode" in (SOURCE / "domain.py").read_text(encoding="utf-8")


def test_config_values_are_typed_and_known(tmp_path: Path) -> None:
    """Every ``cmi_*`` value declares its types; the list itself is pinned."""
    write_project(tmp_path / "src", {}, {"extensions": ["sphinx_cmi"]})
    app = SphinxTestApp("html", srcdir=tmp_path / "src", builddir=tmp_path / "out")
    try:
        options = app.config._options
        ours = {name: opt for name, opt in options.items() if name.startswith("cmi_")}
    finally:
        app.cleanup()
    numbers = {
        "cmi_linkcheck_cache_days": 7,
        "cmi_linkcheck_timeout": 20,
        "cmi_linkcheck_retries": 2,
        "cmi_linkcheck_backoff": 2,
        "cmi_linkcheck_host_concurrency": 2,
        "cmi_linkcheck_max_retry_after": 120,
    }
    flags = ["cmi_linkcheck_strict", "cmi_linkcheck_refresh"]
    assert sorted(ours) == sorted(
        ["cmi_check_all_links", "cmi_structured_data", "cmi_css_file",
         "cmi_short_roles", *numbers, *flags]
    )  # fmt: skip
    assert ours["cmi_short_roles"].valid_types == frozenset({bool})
    assert ours["cmi_short_roles"].default is True
    assert ours["cmi_css_file"].valid_types == frozenset({str, type(None)})
    assert ours["cmi_css_file"].default == "sphinx-cmi.css"
    assert ours["cmi_structured_data"].valid_types == frozenset({bool})
    assert ours["cmi_structured_data"].default is True
    assert ours["cmi_check_all_links"].valid_types == frozenset({bool})
    assert ours["cmi_check_all_links"].default is False
    for name, default in numbers.items():
        assert ours[name].valid_types == frozenset({int, float})
        assert ours[name].default == default
    for name in flags:  # a string from -D gets a cmi.config warning, not an error
        assert ours[name].valid_types == frozenset({bool, str})
        assert ours[name].default is False


PLAIN_RST_LINKS = page(
    "rst",
    """A `direct <javascript:alert(1)>`_ link, a named evil_ one, an anonymous__ one
and a `safe <https://example.org/>`_ one.

.. _evil: javascript:alert(2)
__ vbscript:msgbox(3)
""",
)


@pytest.mark.parametrize("check_all", [True, False])
def test_check_all_links_covers_plain_rst_links(
    build: BuildProject, check_all: bool
) -> None:
    conf = {"extensions": ["sphinx_cmi"], "cmi_check_all_links": check_all}
    result = build({"index.rst": PLAIN_RST_LINKS}, conf=conf)
    hrefs = [str(a["href"]) for a in result.main("index").select("a[href]")]
    scripts = [href for href in hrefs if is_script_url(href)]
    types = [w.type for w in result.reported()]
    if check_all:
        assert scripts == []
        assert types == ["cmi.link"] * 3
        refused = result.main("index").select(".cmi-refused-link")
        assert [span.get_text() for span in refused] == ["direct", "evil", "anonymous"]
    else:  # the default: docutils' links outside sphinx-cmi blocks as written
        assert len(scripts) == 3
        assert types == []
    assert "https://example.org/" in hrefs


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_wrong_config_value_gives_one_warning(
    build: BuildProject, value: object
) -> None:
    conf = {"extensions": ["sphinx_cmi"], "cmi_check_all_links": value}
    result = build({"index.rst": PLAIN_RST_LINKS}, conf=conf)
    assert result.app.statuscode == 0
    reported = result.reported()
    assert [w.type for w in reported] == ["cmi.config"]
    assert f"cmi_check_all_links must be True or False, not {value!r}" in (
        reported[0].message
    )
    assert result.app.config.cmi_check_all_links is False
    conf_py = result.srcdir / "conf.py"
    assert reported[0].path == str(conf_py)
    assert reported[0].line is not None
    lines = conf_py.read_text().splitlines()
    assert lines[reported[0].line - 1].startswith("cmi_check_all_links")


def test_config_and_link_warnings_are_suppressed_separately(
    build: BuildProject,
) -> None:
    conf: dict[str, object] = {
        "extensions": ["sphinx_cmi"],
        "cmi_check_all_links": "yes",
        "suppress_warnings": ["cmi.config"],
    }
    result = build({"index.rst": PLAIN_RST_LINKS}, conf=conf)
    assert result.reported() == []
    conf = {
        "extensions": ["sphinx_cmi"],
        "cmi_check_all_links": True,
        "suppress_warnings": ["cmi.link"],
    }
    result = build({"index.rst": PLAIN_RST_LINKS}, conf=conf)
    assert result.reported() == []
    assert not [
        a
        for a in result.main("index").select("a[href]")
        if is_script_url(str(a["href"]))
    ]


@pytest.mark.parametrize("syntax", ["md", "rst"])
def test_no_data_file_is_read_with_file_insertion_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, syntax: str
) -> None:
    """``curriculum-import`` and ``comparison-table :file:`` obey docutils'
    ``file_insertion_enabled`` as ``include`` does."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "cards.csv").write_text(
        f"kind,name,title\nquality,leak,{SECRET}\n", encoding="utf-8"
    )
    (outside / "roles.csv").write_text(
        f"Aspect,Leader,Manager\n{SECRET},a,b\n", encoding="utf-8"
    )
    body = "\n".join(
        [
            directive(syntax, "curriculum-import", "../outside/cards.csv"),
            directive(
                syntax, "comparison-table", "Roles", {"file": "../outside/roles.csv"}
            ),
        ]
    )
    text = page(syntax, body, "Data")
    result = untrusted_build(tmp_path, {f"data.{syntax}": text}, "html", monkeypatch)
    assert SECRET not in (result.outdir / "data.html").read_text(encoding="utf-8")
    refused = [
        (w.line, w.type)
        for w in result.reported_in(f"data.{syntax}")
        if "file insertion is disabled" in w.message
    ]
    assert refused == [
        (line_of(text, "curriculum-import"), "cmi.data"),
        (line_of(text, ":file:"), "cmi.data"),
    ], result.warnings
