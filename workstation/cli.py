"""The ``workstation`` command: the GUI by default, and headless subcommands for admins.

    workstation [--db URL] [--lang zh_CN|en]       start the program
    workstation --trip FILE                        the bookmobile's desk offline, on a trip store
                                                   (by itself, with no --db, when the data
                                                   folder's bookmobile/ holds one)
    workstation user add --username U --name N …   create an account (the first one is the
                                                   administrator)
    workstation --self-test [--db URL]             check that the program runs here (offscreen),
                                                   print its version, exit 0

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
    parser.add_argument("--trip", metavar="FILE", help="work offline on a bookmobile trip store "
                        "(made by 'bookmobile prepare'); its events are synced back with 'bookmobile sync'. "
                        "Without --db or --trip the program starts on the newest trip store in the data "
                        "folder's 'bookmobile' folder, if there is one (the vehicle's laptop)")
    parser.add_argument("--self-test", action="store_true",
                        help="start offscreen, open a fresh database (or --db), apply the migrations, load the "
                        "font and translations, build the main window, print the version and exit 0")
    sub = parser.add_subparsers(dest="command")
    for info in sorted(pkgutil.iter_modules(workstation.commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"workstation.commands.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from workstation.selftest import run as self_test

        return self_test(args.db, args.lang)
    if args.command is not None:
        code: int = args.func(args)
        return code
    from workstation.ui.app import run_gui

    return run_gui(args.db, args.lang, trip=args.trip or _trip_on_this_laptop(args.db))


def _trip_on_this_laptop(db: str | None) -> str | None:
    """The bookmobile's laptop starts offline by itself on the trip store in its vehicle folder
    (``store.vehicle_folder()``), unless a database is named (``--db`` or WORKSTATION_DB):
    back at the library, ``--db`` reaches the server as on any desk."""
    from workstation.db import ENV_VAR
    from workstation.services.bookmobile.store import trip_on_this_laptop

    if db or os.environ.get(ENV_VAR):
        return None
    found = trip_on_this_laptop()
    return str(found) if found is not None else None


if __name__ == "__main__":
    sys.exit(main())
