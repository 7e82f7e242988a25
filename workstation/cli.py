"""The ``workstation`` command: the GUI by default, and headless subcommands for admins.

    workstation [--db URL] [--lang zh_CN|en]       start the program
    workstation user add --username U --name N     create an account (the first one is the
        [--role desk|manager|admin] [--password-stdin] [--admin USER]   administrator)
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from workstation import __version__
from workstation.db import open_database
from workstation.errors import WorkstationError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workstation", description="图书馆业务工作站 Library Workstation")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="URL", help="database URL or SQLite file (default: WORKSTATION_DB, "
                        "else a SQLite file in the user's data folder)")
    parser.add_argument("--lang", default=os.environ.get("WORKSTATION_LANG", "zh_CN"),
                        help="interface language: zh_CN (default) or en")
    sub = parser.add_subparsers(dest="command")
    user = sub.add_parser("user", help="staff accounts").add_subparsers(dest="user_command", required=True)
    add = user.add_parser("add", help="create a staff account; on a new database, the administrator")
    add.add_argument("--username", required=True)
    add.add_argument("--name", required=True, help="display name, e.g. 张三")
    add.add_argument("--role", default=None, choices=["desk", "manager", "admin"],
                     help="role (the first account is always admin)")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the new password (and then the --admin password) from standard input")
    add.add_argument("--admin", metavar="USER", help="an administrator's username, once accounts exist")
    return parser


class _Translator:
    """Messages in the user's language for the console, using the GUI's translation files."""

    def __init__(self, lang: str) -> None:
        from PySide6.QtCore import QCoreApplication

        from workstation.ui.i18n import install_translations

        self.app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
        install_translations(self.app, lang)

    def __call__(self, err: WorkstationError) -> str:
        from workstation.ui.messages import error_text

        return error_text(err)


def _read_secret(prompt: str, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(prompt)


def _user_add(args: argparse.Namespace) -> int:
    from workstation.services import auth
    from workstation.services import staff as staff_service

    translate = _Translator(args.lang)
    try:
        db = open_database(args.db)
    except WorkstationError as err:
        print(translate(err), file=sys.stderr)
        return 2
    try:
        with db.begin() as s:
            first = not staff_service.has_any_staff(s)
        if first:
            if args.role not in (None, "admin"):
                print("第一个账户必须是管理员 (the first account must be the administrator)", file=sys.stderr)
                return 2
            password = _read_secret("新密码 New password: ", args.password_stdin)
            with db.begin() as s:
                staff = staff_service.create_first_admin(s, args.username, args.name, password)
            print(f"已创建管理员 {staff.username} (administrator created)")
            return 0
        if not args.admin:
            print("已有账户：请用 --admin 指定管理员用户名 (accounts exist: give --admin USER)", file=sys.stderr)
            return 2
        password = _read_secret("新密码 New password: ", args.password_stdin)
        admin_password = _read_secret(f"{args.admin} 的密码 Password of {args.admin}: ", args.password_stdin)
        with db.begin() as s:
            outcome = auth.login(s, args.admin, admin_password)
        if outcome.actor is None:
            assert outcome.error is not None
            print(translate(outcome.error), file=sys.stderr)
            return 2
        with db.begin() as s:
            staff = staff_service.create_staff(s, outcome.actor, args.username, args.name, args.role or "desk",
                                               password)
        print(f"已创建账户 {staff.username} ({staff.role.value})")
        return 0
    except WorkstationError as err:
        print(translate(err), file=sys.stderr)
        return 2
    finally:
        db.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "user":
        return _user_add(args)
    from workstation.ui.app import run_gui

    return run_gui(args.db, args.lang)


if __name__ == "__main__":
    sys.exit(main())
