from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from workstation.db import Database
from workstation.errors import Conflict, PermissionDenied, ValidationError
from workstation.models import AuditEntry
from workstation.models.outreach import Activity, ActivityCategory
from workstation.services.context import Actor
from workstation.services.outreach import activities as act
from workstation.timeutil import today


def audit_count(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def activity_count(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(Activity)) or 0


def category_id(db: Database, code: str) -> int:
    with db.begin() as s:
        cid = s.scalar(select(ActivityCategory.id).where(ActivityCategory.code == code))
        assert cid is not None
        return cid


def test_default_categories_are_seeded_as_data(db: Database) -> None:
    with db.begin() as s:
        names = [c.name for c in act.list_categories(s)]
    assert names[:3] == ["阅读推广", "文化大讲堂", "健康大讲堂"]
    assert {"展览", "电影放映", "培训", "志愿服务", "青少年活动", "视障读者服务", "残障读者服务",
            "党建活动", "其他"} <= set(names)


def test_record_activity_with_all_fields_writes_one_audit_entry(db: Database, desk: Actor) -> None:
    before = audit_count(db)
    with db.begin() as s:
        series = act.create_series(s, desk, "庆祝新中国成立70周年系列活动")
        a = act.record_activity(s, desk, act.ActivityInput(
            title="  我和我的祖国 诵读会 ", category_id=category_id(db, "reading_promotion"),
            start_day="２０１９-０９-２８", end_day="2019/9/30", place="报告厅", partners="长治市文联",
            participants="１,２００", online_views=3400, chronicle=True, chronicle_text="诵读会三场",
            series_id=series.id))
        aid = a.id
    assert audit_count(db) == before + 2
    with db.begin() as s:
        saved = s.get(Activity, aid)
        assert saved is not None
        assert (saved.title, saved.start_day, saved.end_day) == ("我和我的祖国 诵读会", dt.date(2019, 9, 28),
                                                                 dt.date(2019, 9, 30))
        assert (saved.participants, saved.online_views, saved.chronicle) == (1200, 3400, True)
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and (entry.action, entry.entity, entry.entity_id) == ("create", "activity", aid)
        assert entry.details["start_day"] == "2019-09-28"


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": "　"}, "title"),
    ({"category_id": None}, "category"),
    ({"category_id": 99999}, "category"),
    ({"start_day": "2019-02-30"}, "start_day"),
    ({"start_day": "next week"}, "start_day"),
    ({"start_day": "1989-12-31"}, "start_day"),
    ({"start_day": (today() + dt.timedelta(days=1)).isoformat()}, "start_day"),
    ({"end_day": "2019-05-03"}, "end_day"),
    ({"participants": -1}, "participants"),
    ({"participants": "-５"}, "participants"),
    ({"participants": "12.5"}, "participants"),
    ({"online_views": "many"}, "online_views"),
    ({"chronicle": True, "chronicle_text": " "}, "chronicle_text"),
    ({"series_id": 424242}, "series"),
])
def test_bad_activity_input_is_refused_and_writes_nothing(db: Database, desk: Actor, changes: dict[str, object],
                                                          field: str) -> None:
    data = act.ActivityInput(title="读书会", category_id=category_id(db, "reading_promotion"),
                             start_day="2019-05-04")
    for key, value in changes.items():
        setattr(data, key, value)
    before = (audit_count(db), activity_count(db))
    with pytest.raises(ValidationError) as err, db.begin() as s:
        act.record_activity(s, desk, data)
    assert err.value.field == field
    assert err.value.english()
    assert (audit_count(db), activity_count(db)) == before


def test_lecture_counts_and_series_sums(db: Database, desk: Actor) -> None:
    culture, health, reading = (category_id(db, c) for c in ("culture_lecture", "health_lecture",
                                                              "reading_promotion"))
    with db.begin() as s:
        series = act.create_series(s, desk, "新中国成立70周年系列活动")
        for i in range(12):
            act.record_activity(s, desk, act.ActivityInput(f"文化大讲堂第{i + 1}讲", culture,
                                                           dt.date(2019, i + 1, 10), participants=100))
        for i in range(9):
            act.record_activity(s, desk, act.ActivityInput(f"健康大讲堂第{i + 1}讲", health,
                                                           dt.date(2019, i + 2, 20), participants=80))
        # the series: 5,764 participants and 8,400 online views over four activities
        for people, views, day in ((2000, 3000, 9), (1764, 2400, 20), (1000, 1500, 25), (1000, 1500, 30)):
            act.record_activity(s, desk, act.ActivityInput("70周年活动", reading, dt.date(2019, 9, day),
                                                           participants=people, online_views=views,
                                                           series_id=series.id))
        act.record_activity(s, desk, act.ActivityInput("跨年读书夜", reading, dt.date(2018, 12, 31),
                                                       dt.date(2019, 1, 1)))
        sid = series.id
    first, last = dt.date(2019, 1, 1), dt.date(2019, 12, 31)
    with db.begin() as s:
        assert act.activity_count(s, first, last, "culture_lecture") == 12
        assert act.activity_count(s, first, last, "health_lecture") == 9
        assert act.activity_count(s, first, last) == 12 + 9 + 4  # the 2018 activity counts in 2018
        totals = {t.code: t for t in act.totals_by_category(s, first, last)}
        assert totals["culture_lecture"].participants == 1200
        assert totals["exhibition"].activities == 0
        st = act.series_totals(s, sid)
        assert (st.activities, st.participants, st.online_views) == (4, 5764, 8400)
        assert (st.first_day, st.last_day) == (dt.date(2019, 9, 9), dt.date(2019, 9, 30))
        months = act.monthly_counts(s, 2019)
        assert sum(m[0] for m in months.values()) == 25
        assert months[9][1] == 5764 + 100 + 80  # the ninth culture and eighth health lecture


def test_void_takes_activity_out_of_totals_and_needs_manager(db: Database, desk: Actor, manager: Actor) -> None:
    with db.begin() as s:
        aid = act.record_activity(s, desk, act.ActivityInput("重复录入", category_id(db, "exhibition"),
                                                             "2019-03-01")).id
    with pytest.raises(PermissionDenied), db.begin() as s:
        act.void_activity(s, desk, aid, "duplicate")
    with db.begin() as s:
        act.void_activity(s, manager, aid, "重复录入")
    with pytest.raises(Conflict), db.begin() as s:
        act.void_activity(s, manager, aid, "again")
    with db.begin() as s:
        assert act.activity_count(s, dt.date(2019, 1, 1), dt.date(2019, 12, 31)) == 0
        assert act.list_activities(s, dt.date(2019, 1, 1), dt.date(2019, 12, 31)) == []


def test_update_activity_keeps_old_and_new_in_audit(db: Database, desk: Actor) -> None:
    cid = category_id(db, "film")
    with db.begin() as s:
        aid = act.record_activity(s, desk, act.ActivityInput("周末电影", cid, "2019-04-06", participants=50)).id
    with db.begin() as s:
        act.update_activity(s, desk, aid, act.ActivityInput("周末电影", cid, "2019-04-06", participants=55))
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.action == "update" and entry.details == {"participants": [50, 55]}


def test_categories_are_editable_data(db: Database, manager: Actor, desk: Actor) -> None:
    with pytest.raises(PermissionDenied), db.begin() as s:
        act.create_category(s, desk, "reading_club", "读书会")
    with db.begin() as s:
        cat = act.create_category(s, manager, " Reading_Club ", "读书会")
        assert cat.code == "reading_club"
    with pytest.raises(Conflict), db.begin() as s:
        act.create_category(s, manager, "other2", "读书会")
    with pytest.raises(ValidationError) as err, db.begin() as s:
        act.create_category(s, manager, "读书", "读书会2")
    assert err.value.field == "code"
    with db.begin() as s:
        act.rename_category(s, manager, cat.id, "读书沙龙")
        act.set_category_active(s, manager, cat.id, False)
        assert "读书沙龙" not in [c.name for c in act.list_categories(s)]


def test_chronicle_lists_flagged_activities_of_the_year(db: Database, desk: Actor) -> None:
    cid = category_id(db, "exhibition")
    with db.begin() as s:
        act.record_activity(s, desk, act.ActivityInput("书画展", cid, "2019-10-01", "2019-10-31",
                                                       chronicle=True, chronicle_text="国庆书画展"))
        act.record_activity(s, desk, act.ActivityInput("小展览", cid, "2019-10-02"))
        names = [a.title for a in act.chronicle(s, 2019)]
    assert names == ["书画展"]
