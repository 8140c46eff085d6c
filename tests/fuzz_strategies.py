"""Hypothesis strategies for the robustness tests of tests/test_fuzz.py.

A generated value is a :class:`Field`: the source text to write and the
ASCII words in it that must come out again.  Words are "w" followed by
letters and digits, so they never clash with the words of the markup or the
hostile noise around them.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

ICONS = (
    "bolt", "book", "chat", "compass", "flag", "heart",
    "lightbulb", "people", "scale", "shield", "star", "target",
)  # fmt: skip

HOSTILE = (
    '<b id="injected">x</b>',
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "{{x}}",
    "{% if x %}",
    "${x}",
    "javascript:alert(1)",
    "&amp;",
    "&lt;b&gt;",
    "*",
    "**",
    "_",
    "\\",
    "|x|",
    "[x]",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # zero-width no-break space
    "\u0301",  # combining accent
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew
    "\u0645\u0631\u062d\u0628\u0627",  # Arabic
    "\U0001f642",
    "\uff46\uff55\uff4c\uff4c",  # full-width letters
)
"""Noise that must stay inert text; none of it holds a comma or a colon."""

# Every Unicode category but surrogates, controls and line/paragraph
# separators (which end a line, and so an option, in any markup).
OTHER = st.characters(
    exclude_categories=("Cs", "Cc", "Zl", "Zp"),
    exclude_characters=",:#`<>|[]{}()\\*_'\"",
)


@dataclass(frozen=True)
class Field:
    """Source text of one title, option value or body, and its words."""

    text: str
    words: frozenset[str]


word = st.from_regex(r"w[a-z0-9]{2,6}", fullmatch=True)
noise = st.one_of(st.sampled_from(HOSTILE), st.text(OTHER, min_size=1, max_size=4))
plain_noise = st.text(OTHER, min_size=1, max_size=4)
body_noise = st.one_of(
    st.sampled_from(
        [item for item in HOSTILE if "<" not in item and "script:" not in item]
    ),
    plain_noise,
)
"""Noise for bodies: authored markup there is the author's (HTML included,
unless MyST's HTML syntax is disabled), so only option values get HTML.
Bare ``javascript:`` text is left out too: docutils makes it a link, which
sphinx-cmi rightly refuses with a warning the test would have to count."""
"""Noise for role titles, where ``<`` and backticks are syntax."""


@st.composite
def field(
    draw: st.DrawFn,
    *,
    min_words: int = 1,
    max_words: int = 3,
    noise: st.SearchStrategy[str] = noise,
) -> Field:
    """Words with noise between them, separated by spaces; starts with a word.

    Starting with a word keeps MyST from reading the value as YAML syntax.
    """
    words = draw(st.lists(word, min_size=min_words, max_size=max_words))
    parts: list[str] = []
    for index, item in enumerate(words):
        if index and draw(st.booleans()):
            parts.append(draw(noise))
        parts.append(item)
    if draw(st.booleans()):
        parts.append(draw(noise))
    text = " ".join(part for part in parts if part.strip())
    return Field(text, frozenset(words))


def long_field() -> st.SearchStrategy[Field]:
    """Now and then a long value: many words in one line."""
    return st.one_of(field(), field(min_words=40, max_words=60))


DURATIONS = {
    "6 months": "P6M",
    "12 hours": "PT12H",
    "1 year 6 months": "P1Y6M",
    "3 weeks": "P3W",
    "2 hours and 30 minutes": "PT2H30M",
    "6 mois": "P6M",
}
"""Durations that read as ISO 8601 ones (anything else is left out)."""

SAFE_URLS = (
    "https://example.org/course",
    "http://example.org/a?b=c#d",
    "mailto:someone@example.org",
    "../elsewhere.html",
    "page.html#anchor",
)
UNSAFE_URLS = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://example.org/file",
    "file:///etc/passwd",
)
