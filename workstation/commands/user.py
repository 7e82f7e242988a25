"""``workstation user add``: staff accounts without the GUI."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from workstation.commands.common import Translator, read_secret, with_database

if TYPE_CHECKING:  # loaded when a command runs, not when the parser is built
    from workstation.db import Database


def register(sub: Any) -> None:
    user = sub.add_parser("user", help="staff accounts").add_subparsers(dest="user_command", required=True)
    add = user.add_parser("add", help="create a staff account; on a new database, the administrator")
    add.add_argument("--username", required=True)
    add.add_argument("--name", required=True, help="display name, e.g. 张三")
    add.add_argument("--role", default=None, choices=["desk", "manager", "admin"],
                     help="role (the first account is always admin)")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the new password (and then the --admin password) from standard input")
    add.add_argument("--admin", metavar="USER", help="an administrator's username, once accounts exist")
    add.set_defaults(func=user_add)


def user_add(args: argparse.Namespace) -> int:
    from workstation.services.admin import auth
    from workstation.services.admin import staff as staff_service

    translate = Translator(args.lang)

    def add(db: Database) -> int:
        with db.begin() as s:
            first = not staff_service.has_any_staff(s)
        if first:
            if args.role not in (None, "admin"):
                print("第一个账户必须是管理员 (the first account must be the administrator)", file=sys.stderr)
                return 2
            password = read_secret("新密码 New password: ", args.password_stdin)
            with db.begin() as s:
                staff = staff_service.create_first_admin(s, args.username, args.name, password)
            print(f"已创建管理员 {staff.username} (administrator created)")
            return 0
        if not args.admin:
            print("已有账户：请用 --admin 指定管理员用户名 (accounts exist: give --admin USER)", file=sys.stderr)
            return 2
        password = read_secret("新密码 New password: ", args.password_stdin)
        admin_password = read_secret(f"{args.admin} 的密码 Password of {args.admin}: ", args.password_stdin)
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

    return with_database(args, translate, add)
