"""Benchmark sphinx-cmi against the same curriculum written without it.

Generates a synthetic curriculum of N pages twice: once with sphinx-cmi's
directives and roles (variant "cmi") and once as an author would write it
with plain MyST, Sphinx and sphinx-design (variant "peer"). Each build runs
in its own ``python -m sphinx`` process, the variants alternate (A B A B ...)
and every figure is the median over ``--repeats`` runs.

    python benchmarks/run.py                      # N = 50 and 200
    python benchmarks/run.py --sizes 20 --repeats 1 --large-scale 0.05 \
        --data-scale 0.05  # smoke
    python benchmarks/run.py --sizes 50 200 1000 --out-md r.md --out-json r.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import growth
import imported_courses
import large_inputs
from curriculum import EDITED_PAGE, EXTENSIONS, VARIANTS, edit_page, generate
from env_pickle import breakdown

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


def html_seconds(src: Path, out: Path) -> float:
    """Seconds of one cold HTML build (the large-input series)."""
    seconds: float = sphinx(src, out, out / ".doctrees", "html")["seconds"]
    return seconds


def html_cpu_seconds(src: Path, out: Path) -> float:
    """CPU seconds (user and system) of one cold HTML build: the data-file
    series compares two variants whose difference busy machines would hide."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sphinx(src, out, out / ".doctrees", "html")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


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
    result["env_pickle_parts"] = breakdown(doctrees / "environment.pickle")
    time.sleep(0.05)  # distinct mtimes even on coarse file systems
    edit_page(src)
    before = page_mtimes(basic)
    result["incremental"] = sphinx(src, basic, doctrees, "html")
    after = page_mtimes(basic)
    result["incremental"]["written"] = written(before, after)
    result["noop"] = sphinx(src, basic, doctrees, "html")
    result["noop"]["written"] = written(after, page_mtimes(basic))
    files = [p for p in (basic / "_static").iterdir() if p.is_file()]
    result["static"] = {p.name: p.stat().st_size for p in files}
    # What a learner downloads from a server that compresses (most do).
    result["static_gzip"] = {
        p.name: len(gzip.compress(p.read_bytes(), 9, mtime=0)) for p in files
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
        # Of the same build at every size (Furo may be left out at some).
        s["peak_rss_mib"] = median([r["html_basic"]["rss_kib"] for r in rs]) / 1024
        s["env_pickle_kib"] = median([r["env_pickle_bytes"] for r in rs]) / 1024
        s["env_pickle_parts"] = rs[-1]["env_pickle_parts"]
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
        packed = rounds[variant][-1].get("static_gzip", {})
        summary[variant]["added_css_gzip_bytes"] = sum(
            packed.get(k, 0) for k in added if k.endswith(".css")
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
    s = big["cmi"]
    css, js = s["added_css_bytes"], s["added_js_bytes"]
    packed = s["added_css_gzip_bytes"]
    checks.append(
        (
            "CSS added by sphinx-cmi <= 16 KB (5 KB compressed)",
            css <= 16_000 and packed <= 5_000,
            f"{css} B, {packed} B gzip -9",
        )
    )
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
    row("Peak RSS, cold HTML build (basic), MiB", "peak_rss_mib", ".0f")
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
        ("added_css_gzip_bytes", "The same CSS compressed (gzip -9), bytes"),
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


def pickle_parts(by_size: dict[int, dict[str, Any]]) -> str:
    """The environment.pickle of the largest N, part by part."""
    n = max(by_size)
    cmi, peer = (
        by_size[n]["cmi"]["env_pickle_parts"],
        by_size[n]["peer"]["env_pickle_parts"],
    )
    lines = [
        f"environment.pickle at N={n}, bytes each part takes (KiB):",
        "",
        "| Part | cmi | peer | cmi - peer |",
        "|---|---|---|---|",
    ]
    for part in cmi:
        a, b = cmi[part] / 1024, peer.get(part, 0) / 1024
        lines.append(f"| {part} | {a:.0f} | {b:.0f} | {a - b:+.0f} |")
    return "\n".join(lines) + "\n"


def versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "cpus": str(os.cpu_count())}
    for dist in ("sphinx", "myst-parser", "sphinx-design", "furo", "sphinx-cmi"):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist] = "absent"
    return found


def furo(args: argparse.Namespace, n: int) -> bool:
    """Whether the run builds the N-page curriculum with Furo too."""
    return args.furo_max is None or n <= args.furo_max


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="kept; default: a temp dir")
    parser.add_argument("--out-md", type=Path)
    parser.add_argument("--out-json", type=Path)
    parser.add_argument(
        "--furo-max",
        type=int,
        metavar="N",
        help="build with Furo only up to N pages, 0: never (it grows with N squared)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 on a FAIL")
    parser.add_argument(
        "--large-scale",
        type=float,
        default=1.0,
        help="size of the large-input series (1 = 600 rows / 2,000 courses; 0: skip)",
    )
    parser.add_argument(
        "--data-scale",
        type=float,
        default=1.0,
        help="size of the data-file series (1 = 200, 1,000, 2,000 courses; 0: skip)",
    )
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
                    rounds[variant].append(one_round(root, variant, n, furo(args, n)))
                    took = time.perf_counter() - start
                    print(
                        f"N={n} repeat {repeat + 1}/{args.repeats} {variant}: "
                        f"{took:.1f}s",
                        file=sys.stderr,
                    )
            by_size[n] = summarise(rounds)
            raw[n] = rounds
        large = (
            large_inputs.measure(root, args.large_scale, args.repeats, html_seconds)
            if args.large_scale > 0
            else {}
        )
        from_files = (
            imported_courses.measure(
                root, args.data_scale, args.repeats, html_cpu_seconds
            )
            if args.data_scale > 0
            else {}
        )
    finally:
        if args.workdir is None:
            shutil.rmtree(root, ignore_errors=True)

    table = markdown(by_size, args.repeats) + "\n" + pickle_parts(by_size)
    if len(by_size) > 1:
        table += "\n" + growth.markdown(by_size)
    checks = targets(by_size) + growth.targets(by_size)
    if large:
        table += "\nLarge inputs (sphinx-cmi only):\n\n" + large_inputs.markdown(large)
        checks += large_inputs.targets(large)
    if from_files:
        table += "\nCourses from a data file (sphinx-cmi only):\n\n"
        table += imported_courses.markdown(from_files)
        checks += imported_courses.targets(from_files)
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
            "large_inputs": large,
            "data_files": from_files,
            "targets": [{"target": t, "pass": ok, "value": d} for t, ok, d in checks],
            "raw": raw,
        }
        args.out_json.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    failed = any(not ok for _, ok, _ in checks)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
