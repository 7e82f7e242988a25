from __future__ import annotations

import pytest
from sqlalchemy import func, select

from workstation.db import Database
from workstation.errors import Conflict, PermissionDenied, ValidationError
from workstation.models import AuditEntry
from workstation.models.outreach import MetricAggregation, MetricDefinition, MetricValue
from workstation.services.context import Actor
from workstation.services.outreach import metrics as met
from workstation.timeutil import today


def metric_id(db: Database, code: str) -> int:
    with db.begin() as s:
        mid = s.scalar(select(MetricDefinition.id).where(MetricDefinition.code == code))
        assert mid is not None
        return mid


def value_count(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(MetricValue)) or 0


def test_seeded_definitions(db: Database) -> None:
    with db.begin() as s:
        codes = [m.code for m in met.list_definitions(s)]
    assert codes == ["website_hits", "mobile_library_hits", "led_days", "wechat_followers"]


def test_2019_year_figures(db: Database, desk: Actor) -> None:
    website, mobile, led, wechat = (metric_id(db, c) for c in
                                    ("website_hits", "mobile_library_hits", "led_days", "wechat_followers"))
    days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    web = [29_000] * 11 + [39_000]              # 358,000
    mob = [628_000] * 11 + [638_000]            # 7,546,000
    with db.begin() as s:
        for m in range(1, 13):
            met.enter_value(s, desk, website, 2019, m, web[m - 1])
            met.enter_value(s, desk, mobile, "２０１９", str(m), f"{mob[m - 1]:,}")
            met.enter_value(s, desk, led, 2019, m, days[m - 1])
            if m <= 10:
                met.enter_value(s, desk, wechat, 2019, m, 20_000 + m * 100)
        met.enter_value(s, desk, website, 2018, 12, 1_000_000)
    with db.begin() as s:
        totals = {t.code: t for t in met.year_totals(s, 2019)}
        assert totals["website_hits"].total == 358_000
        assert totals["mobile_library_hits"].total == 7_546_000
        assert totals["led_days"].total == 365
        assert totals["wechat_followers"].aggregation is MetricAggregation.LAST
        assert totals["wechat_followers"].total == 21_000 and totals["wechat_followers"].months_entered == 10
        assert met.metric_year_total(s, "website_hits", 2019) == 358_000
        assert met.year_totals(s, 2019, through_month=6)[0].total == 6 * 29_000
        assert len(met.values_for_year(s, 2019)) == 46


def test_a_month_entered_twice_is_refused(db: Database, desk: Actor) -> None:
    mid = metric_id(db, "website_hits")
    with db.begin() as s:
        vid = met.enter_value(s, desk, mid, 2019, 3, 30_000).id
    before = value_count(db)
    with pytest.raises(ValidationError) as err, db.begin() as s:
        met.enter_value(s, desk, mid, 2019, 3, 31_000)
    assert err.value.field == "month" and "already entered" in err.value.english()
    assert value_count(db) == before
    with db.begin() as s:
        met.correct_value(s, desk, vid, "31,000")
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.details["value"] == [30_000, 31_000]
        assert met.metric_year_total(s, "website_hits", 2019) == 31_000


@pytest.mark.parametrize(("year", "month", "value", "field"), [
    (2019, 13, 1, "month"), (2019, 0, 1, "month"), (2019, "三", 1, "month"),
    (1980, 1, 1, "year"), (today().year + 1, 1, 1, "year"),
    (2019, 1, -5, "value"), (2019, 1, "1.5", "value"), (2019, 1, "", "value"),
])
def test_bad_values_are_refused(db: Database, desk: Actor, year: object, month: object, value: object,
                                field: str) -> None:
    mid = metric_id(db, "led_days")
    with pytest.raises(ValidationError) as err, db.begin() as s:
        met.enter_value(s, desk, mid, year, month, value)  # type: ignore[arg-type]
    assert err.value.field == field
    assert value_count(db) == 0


def test_new_metric_as_data(db: Database, desk: Actor, manager: Actor) -> None:
    with pytest.raises(PermissionDenied), db.begin() as s:
        met.create_definition(s, desk, "douyin_views", "抖音播放量")
    with db.begin() as s:
        m = met.create_definition(s, manager, "douyin_views", "抖音播放量", "次", "sum")
        met.enter_value(s, desk, m.id, 2019, 5, 1234)
    with pytest.raises(Conflict), db.begin() as s:
        met.create_definition(s, manager, "douyin_views", "别的名字")
    with pytest.raises(ValidationError) as err, db.begin() as s:
        met.create_definition(s, manager, "x_y", "新指标", aggregation="average")
    assert err.value.field == "aggregation"
    with db.begin() as s:
        assert met.metric_year_total(s, "douyin_views", 2019) == 1234
