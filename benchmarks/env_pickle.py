"""Where the bytes of ``environment.pickle`` go.

Each part is measured as the bytes the pickle loses when that part alone is
emptied, so shared strings are counted once, in the part that remains.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

Holder = tuple[Callable[[Any], Any], str]
"""Where a part lives: a function giving its container, and its key there."""

PARTS: dict[str, list[Holder]] = {
    "Named targets (std labels)": [
        (lambda env: env.domaindata["std"], "labels"),
        (lambda env: env.domaindata["std"], "anonlabels"),
    ],
    "General index entries": [(lambda env: env.domaindata["index"], "entries")],
    "Table, figure and card numbers": [(vars, "toc_fignumbers")],
    "Curriculum graph (cmi domain)": [(lambda env: env.domaindata, "cmi")],
    "Page titles and tables of contents": [
        (vars, "titles"),
        (vars, "longtitles"),
        (vars, "tocs"),
    ],
}


def _size(env: object) -> int:
    return len(pickle.dumps(env, pickle.HIGHEST_PROTOCOL))


def breakdown(path: Path) -> dict[str, int]:
    """Bytes per part of the pickled environment at *path*, plus the rest."""
    env = pickle.loads(path.read_bytes())
    total = _size(env)
    parts: dict[str, int] = {}
    for label, holders in PARTS.items():
        saved = []
        for container, key in holders:
            box = container(env)
            if key in box:
                saved.append((box, key, box[key]))
                box[key] = type(box[key])()
        parts[label] = total - _size(env) if saved else 0
        for box, key, value in saved:
            box[key] = value
    parts["Everything else"] = total - sum(parts.values())
    parts["Total"] = total
    return parts
