"""The polite half of the link check: per-host limits, waits, retries, a cache.

Sphinx's own linkcheck workers still do the checking (HEAD then GET, anchors,
redirects, ``linkcheck_ignore``, auth and headers); this module wraps each of
their attempts so that a host never sees more than a few requests at once, a
``Retry-After`` is waited for, timeouts and server errors are tried again, and
a URL found working recently is not fetched at all.
"""

from __future__ import annotations

import json
import math
import random
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from requests.exceptions import ConnectionError as RequestsConnectionError
from requests.exceptions import SSLError, Timeout, TooManyRedirects
from sphinx.builders.linkcheck import (
    HyperlinkAvailabilityChecker,
    HyperlinkAvailabilityCheckWorker,
    _Status,
)
from sphinx.util.requests import _Session

from sphinx_cmi.problems import logger

if TYPE_CHECKING:
    from collections.abc import Iterator
    from queue import Queue

    from requests import PreparedRequest, Response
    from sphinx.builders.linkcheck import CheckRequest, CheckResult, Hyperlink
    from sphinx.config import Config


CACHE_VERSION = 1
JITTER = 0.1
"""An entry lives between 90% and 100% of the cache period, so that entries
written by one run do not all expire on the same night."""
DAY = 86400.0


@dataclass(frozen=True)
class Settings:
    """The ``cmi_linkcheck_*`` values, already checked."""

    cache_days: float = 7
    timeout: float = 20
    retries: int = 2
    backoff: float = 2
    host_concurrency: int = 2
    max_retry_after: float = 120
    strict: bool = False
    refresh: bool = False


@dataclass(frozen=True)
class Verdict:
    """What the report says about one URL."""

    status: str  # working, cached, redirected, broken, timeout, rate-limited, ...
    code: int = 0
    target: str = ""
    info: str = ""
    reason: str = ""
    """Why a link without an error code is broken, in a few words."""

    def label(self) -> str:
        """The status as a person reads it: "broken (404)"."""
        if self.status == "redirected":
            code = f" ({self.code})" if self.code else ""
            return f"redirected{code} to {self.target}"
        if self.status == "broken":
            return f"broken ({self.code or self.reason or 'error'})"
        if self.status == "rate-limited" and self.info:
            return f"rate-limited ({self.info})"
        return self.status


class HostGate:
    """At most *limit* requests at once per host, and a shared pause per host.

    A host is the address's ``host:port``; a ``Retry-After`` pauses every
    request to that host, not only the one that was answered.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._resume: dict[str, float] = {}

    @contextmanager
    def hold(self, host: str) -> Iterator[None]:
        with self._lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self.limit))
        with slot:
            while (delay := self._resume.get(host, 0.0) - time.monotonic()) > 0:
                time.sleep(delay)
            yield

    def pause(self, host: str, seconds: float) -> None:
        with self._lock:
            until = time.monotonic() + seconds
            self._resume[host] = max(self._resume.get(host, 0.0), until)


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


class _GatedAdapter(HTTPAdapter):
    """Every HTTP exchange (redirects included) passes its host's gate."""

    def __init__(self, gate: HostGate) -> None:
        super().__init__()
        self.gate = gate

    def send(self, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
        with self.gate.hold(host_of(request.url or "")):
            return super().send(request, *args, **kwargs)


class Answer(NamedTuple):
    status: int
    retry_after: str
    url: str  # after redirects: the host that asked for a pause


class PoliteSession(_Session):
    """Sphinx's session, gated per host, remembering the last answer or error."""

    def __init__(self, gate: HostGate, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        adapter = _GatedAdapter(gate)
        self.mount("http://", adapter)
        self.mount("https://", adapter)
        self.answer: Answer | None = None
        self.error: Exception | None = None

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:  # type: ignore[override]
        self.answer, self.error = None, None
        try:
            response = super().request(method, url, *args, **kwargs)
        except Exception as error:
            self.error = error
            raise
        self.answer = Answer(
            response.status_code, response.headers.get("Retry-After", ""), response.url
        )
        return response


def retry_after_seconds(value: str) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (a number or an HTTP date)."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, when - time.time())


class LinkCache:
    """URLs found working, with the time they were checked, between runs.

    Workers only read what was loaded; the builder records this run's
    results on the main thread and saves them at the end.
    """

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path = Path(path)  # not Sphinx's str-like path: .replace() below
        self.lifetime = settings.cache_days * DAY
        self.loaded: dict[str, dict[str, float]] = {}
        self.updated: dict[str, dict[str, float]] = {}
        if not settings.refresh:
            self.loaded = self._read()

    def _read(self) -> dict[str, dict[str, float]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            logger.info(
                "link cache %s unreadable (%s); checking every link", self.path, error
            )
            return {}
        links = data.get("links") if isinstance(data, dict) else None
        if data.get("version") != CACHE_VERSION or not isinstance(links, dict):
            return {}
        return {
            uri: {"checked": float(entry["checked"]), "jitter": float(entry["jitter"])}
            for uri, entry in links.items()
            if isinstance(entry, dict)
            and all(
                isinstance(entry.get(key), (int, float))
                and not isinstance(entry.get(key), bool)
                and math.isfinite(entry[key])
                for key in ("checked", "jitter")
            )
        }

    def fresh(self, uri: str) -> bool:
        entry = self.loaded.get(uri)
        if entry is None:
            return False
        jitter = min(max(entry["jitter"], 0.0), JITTER)
        age = time.time() - entry["checked"]
        return 0 <= age < self.lifetime * (1 - jitter)

    def record(self, uri: str, verdict: Verdict) -> None:
        if verdict.status == "cached":
            self.updated[uri] = self.loaded[uri]
        elif verdict.status == "working":
            self.updated[uri] = {
                "checked": time.time(),
                "jitter": random.uniform(0, JITTER),
            }

    def save(self) -> None:
        data = {"version": CACHE_VERSION, "links": dict(sorted(self.updated.items()))}
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps(data, indent=1), encoding="utf-8")
        partial.replace(self.path)


class PoliteWorker(HyperlinkAvailabilityCheckWorker):
    """Sphinx's worker, with the cache, the host gate, waits and retries."""

    def __init__(
        self,
        config: Config,
        rqueue: Queue[CheckResult],
        wqueue: Queue[CheckRequest],
        rate_limits: dict[str, Any],
        *,
        settings: Settings,
        gate: HostGate,
        cache: LinkCache,
        notes: dict[str, Verdict],
    ) -> None:
        super().__init__(config, rqueue, wqueue, rate_limits)
        self._session.close()
        self._session = self.polite_session = PoliteSession(
            gate, _ignored_redirects=self._session._ignored_redirects
        )
        self.settings, self.gate, self.cache, self.notes = settings, gate, cache, notes
        self.timeout = settings.timeout
        self.retries = 1  # Sphinx's own loop; ours is in _check_uri

    def limit_rate(self, response_url: str, retry_after: str | None) -> float | None:
        """Never requeue a 429 the Sphinx way: :meth:`_check_uri` waits instead."""
        return None

    def _check_uri(self, uri: str, hyperlink: Hyperlink) -> tuple[_Status, str, int]:
        try:
            return self._politely(uri, hyperlink)
        except Exception as error:  # a worker that dies leaves the build waiting
            info = f"{type(error).__name__}: {error}"
            self.notes[uri] = Verdict("broken", info=info, reason="checker error")
            return _Status.BROKEN, info, 0

    def _politely(self, uri: str, hyperlink: Hyperlink) -> tuple[_Status, str, int]:
        if self.cache.fresh(uri):
            self.notes[uri] = Verdict("cached")
            return _Status.WORKING, "", 0
        attempt = 0
        while True:
            status, info, code = super()._check_uri(uri, hyperlink)
            delay, verdict = self._judge(uri, status, info, code, attempt)
            if delay is None:
                break
            attempt += 1
            time.sleep(delay)
        self.notes[uri] = verdict
        if verdict.status == "rate-limited":
            # Sphinx requeues RATE_LIMITED results; ours are final.
            return _Status.IGNORED, verdict.info, 0
        return status, info, code

    def _judge(
        self, uri: str, status: _Status, info: str, code: int, attempt: int
    ) -> tuple[float | None, Verdict]:
        """(seconds to wait before another attempt or None, the verdict so far)."""
        answer, error = self.polite_session.answer, self.polite_session.error
        http = answer.status if answer else 0
        verdict = verdict_of(status, info, code, http, reason_of(error, http))
        can_retry = attempt < self.settings.retries
        wait = retry_after_seconds(answer.retry_after) if answer else None
        if answer and http in (429, 503) and wait is not None:
            if wait > self.settings.max_retry_after:
                return None, Verdict(
                    "rate-limited", http, info=f"asked to wait {wait:.0f} s"
                )
            if can_retry:
                self.gate.pause(host_of(answer.url or uri), wait)
                return 0.0, verdict
            return None, Verdict("rate-limited", http)
        if http == 429:
            verdict = Verdict("rate-limited", http)
        transient = (
            http == 429
            or http >= 500
            or status == _Status.TIMEOUT
            or isinstance(error, Timeout)
            or (
                isinstance(error, RequestsConnectionError)
                and not isinstance(error, SSLError)
            )
        )
        if transient and can_retry:
            return self.settings.backoff * 2**attempt, verdict
        return None, verdict


def reason_of(error: Exception | None, http: int) -> str:
    """A few words for a failure without an error code."""
    if isinstance(error, TooManyRedirects):
        return "too many redirects"
    if isinstance(error, SSLError):
        return "TLS error"
    if isinstance(error, Timeout):
        return "timeout"
    if isinstance(error, RequestsConnectionError):
        return "connection failed"
    if 200 <= http < 300:  # the page came, the anchor did not
        return "anchor not found"
    return ""


def verdict_of(
    status: _Status, info: str, code: int, http: int = 0, reason: str = ""
) -> Verdict:
    """The report's verdict for one of Sphinx's results."""
    if status == _Status.WORKING:
        return Verdict("working", http)
    if status == _Status.REDIRECTED and not code:
        # No redirect was followed: the address only came back normalised
        # (percent-encoded), which Sphinx reports as a redirect.
        return Verdict("working", http, info=f"normalised to {info}")
    if status == _Status.REDIRECTED:
        return Verdict("redirected", code, target=info)
    if status == _Status.TIMEOUT:
        return Verdict("timeout", info=info)
    if status == _Status.BROKEN or (status == _Status.IGNORED and http >= 500):
        code = http if http >= 400 else 0
        return Verdict("broken", code, info=info, reason=reason)
    return Verdict(str(status), code, info=info)


class PoliteChecker(HyperlinkAvailabilityChecker):
    """Sphinx's checker, starting :class:`PoliteWorker` threads."""

    def __init__(self, config: Config, settings: Settings, cache: LinkCache) -> None:
        super().__init__(config)
        self.settings, self.cache = settings, cache
        self.gate = HostGate(settings.host_concurrency)
        self.notes: dict[str, Verdict] = {}

    def invoke_threads(self) -> None:
        for _ in range(self.num_workers):
            worker = PoliteWorker(
                self.config, self.rqueue, self.wqueue, self.rate_limits,
                settings=self.settings, gate=self.gate, cache=self.cache,
                notes=self.notes,
            )  # fmt: skip
            worker.start()
            self.workers.append(worker)
