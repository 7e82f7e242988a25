"""What marks a database as the demo and what its login screen shows: the demo accounts and
the hint. Light on purpose (no numpy, no generator): the program reads the mark at every
start, whatever command opened the database."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from workstation.demo.targets import LAST_YEAR
from workstation.models import Role
from workstation.models.config import LibrarySetting

MARKER = "demo_database"  # the library setting that the demo build writes, with its options

DEMO_ACCOUNTS = (
    ("demo-admin", "演示管理员", Role.ADMIN, "demo-admin-2019"),
    ("demo-manager", "演示主管", Role.MANAGER, "demo-manager-2019"),
    ("demo-desk", "演示馆员", Role.DESK, "demo-desk-2019"),
)


def read_marker(session: Session) -> dict[str, object] | None:
    """The demo's options if this database was built by ``workstation demo``, else None."""
    row = session.get(LibrarySetting, MARKER)
    return None if row is None else dict(json.loads(row.value))


def hint_text(lang: str, years: int = 2) -> str:
    """The login screen's line on a demo database: what it is and the accounts to try."""
    span = f"{LAST_YEAR - years + 1}–{LAST_YEAR}" if years > 1 else str(LAST_YEAR)
    if lang.startswith("zh"):
        roles = {"admin": "管理员", "manager": "业务主管", "desk": "借阅台馆员"}
        accounts = "；".join(f"{u} / {p}（{roles[r.value]}）" for u, _n, r, p in DEMO_ACCOUNTS)
        return f"演示数据库：长治市图书馆 {span} 年（生成的数据，不是真实读者）。演示账户：{accounts}"
    accounts = "; ".join(f"{u} / {p} ({r.value})" for u, _n, r, p in DEMO_ACCOUNTS)
    return f"Demo database: Changzhi City Library, {span} (generated data, no real readers). Accounts: {accounts}"
