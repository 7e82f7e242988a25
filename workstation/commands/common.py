"""What every subcommand shares: translated messages and opening the database."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from workstation.errors import WorkstationError

if TYPE_CHECKING:  # the GUI starts without loading the database layer (see cli.py)
    from workstation.db import Database


class Translator:
    """Messages in the user's language for the console, from the GUI's translation files."""

    def __init__(self, lang: str) -> None:
        from PySide6.QtCore import QCoreApplication

        from workstation.ui.i18n import install_translations

        self.app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
        install_translations(self.app, lang)

    def __call__(self, err: WorkstationError) -> str:
        from workstation.ui.messages import error_text

        return error_text(err)

    def text(self, context: str, source: str, **params: Any) -> str:
        from PySide6.QtCore import QCoreApplication

        translated = QCoreApplication.translate(context, source)
        return translated.format(**params) if params else translated


def read_secret(prompt: str, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(prompt)


def with_database(args: argparse.Namespace, translate: Translator, body: Callable[[Database], int]) -> int:
    """Open the database named by ``--db``, run ``body`` on it and return its exit code. A
    ``WorkstationError`` becomes its translated message on standard error and exit code 2;
    the database is closed in every case."""
    from workstation.db import open_database

    try:
        db = open_database(args.db)
    except WorkstationError as err:
        print(translate(err), file=sys.stderr)
        return 2
    try:
        return body(db)
    except WorkstationError as err:
        print(translate(err), file=sys.stderr)
        return 2
    finally:
        db.dispose()
