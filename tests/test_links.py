"""The one URL policy: http, https, mailto and relative links only."""

from __future__ import annotations

import pytest

from sphinx_cmi.links import is_safe_url, url_scheme


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/courses/level-5",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG",
        "mailto:courses@example.org",
        "MailTo:someone@example.org",
        "page.html",
        "../guide/qualities.html#integrity",
        "/absolute/path",
        "#anchor",
        "?query=1",
        "./a:b.html",
        "folder/file:with-colon.html",
        "  https://example.org  ",
    ],
)
def test_accepted(url: str) -> None:
    assert is_safe_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " JAVASCRIPT:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java\rscript:alert(1)",
        "\x00javascript:alert(1)",
        "\x01\x1fjavascript:alert(1)",
        "javascript\x7f:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "DATA:image/svg+xml;base64,AAAA",
        "vbscript:msgbox(1)",
        "ftp://example.org/file",
        "file:///etc/passwd",
        "tel:+441234",
        "foo:bar",
        "",
        "   ",
        "\t\n",
        "java script:alert(1)",
        "javascript%3Aalert(1):x",
    ],
)
def test_refused(url: str) -> None:
    assert not is_safe_url(url)


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("HTTPS://x", "https"),
        ("java\tscript:x", "javascript"),
        (" \x00mailto:x", "mailto"),
        ("relative/page.html", ""),
        ("#top", ""),
    ],
)
def test_url_scheme_as_a_browser_sees_it(url: str, scheme: str) -> None:
    assert url_scheme(url) == scheme
