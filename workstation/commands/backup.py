"""``workstation backup`` and ``workstation restore``: the whole database to a file and back.

Restore replaces everything: it asks for confirmation (type ``yes``, or ``--yes``) and an
administrator's password, checks the backup, and copies the current database aside first.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workstation.commands.common import Translator, read_secret, with_database
from workstation.errors import WorkstationError

if TYPE_CHECKING:  # loaded when a command runs, not when the parser is built
    from workstation.db import Database


def register(sub: Any) -> None:
    make = sub.add_parser("backup", help="back up the whole database to a file")
    make.add_argument("target", nargs="?", type=Path, default=None,
                      help="file or folder (default: the backups folder beside the data)")
    make.set_defaults(func=backup_command)
    back = sub.add_parser("restore", help="replace the whole database with a backup (administrators)")
    back.add_argument("source", type=Path, help="a file made by 'workstation backup'")
    back.add_argument("--admin", metavar="USER", required=True, help="an administrator's username")
    back.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    back.add_argument("--password-stdin", action="store_true",
                      help="read the confirmation (unless --yes) and the password from standard input")
    back.add_argument("--aside", type=Path, default=None,
                      help="folder for the copy of the current database (default: the backups folder)")
    back.set_defaults(func=restore_command)


def backup_command(args: argparse.Namespace) -> int:
    from workstation.services.admin import backup

    def write(db: Database) -> int:
        path = backup.backup(db, args.target or backup.default_backup_folder())
        print(f"已备份到 {path} (backup written)")
        return 0

    return with_database(args, Translator(args.lang), write)


def restore_command(args: argparse.Namespace) -> int:
    from workstation.db import open_database
    from workstation.services.admin import auth, backup

    translate = Translator(args.lang)
    try:
        info = backup.inspect_backup(args.source)
        db = open_database(args.db)
    except WorkstationError as err:
        print(translate(err), file=sys.stderr)
        return 2
    try:
        print(f"将用备份 {info.path} 替换数据库 {db.display_name()} 的全部数据。")
        print(f"(The whole database {db.display_name()} will be replaced by the backup {info.path}.)")
        if not args.yes:
            answer = read_secret("确认请输入 yes (type yes to confirm): ", args.password_stdin) \
                if args.password_stdin else input("确认请输入 yes (type yes to confirm): ")
            if answer.strip().lower() != "yes":
                print("已取消，数据库未改动 (cancelled, nothing changed)", file=sys.stderr)
                return 1
        password = read_secret(f"{args.admin} 的密码 Password of {args.admin}: ", args.password_stdin)
        with db.begin() as s:
            outcome = auth.login(s, args.admin, password)
        if outcome.actor is None:
            assert outcome.error is not None
            print(translate(outcome.error), file=sys.stderr)
            return 2
        aside = backup.restore(db, outcome.actor, info.path, aside=args.aside)
        print(f"已恢复；原数据库已另存为 {aside} (restored; the previous database was saved as {aside})")
        return 0
    except WorkstationError as err:
        print(translate(err), file=sys.stderr)
        return 2
    finally:
        db.dispose()
