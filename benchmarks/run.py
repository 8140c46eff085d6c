"""Benchmark sphinx-cmi against the same curriculum written without it.

Generates a synthetic curriculum of N pages twice: once with sphinx-cmi's
directives and roles (variant "cmi") and once as an author would write it
with plain MyST, Sphinx and sphinx-design (variant "peer"). Each build runs
in its own ``python -m sphinx`` process, the variants alternate (A B A B ...)
and every figure is the median over ``--repeats`` runs.

    python benchmarks/run.py                      # N = 50 and 200
    python benchmarks/run.py --sizes 20 --repeats 1   # smoke run
    python benchmarks/run.py --sizes 50 200 1000 --out-md r.md --out-json r.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

VARIANTS = ("cmi", "peer")
EXTENSIONS = {
    "cmi": ["myst_parser", "sphinx_cmi"],
    "peer": ["myst_parser", "sphinx_design"],
}
QUALITIES_PER_PAGE = 5
EDITED_PAGE = "page-0001"

# Runs Sphinx like ``python -m sphinx`` and records the process's peak RSS.
CHILD = """\
import resource, runpy, sys
rss_file = sys.argv.pop(1)
try:
    runpy.run_module("sphinx", run_name="__main__", alter_sys=True)
finally:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(rss_file, "w") as f:
        f.write(str(peak))
"""

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


# -- Running Sphinx ------------------------------------------------------------


def sphinx(
    src: Path, out: Path, doctrees: Path, builder: str, *extra: str
) -> dict[str, Any]:
    """One ``python -m sphinx`` process: seconds, peak RSS (KiB), warnings."""
    rss_file = out.parent / f"{out.name}.rss"
    cmd = [
        sys.executable, "-c", CHILD, str(rss_file), "-q", "-b", builder,
        "-d", str(doctrees), *extra, str(src), str(out),
    ]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"sphinx failed ({' '.join(cmd[4:])}):\n{proc.stderr}")
    warnings = [line for line in proc.stderr.splitlines() if "WARNING" in line]
    return {
        "seconds": seconds,
        "rss_kib": int(rss_file.read_text()),
        "warnings": len(warnings),
        "first_warning": warnings[0] if warnings else "",
    }


def page_mtimes(out: Path) -> dict[str, int]:
    """Modification times of the curriculum's own pages (not genindex/search)."""
    return {
        p.name: p.stat().st_mtime_ns
        for p in out.glob("*.html")
        if p.stem == "index" or p.stem == "catalogue" or p.stem.startswith("page-")
    }


def written(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(name for name, mtime in after.items() if before.get(name) != mtime)


def one_round(root: Path, variant: str, n: int, furo: bool) -> dict[str, Any]:
    """Every measurement once, on freshly generated sources and outputs."""
    src = generate(root, variant, n)
    build = root / f"build-{variant}-{n}"
    if build.exists():
        shutil.rmtree(build)
    build.mkdir()
    result: dict[str, Any] = {}
    runs = {
        "read": ("dummy", ()),
        "html_basic": ("html", ()),
        "html_furo": ("html", ("-D", "html_theme=furo")),
        "html_j2": ("html", ("-j", "2")),
    }
    if not furo:
        del runs["html_furo"]
    for key, (builder, extra) in runs.items():
        out = build / key
        result[key] = sphinx(src, out, build / f"{key}-doctrees", builder, *extra)
    basic = build / "html_basic"
    doctrees = build / "html_basic-doctrees"
    result["env_pickle_bytes"] = (doctrees / "environment.pickle").stat().st_size
    time.sleep(0.05)  # distinct mtimes even on coarse file systems
    edit_page(src)
    before = page_mtimes(basic)
    result["incremental"] = sphinx(src, basic, doctrees, "html")
    after = page_mtimes(basic)
    result["incremental"]["written"] = written(before, after)
    result["noop"] = sphinx(src, basic, doctrees, "html")
    result["noop"]["written"] = written(after, page_mtimes(basic))
    result["static"] = {
        p.name: p.stat().st_size for p in (basic / "_static").iterdir() if p.is_file()
    }
    return result


# -- Report --------------------------------------------------------------------

TIMED = [
    ("read", "Cold read (`-b dummy`), s"),
    ("html_basic", "Cold HTML, basic theme, s"),
    ("html_furo", "Cold HTML, Furo, s"),
    ("html_j2", "Cold HTML, basic, `-j 2`, s"),
    ("incremental", "Rebuild after editing one page, s"),
    ("noop", "No-op rebuild, s"),
]


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def summarise(rounds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Medians per variant, ratios cmi/peer and the assets each extension adds."""
    summary: dict[str, Any] = {"cmi": {}, "peer": {}, "ratio": {}}
    timed = [(k, label) for k, label in TIMED if k in rounds["cmi"][0]]
    for variant in VARIANTS:
        rs = rounds[variant]
        s = summary[variant]
        for key, _label in timed:
            s[key] = median([r[key]["seconds"] for r in rs])
        s["peak_rss_mib"] = (
            max(median([r[k]["rss_kib"] for r in rs]) for k, _ in timed) / 1024
        )
        s["env_pickle_kib"] = median([r["env_pickle_bytes"] for r in rs]) / 1024
        s["incremental_written"] = rs[-1]["incremental"]["written"]
        s["noop_written"] = rs[-1]["noop"]["written"]
        s["warnings"] = max(r[k]["warnings"] for r in rs for k, _ in timed)
        s["first_warning"] = next(
            (r[k]["first_warning"] for r in rs for k, _ in timed if r[k]["warnings"]),
            "",
        )
    cmi_static, peer_static = rounds["cmi"][-1]["static"], rounds["peer"][-1]["static"]
    for variant, own, other in (
        ("cmi", cmi_static, peer_static),
        ("peer", peer_static, cmi_static),
    ):
        added = {name: size for name, size in own.items() if name not in other}
        summary[variant]["added_static"] = added
        summary[variant]["added_css_bytes"] = sum(
            v for k, v in added.items() if k.endswith(".css")
        )
        summary[variant]["added_js_bytes"] = sum(
            v for k, v in added.items() if k.endswith(".js")
        )
    for key in [k for k, _ in timed] + ["peak_rss_mib", "env_pickle_kib"]:
        peer = summary["peer"][key]
        summary["ratio"][key] = summary["cmi"][key] / peer if peer else None
    return summary


def targets(by_size: dict[int, dict[str, Any]]) -> list[tuple[str, bool, str]]:
    largest = max(by_size)
    big = by_size[largest]
    checks: list[tuple[str, bool, str]] = []
    for key in ("read", "html_basic", "html_furo"):
        if key not in big["ratio"]:
            continue
        r = big["ratio"][key]
        checks.append((f"{key} ratio <= 1.00 at N={largest}", r <= 1.0, f"{r:.2f}"))
    for n, s in sorted(by_size.items()):
        cmi_w = set(s["cmi"]["incremental_written"])
        peer_w = set(s["peer"]["incremental_written"])
        # Beyond what Sphinx rewrites for the peer, only the catalogue page may
        # be rewritten: it lists the cards of every page.
        ok = f"{EDITED_PAGE}.html" in cmi_w and cmi_w - peer_w <= {"catalogue.html"}
        detail = f"cmi {len(cmi_w)} ({', '.join(sorted(cmi_w))}), peer {len(peer_w)}"
        checks.append(
            (f"incremental writes edited page + dependants, N={n}", ok, detail)
        )
        noop = len(s["cmi"]["noop_written"])
        checks.append((f"no-op rebuild writes 0 pages, N={n}", noop == 0, str(noop)))
        r = s["ratio"]["env_pickle_kib"]
        checks.append((f"environment.pickle ratio <= 1.1, N={n}", r <= 1.1, f"{r:.2f}"))
    s = big["cmi"]
    css, js = s["added_css_bytes"], s["added_js_bytes"]
    checks.append(("CSS added by sphinx-cmi <= 10 KB", css <= 10_000, f"{css} B"))
    checks.append(("JS added by sphinx-cmi = 0 B", js == 0, f"{js} B"))
    return checks


def markdown(by_size: dict[int, dict[str, Any]], repeats: int) -> str:
    sizes = sorted(by_size)
    head = "| Measure | " + " | ".join(f"N={n} cmi / peer (ratio)" for n in sizes)
    lines = [head + " |", "|---" * (len(sizes) + 1) + "|"]

    def row(label: str, key: str, fmt: str) -> None:
        cells = []
        for n in sizes:
            s = by_size[n]
            if key not in s["ratio"]:
                cells.append("not run")
                continue
            cmi, peer, r = s["cmi"][key], s["peer"][key], s["ratio"][key]
            cells.append(f"{cmi:{fmt}} / {peer:{fmt}} ({r:.2f})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    for key, label in TIMED:
        row(label, key, ".2f")
    row("Peak RSS of one build, MiB", "peak_rss_mib", ".0f")
    row("environment.pickle, KiB", "env_pickle_kib", ".0f")
    for key, label in (
        ("incremental_written", "Pages written after editing one page"),
        ("noop_written", "Pages written by a no-op rebuild"),
    ):
        cells = [
            f"{len(by_size[n]['cmi'][key])} / {len(by_size[n]['peer'][key])}"
            for n in sizes
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    for key, label in (
        ("added_css_bytes", "CSS the extension adds, bytes"),
        ("added_js_bytes", "JS the extension adds, bytes"),
    ):
        cells = [f"{by_size[n]['cmi'][key]} / {by_size[n]['peer'][key]}" for n in sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        f"Medians of {repeats} alternating run(s) per variant; ratio = cmi / peer. "
        "cmi loads myst_parser + sphinx_cmi, peer loads myst_parser + "
        "sphinx_design; everything else is the same."
    )
    return "\n".join(lines) + "\n"


def versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "cpus": str(os.cpu_count())}
    for dist in ("sphinx", "myst-parser", "sphinx-design", "furo", "sphinx-cmi"):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist] = "absent"
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="kept; default: a temp dir")
    parser.add_argument("--out-md", type=Path)
    parser.add_argument("--out-json", type=Path)
    parser.add_argument(
        "--no-furo", action="store_true", help="skip the Furo build (slow at N=1000)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 on a FAIL")
    args = parser.parse_args(argv)

    root = args.workdir or Path(tempfile.mkdtemp(prefix="cmi-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    by_size: dict[int, dict[str, Any]] = {}
    raw: dict[int, dict[str, list[dict[str, Any]]]] = {}
    try:
        for n in sorted(set(args.sizes)):
            rounds: dict[str, list[dict[str, Any]]] = {v: [] for v in VARIANTS}
            for repeat in range(args.repeats):
                for variant in VARIANTS:
                    start = time.perf_counter()
                    rounds[variant].append(
                        one_round(root, variant, n, not args.no_furo)
                    )
                    took = time.perf_counter() - start
                    print(
                        f"N={n} repeat {repeat + 1}/{args.repeats} {variant}: "
                        f"{took:.1f}s",
                        file=sys.stderr,
                    )
            by_size[n] = summarise(rounds)
            raw[n] = rounds
    finally:
        if args.workdir is None:
            shutil.rmtree(root, ignore_errors=True)

    table = markdown(by_size, args.repeats)
    checks = targets(by_size)
    report = [table, "Targets:", ""]
    report += [f"- {'PASS' if ok else 'FAIL'}: {name} ({d})" for name, ok, d in checks]
    warned = [
        f"{v} N={n}" for n, s in by_size.items() for v in VARIANTS if s[v]["warnings"]
    ]
    if warned:
        report.append(f"- NOTE: Sphinx warned in {', '.join(warned)}")
    text = "\n".join(report) + "\n"
    print(text)
    if args.out_md:
        args.out_md.write_text(text)
    if args.out_json:
        data = {
            "versions": versions(),
            "repeats": args.repeats,
            "extensions": EXTENSIONS,
            "summary": by_size,
            "targets": [{"target": t, "pass": ok, "value": d} for t, ok, d in checks],
            "raw": raw,
        }
        args.out_json.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    failed = any(not ok for _, ok, _ in checks)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
