"""Daily loan counts for the statistics, kept by the database itself.

``loan_day_count`` holds, per library-local day, service point and Chinese Library
Classification main class (the first letter of ``item.clc_class``, ``?`` when the item has
none), how many loans were made. Triggers on ``loan`` (migration 0600) add one in the same
transaction that inserts a loan and take one away if a loan row is ever deleted, so the
table always equals ``SELECT … FROM loan GROUP BY …``; the yearly figures and the charts read
a few thousand rows a year instead of every loan. A loan counts under the class its item had
when it was lent. Renewals are not loans and are not counted here (ISO 2789).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base

UNCLASSIFIED = "?"


class LoanDayCount(Base):
    __tablename__ = "loan_day_count"
    __table_args__ = (CheckConstraint("loans >= 0", name="loans_non_negative"),)

    local_day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"),
                                                  primary_key=True)
    clc: Mapped[str] = mapped_column(String(1), primary_key=True)
    loans: Mapped[int] = mapped_column(default=0)


# For bulk loaders (the benchmark and demo builders) on a raw SQLite connection: counting
# row by row in the trigger makes a load of millions of loans several times slower, so a
# loader may drop the triggers, load, recount once and put the triggers back:
#     for sql in SQLITE_DROP_TRIGGERS: con.execute(sql)
#     … INSERT the loans …
#     con.execute(RECOUNT_DELETE); con.execute(RECOUNT_INSERT)
#     for sql in SQLITE_CREATE_TRIGGERS: con.execute(sql)
# (migration 0600 holds its own copy of these statements, as migrations must not change).
_CLASS_OF = ("COALESCE(NULLIF(UPPER(SUBSTR((SELECT clc_class FROM item WHERE item.id = {row}.item_id), 1, 1)), ''), "
             "'?')")
SQLITE_CREATE_TRIGGERS = (
    "CREATE TRIGGER loan_day_count_add AFTER INSERT ON loan BEGIN "
    "INSERT INTO loan_day_count (local_day, service_point_id, clc, loans) "
    f"VALUES (NEW.local_day, NEW.service_point_id, {_CLASS_OF.format(row='NEW')}, 1) "
    "ON CONFLICT (local_day, service_point_id, clc) DO UPDATE SET loans = loan_day_count.loans + 1; END",
    "CREATE TRIGGER loan_day_count_remove AFTER DELETE ON loan BEGIN "
    "UPDATE loan_day_count SET loans = loans - 1 WHERE local_day = OLD.local_day "
    f"AND service_point_id = OLD.service_point_id AND clc = {_CLASS_OF.format(row='OLD')}; END",
)
SQLITE_DROP_TRIGGERS = ("DROP TRIGGER IF EXISTS loan_day_count_add", "DROP TRIGGER IF EXISTS loan_day_count_remove")
RECOUNT_DELETE = "DELETE FROM loan_day_count"
RECOUNT_INSERT = (
    "INSERT INTO loan_day_count (local_day, service_point_id, clc, loans) "
    "SELECT loan.local_day, loan.service_point_id, COALESCE(NULLIF(UPPER(SUBSTR(item.clc_class, 1, 1)), ''), '?'), "
    "COUNT(*) FROM loan JOIN item ON item.id = loan.item_id GROUP BY 1, 2, 3")
