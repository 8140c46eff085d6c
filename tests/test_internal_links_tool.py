"""The offline link checker behind ``nox -s linkcheck`` finds what it must."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from helpers import load_tool

if TYPE_CHECKING:
    from pathlib import Path
    from types import ModuleType


@pytest.fixture(scope="module")
def checker() -> ModuleType:
    return load_tool("check_internal_links")


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><body>{body}</body></html>")
    return root


def test_valid_links_pass(checker: ModuleType, tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="guide/a.html#part">a</a><a href="#top">t</a>'
            '<p id="top"></p><a href="https://example.org/missing">x</a>',
            "guide/a.html": '<h2 id="part">Part</h2><a href="../index.html">up</a>',
        },
    )
    assert checker.broken_links(site) == []
    assert checker.main([str(site)]) == 0


def test_missing_file_and_anchor_are_reported(
    checker: ModuleType, tmp_path: Path
) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="nope.html">x</a><a href="a.html#gone">y</a>'
            '<a href="#here">z</a><img src="_static/missing.png" alt="">',
            "a.html": '<p id="there"></p>',
        },
    )
    problems = checker.broken_links(site)
    assert problems == [
        "index.html: nope.html (no such file)",
        "index.html: a.html#gone (no anchor #gone)",
        "index.html: #here (no anchor #here)",
        "index.html: _static/missing.png (no such file)",
    ]
    assert checker.main([str(site)]) == 1


def test_refuses_a_folder_without_a_site(checker: ModuleType, tmp_path: Path) -> None:
    assert checker.main([str(tmp_path)]) == 2
