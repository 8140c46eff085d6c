"""sphinx-cmi's settings (``cmi_*`` in ``conf.py``) and the Sphinx ones it reads.

Every setting is untrusted: a value of the wrong type gives one ``cmi.config``
warning at its line of ``conf.py`` and the default is used instead, before
Sphinx's own type check (which then has nothing to repeat) or any code that
would trip over it.  The stylesheet (``html_static_path``, ``cmi_css_file``)
is set up here too.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from sphinx_cmi.problems import Subtype, warn
from sphinx_cmi.values import quoted

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config


@dataclass(frozen=True)
class Setting:
    default: Any
    valid: Callable[[object], bool]
    rule: str
    """What a valid value is, as the warning says it: "True or False"."""


_SETTINGS: dict[str, Setting] = {}
"""Every sphinx-cmi setting, by name."""


def add_setting(
    app: Sphinx,
    name: str,
    default: Any,
    types: tuple[type, ...],
    rebuild: Literal["", "env", "html"] = "env",
    *,
    valid: Callable[[object], bool] | None = None,
    rule: str = "",
) -> None:
    """Declare the setting *name*: its default and the types Sphinx accepts;
    *valid* and its *rule* where the types do not say it all (a timeout above
    0)."""
    _SETTINGS[name] = Setting(
        default, valid or of_types(types), rule or expected(types)
    )
    app.add_config_value(name, default, rebuild, types=frozenset(types))


def of_types(types: tuple[type, ...]) -> Callable[[object], bool]:
    def valid(value: object) -> bool:
        # bool is an int: a flag given 1 is still wrong, and 0 no number.
        return isinstance(value, types) and isinstance(value, bool) == (bool in types)

    return valid


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
    ours = [option.name for option in config if option.name.startswith("cmi_")]
    for name in getattr(config, "_raw_config", {}):
        if name.startswith("cmi_") and name not in config:
            close = difflib.get_close_matches(name, ours, n=1)
            hint = f"did you mean {close[0]}?" if close else "see the settings page"
            warn(
                f"unknown setting {name}: {hint}",
                Subtype.CONFIG,
                setting_location(conf_py, name),
            )
    for name, setting in _SETTINGS.items():
        if name not in config:
            continue  # declared by another application in this process
        value = config[name]
        if not setting.valid(value):
            warn(
                f"{name} must be {setting.rule}, not {quoted(value)}; "
                f"using {setting.default!r}",
                Subtype.CONFIG,
                setting_location(conf_py, name),
            )
            config[name] = setting.default


# --- the stylesheet ----------------------------------------------------------

STATIC_DIR = Path(__file__).parent / "static"
CSS_FILE = "sphinx-cmi.css"
CSS_SETTING = "cmi_css_file"


def warn_about(app: Sphinx, setting: str, message: str) -> None:
    """A ``cmi.config`` warning at the line of ``conf.py`` that sets *setting*."""
    warn(message, Subtype.CONFIG, setting_location(app.confdir / "conf.py", setting))


def static_path(app: Sphinx, config: Config) -> None:
    """Put the packaged ``static`` folder *first* in ``html_static_path``.

    Sphinx copies the folders in order and a later file of the same name
    wins, so a project's own ``_static/sphinx-cmi.css`` replaces ours.
    Whatever type the setting has, the build goes on with a list.
    """
    value: Any = config.html_static_path
    if value is None:
        entries: list[Any] = []
    elif isinstance(value, str | os.PathLike):
        entries = [value]
    elif isinstance(value, list | tuple):
        entries = list(value)
    else:
        warn_about(
            app,
            "html_static_path",
            f"html_static_path must be a list of folders, not {quoted(value)}; "
            "sphinx-cmi ignores it and adds only its own stylesheet",
        )
        entries = []
    kept = [entry for entry in entries if isinstance(entry, str | os.PathLike)]
    if len(kept) < len(entries):
        ignored = ", ".join(quoted(e) for e in entries if e not in kept)
        warn_about(
            app,
            "html_static_path",
            f"html_static_path entries must be folder names; ignored: {ignored}",
        )
    ours = str(STATIC_DIR)
    config.html_static_path = [ours, *(e for e in kept if str(e) != ours)]


def stylesheet(app: Sphinx, config: Config) -> None:
    """Link ``cmi_css_file`` on every HTML page ("" or None: link none)."""
    name: Any = config[CSS_SETTING]
    if name is None or name == "":
        return
    if not isinstance(name, str) or not _is_stylesheet_address(name):
        warn_about(
            app,
            CSS_SETTING,
            f"{CSS_SETTING} must be a file name in html_static_path (such as "
            f"'handbook.css'), an http(s) address, or '' for none, not "
            f"{quoted(name)}; using {CSS_FILE!r}",
        )
        config[CSS_SETTING] = name = CSS_FILE
    app.add_css_file(name)


def _is_stylesheet_address(name: str) -> bool:
    parts = urlsplit(name.strip())
    if parts.scheme or parts.netloc:
        return parts.scheme in {"http", "https"} and bool(parts.netloc)
    return bool(name.strip()) and not any(c in name for c in "\"'<>\\\n\r\t")


def setup(app: Sphinx) -> None:
    app.add_config_value(
        CSS_SETTING, CSS_FILE, "html", types=frozenset({str, type(None)})
    )
    app.connect("config-inited", check_settings, priority=400)
    app.connect("config-inited", static_path, priority=400)
    app.connect("config-inited", stylesheet, priority=400)
