from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from workstation.db import Database
from workstation.errors import Conflict, PermissionDenied, ValidationError
from workstation.models import AuditEntry
from workstation.models.digitization import (
    BatchState,
    DigitizationBatch,
    DigitizationEvent,
    DigitizationProject,
    EventAction,
)
from workstation.services.context import Actor
from workstation.services.digitization import projects as dz
from workstation.services.digitization.forecast import ForecastKind, ProjectStatus
from workstation.timeutil import at_local, year_days

D = dt.date
SEED = [  # the 2019 projects of Changzhi City Library
    ("政府公开信息", "政府信息", "条", 8000, "纸质文献"),
    ("地方文献", "地方文献", "页", 54000, "纸质文献"),
    ("地方报纸", "报纸", "版", 15000, "纸质文献"),
    ("公开课", "视频", "节", 90, "音视频"),
    ("宣传片", "视频", "部", 2, "音视频"),
]
Y2019 = (D(2019, 1, 1), D(2019, 12, 31))
PAPER = ["接收", "扫描", "加工", "质检", "发布"]
VIDEO = ["采集", "剪辑", "审核", "发布"]


def counts(db: Database) -> tuple[int, int, int]:
    with db.begin() as s:
        return (s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
                s.scalar(select(func.count()).select_from(DigitizationEvent)) or 0,
                s.scalar(select(func.count()).select_from(DigitizationProject)) or 0)


def template_id(db: Database, name: str) -> int:
    with db.begin() as s:
        return next(t.id for t in dz.list_templates(s) if t.name == name)


def make_project(db: Database, actor: Actor, name: str = "地方文献", unit: str = "页", target: int | str = 54000,
                 template: str = "纸质文献", start: D = Y2019[0], due: D = Y2019[1]) -> int:
    tid = template_id(db, template)
    with db.begin() as s:
        return dz.create_project(s, actor, name=name, category="地方文献", unit=unit, target=target, start=start,
                                 due=due, template_id=tid).id


def add(db: Database, actor: Actor, project_id: int, label: str, quantity: int) -> int:
    with db.begin() as s:
        return dz.add_batch(s, actor, project_id, label, quantity).id


def step(db: Database, actor: Actor, batch_id: int, when: dt.datetime) -> None:
    """Start and finish the batch's current stage at ``when``."""
    with db.begin() as s:
        dz.start_stage(s, actor, batch_id, at=when)
    with db.begin() as s:
        dz.finish_stage(s, actor, batch_id, at=when + dt.timedelta(minutes=5))


def run_through(db: Database, actor: Actor, batch_id: int, last: dt.datetime, stages: int = 5) -> None:
    """Every stage, the final one finished at ``last`` (earlier stages an hour apart before it)."""
    for i in range(stages):
        step(db, actor, batch_id, last - dt.timedelta(minutes=5) - dt.timedelta(hours=stages - 1 - i))


def batch(db: Database, batch_id: int) -> tuple[str, BatchState]:
    with db.begin() as s:
        b = dz.get_batch(s, batch_id)
        return b.stage.name, b.state


def test_seed_projects_with_their_own_units_and_stages(db: Database, manager: Actor) -> None:
    ids = {name: make_project(db, manager, name, unit, target, template)
           for name, _cat, unit, target, template in SEED}
    with db.begin() as s:
        projects = {p.name: p for p in dz.list_projects(s)}
        assert {n: (p.unit, p.target, p.plan_target) for n, p in projects.items()} == {
            n: (u, t, t) for n, _c, u, t, _tpl in SEED}
        assert [st.name for st in dz.project_stages(s, ids["地方报纸"])] == PAPER
        assert [st.name for st in dz.project_stages(s, ids["公开课"])] == VIDEO
        assert [st.is_check for st in dz.project_stages(s, ids["宣传片"])] == [False, False, True, False]
        summaries = dz.project_summaries(s, D(2019, 1, 2))
    assert [(x.name, x.unit, x.done) for x in summaries] == [(n, u, 0) for n, _c, u, _t, _tpl in SEED]


def test_batch_through_every_stage_with_a_qc_rejection(db: Database, manager: Actor, desk: Actor) -> None:
    pid = make_project(db, manager, target=1000)
    b1 = add(db, desk, pid, "第一批", 300)
    b2 = add(db, desk, pid, "第二批", 200)
    add(db, desk, pid, "第三批", 100)
    t = at_local(D(2019, 3, 4), 9)
    for expected in PAPER[:3]:  # 接收, 扫描, 加工
        assert batch(db, b1) == (expected, BatchState.WAITING)
        step(db, desk, b1, t)
        t += dt.timedelta(hours=1)
    with db.begin() as s:
        dz.start_stage(s, desk, b1, at=t)
    assert batch(db, b1) == ("质检", BatchState.IN_WORK)
    stages = {st.name: st.id for st in _stages(db, pid)}
    with db.begin() as s:
        dz.reject_batch(s, desk, b1, stages["加工"], "  页面歪斜  ", at=t + dt.timedelta(minutes=30))
    assert batch(db, b1) == ("加工", BatchState.REJECTED)
    with db.begin() as s:
        wip = {w.name: w for w in dz.wip_per_stage(s, pid)}
        assert (wip["加工"].rejected, wip["接收"].waiting, wip["接收"].batches) == (300, 300, 2)
        assert dz.rejection_stats(s, pid).rate == 1
    for expected in ["加工", "质检", "发布"]:
        t += dt.timedelta(hours=1)
        assert batch(db, b1)[0] == expected
        step(db, desk, b1, t)
    assert batch(db, b1) == ("发布", BatchState.DONE)
    # the second batch passes QC first time
    run_through(db, desk, b2, t + dt.timedelta(hours=6))
    with db.begin() as s:
        assert dz.done_total(s, pid) == 500
        wip = {w.name: w for w in dz.wip_per_stage(s, pid)}
        assert [w.total for w in wip.values()] == [100, 0, 0, 0, 0]
        qc = dz.rejection_stats(s, pid)
        # inspected: 300 rejected + 300 passed on the second check + 200 passed = 800
        assert (qc.inspected, qc.rejected, qc.rate) == (800, 300, Fraction(3, 8))
        history = dz.batch_history(s, b1)
        assert [(e.stage.name, e.action) for e in history][6:9] == [
            ("质检", EventAction.START), ("质检", EventAction.REJECT), ("加工", EventAction.START)]
        reject = history[7]
        assert reject.reason == "页面歪斜" and reject.to_stage is not None and reject.to_stage.name == "加工"
        assert reject.staff.username == "desk1" and reject.quantity == 300
        people = dz.throughput_per_person(s, pid)
        assert {(p.stage_name, p.quantity, p.batches) for p in people} == {
            ("接收", 500, 2), ("扫描", 500, 2), ("加工", 800, 3), ("质检", 500, 2), ("发布", 500, 2)}
        assert dz.throughput_per_week(s, pid) == [(D(2019, 3, 4), 500)]
        # every run took 5 minutes; the rejected check is not a finished run
        durations = {d.name: (d.finished, d.average) for d in dz.stage_durations(s, pid)}
        assert durations["质检"] == (2, dt.timedelta(minutes=5))
        assert durations["加工"] == (3, dt.timedelta(minutes=5))
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "digitization_batch",
                                                            AuditEntry.entity_id == b1)).all()
    assert actions.count("batch_reject") == 1 and actions.count("batch_finish") == 6


def _stages(db: Database, pid: int) -> list:
    with db.begin() as s:
        return list(dz.project_stages(s, pid))


def test_done_in_2019_counts_by_library_local_day(db: Database, manager: Actor, desk: Actor) -> None:
    pid = make_project(db, manager, target=54000)
    other = make_project(db, manager, "地方报纸", "版", 15000)
    late_2019 = add(db, desk, pid, "年末", 1200)
    early_2020 = add(db, desk, pid, "年初", 800)
    mid_2019 = add(db, desk, pid, "年中", 5000)
    not_done = add(db, desk, pid, "未完", 700)
    newspaper = add(db, desk, other, "报纸一", 300)
    run_through(db, desk, late_2019, at_local(D(2019, 12, 31), 23, 30))  # 15:30 UTC, 31 Dec
    run_through(db, desk, early_2020, at_local(D(2020, 1, 1), 0, 10))  # 16:10 UTC, 31 Dec!
    run_through(db, desk, mid_2019, at_local(D(2019, 6, 15), 16))
    run_through(db, desk, newspaper, at_local(D(2019, 6, 15), 16))
    step(db, desk, not_done, at_local(D(2019, 6, 1), 9))
    with db.begin() as s:
        assert dz.done_in_period(s, pid, *year_days(2019)) == 1200 + 5000
        assert dz.done_in_period(s, pid, *year_days(2020)) == 800
        assert dz.done_in_period(s, pid, D(2019, 12, 31), D(2019, 12, 31)) == 1200
        assert dz.done_in_period(s, other, *year_days(2019)) == 300  # never mixed with 页
        assert dz.done_in_period(s, pid, *year_days(2018)) == 0
        assert dz.daily_done(s, pid) == {D(2019, 6, 15): 5000, D(2019, 12, 31): 1200, D(2020, 1, 1): 800}
        assert dz.monthly_done(s, pid, 2019) == [0, 0, 0, 0, 0, 5000, 0, 0, 0, 0, 0, 1200]
        assert dz.monthly_done(s, pid, 2020) == [800] + [0] * 11
    # a correction after publication does not move the batch out of 2019 or count it twice
    stages = {st.name: st.id for st in _stages(db, pid)}
    with db.begin() as s:
        dz.reopen_batch(s, desk, late_2019, stages["加工"], "缺页", at=at_local(D(2020, 2, 1), 9))
    assert batch(db, late_2019) == ("加工", BatchState.REJECTED)
    with db.begin() as s:
        assert dz.done_in_period(s, pid, *year_days(2019)) == 6200
    run_through(db, desk, late_2019, at_local(D(2020, 2, 3), 16), stages=3)
    with db.begin() as s:
        assert dz.done_in_period(s, pid, *year_days(2019)) == 6200
        assert dz.done_in_period(s, pid, *year_days(2020)) == 800
        assert dz.done_total(s, pid) == 7000


def test_summary_status_and_frozen_plan(db: Database, manager: Actor, desk: Actor) -> None:
    pid = make_project(db, manager, target=1000)
    b = add(db, desk, pid, "一", 240)
    run_through(db, desk, b, at_local(D(2019, 3, 10), 16))
    with db.begin() as s:
        dz.set_target(s, manager, pid, "１２００")  # full-width digits
    with db.begin() as s:
        p = dz.get_project(s, pid)
        assert (p.target, p.plan_target) == (1200, 1000)  # the plan line stays frozen
        fc = dz.project_forecast(s, pid, D(2019, 3, 31))
        # 240 in the window 4–31 Mar (28 days): 60/7 a day; 960 left → 112 days → 21 July
        assert fc.kind is ForecastKind.FORECAST and fc.finish == D(2019, 7, 21)
        assert fc.status is ProjectStatus.ON_TRACK and fc.planned_today == 246
        summary = next(x for x in dz.project_summaries(s, D(2019, 3, 31)) if x.id == pid)
        assert (summary.done, summary.percent) == (240, 20)
    with db.begin() as s:
        dz.set_target(s, manager, pid, 1500, rebase_plan=True)
    with db.begin() as s:
        assert dz.get_project(s, pid).plan_target == 1500


@pytest.mark.parametrize(("value", "expected"), [("５４０００", 54000), (" 54,000 ", 54000), (8000, 8000),
                                                 ("1 000", 1000)])
def test_quantities_typed_in_any_width(value: str | int, expected: int) -> None:
    assert dz.parse_quantity(value, "target") == expected


@pytest.mark.parametrize("value", ["-5", "0", 0, -1, "12.5", "", "　", "abc", "1e3", 10_000_001, True])
def test_bad_quantities_are_refused(value: str | int) -> None:
    with pytest.raises(ValidationError) as err:
        dz.parse_quantity(value, "quantity")
    assert err.value.field == "quantity"


def test_bad_project_input_writes_nothing(db: Database, manager: Actor) -> None:
    tid = template_id(db, "纸质文献")
    before = counts(db)
    good = {"name": "地方文献", "category": "地方文献", "unit": "页", "target": 54000, "start": D(2019, 1, 1),
            "due": D(2019, 12, 31), "template_id": tid}
    cases = [
        ({"target": "-54000"}, "target"),
        ({"target": "０"}, "target"),
        ({"name": "  "}, "name"),
        ({"unit": ""}, "unit"),
        ({"unit": "很长很长的单位名称超过十个字"}, "unit"),
        ({"due": D(2018, 12, 31)}, "due"),
        ({"start": D(1999, 1, 1)}, "start"),
        ({"due": D(2101, 1, 1)}, "due"),
        ({"start": dt.datetime(2019, 1, 1, tzinfo=dt.UTC)}, "start"),
        ({"template_id": 999}, "template"),
        ({"template_id": None}, "template"),
        ({"stages": [("接收", False), ("发布", False)]}, "template"),  # both template and stages
        ({"template_id": None, "stages": [("发布", False)]}, "stages"),
        ({"template_id": None, "stages": [("质检", True), ("发布", False)]}, "stages"),
        ({"template_id": None, "stages": [("扫描", False), ("扫描", False)]}, "stages"),
    ]
    for change, field in cases:
        with pytest.raises(ValidationError) as err, db.begin() as s:
            dz.create_project(s, manager, **{**good, **change})  # type: ignore[arg-type]
        assert err.value.field == field, change
    assert counts(db) == before
    with db.begin() as s:
        p = dz.create_project(s, manager, **{**good, "name": " 地方文献　", "template_id": None,  # type: ignore[arg-type]
                                             "stages": [("采集", False), ("审核", True), ("发布", False)]})
        assert p.name == "地方文献" and [st.name for st in p.stages] == ["采集", "审核", "发布"]
    with pytest.raises(Conflict), db.begin() as s:
        dz.create_project(s, manager, **good)  # type: ignore[arg-type]


def test_bad_moves_write_nothing(db: Database, manager: Actor, desk: Actor) -> None:
    pid = make_project(db, manager)
    b = add(db, desk, pid, "一", 100)
    stages = {st.name: st.id for st in _stages(db, pid)}
    for bad in ["-3", "0", "３.５"]:
        with pytest.raises(ValidationError) as err, db.begin() as s:
            dz.add_batch(s, desk, pid, "二", bad)
        assert err.value.field == "quantity"
    with pytest.raises(ValidationError) as err, db.begin() as s:
        dz.add_batch(s, desk, pid, " ", 5)
    assert err.value.field == "label"
    with pytest.raises(Conflict), db.begin() as s:
        dz.add_batch(s, desk, pid, "一", 5)
    before = counts(db)
    with pytest.raises(Conflict), db.begin() as s:
        dz.finish_stage(s, desk, b)  # not started
    with pytest.raises(Conflict), db.begin() as s:
        dz.start_stage(s, desk, b, expected_stage_id=stages["扫描"])  # the screen was stale
    with pytest.raises(ValidationError) as err, db.begin() as s:
        dz.start_stage(s, desk, b, at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
    assert err.value.field == "at"
    with pytest.raises(ValidationError) as err, db.begin() as s:
        dz.start_stage(s, desk, b, at=dt.datetime(2019, 3, 1, 9))  # naive
    assert err.value.field == "at"
    with pytest.raises(ValidationError) as err, db.begin() as s:
        dz.start_stage(s, desk, b, at=at_local(D(1999, 12, 31), 9))
    assert err.value.field == "at"
    with pytest.raises(Conflict), db.begin() as s:
        dz.reopen_batch(s, desk, b, stages["接收"], "x")
    assert counts(db) == before
    step(db, desk, b, at_local(D(2019, 3, 4), 9))
    with pytest.raises(ValidationError) as err, db.begin() as s:
        dz.start_stage(s, desk, b, at=at_local(D(2019, 3, 3), 9))  # before the last step
    assert err.value.field == "at"
    with db.begin() as s:
        dz.start_stage(s, desk, b, at=at_local(D(2019, 3, 4), 10))
    before = counts(db)
    with pytest.raises(Conflict), db.begin() as s:  # 扫描 is not a check stage
        dz.reject_batch(s, desk, b, stages["接收"], "歪斜")
    assert counts(db) == before
    assert batch(db, b) == ("扫描", BatchState.IN_WORK)


def test_qc_rejection_rules(db: Database, manager: Actor, desk: Actor) -> None:
    pid = make_project(db, manager)
    b = add(db, desk, pid, "一", 100)
    stages = {st.name: st.id for st in _stages(db, pid)}
    t = at_local(D(2019, 3, 4), 9)
    for _ in range(3):
        step(db, desk, b, t)
        t += dt.timedelta(hours=1)
    other = make_project(db, manager, "地方报纸", "版", 15000)
    with db.begin() as s:
        foreign_stage = dz.project_stages(s, other)[0].id
    with pytest.raises(Conflict), db.begin() as s:  # the check has not been started
        dz.reject_batch(s, desk, b, stages["加工"], "歪斜", at=t)
    with db.begin() as s:
        dz.start_stage(s, desk, b, at=t)
    before = counts(db)
    for to_stage, reason, field in [(stages["加工"], "  ", "reason"), (stages["质检"], "歪斜", "to_stage"),
                                    (stages["发布"], "歪斜", "to_stage"), (foreign_stage, "歪斜", "to_stage")]:
        with pytest.raises(ValidationError) as err, db.begin() as s:
            dz.reject_batch(s, desk, b, to_stage, reason, at=t)
        assert err.value.field == field
    assert counts(db) == before
    with db.begin() as s:
        dz.reject_batch(s, desk, b, stages["扫描"], "模糊", at=t)
    assert batch(db, b) == ("扫描", BatchState.REJECTED)


def test_hold_and_resume(db: Database, manager: Actor, desk: Actor) -> None:
    pid = make_project(db, manager)
    b = add(db, desk, pid, "一", 100)
    t = at_local(D(2019, 3, 4), 9)
    with db.begin() as s:
        dz.start_stage(s, desk, b, at=t)
    with pytest.raises(ValidationError), db.begin() as s:
        dz.hold_batch(s, desk, b, "", at=t)
    with db.begin() as s:
        dz.hold_batch(s, desk, b, "扫描仪故障", at=t + dt.timedelta(hours=1))
    assert batch(db, b) == ("接收", BatchState.ON_HOLD)
    with db.begin() as s:
        wip = dz.wip_per_stage(s, pid)
        assert wip[0].on_hold == 100 and wip[0].in_work == 0
    with pytest.raises(Conflict), db.begin() as s:
        dz.start_stage(s, desk, b, at=t + dt.timedelta(hours=2))
    with db.begin() as s:
        dz.resume_batch(s, desk, b, at=t + dt.timedelta(hours=3))
    assert batch(db, b) == ("接收", BatchState.IN_WORK)
    with pytest.raises(Conflict), db.begin() as s:
        dz.resume_batch(s, desk, b, at=t + dt.timedelta(hours=4))


def test_permissions(db: Database, manager: Actor, desk: Actor) -> None:
    tid = template_id(db, "纸质文献")
    with pytest.raises(PermissionDenied), db.begin() as s:
        dz.create_project(s, desk, name="x", category="x", unit="页", target=1, start=D(2019, 1, 1),
                          due=D(2019, 2, 1), template_id=tid)
    pid = make_project(db, manager)
    with pytest.raises(PermissionDenied), db.begin() as s:
        dz.set_target(s, desk, pid, 5)
    with db.begin() as s:
        dz.update_project(s, manager, pid, active=False)
    with pytest.raises(Conflict), db.begin() as s:
        dz.add_batch(s, desk, pid, "一", 5)


def test_event_log_is_append_only(db: Database, manager: Actor, desk: Actor) -> None:
    pid = make_project(db, manager)
    b = add(db, desk, pid, "一", 100)
    step(db, desk, b, at_local(D(2019, 3, 4), 9))
    for sql in ("UPDATE digitization_event SET quantity = 5", "DELETE FROM digitization_event"):
        with pytest.raises(DBAPIError), db.begin() as s:
            s.execute(text(sql))
    with db.begin() as s:
        assert s.scalars(select(DigitizationEvent.quantity)).all() == [100, 100]
        assert s.get(DigitizationBatch, b) is not None


def test_stage_durations_from_the_log(db: Database, manager: Actor, desk: Actor) -> None:
    pid = make_project(db, manager)
    b1 = add(db, desk, pid, "一", 100)
    b2 = add(db, desk, pid, "二", 100)
    t = at_local(D(2019, 3, 4), 9)
    for b, hours in [(b1, 2), (b2, 4)]:  # 接收 takes 2 h for the first batch, 4 h for the second
        with db.begin() as s:
            dz.start_stage(s, desk, b, at=t)
        with db.begin() as s:
            dz.finish_stage(s, desk, b, at=t + dt.timedelta(hours=hours))
    with db.begin() as s:
        dz.start_stage(s, desk, b1, at=t + dt.timedelta(hours=5))  # 扫描 started, not finished
    with db.begin() as s:
        durations = {d.name: d for d in dz.stage_durations(s, pid)}
        assert durations["接收"].finished == 2
        assert durations["接收"].average == dt.timedelta(hours=3)
        assert durations["接收"].longest == dt.timedelta(hours=4)
        assert durations["扫描"].finished == 0 and durations["扫描"].average is None
        assert dz.stage_durations(s, pid, D(2019, 3, 5), D(2019, 3, 31))[0].finished == 0


def test_year_summary_keeps_each_projects_unit(db: Database, manager: Actor, desk: Actor) -> None:
    pages = make_project(db, manager, target=54000)
    films = make_project(db, manager, "宣传片", "部", 2, "音视频")
    make_project(db, manager, "旧项目", "条", 10, start=D(2017, 1, 1), due=D(2017, 12, 31))
    b = add(db, desk, pages, "一", 54000)
    f = add(db, desk, films, "片一", 1)
    run_through(db, desk, b, at_local(D(2019, 12, 31), 23, 30))
    run_through(db, desk, f, at_local(D(2020, 1, 1), 0, 10), stages=4)
    with db.begin() as s:
        lines = {x.name: x for x in dz.year_summary(s, 2019)}
        assert set(lines) == {"地方文献", "宣传片"}
        assert (lines["地方文献"].unit, lines["地方文献"].done_in_year, lines["地方文献"].percent) == ("页", 54000, 100)
        assert (lines["宣传片"].unit, lines["宣传片"].done_in_year) == ("部", 0)
        lines_2020 = {x.name: x for x in dz.year_summary(s, 2020)}
    assert (lines_2020["宣传片"].done_in_year, lines_2020["宣传片"].percent) == (1, 50)
    assert "地方文献" not in lines_2020  # due in 2019 and nothing done in 2020
    assert lines_2020["宣传片"].done_to_year_end == 1


def test_stages_typed_on_one_line() -> None:
    assert dz.parse_stage_list("接收 → 扫描，加工、质检＊ -> 发布") == [
        ("接收", False), ("扫描", False), ("加工", False), ("质检", True), ("发布", False)]
    assert dz.parse_stage_list("  ") == []
    with pytest.raises(ValidationError):
        dz.validate_stages(dz.parse_stage_list("发布"))


def test_quantity_typed_wrong_is_corrected_everywhere(db: Database, manager: Actor, desk: Actor) -> None:
    pid = make_project(db, manager)
    b = add(db, desk, pid, "一", 1000)  # should have been 100
    run_through(db, desk, b, at_local(D(2019, 3, 4), 16))
    with pytest.raises(PermissionDenied), db.begin() as s:
        dz.correct_quantity(s, desk, b, 100, "录入错误")
    before = counts(db)
    for value, reason, field in [("-100", "录入错误", "quantity"), ("100", " ", "reason")]:
        with pytest.raises(ValidationError) as err, db.begin() as s:
            dz.correct_quantity(s, manager, b, value, reason)
        assert err.value.field == field
    assert counts(db) == before
    with db.begin() as s:
        dz.correct_quantity(s, manager, b, "１００", "录入错误")
    with db.begin() as s:
        assert dz.done_in_period(s, pid, *year_days(2019)) == 100
        assert {p.stage_name: p.quantity for p in dz.throughput_per_person(s, pid)}["发布"] == 100
        assert dz.rejection_stats(s, pid).inspected == 100
        assert {e.quantity for e in dz.batch_history(s, b)} == {1000}  # the log keeps what was stated
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "correct_quantity")).one()
        assert entry.details == {"label": "一", "quantity": [1000, 100], "reason": "录入错误"}
