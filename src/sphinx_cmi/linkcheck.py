"""``linkcheck`` that a maintainer can run nightly: polite, cached, reported.

Sphinx's linkcheck builder is replaced by a subclass of itself: the same
collection of links, the same checks and the same ``output.txt`` and
``output.json``, plus a per-host limit, ``Retry-After`` waits, retries with
backoff, a cache of working URLs between runs (see :mod:`.linkcheck_http`)
and a report grouped by course call-out and page (see
:mod:`.linkcheck_report`).  Only broken links make the build fail, unless
``cmi_linkcheck_strict`` is set.
"""

from __future__ import annotations

import math
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders.linkcheck import CheckExternalLinksBuilder, _Status

from sphinx_cmi import linkcheck_report
from sphinx_cmi.config import add_setting
from sphinx_cmi.linkcheck_http import (
    LinkCache,
    PoliteChecker,
    Settings,
    Verdict,
    verdict_of,
)
from sphinx_cmi.problems import logger

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders.linkcheck import CheckResult
    from sphinx.config import Config


PREFIX = "cmi_linkcheck_"
CACHE_FILE = "cmi-linkcheck-cache.json"
FATAL_WHEN_STRICT = frozenset({"timeout", "rate-limited"})


LARGEST = 10**9
"""Above this, a number of seconds, days or tries is a slip (and would
overflow the clocks and timers it is given to)."""


def _number(minimum: float, *, above: bool = False) -> Callable[[object], bool]:
    def valid(value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if value > LARGEST:
            return False
        return value > minimum if above else value >= minimum

    return valid


def _whole(minimum: int) -> Callable[[object], bool]:
    def valid(value: object) -> bool:
        return type(value) is int and minimum <= value <= LARGEST

    return valid


def _flag(value: object) -> bool:
    return isinstance(value, bool)


RULES: dict[str, tuple[Callable[[object], bool], str]] = {
    "cache_days": (_number(0), "a number of days, 0 or more"),
    "timeout": (_number(0, above=True), "a number of seconds above 0"),
    "retries": (_whole(0), "a whole number, 0 or more"),
    "backoff": (_number(0), "a number of seconds, 0 or more"),
    "host_concurrency": (_whole(1), "a whole number, 1 or more"),
    "max_retry_after": (_number(0), "a number of seconds, 0 or more"),
    "strict": (_flag, "True or False"),
    "refresh": (_flag, "True or False"),
}
"""Each ``cmi_linkcheck_*`` value (without the prefix): its test and its rule."""
DEFAULTS = Settings()


def settings_of(config: Config) -> Settings:
    return Settings(**{f.name: config[PREFIX + f.name] for f in fields(Settings)})


def exit_status(verdicts: Iterable[Verdict], strict: bool) -> int:
    """1 for a broken link (or, in strict mode, a timeout or rate limit)."""
    statuses = {verdict.status for verdict in verdicts}
    if "broken" in statuses or (strict and statuses & FATAL_WHEN_STRICT):
        return 1
    return 0


class CmiLinkcheckBuilder(CheckExternalLinksBuilder):
    """Sphinx's linkcheck builder, made polite, cached and reported."""

    name = "linkcheck"

    def init(self) -> None:
        super().init()
        self.occurrences: list[linkcheck_report.Occurrence] = []
        self.verdicts: dict[str, Verdict] = {}

    def write_doc_serialized(self, docname: str, doctree: nodes.document) -> None:
        """Note every link's place (main process, also under ``-j``)."""
        places = linkcheck_report.Places(
            Path(self.srcdir).resolve(),
            Path(self.env.doc2path(docname, False)).as_posix(),
        )
        self.occurrences += linkcheck_report.occurrences(
            doctree, docname, places, self._process_uri
        )

    def _process_uri(self, uri: str) -> str:
        """The URI as Sphinx's collector keys it (``linkcheck-process-uri``)."""
        changed = self.events.emit_firstresult("linkcheck-process-uri", uri)
        return changed if isinstance(changed, str) and changed else uri

    def finish(self) -> None:
        settings = settings_of(self.config)
        cache = LinkCache(self.outdir / CACHE_FILE, settings)
        checker = PoliteChecker(self.config, settings, cache)
        logger.info("")
        with (
            open(self.outdir / "output.txt", "w", encoding="utf-8") as self.txt_outfile,
            open(
                self.outdir / "output.json", "w", encoding="utf-8"
            ) as self.json_outfile,
        ):
            for result in checker.check(self.hyperlinks):
                verdict = checker.notes.get(result.uri) or self._verdict(result)
                self.verdicts[result.uri] = verdict
                cache.record(result.uri, verdict)
                self.process_result(self._as_sphinx_sees_it(result, verdict))
        cache.save()
        status = exit_status(self.verdicts.values(), settings.strict)
        report = linkcheck_report.rows(self.occurrences, self.verdicts)
        markdown, json = linkcheck_report.write(
            self.outdir, report, self.verdicts, status, settings.strict
        )
        logger.info("link report written to %s and %s", markdown, json)
        if status:
            application = getattr(self, "_app", None) or self.app  # Sphinx < 9
            application.statuscode = status

    @staticmethod
    def _verdict(result: CheckResult) -> Verdict:
        """The verdict on a link no worker fetched: a local file, an ignored URL."""
        local = not result.uri.startswith(("http:", "https:"))
        reason = "file not found" if local else ""
        return verdict_of(result.status, result.message, result.code, reason=reason)

    def _as_sphinx_sees_it(self, result: CheckResult, verdict: Verdict) -> CheckResult:
        """The result for ``output.txt``, ``output.json`` and the console."""
        if verdict.status == "working" and result.status == _Status.REDIRECTED:
            return result._replace(status=_Status.WORKING, message="", code=0)
        if verdict.status == "cached":
            return result._replace(message=" (cached)")
        if verdict.status == "rate-limited":
            logger.info("rate-limited %s - %s", result.uri, verdict.label())
            return result._replace(status=_Status.RATE_LIMITED)
        return result


def setup(app: Sphinx) -> None:
    app.add_builder(CmiLinkcheckBuilder, override=True)
    for field in fields(Settings):
        default = getattr(DEFAULTS, field.name)
        valid, rule = RULES[field.name]
        # A flag also takes a string, so that ``-D cmi_linkcheck_strict=yes``
        # gets the setting's warning instead of Sphinx's configuration error.
        kinds = (bool, str) if isinstance(default, bool) else (int, float)
        name = PREFIX + field.name
        add_setting(app, name, default, kinds, "", valid=valid, rule=rule)
