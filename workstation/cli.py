"""The ``workstation`` command: the GUI by default, and headless subcommands for admins.

    workstation [--db URL] [--lang zh_CN|en]       start the program
    workstation user add --username U --name N …   create an account (the first one is the
                                                   administrator)

Subcommands live in ``workstation/commands/``, one module each (see its docstring).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

import workstation.commands
from workstation import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workstation", description="图书馆业务工作站 Library Workstation")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="URL", help="database URL or SQLite file (default: WORKSTATION_DB, "
                        "else a SQLite file in the user's data folder)")
    parser.add_argument("--lang", default=os.environ.get("WORKSTATION_LANG", "zh_CN"),
                        help="interface language: zh_CN (default) or en")
    sub = parser.add_subparsers(dest="command")
    for info in sorted(pkgutil.iter_modules(workstation.commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"workstation.commands.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is not None:
        code: int = args.func(args)
        return code
    from workstation.ui.app import run_gui

    return run_gui(args.db, args.lang)


if __name__ == "__main__":
    sys.exit(main())
