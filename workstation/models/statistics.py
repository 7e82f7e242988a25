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
