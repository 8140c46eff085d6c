"""Helpers for the end-to-end tests: tools, a local web server and axe-core."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DOC_SCREENSHOTS = DOCS / "_static" / "screenshots"
#: Where ``npm install --prefix`` put vnu-jar (and, optionally, axe-core).
NODE_DIR = Path(
    os.environ.get("CMI_E2E_NODE_DIR", Path.home() / ".cache" / "sphinx-cmi-e2e")
)
NPM_HINT = f"npm install --prefix {NODE_DIR} vnu-jar axe-core"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Light and dark, once through the colour scheme the browser reports (Furo's
#: "auto") and once through Furo's own toggle, which wins over the scheme.
MODES: dict[str, tuple[Literal["light", "dark"], str]] = {
    "scheme-light": ("light", "auto"),
    "scheme-dark": ("dark", "auto"),
    "toggle-light": ("dark", "light"),
    "toggle-dark": ("light", "dark"),
}

#: Pages rendering sphinx-cmi markup that the layout tests look at closely.
COMPARISON_PAGE = "leaders-and-managers.html"
QUALITIES_PAGE = "qualities.html"
CATALOGUE_PAGE = "catalogue.html"
OUTCOMES_PAGE = "learning-outcomes.html"
LEARNING_PATH_PAGE = "learning-path.html"
SCREENSHOT_PAGES = (
    COMPARISON_PAGE,
    QUALITIES_PAGE,
    CATALOGUE_PAGE,
    OUTCOMES_PAGE,
    LEARNING_PATH_PAGE,
)

#: Elements sphinx-cmi renders: its own classes and the comparison tables.
OURS_SELECTOR = '[class*="cmi-"]'
#: The blocks the directives render.
DIRECTIVES = (
    ".cmi-card, table.cmi-comparison, ul.cmi-quality-index, ul.cmi-learning-path"
)


def chromium_path() -> str:
    """The Chromium to drive; Playwright's own download is not used."""
    candidates = [
        os.environ.get("CMI_CHROMIUM", ""),
        "/usr/bin/chromium",
        shutil.which("chromium") or "",
        shutil.which("chromium-browser") or "",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail(
        "Chromium not found (set CMI_CHROMIUM or, on Debian: apt-get install "
        "chromium); the e2e tests also need PyPI playwright",
        pytrace=False,
    )


def vnu_command() -> list[str]:
    """``java -jar vnu.jar``, failing loudly when Java or vnu-jar is missing."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "java not found; on Debian: apt-get install default-jre-headless",
            pytrace=False,
        )
    jar = Path(
        os.environ.get(
            "CMI_VNU_JAR", NODE_DIR / "node_modules/vnu-jar/build/dist/vnu.jar"
        )
    )
    if not jar.is_file():
        pytest.fail(
            f"vnu.jar not found at {jar}; install npm vnu-jar: {NPM_HINT} "
            "(or set CMI_VNU_JAR)",
            pytrace=False,
        )
    return [java, "-jar", str(jar)]


@functools.cache
def axe_source() -> str:
    """axe-core: the copy bundled with PyPI axe-playwright-python, else npm's."""
    try:
        bundled = resources.files("axe_playwright_python") / "axe.min.js"
        return bundled.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    npm = NODE_DIR / "node_modules/axe-core/axe.min.js"
    if npm.is_file():
        return npm.read_text(encoding="utf-8")
    pytest.fail(
        "axe-core not found; pip install axe-playwright-python, or " + NPM_HINT,
        pytrace=False,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(directory: Path) -> Iterator[str]:
    """Serve *directory* on 127.0.0.1 at a free port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname == "127.0.0.1"


def handbook_pages(html_dir: Path) -> list[str]:
    """Every HTML page of a built handbook, as paths relative to it."""
    return sorted(
        path.relative_to(html_dir).as_posix()
        for path in html_dir.rglob("*.html")
        if "_static" not in path.parts and "_sources" not in path.parts
    )


def goto(page: Page, url: str) -> None:
    page.goto(url, wait_until="load")


AXE_RUN = """
async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  const ours = (selector) => {
    let element = null;
    try { element = document.querySelector(selector); } catch (e) {}
    return !!(element && element.closest('[class*="cmi-"]'));
  };
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({
      target: n.target.map(String).join(" >>> "),
      html: n.html.slice(0, 300),
      summary: (n.failureSummary || "").slice(0, 400),
      ours: ours(String(n.target[n.target.length - 1])),
    })),
  }));
}
"""

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

#: WCAG's contrast ratio of two colours given as [r, g, b, ...] (0-255).
RATIO = """
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
"""

#: Text contrast (4.5:1) and icon contrast (3:1) of sphinx-cmi's visible parts,
#: against the colour behind each one (WCAG 1.4.3 and 1.4.11).
CONTRAST = """
() => {
  const parse = (c) => {
    const n = (c.match(/[\\d.]+/g) || []).map(Number);
    return n.length >= 3 ? [n[0], n[1], n[2], n.length > 3 ? n[3] : 1] : null;
  };
  const blend = (top, bottom) => top.slice(0, 3).map(
    (v, i) => v * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = blend(layer, colour);
    return colour;
  };
  // lum() and ratio(): RATIO, inserted below
  const checks = [
    [".cmi-card-title, .cmi-card a, .cmi-course-link a, .cmi-course-facts dt, "
     + ".cmi-course-facts dd, .cmi-developed-by, table.cmi-comparison th, "
     + "table.cmi-comparison td, table.cmi-comparison a, ul.cmi-quality-index a, "
     + ".cmi-tick, .cmi-empty-listing, .cmi-taught-in, .cmi-developed-through, "
     + ".cmi-unlocks, .cmi-learning-path-heading, .cmi-learning-path a, "
     + ".cmi-learning-path-step p", 4.5, null],
    [".cmi-icon", 3, null],
    ["table.cmi-comparison > tbody > tr > td", 4.5, "::before"],
  ];
  const out = [];
  for (const [selector, minimum, pseudo] of checks) {
    for (const el of document.querySelectorAll(selector)) {
      if (el.getClientRects().length === 0) continue;
      if (getComputedStyle(el).visibility !== "visible") continue;
      const style = getComputedStyle(el, pseudo);
      if (pseudo && (style.content === "none" || style.display === "none")) continue;
      const fg = parse(style.color);
      const bg = background(el);
      const value = ratio(blend(fg, bg), bg);
      out.push({what: (pseudo || "") + el.outerHTML.slice(0, 80), minimum, value});
    }
  }
  return out;
}
""".replace("  // lum() and ratio(): RATIO, inserted below", RATIO)


def run_axe(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    violations: list[dict[str, Any]] = page.evaluate(AXE_RUN, AXE_TAGS)
    return violations


def set_mode(page: Page, mode: str) -> None:
    """Emulate the colour scheme and preset Furo's toggle for later loads."""
    scheme, theme = MODES[mode]
    page.emulate_media(color_scheme=scheme)
    page.add_init_script(f"localStorage.setItem('theme', '{theme}');")


@contextlib.contextmanager
def desktop_page(browser: Browser, mode: str | None = None) -> Iterator[Page]:
    """A page in a fresh 1280x900 context (in colour *mode*, if given).

    The context is closed afterwards, whatever the test found.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        if mode is not None:
            set_mode(page, mode)
        yield page
    finally:
        context.close()


# --- themes -------------------------------------------------------------------

#: The themes the handbook is built with for the browser tests (module names).
THEMES = (
    "furo",
    "pydata_sphinx_theme",
    "sphinx_book_theme",
    "sphinx_rtd_theme",
    "alabaster",
)
#: Where each theme says which mode it shows (themes without one are light).
THEME_MODE_SCRIPT = {
    "furo": "document.body.dataset.theme",
    "pydata_sphinx_theme": "document.documentElement.dataset.theme",
    "sphinx_book_theme": "document.documentElement.dataset.theme",
}
#: Where ``nox -s e2e`` puts the handbook built with each theme.
THEME_BUILDS = Path(os.environ.get("CMI_E2E_THEMES", DOCS / "_build" / "themes"))


def set_theme_mode(page: Page, mode: Literal["light", "dark"]) -> None:
    """The browser's colour scheme, and each theme's stored choice, set to *mode*.

    Furo keeps its choice in ``localStorage.theme``; pydata-sphinx-theme and
    sphinx-book-theme in ``mode`` and ``theme``. The others have no dark mode.
    """
    page.emulate_media(color_scheme=mode)
    page.add_init_script(
        f"localStorage.setItem('theme', '{mode}');"
        f"localStorage.setItem('mode', '{mode}');"
    )


def pages_with_our_markup(html_dir: Path) -> list[str]:
    """The pages of a build that contain sphinx-cmi's markup."""
    marker = re.compile(r'class="[^"]*\bcmi-')
    return [
        name
        for name in handbook_pages(html_dir)
        if marker.search((html_dir / name).read_text(encoding="utf-8"))
    ]
