"""Privacy: ID numbers and phones masked for everyone but administrators, on screen and in
the overdue export; the retention policy anonymises old returned loans while every
statistic stays the same (loans and renewals per desk and month, per class, per reader
category, and the daily loan counts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import extract, func, select

from tests.conftest import make_staff
from tests.desk_data import desks, lending_desks
from workstation.db import Database
from workstation.errors import PermissionDenied, ValidationError
from workstation.models import AuditEntry, Role, Staff
from workstation.models.circulation import Item, Loan, Reader, Renewal
from workstation.models.statistics import LoanDayCount
from workstation.services.circulation import items, loans, overdue, privacy, readers
from workstation.services.context import Actor

ID_NUMBER = "140402199001011235"
PHONE = "13812345678"


def _reader(db: Database, actor: Actor, card: str, category: str, phone: str) -> int:
    with db.begin() as s:
        return readers.register_reader(s, actor, card_number=card, name=f"读者{card}", category=category,
                                       id_type="other", id_number=f"X{card}", phone=phone).id


def test_id_numbers_and_phones_masked_for_non_admins(db: Database, admin: Actor, tmp_path: Path) -> None:
    point = lending_desks(db)[0]
    desk = make_staff(db, "desk1", Role.DESK).at(point)
    boss = make_staff(db, "boss", Role.MANAGER).at(point)
    with db.begin() as s:
        reader = readers.register_reader(s, admin.at(point), card_number="R0001", name="=HYPERLINK(\"x\")",
                                         category="adult", id_type="resident_id", id_number=ID_NUMBER, phone=PHONE)
        items.create_item(s, desk, barcode="B0001", title="+平凡的世界")
    with db.begin() as s:
        loans.checkout(s, desk, reader.id, "B0001", now=dt.datetime(2019, 3, 1, 2, tzinfo=dt.UTC))
    for actor, shown in ((desk, False), (boss, False), (admin.at(point), True)):
        with db.begin() as s:
            view = readers.view_of(s.get(Reader, reader.id), actor)  # type: ignore[arg-type]
            panel = loans.reader_panel(s, actor, reader.id)
        assert (view.id_number == ID_NUMBER) is shown and (panel.reader.id_number == ID_NUMBER) is shown
        assert (view.phone == PHONE) is shown and (panel.reader.phone == PHONE) is shown
        if not shown:
            assert view.id_number.startswith("1404") and "*" in view.id_number and "*" in view.phone
        path = tmp_path / f"overdue-{actor.username}.xlsx"
        with db.begin() as s:
            assert overdue.export_overdue_xlsx(s, actor, point, path, today=dt.date(2019, 6, 1)) == 1
        cells = [str(c) for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)  # type: ignore[union-attr]
                 for c in row if c is not None]
        assert (PHONE in cells) is shown and ID_NUMBER not in cells
        # formula-like text typed by people stays text in the export
        book = openpyxl.load_workbook(path)
        assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)  # type: ignore[union-attr]
        assert "'+平凡的世界" in cells and "'=HYPERLINK(\"x\")" in cells


def _statistics(db: Database) -> dict[str, Any]:
    """The yearly figures the statistics are built from, computed here with our own SQL."""
    year, month = extract("year", Loan.local_day), extract("month", Loan.local_day)
    r_year, r_month = extract("year", Renewal.local_day), extract("month", Renewal.local_day)
    with db.begin() as s:
        return {
            "loans": sorted(tuple(r) for r in s.execute(
                select(year, Loan.service_point_id, month, func.count()).group_by(year, Loan.service_point_id, month))),
            "renewals": sorted(tuple(r) for r in s.execute(
                select(r_year, Renewal.service_point_id, r_month, func.count())
                .group_by(r_year, Renewal.service_point_id, r_month))),
            "returns": sorted(tuple(r) for r in s.execute(
                select(Loan.return_point_id, Loan.return_local_day, func.count()).where(Loan.returned_at.is_not(None))
                .group_by(Loan.return_point_id, Loan.return_local_day))),
            "by_category": sorted(tuple(r) for r in s.execute(
                select(year, Reader.category, func.count()).join(Reader, Reader.id == Loan.reader_id)
                .group_by(year, Reader.category))),
            "by_class": sorted(tuple(r) for r in s.execute(
                select(year, Item.clc_class, func.count()).join(Item, Item.id == Loan.item_id)
                .group_by(year, Item.clc_class))),
            "day_counts": sorted(tuple(r) for r in s.execute(
                select(LoanDayCount.local_day, LoanDayCount.service_point_id, LoanDayCount.clc, LoanDayCount.loans))),
        }


def test_retention_anonymises_old_returned_loans_and_statistics_stay_the_same(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(privacy, "ANONYMISE_WINDOW", 7)  # many small steps over the 72 loans
    actors = desks(db, 2)
    with db.begin() as s:
        admin = Actor.of(s.scalars(select(Staff).where(Staff.username == "root")).one(), "ws")
    cards = [("adult", f"A{i:03d}") for i in range(6)] + [("child", f"C{i:03d}") for i in range(4)]
    reader_ids = [_reader(db, actors[0], card, category, f"1390000{n:04d}") for n, (category, card) in enumerate(cards)]
    with db.begin() as s:
        for n in range(40):
            items.create_item(s, actors[0], barcode=f"B{n:04d}", title=f"书{n}", call_number=f"I24{n % 7}/{n}")
    # two years of lending: each month a few loans, some renewed, most returned the next month
    start = dt.datetime(2023, 1, 10, 2, tzinfo=dt.UTC)
    n = 0
    for month in range(24):
        when = start + dt.timedelta(days=30 * month)
        for k in range(3):
            actor = actors[(month + k) % 2]
            barcode = f"B{n % 40:04d}"
            n += 1
            with db.begin() as s:
                result = loans.checkout(s, actor, reader_ids[(month * 3 + k) % len(reader_ids)], barcode, now=when)
            if k == 0:
                with db.begin() as s:
                    loans.renew(s, actor, result.line.loan_id, now=when + dt.timedelta(days=10))
            if month < 22 or k == 0:
                with db.begin() as s:
                    loans.checkin(s, actor, barcode, now=when + dt.timedelta(days=20))
    before = _statistics(db)
    with db.begin() as s:
        linked_before = dict(s.execute(select(Loan.id, Loan.reader_id)).all())
        open_before = set(s.scalars(select(Loan.id).where(Loan.returned_at.is_(None))))

    with pytest.raises(PermissionDenied), db.begin() as s:
        privacy.anonymise_old_loans(s, actors[0], today=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError), db.begin() as s:
        privacy.set_retention_months(s, admin, "-3")
    with db.begin() as s:
        assert privacy.set_retention_months(s, admin, "12") == 12
    with db.begin() as s:
        preview = privacy.preview_anonymise(s, admin, today=dt.date(2025, 1, 1))
    steps: list[tuple[int, int]] = []
    with db.begin() as s:
        done = privacy.anonymise_old_loans(s, admin, today=dt.date(2025, 1, 1),
                                           progress=lambda step, total: steps.append((step, total)))
    assert len(steps) > 3 and steps[-1][0] == steps[-1][1] and [a for a, _ in steps] == list(range(1, len(steps) + 1))
    assert preview.loans == done and preview.cutoff == dt.date(2024, 1, 1) and preview.months == 12
    cutoff = dt.date(2024, 1, 1)
    with db.begin() as s:
        rows = s.execute(select(Loan.id, Loan.reader_id, Loan.returned_at, Loan.return_local_day)).all()
        placeholders = dict(s.execute(select(Reader.id, Reader.card_number)
                                      .where(Reader.card_number.like("ANON-%"))).all())
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "anonymise")).one()
    anonymised = {r.id for r in rows if r.reader_id in placeholders}
    expected = {r.id for r in rows if r.returned_at is not None and r.return_local_day < cutoff}
    assert anonymised == expected and done == len(expected) > 0
    assert entry.details["loans"] == done
    # newer loans and open loans keep their reader
    assert all(r.reader_id == linked_before[r.id] for r in rows if r.id not in expected)
    assert open_before.isdisjoint(anonymised)
    assert after_equal(db, before)
    # running it again changes nothing; 0 months keeps everything
    with db.begin() as s:
        assert privacy.anonymise_old_loans(s, admin, today=dt.date(2025, 1, 1)) == 0
        privacy.set_retention_months(s, admin, 0)
    with db.begin() as s:
        assert privacy.anonymise_old_loans(s, admin, today=dt.date(2030, 1, 1)) == 0
    # an anonymous placeholder cannot borrow
    with pytest.raises(Exception) as err, db.begin() as s:
        loans.checkout(s, actors[0], next(iter(placeholders)), "B0039")
    assert "blocked" in str(err.value) or "expired" in str(err.value)
    # the audit trail, which nothing may change, never named the readers of these loans
    with db.begin() as s:
        details = [str(e.details) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action.in_(["checkout", "checkin", "renew"])))]
    assert len(details) > 100 and not any(card in text for text in details for _, card in cards)
    # placeholders are nobody: a search finds none, and nobody can be given such a card
    with db.begin() as s:
        assert readers.search_readers(s, admin, "ANON") == []
        assert readers.search_readers(s, admin, privacy.ANONYMOUS_NAME) == []
    with pytest.raises(ValidationError, match="ANON-"), db.begin() as s:
        readers.register_reader(s, actors[0], card_number="anon-0001", name="王五", category="adult",
                                id_type="other", id_number="X1", phone="13800000000")


def after_equal(db: Database, before: dict[str, Any]) -> bool:
    after = _statistics(db)
    for key in before:
        assert after[key] == before[key], key
    return True


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2025, 1, 1), 12, dt.date(2024, 1, 1)),
    (dt.date(2025, 3, 31), 1, dt.date(2025, 2, 28)),
    (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2025, 1, 15), 25, dt.date(2022, 12, 15)),
])
def test_months_before(day: dt.date, months: int, expected: dt.date) -> None:
    assert privacy.months_before(day, months) == expected
