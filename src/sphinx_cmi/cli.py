"""The ``sphinx-cmi`` command: one subcommand per job (``new``, ``schema``)."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx_cmi import starter
from sphinx_cmi.base import __version__

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


def run_new(args: argparse.Namespace) -> int:
    try:
        written = starter.create(
            args.directory, args.language, title=args.title, author=args.author
        )
    except starter.StarterError as error:
        print(f"sphinx-cmi new: error: {error}", file=sys.stderr)
        return 1
    # A path from a command line in another encoding holds lone surrogates,
    # which standard output would refuse to print.
    raw = str(args.directory).encode("utf-8", "surrogateescape")
    target = raw.decode("utf-8", "replace")
    print(f"Wrote a {len(written)}-file handbook into {target}. Next:")
    print(f"  cd {shlex.quote(target)}")
    print("  sphinx-build -W --keep-going -n . _build/html")
    print("and open _build/html/index.html; README.md lists the other commands.")
    return 0


def add_new(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    languages = ", ".join(
        f"{code} ({language.name})" for code, language in starter.LANGUAGES.items()
    )
    new = commands.add_parser(
        "new",
        help="write a starter handbook into a new directory",
        description=(
            "Write a complete handbook project into DIR: conf.py, MyST pages "
            "with a comparison table, quality cards, course call-outs and "
            "catalogues, a noxfile (docs, serve, linkcheck, pdf, epub), "
            ".readthedocs.yaml, README.md and .gitignore. DIR must not exist "
            "or be empty."
        ),
    )
    new.add_argument(
        "directory", metavar="DIR", type=Path, help="where to write it (new or empty)"
    )
    new.add_argument("--title", help="the handbook's title (default: per language)")
    new.add_argument("--author", help="who writes it (default: per language)")
    new.add_argument(
        "--language",
        default="en",
        choices=list(starter.LANGUAGES),
        metavar="CODE",
        help=f"language of the pages: {languages} (default: en)",
    )
    new.set_defaults(run=run_new)


def run_schema(args: argparse.Namespace) -> int:
    from sphinx_cmi import KINDS, schema

    sys.stdout.write(schema.text(KINDS))
    return 0


def add_schema(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "schema",
        help="print the JSON Schema of curriculum data files",
        description=(
            "Print the JSON Schema of the data files that curriculum-import and "
            "comparison-table :file: read (YAML, JSON, TOML), for editors to "
            "check a file while it is typed: save it next to the files, e.g. "
            "'sphinx-cmi schema > data/curriculum.schema.json', and start a YAML "
            "file with '# yaml-language-server: $schema=curriculum.schema.json'."
        ),
    )
    command.set_defaults(run=run_schema)


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="sphinx-cmi",
        description="Tools for handbooks written with sphinx-cmi.",
    )
    main_parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = main_parser.add_subparsers(title="commands", required=True)
    add_new(commands)
    add_schema(commands)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)
