"""Check an EPUB with EPUBCheck: any fatal, error or warning fails.

Usage: ``python tools/check_epub.py [--usage] book.epub``.  Prints each problem
the way EPUBCheck does (``ERROR(RSC-005): page.xhtml(12,3): ...``) and a
summary; exits 1 on any problem, 2 when EPUBCheck or Java is missing.
``--usage`` also counts EPUBCheck's "usage" notes (advice, never a failure).

EPUBCheck comes from the Debian packages ``epubcheck default-jre-headless``.
Debian's ``/usr/bin/epubcheck`` is the jar itself, which runs only where the
kernel hands jars to Java (binfmt_misc, often missing in containers), so a jar
is always run as ``java -jar``.  ``EPUBCHECK_JAR`` names another jar.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INSTALL_HINT = (
    "EPUBCheck needs the Debian packages epubcheck and default-jre-headless: "
    "apt-get install epubcheck default-jre-headless"
)
DEBIAN_JAR = Path("/usr/share/java/epubcheck.jar")
FAILING = ("FATAL", "ERROR", "WARNING")
SEVERITIES = (*FAILING, "INFO", "USAGE")


class MissingToolError(RuntimeError):
    """EPUBCheck or Java cannot be found; the message says what to install."""


@dataclass(frozen=True)
class Message:
    """One thing EPUBCheck reported, at one place in the book."""

    severity: str
    id: str
    text: str
    where: str

    def __str__(self) -> str:
        return f"{self.severity}({self.id}): {self.where}: {self.text}"


@dataclass
class Report:
    """Everything EPUBCheck said about one book."""

    version: str
    messages: list[Message] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for message in self.messages if message.severity == severity)

    @property
    def problems(self) -> list[Message]:
        """Fatals, errors and warnings: what makes the book fail here."""
        return [m for m in self.messages if m.severity in FAILING]

    def usage_ids(self) -> Counter[str]:
        return Counter(m.id for m in self.messages if m.severity == "USAGE")

    def summary(self) -> str:
        counts = " / ".join(
            f"{self.count(severity)} {severity.lower()}s" for severity in SEVERITIES
        )
        return f"EPUBCheck {self.version}: {counts}"


def _is_jar(path: Path) -> bool:
    return path.suffix == ".jar" or zipfile.is_zipfile(path)


def epubcheck_command() -> list[str]:
    """The command that runs EPUBCheck here, or :class:`MissingToolError`."""
    override = os.environ.get("EPUBCHECK_JAR")
    found = shutil.which("epubcheck")
    jar: Path | None
    if override:
        if not Path(override).is_file():
            raise MissingToolError(f"EPUBCHECK_JAR={override} is not a file")
        jar = Path(override)
    elif found and not _is_jar(Path(found).resolve()):
        return [found]  # a launcher script that finds Java itself
    elif found:
        jar = Path(found).resolve()
    else:
        jar = DEBIAN_JAR if DEBIAN_JAR.is_file() else None
    if jar is None:
        raise MissingToolError(f"epubcheck not found. {INSTALL_HINT}")
    java = shutil.which("java")
    if java is None:
        raise MissingToolError(f"java not found (needed to run {jar}). {INSTALL_HINT}")
    return [java, "-jar", str(jar)]


def _messages(raw: dict[str, Any]) -> list[Message]:
    """EPUBCheck's JSON groups places under each message; one Message per place."""
    messages = []
    for entry in raw.get("messages") or []:
        locations = entry.get("locations") or [{}]
        # EPUBCheck lists some places and only counts the others.
        extra = int(entry.get("additionalLocations") or 0)
        for place in [*locations, *([{"path": "(a further place)"}] * extra)]:
            path = place.get("path") or "-"
            line, column = place.get("line", -1), place.get("column", -1)
            where = f"{path}({line},{column})" if line != -1 else path
            messages.append(
                Message(entry["severity"], entry["ID"], entry["message"], where)
            )
    return messages


def run_epubcheck(book: Path, *, usage: bool = False, timeout: float = 600) -> Report:
    """Run EPUBCheck on *book*; its messages, one per place reported."""
    if not book.is_file():
        raise FileNotFoundError(book)
    command = epubcheck_command()
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.json"
        run = subprocess.run(
            [*command, str(book), "--json", str(output), "--locale", "en",
             *(["--usage"] if usage else [])],
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if not output.is_file():
            raise RuntimeError(
                f"EPUBCheck wrote no report (exit {run.returncode}):\n"
                f"{run.stdout}\n{run.stderr}"
            )
        raw: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    checker = raw.get("checker") or {}
    return Report(str(checker.get("checkerVersion", "?")), _messages(raw))


def main(argv: list[str]) -> int:
    usage = "--usage" in argv
    paths = [arg for arg in argv if arg != "--usage"]
    if len(paths) != 1 or paths[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        report = run_epubcheck(Path(paths[0]), usage=usage)
    except MissingToolError as error:
        print(error, file=sys.stderr)
        return 2
    for problem in report.problems:
        print(problem)
    if usage:
        for message_id, count in sorted(report.usage_ids().items()):
            print(f"usage {message_id}: {count}")
    print(report.summary())
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
