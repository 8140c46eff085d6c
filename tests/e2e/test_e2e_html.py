"""The Nu Html Checker (vnu) over the built handbook."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from e2e import support

pytestmark = pytest.mark.e2e


OURS = ("cmi-", "application/ld+json", 'property="og:', 'name="description"')
"""What sphinx-cmi writes, or has written for it in the <head>: its classes,
the structured data, and the link-preview tags fed by its call-outs."""


def _ours(message: dict[str, Any], lines: list[str]) -> bool:
    """Whether a message points at markup sphinx-cmi emits."""
    if any(mark in message.get("extract", "") for mark in OURS):
        return True
    last = int(message.get("lastLine", 0))
    first = int(message.get("firstLine", last))
    return any(
        mark in line for line in lines[max(first - 1, 0) : last] for mark in OURS
    )


def test_the_checked_pages_carry_the_new_elements(
    handbook_dir: Path, pages: list[str]
) -> None:
    """The structured data and link previews are among what vnu checks."""
    texts = {name: (handbook_dir / name).read_text(encoding="utf-8") for name in pages}
    assert any('<script type="application/ld+json">' in t for t in texts.values())
    for name, text in texts.items():
        if name not in ("genindex.html", "search.html"):  # no page of text
            assert '<meta property="og:title"' in text, name


def test_vnu_no_errors_in_our_markup(handbook_dir: Path, pages: list[str]) -> None:
    files = [str(handbook_dir / name) for name in pages]
    result = subprocess.run(
        [*support.vnu_command(), "--format", "json", "--skip-non-html", *files],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    report: dict[str, Any] = json.loads(result.stderr or result.stdout or "{}")
    messages: list[dict[str, Any]] = report.get("messages", [])
    assert result.returncode in {0, 1}, result.stderr[-2000:]
    ours: list[str] = []
    theirs: list[str] = []
    sources: dict[str, list[str]] = {}
    for message in messages:
        if message.get("type") != "error":
            continue
        url = str(message.get("url", ""))
        path = url.removeprefix("file:")
        if path not in sources:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except OSError:
                text = ""
            sources[path] = text.splitlines()
        line = (
            f"{url.rsplit('/html/', 1)[-1]}:{message.get('lastLine')}: "
            f"{message.get('message')}\n    {message.get('extract', '')!r}"
        )
        (ours if _ours(message, sources[path]) else theirs).append(line)
    if theirs:
        print("vnu errors outside sphinx-cmi (theme/Sphinx):\n" + "\n".join(theirs))
    assert not ours, "vnu errors in sphinx-cmi markup:\n" + "\n".join(ours)
