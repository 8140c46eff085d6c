"""The synthetic curriculum, written with sphinx-cmi ("cmi") and without ("peer").

Both variants carry the same content; benchmarks/README.md lists what each
page holds and how the peer writes it.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

VARIANTS = ("cmi", "peer")
EXTENSIONS = {
    "cmi": ["myst_parser", "sphinx_cmi"],
    "peer": ["myst_parser", "sphinx_design"],
}
QUALITIES_PER_PAGE = 5
EDITED_PAGE = "page-0001"

CONF = """\
project = "bench"
extensions = {extensions!r}
source_suffix = {{".md": "markdown"}}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "fieldlist"]
numfig = True
html_theme = "basic"
"""


# -- Content -------------------------------------------------------------------


def page_name(i: int) -> str:
    return f"page-{i:04d}"


def quality_label(i: int, k: int) -> str:
    return f"q-{i}-{k}"


def quality_title(i: int, k: int) -> str:
    return f"Quality {i}.{k}"


def level(i: int) -> int:
    return 3 + 2 * (i % 3)


def referenced(i: int, n: int) -> list[tuple[int, int]]:
    """Three qualities on three other pages that page *i* refers to."""
    return [((i + step) % n, step) for step in (1, 2, 3)]


def comparison_rows() -> list[tuple[str, str, str]]:
    return [
        (
            f"Dimension {r}",
            f"What the leader does about dimension {r}.",
            f"What the manager does about dimension {r}.",
        )
        for r in (1, 2, 3)
    ]


def cmi_page(i: int, n: int) -> str:
    refs = ", ".join(f"{{quality}}`{quality_label(j, k)}`" for j, k in referenced(i, n))
    out = [f"# Page {i}\n", f"This page builds on {refs}.\n"]
    out.append(
        f":::{{comparison-table}} Comparison {i}\n:name: cmp-{i}\n"
        ":columns: Leader, Manager\n"
    )
    for dim, leader, manager in comparison_rows():
        out.append(f"- {dim}\n  - {leader}\n  - {manager}")
    out.append(":::\n")
    for k in range(QUALITIES_PER_PAGE):
        out.append(
            f":::{{quality-card}} {quality_title(i, k)}\n"
            f":name: {quality_label(i, k)}\n"
            f":summary: Short summary of quality {i}.{k}.\n\n"
            f"What quality {i}.{k} looks like in daily work.\n:::\n"
        )
    out.append(
        f":::{{course-callout}} Course {i}\n:name: c-{i}\n:provider: CMI\n"
        f":level: {level(i)}\n"
        f":develops: {quality_label(i, 0)}, {quality_label(i, 1)}\n"
        f":doc: {page_name((i + 1) % n)}\n:link-text: Read on\n\n"
        f"What course {i} covers.\n:::\n"
    )
    return "\n".join(out)


def peer_ref(label: str, title: str) -> str:
    return f"{{ref}}`{title} <{label}>`"


def peer_page(i: int, n: int) -> str:
    refs = ", ".join(
        peer_ref(quality_label(j, k), quality_title(j, k)) for j, k in referenced(i, n)
    )
    out = [f"# Page {i}\n", f"This page builds on {refs}.\n"]
    out.append(
        f":::{{list-table}} Comparison {i}\n:name: cmp-{i}\n"
        ":header-rows: 1\n:stub-columns: 1\n\n"
        "* - Dimension\n  - Leader\n  - Manager"
    )
    for dim, leader, manager in comparison_rows():
        out.append(f"* - {dim}\n  - {leader}\n  - {manager}")
    out.append(":::\n")
    out.append("::::{grid} 1 1 2 2\n:gutter: 3\n")
    course = peer_ref(f"c-{i}", f"Course {i}")
    for k in range(QUALITIES_PER_PAGE):
        developed_by = f"\n\n**Developed by:** {course}" if k < 2 else ""
        out.append(
            f":::{{grid-item-card}} {quality_title(i, k)}\n"
            f"({quality_label(i, k)})=\n"
            f"Short summary of quality {i}.{k}.\n\n"
            f"What quality {i}.{k} looks like in daily work.{developed_by}\n:::\n"
        )
    out.append("::::\n")
    develops = ", ".join(
        peer_ref(quality_label(i, k), quality_title(i, k)) for k in (0, 1)
    )
    out.append(
        f":::{{admonition}} Course {i}\n:class: course\n:name: c-{i}\n\n"
        f":Provider: CMI\n:Level: {level(i)}\n:Develops: {develops}\n\n"
        f"What course {i} covers.\n\n"
        f"{{doc}}`Read on <{page_name((i + 1) % n)}>`\n:::\n"
    )
    return "\n".join(out)


def matrix_courses(n: int) -> list[int]:
    """The matrix lists the first (up to) five courses, against every quality."""
    return list(range(min(5, n)))


def cmi_catalogue(n: int) -> str:
    develops = ", ".join(quality_label(i, 0) for i in matrix_courses(n))
    return (
        "# Catalogue\n\n## Qualities\n\n:::{quality-index}\n:::\n\n"
        "## Courses\n\n:::{course-catalog} All courses\n:::\n\n"
        f"## Matrix\n\n:::{{curriculum-matrix}} Matrix\n:develops: {develops}\n:::\n"
    )


def peer_catalogue(n: int) -> str:
    out = ["# Catalogue\n", "## Qualities\n"]
    for i in range(n):
        for k in range(QUALITIES_PER_PAGE):
            link = peer_ref(quality_label(i, k), quality_title(i, k))
            out.append(f"- {link}\n\n  Short summary of quality {i}.{k}.")
    out.append("\n## Courses\n")
    for i in range(n):
        develops = ", ".join(
            peer_ref(quality_label(i, k), quality_title(i, k)) for k in (0, 1)
        )
        course = peer_ref(f"c-{i}", f"Course {i}")
        out.append(f"- {course}: CMI, level {level(i)}; develops {develops}")
    out.append("\n## Matrix\n")
    out.append(":::{list-table} Matrix\n:header-rows: 1\n:stub-columns: 1\n")
    header = ["Course"] + [
        peer_ref(quality_label(i, k), quality_title(i, k))
        for i in range(n)
        for k in range(QUALITIES_PER_PAGE)
    ]
    out.append("* - " + "\n  - ".join(header))
    for c in matrix_courses(n):
        cells = [peer_ref(f"c-{c}", f"Course {c}")] + [
            "✓" if i == c and k < 2 else "·"
            for i in range(n)
            for k in range(QUALITIES_PER_PAGE)
        ]
        out.append("* - " + "\n  - ".join(cells))
    out.append(":::\n")
    return "\n".join(out)


def generate(root: Path, variant: str, n: int) -> Path:
    src = root / f"src-{variant}-{n}"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    (src / "conf.py").write_text(CONF.format(extensions=EXTENSIONS[variant]))
    pages = [page_name(i) for i in range(n)]
    toc = "\n".join(["catalogue", *pages])
    (src / "index.md").write_text(
        f"# Benchmark\n\n```{{toctree}}\n:maxdepth: 1\n\n{toc}\n```\n"
    )
    page = cmi_page if variant == "cmi" else peer_page
    catalogue = cmi_catalogue if variant == "cmi" else peer_catalogue
    (src / "catalogue.md").write_text(catalogue(n))
    for i, name in enumerate(pages):
        (src / f"{name}.md").write_text(page(i, n))
    return src


def edit_page(src: Path) -> None:
    """An edit that changes prose only, as most edits do."""
    path = src / f"{EDITED_PAGE}.md"
    path.write_text(path.read_text() + "\nOne more paragraph of prose.\n")
