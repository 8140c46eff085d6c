"""The link check's report for people: by course call-out, then by page.

Every place a URL is linked from is an :class:`Occurrence`, read from the
resolved doctrees while the linkcheck builder goes through them; Sphinx itself
keeps only the first place of each URL.  The report is written as Markdown
(escaped, so that no title or URL can add markup) and as JSON.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.builders.linkcheck import HyperlinkCollector

from sphinx_cmi.kinds import kind_of
from sphinx_cmi.nodes import CALL_TO_ACTION, ancestor, cmi_card

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx_cmi.linkcheck_http import Verdict

REPORT_MD = "cmi-linkcheck-report.md"
REPORT_JSON = "cmi-linkcheck-report.json"
STATUSES = ("working", "cached", "redirected", "broken", "timeout", "rate-limited")


@dataclass(frozen=True)
class Occurrence:
    """One link in one place of the sources."""

    uri: str
    docname: str
    page: str
    """The page's source file; *file* differs for a link in an included file."""
    file: str
    line: int
    course: str | None = None
    """The name of the course call-out holding the link, if any."""
    title: str = ""
    course_file: str = ""
    course_line: int = 0
    call_to_action: bool = False


class Places:
    """``file:line`` of nodes: the file is the one the node was read from
    (an included snippet, say), relative to the source folder."""

    def __init__(self, srcdir: Path, page_file: str) -> None:
        self.srcdir, self.page_file = srcdir, page_file
        self._files: dict[str, str] = {}

    def of(self, node: nodes.Node) -> tuple[str, int]:
        current: nodes.Node | None = node
        while current is not None and not current.line:
            current = current.parent
        if current is None:
            return self.page_file, 0
        return self._file(current.source), int(current.line or 0)

    def _file(self, source: str | None) -> str:
        if not source:
            return self.page_file
        if source not in self._files:
            path = Path(source)
            inside = path.is_absolute() and path.is_file()
            if inside and path.is_relative_to(self.srcdir):
                self._files[source] = path.relative_to(self.srcdir).as_posix()
            else:
                self._files[source] = self.page_file  # a docstring, a prolog...
        return self._files[source]


def occurrences(
    doctree: nodes.document,
    docname: str,
    places: Places,
    process_uri: Callable[[str], str],
) -> Iterable[Occurrence]:
    """Every link Sphinx's collector would check, with its call-out if any."""
    finder = HyperlinkCollector(doctree)
    for node in doctree.findall(nodes.Element):
        uri = finder.find_uri(node)
        if not uri:
            continue
        uri = process_uri(uri)
        file, line = places.of(node)
        card = ancestor(node, cmi_card)
        if card is not None and "url" not in kind_of(card).options:
            card = None  # grouped by call-out: the cards that link to a provider
        if card is None:
            yield Occurrence(uri, docname, places.page_file, file, line)
            continue
        course_file, course_line = places.of(card)
        yield Occurrence(
            uri, docname, places.page_file, file, line,
            course=str(card.get("name") or ""), title=str(card.get("title") or ""),
            course_file=course_file, course_line=course_line,
            call_to_action=CALL_TO_ACTION in node.get("classes", []),
        )  # fmt: skip


# --- Markdown -------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_MARKUP = re.compile(r"([\\`*_{}\[\]#|~@$])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def escape_markdown(text: str) -> str:
    """*text* as literal Markdown text, safe in a table cell or a heading.

    Backslashes disable emphasis, links, images, code, tables, headings and
    @-mentions; entities disable raw HTML and autolinks.
    """
    text = _CONTROL.sub(" ", text)
    text = _MARKUP.sub(r"\\\1", text)
    return "".join(_ENTITIES.get(char, char) for char in text)


@dataclass(frozen=True)
class Row:
    """One line of the report: a place, its URL and the URL's verdict."""

    occurrence: Occurrence
    verdict: Verdict

    def where(self) -> str:
        return f"{self.occurrence.file}:{self.occurrence.line}"

    def as_json(self) -> dict[str, object]:
        verdict = self.verdict
        return {
            "file": self.occurrence.file,
            "line": self.occurrence.line,
            "uri": self.occurrence.uri,
            "status": verdict.status,
            "label": verdict.label(),
            "code": verdict.code or None,
            "to": verdict.target or None,
            "info": verdict.info,
            "call_to_action": self.occurrence.call_to_action,
        }


def rows(found: Iterable[Occurrence], verdicts: dict[str, Verdict]) -> list[Row]:
    """The occurrences whose URL was checked (not ``mailto:`` or internal)."""
    return [
        Row(o, verdicts[o.uri])
        for o in found
        if o.uri in verdicts and verdicts[o.uri].status != "unchecked"
    ]


CourseKey = tuple[str, str, int, str, str]  # docname, file, line, name, title
PageKey = tuple[str, str]  # docname, file


def _groups(
    report: list[Row],
) -> tuple[dict[CourseKey, list[Row]], dict[PageKey, list[Row]]]:
    courses: dict[CourseKey, list[Row]] = {}
    pages: dict[PageKey, list[Row]] = {}
    for row in report:
        o = row.occurrence
        if o.course is not None:
            courses.setdefault(
                (o.docname, o.course_file, o.course_line, o.course, o.title), []
            ).append(row)
        else:
            pages.setdefault((o.docname, o.page), []).append(row)
    for group in courses.values():  # the call to action first, then the text's
        group.sort(key=lambda row: not row.occurrence.call_to_action)
    return courses, pages


def summary(verdicts: Iterable[Verdict]) -> dict[str, int]:
    counts = Counter(v.status for v in verdicts if v.status != "unchecked")
    return {
        status: counts.get(status, 0)
        for status in (*STATUSES, *sorted(set(counts) - set(STATUSES)))
    }


def markdown(report: list[Row], verdicts: dict[str, Verdict], exit_status: int) -> str:
    totals = summary(verdicts.values())
    lines = [
        "# Link check report",
        "",
        f"{sum(totals.values())} URLs checked; exit status {exit_status}.",
        "",
        "| Status | URLs |",
        "| --- | ---: |",
        *(
            f"| {escape_markdown(status)} | {count} |"
            for status, count in totals.items()
        ),
        "",
        "## Course call-outs",
        "",
    ]
    courses, pages = _groups(report)
    if courses:
        lines += ["| Course | Where | URL | Status |", "| --- | --- | --- | --- |"]
        for (_, _, _, name, title), group in courses.items():
            course = escape_markdown(title or name or "(untitled)")
            for row in group:
                lines.append(
                    f"| {course} | {escape_markdown(row.where())} "
                    f"| {escape_markdown(row.occurrence.uri)} "
                    f"| {escape_markdown(row.verdict.label())} |"
                )
    else:
        lines.append("No links in course call-outs.")
    lines += ["", "## Pages", ""]
    if not pages:
        lines.append("No links in the pages' text.")
    for (_, file), group in pages.items():
        lines += [
            f"### {escape_markdown(file)}",
            "",
            "| Where | URL | Status |",
            "| --- | --- | --- |",
        ]
        lines += [
            f"| {escape_markdown(row.where())} | {escape_markdown(row.occurrence.uri)} "
            f"| {escape_markdown(row.verdict.label())} |"
            for row in group
        ]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def as_json(
    report: list[Row], verdicts: dict[str, Verdict], exit_status: int, strict: bool
) -> str:
    courses, pages = _groups(report)
    data = {
        "version": 1,
        "summary": summary(verdicts.values()),
        "strict": strict,
        "exit_status": exit_status,
        "courses": [
            {
                "course": name,
                "title": title,
                "page": docname,
                "file": file,
                "line": line,
                "links": [row.as_json() for row in group],
            }
            for (docname, file, line, name, title), group in courses.items()
        ],
        "pages": [
            {
                "page": docname,
                "file": file,
                "links": [row.as_json() for row in group],
            }
            for (docname, file), group in pages.items()
        ],
        "urls": {uri: asdict(verdict) for uri, verdict in sorted(verdicts.items())},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(
    outdir: Path,
    report: list[Row],
    verdicts: dict[str, Verdict],
    exit_status: int,
    strict: bool,
) -> tuple[Path, Path]:
    md, js = Path(outdir, REPORT_MD), Path(outdir, REPORT_JSON)
    md.write_text(markdown(report, verdicts, exit_status), encoding="utf-8")
    js.write_text(as_json(report, verdicts, exit_status, strict), encoding="utf-8")
    return md, js
