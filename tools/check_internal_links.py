"""Check every internal link and anchor of a built HTML site, offline.

Usage: ``python tools/check_internal_links.py docs/_build/html``.  Exits 1 and
lists each broken ``href``/``src`` (missing file or missing ``#fragment``).
External (http, https, mailto, ...) links are not fetched here.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src"}


class PageScan(HTMLParser):
    """Collects the ids a page defines and the links it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name" if tag == "a" else "id"):
            if values.get(key):
                self.anchors.add(str(values[key]))
        wanted = LINK_ATTRIBUTES.get(tag)
        if wanted and values.get(wanted):
            self.links.append(str(values[wanted]))


def scan(path: Path, cache: dict[Path, PageScan]) -> PageScan:
    if path not in cache:
        page = PageScan()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = page
    return cache[path]


def broken_links(root: Path) -> list[str]:
    """Every internal link under *root* whose file or fragment does not exist."""
    cache: dict[Path, PageScan] = {}
    problems: list[str] = []
    for page_path in sorted(root.rglob("*.html")):
        for link in scan(page_path, cache).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # external: checked only on request
            target = (
                page_path
                if not parts.path
                else (page_path.parent / unquote(parts.path))
            )
            if target.is_dir():
                target = target / "index.html"
            where = f"{page_path.relative_to(root)}: {link}"
            if not target.resolve().is_relative_to(root.resolve()):
                problems.append(f"{where} (points outside the site)")
            elif not target.is_file():
                problems.append(f"{where} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                fragment = unquote(parts.fragment)
                if fragment not in scan(target.resolve(), cache).anchors:
                    problems.append(f"{where} (no anchor #{fragment})")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(argv[0])
    if not (root / "index.html").is_file():
        print(f"{root} holds no built site (no index.html)", file=sys.stderr)
        return 2
    problems = broken_links(root)
    for problem in problems:
        print(problem)
    pages = sum(1 for _ in root.rglob("*.html"))
    print(f"{pages} pages checked, {len(problems)} broken internal link(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
