"""Two slips mended in a page's source, before docutils or MyST read it.

Line for line, so every line number stays the author's: a repeated option of
a sphinx-cmi directive in reStructuredText is renamed (docutils would drop the
whole directive; the directive then reports it, see
:meth:`CmiDirective.check_options`), and a MyST value holding ``#`` is quoted
(MyST would read it as a comment).  MyST pages written with ``:::`` fences
while MyST's ``colon_fence`` is off are reported here too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils.parsers.rst import directives

from sphinx_cmi.base import CmiDirective
from sphinx_cmi.options import OPTION_LINE
from sphinx_cmi.problems import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_RST_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+(?P<name>[\w:-]+)::(\s|$)")
_MYST_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)(?::{3,}|`{3,})\{(?P<name>[\w:-]+)\}")


def is_ours(name: str) -> bool:
    """Whether *name* is a directive of sphinx-cmi's."""
    try:
        found, _messages = directives.directive(name, None, None)  # type: ignore[arg-type]
    except (AttributeError, TypeError):  # not registered: no language to look in
        return False
    return isinstance(found, type) and issubclass(found, CmiDirective)


CODE_DIRECTIVES = frozenset(
    {"code-block", "code", "sourcecode", "parsed-literal", "literalinclude",
     "doctest", "testcode", "testoutput", "raw", "eval-rst"}
)  # fmt: skip
"""Directives whose body is shown as written: examples there are left alone."""
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")


def code_end(lines: list[str], index: int, markdown: bool) -> int:
    """If *lines[index]* opens code shown as written, the index after it; else 0."""
    line = lines[index]
    if markdown:
        fence = _FENCE.match(line)
        if not fence:
            return 0
        info = fence["info"].strip()
        name = re.match(r"\{(?P<name>[\w:-]+)\}", info)
        if (name and name["name"] not in CODE_DIRECTIVES) or (
            not name and fence["fence"][0] == ":"
        ):
            return 0  # a directive whose body is markup
        mark = fence["fence"]
        closing = re.compile(rf"^[ \t]*{re.escape(mark[0])}{{{len(mark)},}}[ \t]*$")
        for end in range(index + 1, len(lines)):
            if closing.match(lines[end]):
                return end + 1
        return len(lines)
    directive = _RST_DIRECTIVE.match(line)
    literal = not directive and line.rstrip().endswith("::")
    if not literal and not (directive and directive["name"] in CODE_DIRECTIVES):
        return 0
    indent = len(line) - len(line.lstrip())
    end = index + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    return end


def mend(lines: list[str], markdown: bool) -> list[str]:
    """*lines* with repeated rST options renamed and MyST values holding a
    ``#`` (which MyST would read as a comment) quoted.

    Line for line, so every line number stays the author's; code shown as
    written (an example of a directive in a code block) is left alone.
    """
    start = _MYST_DIRECTIVE if markdown else _RST_DIRECTIVE
    mended = list(lines)
    index = 0
    while index < len(mended):
        after_code = code_end(mended, index, markdown)
        if after_code:
            index = after_code
            continue
        directive = start.match(mended[index])
        index += 1
        if not directive or not is_ours(directive["name"]):
            continue
        seen: dict[str, int] = {}
        while index < len(mended) and (option := OPTION_LINE.match(mended[index])):
            key, value = option["key"].lower(), option["value"] or ""
            seen[key] = seen.get(key, 0) + 1
            indent = option["indent"]
            if not markdown and seen[key] > 1:
                value = f" {value}" if value else ""
                mended[index] = f"{indent}:{key}({seen[key]}):{value}"
            elif markdown and (value.startswith("#") or " #" in value):
                quoted = value.replace("\\", "\\\\").replace('"', '\\"')
                mended[index] = f'{indent}:{option["key"]}: "{quoted}"'
            index += 1
    return mended


def _is_markdown(app: Sphinx, path: str) -> bool:
    suffixes = app.config.source_suffix
    return isinstance(suffixes, dict) and suffixes.get(Path(path).suffix) == "markdown"


def _mend_page(app: Sphinx, docname: str, source: list[str]) -> None:
    path = str(app.env.doc2path(docname))
    markdown = _is_markdown(app, path)
    lines = source[0].split("\n")
    if markdown:
        check_colon_fences(app, path, lines)
    source[0] = "\n".join(mend(lines, markdown))


def check_colon_fences(app: Sphinx, path: str, lines: list[str]) -> None:
    """``:::{quality-card}`` without MyST's colon_fence is shown as plain text;
    say so at the first such line of the page, with the setting to change."""
    extensions = getattr(app.config, "myst_enable_extensions", None)
    if not isinstance(extensions, list | set | tuple) or "colon_fence" in extensions:
        return  # MyST is not loaded, or reads colon fences
    index = 0
    while index < len(lines):
        after_code = code_end(lines, index, markdown=True)
        fence = _MYST_DIRECTIVE.match(lines[index])
        if fence and lines[index].lstrip().startswith(":") and is_ours(fence["name"]):
            warn(
                f"{lines[index].strip()!r} is shown as plain text: MyST reads "
                "':::' fences only with colon_fence; add \"colon_fence\" to "
                "myst_enable_extensions in conf.py (or write the directive "
                "between ``` backticks)",
                Subtype.CONFIG,
                f"{path}:{index + 1}",
            )
            return
        index = after_code or index + 1


def _mend_include(
    app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]
) -> None:
    markdown = Path(relative_path).suffix == ".md"
    content[0] = "\n".join(mend(content[0].split("\n"), markdown))


def setup(app: Sphinx) -> None:
    app.connect("source-read", _mend_page)
    app.connect("include-read", _mend_include)
