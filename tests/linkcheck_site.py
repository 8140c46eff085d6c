"""Local web sites for the link-check tests, all on 127.0.0.1.

:class:`Site` serves every kind of answer a link check meets (working,
redirected, looping, gone, rate-limited, unavailable, anchors) from a threaded
pytest-httpserver, and records each request's path, method and time and how
many requests it was answering at once.  :class:`Dropper` accepts connections
and closes them without a word.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pytest_httpserver import HTTPServer
from werkzeug import Response

from sphinx_cmi.linkcheck_report import REPORT_JSON

if TYPE_CHECKING:
    from collections.abc import Iterator

    from werkzeug import Request

    from helpers import Build

WORKING_DELAY = 0.2
"""Seconds each ``/ok/<n>`` page takes, so that requests overlap."""

logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request

PAGE = "<!DOCTYPE html><html><body><h1>Page</h1>{}</body></html>"


@dataclass(frozen=True)
class Hit:
    path: str
    method: str
    at: float  # time.monotonic(): the same clock as the code under test


@dataclass
class Site:
    """A threaded HTTP server; ``answers`` maps a path to its scripted replies."""

    server: HTTPServer
    hits: list[Hit] = field(default_factory=list)
    active: int = 0
    most_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.port}{path}"

    def count(self, path: str) -> int:
        return sum(1 for hit in self.hits if hit.path == path)

    def counts(self) -> Counter[str]:
        return Counter(hit.path for hit in self.hits)

    def times(self, path: str) -> list[float]:
        return [hit.at for hit in self.hits if hit.path == path]

    def forget(self) -> None:
        with self.lock:
            self.hits.clear()
            self.most_active = 0

    def handle(self, request: Request) -> Response:
        with self.lock:
            nth = self.count(request.path)  # earlier requests for this path
            self.hits.append(Hit(request.path, request.method, time.monotonic()))
            self.active += 1
            self.most_active = max(self.most_active, self.active)
        try:
            return self.answer(request.path, nth)
        finally:
            with self.lock:
                self.active -= 1

    def answer(self, path: str, nth: int) -> Response:
        html = "text/html; charset=utf-8"
        if path.startswith("/ok/"):
            time.sleep(WORKING_DELAY)
            return Response(PAGE.format(""), 200, content_type=html)
        if path == "/moved":
            return Response("", 301, headers={"Location": "/new-home"})
        if path == "/loop/a":
            return Response("", 302, headers={"Location": "/loop/b"})
        if path == "/loop/b":
            return Response("", 302, headers={"Location": "/loop/a"})
        if path.startswith("/gone-"):
            return Response("gone", int(path.removeprefix("/gone-")))
        scripted = {
            "/busy": (429, 1, {"Retry-After": "1"}),
            "/maintenance": (503, 1, {"Retry-After": "1"}),
            "/unavailable": (503, 1, {}),
            "/flaky": (502, 2, {}),  # HEAD and GET both fail once
            "/limited": (429, 10**6, {"Retry-After": "3600"}),
        }
        if path in scripted:
            code, times, headers = scripted[path]
            if nth < times:
                return Response("not now", code, headers=headers)
        if path == "/with-anchor":
            return Response(PAGE.format('<h2 id="target">T</h2>'), content_type=html)
        return Response(PAGE.format(""), 200, content_type=html)


def serve(*, delay: float = 0.0) -> Iterator[Site]:
    """Start a threaded server (a slow one with *delay*), stop it afterwards."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    site = Site(server)

    def slow(request: Request) -> Response:
        site.hits.append(Hit(request.path, request.method, time.monotonic()))
        time.sleep(delay)
        return Response("late", 200)

    server.expect_request(re.compile("^/")).respond_with_handler(
        slow if delay else site.handle
    )
    server.start()
    try:
        yield site
    finally:
        server.clear()
        server.stop()


class Dropper:
    """A host that accepts each connection and closes it without answering."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.sock.close()


# --- Projects and reports -----------------------------------------------------

LIMIT = 2
FAST: dict[str, object] = {
    "cmi_linkcheck_timeout": 0.5,
    "cmi_linkcheck_retries": 1,
    "cmi_linkcheck_backoff": 0.05,
    "cmi_linkcheck_host_concurrency": LIMIT,
    "cmi_linkcheck_max_retry_after": 5,
    "linkcheck_workers": 6,
}


def callout(title: str, url: str, body: str = "") -> str:
    return f":::{{course-callout}} {title}\n:url: {url}\n\n{body}\n:::\n\n"


def report(build: Build) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((build.outdir / REPORT_JSON).read_text())
    return data


def by_uri(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every row of the JSON report, by URL (a URL's rows agree)."""
    rows: dict[str, dict[str, Any]] = {}
    for group in (*data["courses"], *data["pages"]):
        for row in group["links"]:
            assert rows.setdefault(row["uri"], row)["status"] == row["status"]
    return rows
