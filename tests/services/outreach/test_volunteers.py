from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from workstation.db import Database
from workstation.errors import ValidationError
from workstation.models import AuditEntry
from workstation.models.outreach import VolunteerRecord
from workstation.services.context import Actor
from workstation.services.outreach import volunteers as vol
from workstation.services.outreach._common import parse_hours
from workstation.timeutil import today


def counts(db: Database) -> tuple[int, int]:
    with db.begin() as s:
        return (s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
                s.scalar(select(func.count()).select_from(VolunteerRecord)) or 0)


# Three volunteers' 2019 records, in half hours, adding up to the report's 826.5 hours.
PLAN = {
    ("王芳", "长治学院"): ["3.5"] * 100 + ["2"] * 20,          # 350 + 40   = 390
    ("李强", "长治医学院"): ["4"] * 80 + ["1.5"] * 11,        # 320 + 16.5 = 336.5
    ("张敏", ""): ["2.5"] * 40,                               # 100
}


def test_2019_hours_are_the_sum_of_the_records(db: Database, desk: Actor) -> None:
    expected: dict[str, Decimal] = {}
    with db.begin() as s:
        for (name, org), hours_list in PLAN.items():
            v = vol.create_volunteer(s, desk, name, org, nationally_registered=bool(org))
            for i, hours in enumerate(hours_list):
                day = dt.date(2019, 1, 1) + dt.timedelta(days=(i * 3) % 365)
                vol.record_service(s, desk, v.id, day, hours, place="总馆")
            expected[name] = sum((Decimal(h) for h in hours_list), Decimal(0))
        # records outside 2019 do not count in it
        vol.record_service(s, desk, v.id, "2018-12-31", "8")
        vol.record_service(s, desk, v.id, "2020-01-01", "8")
    first, last = dt.date(2019, 1, 1), dt.date(2019, 12, 31)
    with db.begin() as s:
        total = vol.hours_total(s, first, last)
        assert total == Decimal("826.5") and isinstance(total, Decimal)
        by_volunteer = {t.name: t for t in vol.totals_by_volunteer(s, first, last)}
        assert {n: t.hours for n, t in by_volunteer.items()} == expected
        assert by_volunteer["李强"].records == 91
        for t in by_volunteer.values():  # each volunteer's total is the sum of their listed records
            records = vol.list_records(s, first, last, volunteer_id=t.volunteer_id)
            assert vol.hours_total(s, first, last, volunteer_id=t.volunteer_id) == sum(
                (r.hours for r in records), Decimal(0))
        assert sum(vol.monthly_hours(s, 2019).values(), Decimal(0)) == Decimal("826.5")


@pytest.mark.parametrize(("hours", "message"), [
    ("1.25", "half-hour"), (Decimal("0.3"), "half-hour"), ("0", "more than 0"), ("-1", "more than 0"),
    ("24.5", "at most 24"), ("", "empty"), ("一小时", "not a number"), ("nan", "not a number"),
])
def test_bad_hours_are_refused_with_a_message(db: Database, desk: Actor, hours: object, message: str) -> None:
    with db.begin() as s:
        vid = vol.create_volunteer(s, desk, "赵磊").id
    before = counts(db)
    with pytest.raises(ValidationError) as err, db.begin() as s:
        vol.record_service(s, desk, vid, "2019-06-01", hours)  # type: ignore[arg-type]
    assert err.value.field == "hours" and message in err.value.english()
    assert counts(db) == before


def test_full_width_hours_and_dates_are_accepted(db: Database, desk: Actor) -> None:
    with db.begin() as s:
        vid = vol.create_volunteer(s, desk, "赵磊").id
        r = vol.record_service(s, desk, vid, "２０１９年６月１日", "１.５")
        assert (r.local_day, r.hours) == (dt.date(2019, 6, 1), Decimal("1.5"))
    assert parse_hours(2.5) == Decimal("2.5")


def test_other_bad_input_is_refused(db: Database, desk: Actor) -> None:
    with db.begin() as s:
        vid = vol.create_volunteer(s, desk, "赵磊").id
    before = counts(db)
    cases = [
        ((None, "2019-06-01", "2"), "volunteer"),
        ((vid, (today() + dt.timedelta(days=3)).isoformat(), "2"), "day"),
        ((vid, "2019-13-01", "2"), "day"),
    ]
    for args, field in cases:
        with pytest.raises(ValidationError) as err, db.begin() as s:
            vol.record_service(s, desk, *args)  # type: ignore[arg-type]
        assert err.value.field == field
    with pytest.raises(ValidationError) as err, db.begin() as s:
        vol.record_service(s, desk, vid, "2019-06-01", "2", activity_id=999999)
    assert err.value.field == "activity"
    with db.begin() as s:
        vol.record_service(s, desk, vid, "2019-06-02", "20")
    with pytest.raises(ValidationError) as err, db.begin() as s:
        vol.record_service(s, desk, vid, "2019-06-02", "4.5")  # 24.5 hours on one day
    assert err.value.field == "hours"
    with pytest.raises(ValidationError) as err, db.begin() as s:
        vol.create_volunteer(s, desk, " ")
    assert err.value.field == "name"
    assert counts(db)[1] == before[1] + 1


def test_schema_refuses_quarter_hours_even_around_the_service(db: Database, desk: Actor) -> None:
    with db.begin() as s:
        vid = vol.create_volunteer(s, desk, "赵磊").id
    with pytest.raises(IntegrityError), db.begin() as s:
        s.execute(text("INSERT INTO volunteer_record (volunteer_id, local_day, hours, place, note, created_at) "
                       "VALUES (:v, :d, 1.25, '', '', :t)"),
                  {"v": vid, "d": dt.date(2019, 1, 1), "t": dt.datetime(2019, 1, 1, tzinfo=dt.UTC)})


def test_void_record_leaves_totals_consistent(db: Database, desk: Actor, manager: Actor) -> None:
    with db.begin() as s:
        vid = vol.create_volunteer(s, desk, "赵磊").id
        keep = vol.record_service(s, desk, vid, "2019-06-01", "2").id
        wrong = vol.record_service(s, desk, vid, "2019-06-02", "3").id
    with db.begin() as s:
        vol.void_record(s, manager, wrong, "录错了")
        assert vol.hours_total(s, dt.date(2019, 1, 1), dt.date(2019, 12, 31)) == Decimal("2.0")
        assert [r.id for r in vol.list_records(s, dt.date(2019, 1, 1), dt.date(2019, 12, 31))] == [keep]


def test_update_volunteer_audits_changes(db: Database, desk: Actor) -> None:
    with db.begin() as s:
        vid = vol.create_volunteer(s, desk, "赵磊", "一中").id
    with db.begin() as s:
        vol.update_volunteer(s, desk, vid, nationally_registered=True, organisation="长治一中")
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.details == {"organisation": ["一中", "长治一中"],
                                                       "nationally_registered": [False, True]}
