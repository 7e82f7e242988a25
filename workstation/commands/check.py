"""``workstation check``: integrity and consistency checks, printed as a report.

Exit code 0 when everything is consistent, 1 when a check found problems, 2 when the
database cannot be opened."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from workstation.commands.common import Translator, with_database

if TYPE_CHECKING:  # loaded when a command runs, not when the parser is built
    from workstation.db import Database


def register(sub: Any) -> None:
    check = sub.add_parser("check", help="check the database's integrity and consistency")
    check.set_defaults(func=check_command)


def check_command(args: argparse.Namespace) -> int:
    from workstation.errors import CONTEXT
    from workstation.services.admin.checks import run_checks

    translate = Translator(args.lang)

    def check(db: Database) -> int:
        # read only, rolled back: a damaged file may even refuse to commit a read
        with db.sessions() as s:
            try:
                report = run_checks(s)
            finally:
                s.rollback()
        print(db.display_name())
        for finding in report.findings:
            mark = "OK  " if finding.ok else "FAIL"
            print(f"{mark} {translate.text(CONTEXT, finding.message, **finding.params)}")
        return 0 if report.ok else 1

    return with_database(args, translate, check)
