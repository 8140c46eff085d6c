"""sphinx-cmi's settings (``cmi_*`` in ``conf.py``) and their one type check.

Every setting is untrusted: a value of the wrong type gives one ``cmi.config``
warning at its line of ``conf.py`` and the default is used instead, before
Sphinx's own type check (which then has nothing to repeat) or any code that
would trip over it.
"""

from __future__ import annotations

import difflib
import re
import reprlib
from typing import TYPE_CHECKING, Any, Literal

from sphinx_cmi.base import Subtype, warn

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.config import Config

_SETTINGS: dict[str, tuple[Any, tuple[type, ...]]] = {}
"""name -> (default, accepted types) of every sphinx-cmi setting."""


def add_setting(
    app: Sphinx,
    name: str,
    default: Any,
    types: tuple[type, ...],
    rebuild: Literal["", "env", "html"] = "env",
) -> None:
    """Declare the setting *name*: its default, the types it accepts."""
    _SETTINGS[name] = (default, types)
    app.add_config_value(name, default, rebuild, types=frozenset(types))


def expected(types: tuple[type, ...]) -> str:
    if types == (bool,):
        return "True or False"
    return " or ".join(f"a {kind.__name__}" for kind in types)


def setting_location(conf_py: Path, name: str) -> str | None:
    """``conf.py:<line>`` of the last assignment to *name*; None when no line
    of ``conf.py`` sets it (it came from ``-D``): a location without a line
    would be taken for a page's name."""
    try:
        lines = conf_py.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    found = [n for n, text in enumerate(lines, 1) if re.match(rf"\s*{name}\s*=", text)]
    return f"{conf_py}:{found[-1]}" if found else None


def check_settings(app: Sphinx, config: Config) -> None:
    """One clear warning per setting of the wrong type, then its default;
    one per ``cmi_*`` name that no setting has (a typo Sphinx keeps quiet)."""
    conf_py = app.confdir / "conf.py"
    ours = [name for name in _SETTINGS if name in config]
    for name in getattr(config, "_raw_config", {}):
        if name.startswith("cmi_") and name not in config:
            close = difflib.get_close_matches(name, ours, n=1)
            hint = f"did you mean {close[0]}?" if close else "see the settings page"
            warn(
                f"unknown setting {name}: {hint}",
                Subtype.CONFIG,
                setting_location(conf_py, name),
            )
    for name, (default, types) in _SETTINGS.items():
        if name not in config:
            continue  # declared by another application in this process
        value = config[name]
        # bool is an int: a flag given 1 is still wrong, and 0 no number.
        wrong_bool = isinstance(value, bool) != (bool in types)
        if not isinstance(value, types) or wrong_bool:
            warn(
                f"{name} must be {expected(types)}, not {reprlib.repr(value)}; "
                f"using {default!r}",
                Subtype.CONFIG,
                setting_location(conf_py, name),
            )
            config[name] = default


def setup(app: Sphinx) -> None:
    app.connect("config-inited", check_settings, priority=400)
