"""Settings that decide how sphinx-cmi meets the rest of a project.

Its stylesheet (``html_static_path``, ``cmi_css_file``) and its short roles
(``cmi_short_roles``, and names another extension already took). Any value of
any type gives at most a ``cmi.config`` warning, never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils.parsers.rst import roles
from sphinx.util import docutils as sphinx_docutils

from sphinx_cmi.base import WARNING_TYPE, _, logger
from sphinx_cmi.domain import ROLE_OPTIONS, CmiXRefRole
from sphinx_cmi.graph import COURSE, QUALITY
from sphinx_cmi.links import setting_location

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC_DIR = Path(__file__).parent / "static"
CSS_FILE = "sphinx-cmi.css"
CSS_SETTING = "cmi_css_file"
SHORT_ROLES = "cmi_short_roles"
SHORT_ROLE_NAMES = (QUALITY, COURSE)


def _warn(app: Sphinx, setting: str, message: str, *args: object) -> None:
    logger.warning(
        message,
        *args,
        location=setting_location(Path(app.confdir) / "conf.py", setting),
        type=WARNING_TYPE,
        subtype="config",
    )


# --- the stylesheet ----------------------------------------------------------


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
        _warn(
            app,
            "html_static_path",
            "html_static_path must be a list of folders, not %r; sphinx-cmi "
            "ignores it and adds only its own stylesheet",
            value,
        )
        entries = []
    kept = [entry for entry in entries if isinstance(entry, str | os.PathLike)]
    if len(kept) < len(entries):
        _warn(
            app,
            "html_static_path",
            "html_static_path entries must be folder names; ignored: %s",
            ", ".join(repr(e) for e in entries if e not in kept),
        )
    ours = str(STATIC_DIR)
    config.html_static_path = [ours, *(e for e in kept if str(e) != ours)]


def stylesheet(app: Sphinx, config: Config) -> None:
    """Link ``cmi_css_file`` on every HTML page ("" or None: link none)."""
    name: Any = config[CSS_SETTING]
    if name is None or name == "":
        return
    if not isinstance(name, str) or not _is_stylesheet_address(name):
        _warn(
            app,
            CSS_SETTING,
            "%s must be a file name in html_static_path (such as 'handbook.css'), "
            "an http(s) address, or '' for none, not %r; using %r",
            CSS_SETTING,
            name,
            CSS_FILE,
        )
        config[CSS_SETTING] = name = CSS_FILE
    app.add_css_file(name)


def _is_stylesheet_address(name: str) -> bool:
    parts = urlsplit(name.strip())
    if parts.scheme or parts.netloc:
        return parts.scheme in {"http", "https"} and bool(parts.netloc)
    return bool(name.strip()) and not any(c in name for c in "\"'<>\\\n\r\t")


# --- card numbers --------------------------------------------------------------


def number_formats(app: Sphinx, config: Config) -> None:
    """Default ``numfig_format`` entries for cards, unless the project set them.

    A new dict: the option's default one is shared by every application in
    the process, and its entries would keep the first one's language.
    """
    ours = {"quality": _("Quality %s"), "course": _("Course %s")}
    theirs: Any = config.numfig_format
    if not isinstance(theirs, dict):
        _warn(
            app,
            "numfig_format",
            "numfig_format must be a dict such as {'table': 'Table %%s'}, not %r; "
            "using Sphinx's defaults",
            theirs,
        )
        theirs = {}  # Sphinx adds its own entries afterwards
    config.numfig_format = ours | theirs


# --- the short roles ---------------------------------------------------------


def check_short_roles_setting(app: Sphinx, config: Config) -> None:
    if not isinstance(config[SHORT_ROLES], bool):
        _warn(
            app,
            SHORT_ROLES,
            "%s must be True or False, not %r; using True",
            SHORT_ROLES,
            config[SHORT_ROLES],
        )
        config[SHORT_ROLES] = True


def short_roles(app: Sphinx) -> None:
    """Register ``{quality}``/``{course}`` unless the project said no or
    another extension owns the name.

    Runs once every extension has set up, ``extlinks`` included (it adds its
    roles when the builder starts), so a clash is seen, not silently lost.
    """
    registered: dict[str, Any] = roles._roles  # type: ignore[attr-defined]
    for name in SHORT_ROLE_NAMES:
        current = registered.get(name)
        ours = current is None or isinstance(current, CmiXRefRole)
        if not app.config[SHORT_ROLES]:
            if current is not None and ours:
                sphinx_docutils.unregister_role(name)  # from an earlier app
            continue
        if ours:
            sphinx_docutils.register_role(name, CmiXRefRole(**ROLE_OPTIONS))
            continue
        extlinks = getattr(app.config, "extlinks", None) or {}
        owner = (
            f"extlinks has an entry {name!r}"
            if isinstance(extlinks, dict) and name in extlinks
            else "another extension registered it"
        )
        _warn(
            app,
            "extlinks" if "extlinks" in owner else SHORT_ROLES,
            "the role {%s} is taken (%s), so it does not link to sphinx-cmi's "
            "cards; write {cmi:%s} instead, which always works, or set "
            "%s = False to leave {%s} to the other extension",
            name,
            owner,
            name,
            SHORT_ROLES,
            name,
        )


def setup(app: Sphinx) -> None:
    app.add_config_value(
        CSS_SETTING, CSS_FILE, "html", types=frozenset({str, type(None)})
    )
    app.add_config_value(SHORT_ROLES, True, "env", types=frozenset({bool}))
    app.connect("config-inited", static_path, priority=400)
    app.connect("config-inited", stylesheet, priority=400)
    app.connect("config-inited", check_short_roles_setting, priority=400)
    app.connect("config-inited", number_formats)
    app.connect("builder-inited", short_roles, priority=900)
