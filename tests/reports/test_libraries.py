"""Figures per library (总分馆) and for the city, on the hand-made year of
``test_statistics`` (the central library) plus two county branches with their own desks,
reading room, readers, items, loans, a renewal and a withdrawal. Every branch figure is
worked by hand; the libraries add up to the city figure by figure and line by line of the
written workbook, read back cell by cell.

Branches (2019 unless said):
襄垣县图书馆 — desk 襄垣借阅处, room 襄垣阅览室 (12 readers counted, 20 seats). Reader RX1
registered there in 2019. Items XA (book, catalogued 2019), XB (book, 2017), XC (book,
2017). Loans: XA and XB to RX1 at 襄垣 on 5 May (one borrowing visit), XC to RX1 at the
central library's 综合借阅处 the same day (the central library's loan and visit: the desk
decides, not the item's owner). XA renewed at 襄垣 on 20 May.
长子县图书馆 — desk 长子借阅处. Reader RZ1 registered there in 2018. Items ZA (audiovisual,
catalogued 2019), ZB (book, 2017, withdrawn 1 July). Loan: ZA to RZ1 at 长子 on 6 June.

Activities belong to the library that held them. The city-wide series 全民阅读月: the central
library's umbrella row 全民阅读月系列活动 (500 people) and its event 全民阅读月·总馆场 (100),
and 襄垣's event 全民阅读月·襄垣场 (60) — the umbrella sums up its own library's events only,
so 襄垣's event counts as an activity of 襄垣 with its 60 people. 襄垣 also held 文化大讲堂：
襄垣历史 (80) in 2019 and 襄垣读书会 (20) in 2018; 长子 held 健康大讲堂：长子义诊 (50).

Visitors (each library its own): 襄垣's one-way gate counter 襄垣正门 reads 1000 and 1030 on
3 March 2019 (30 visitors); its day total of 28 Dec 2018 is 40. 长子 enters a day total of 25
for 2 Jan 2019, the day the central library entered its 300.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select, update

from tests.conftest import make_staff
from tests.reports.test_statistics import build_dataset
from workstation.db import Database
from workstation.models import CENTRAL_LIBRARY_ID, Role, ServicePoint, Staff
from workstation.models.circulation import Item, Reader
from workstation.models.outreach import ActivityCategory
from workstation.reports import drilldown, statistics
from workstation.reports.figures import YearFigures
from workstation.reports.national_form import AT_CENTRAL, NOT_RECORDED
from workstation.reports.workbook import NOT_COUNTED, write_workbook
from workstation.services.admin import libraries
from workstation.services.admin import service_points as points_service
from workstation.services.circulation import items, loans, readers
from workstation.services.context import Actor
from workstation.services.outreach import activities
from workstation.services.reading import gate
from workstation.services.reading.counts import record_count
from workstation.timeutil import at_local

D = dt.date


def _point(s: Any, admin: Actor, library_id: int, name: str, kind: str) -> int:
    point = points_service.create_service_point(s, admin, name, kind)
    s.execute(update(ServicePoint).where(ServicePoint.id == point.id).values(library_id=library_id))
    return point.id


def build_branches(db: Database, admin: Actor, desk: Actor) -> dict[str, int]:
    with db.begin() as s:
        xy = libraries.create_library(s, admin, "XY", "襄垣县图书馆").id
        zz = libraries.create_library(s, admin, "ZZ", "长子县图书馆").id
        xy_desk = _point(s, admin, xy, "襄垣借阅处", "lending_desk")
        xy_room = _point(s, admin, xy, "襄垣阅览室", "reading_room")
        points_service.set_seats(s, admin, xy_room, 20)
        zz_desk = _point(s, admin, zz, "长子借阅处", "lending_desk")
        general = s.scalar(select(ServicePoint.id).where(ServicePoint.name == "综合借阅处"))
        assert general is not None
    # each branch's librarian works at their own library's desk (services refuse the others)
    xy_staff, zz_staff = make_staff(db, "xydesk", Role.DESK), make_staff(db, "zzdesk", Role.DESK)
    with db.begin() as s:
        for actor, library in ((xy_staff, xy), (zz_staff, zz)):
            s.execute(update(Staff).where(Staff.id == actor.staff_id).values(library_id=library))
    at_xy, at_zz, at_general = xy_staff.at(xy_desk), zz_staff.at(zz_desk), desk.at(general)
    with db.begin() as s:
        rx1 = readers.register_reader(s, at_xy, card_number="RX0001", name="李襄垣", category="adult",
                                      id_type="other", id_number="PX00001").id
        rz1 = readers.register_reader(s, at_zz, card_number="RZ0001", name="赵长子", category="adult",
                                      id_type="other", id_number="PZ00001").id
        s.execute(update(Reader).where(Reader.id == rx1).values(registered_at=at_local(D(2019, 2, 1), 10)))
        s.execute(update(Reader).where(Reader.id == rz1).values(registered_at=at_local(D(2018, 2, 1), 10)))
        owned = {"XA": (xy, "book", D(2019, 4, 1)), "XB": (xy, "book", D(2017, 4, 1)),
                 "XC": (xy, "book", D(2017, 4, 1)), "ZA": (zz, "audiovisual", D(2019, 4, 2)),
                 "ZB": (zz, "book", D(2017, 4, 1))}
        for code, (library, kind, day) in owned.items():
            item = items.create_item(s, at_general, barcode=f"T{code}", title=f"分馆书{code}", call_number="I247/9",
                                     collection_type=kind)
            s.execute(update(Item).where(Item.id == item.id).values(library_id=library, created_at=at_local(day, 9)))
        s.execute(update(Item).where(Item.barcode == "TZB").values(withdrawn_on=D(2019, 7, 1)))
    with db.begin() as s:
        first = loans.checkout(s, at_xy, rx1, "TXA", now=at_local(D(2019, 5, 5), 10)).line.loan_id
        loans.checkout(s, at_xy, rx1, "TXB", now=at_local(D(2019, 5, 5), 10, 5))
        loans.checkout(s, at_general, rx1, "TXC", now=at_local(D(2019, 5, 5), 15))
        loans.checkout(s, at_zz, rz1, "TZA", now=at_local(D(2019, 6, 6), 11))
    with db.begin() as s:
        loans.renew(s, at_xy, first, now=at_local(D(2019, 5, 20), 11))
        record_count(s, xy_staff.at(xy_room), xy_room, 12, at=at_local(D(2019, 3, 3), 10))
    with db.begin() as s:
        cat = dict(s.execute(select(ActivityCategory.code, ActivityCategory.id)).all())
        month = activities.create_series(s, desk, "全民阅读月").id
        held = ((desk, "全民阅读月系列活动", "reading_promotion", D(2019, 4, 20), 500, month),
                (desk, "全民阅读月·总馆场", "reading_promotion", D(2019, 4, 21), 100, month),
                (xy_staff, "全民阅读月·襄垣场", "reading_promotion", D(2019, 4, 22), 60, month),
                (xy_staff, "文化大讲堂：襄垣历史", "culture_lecture", D(2019, 4, 10), 80, None),
                (xy_staff, "襄垣读书会", "reading_promotion", D(2018, 6, 1), 20, None),
                (zz_staff, "健康大讲堂：长子义诊", "health_lecture", D(2019, 5, 10), 50, None))
        for actor, title, code, day, people, series in held:  # each librarian's own library by default
            activities.record_activity(s, actor, activities.ActivityInput(
                title, cat[code], day, participants=people, series_id=series))
        counter = gate.create_counter(s, admin, "襄垣正门", "one_way", library_id=xy).id
        gate.record_reading(s, xy_staff, counter, 1000, at=at_local(D(2019, 3, 3), 8))
        gate.record_reading(s, xy_staff, counter, 1030, at=at_local(D(2019, 3, 3), 18))
        gate.record_day_total(s, xy_staff, D(2018, 12, 28), 40)
        gate.record_day_total(s, zz_staff, D(2019, 1, 2), 25)
    return {"xy": xy, "zz": zz}


@pytest.fixture
def city(db: Database, admin: Actor, manager: Actor, desk: Actor) -> tuple[Database, dict[str, int]]:
    build_dataset(db, admin, manager, desk)
    return db, build_branches(db, admin, desk)


def _parts(data: YearFigures, key: str) -> dict[str, Any]:
    return {p.label: p.value for p in data.figure(key).parts}


def test_each_library_counts_its_own_records(city: tuple[Database, dict[str, int]]) -> None:
    db, ids = city
    with db.begin() as s:
        xy = statistics.year_figures(s, 2019, library_id=ids["xy"], form=True)
        zz = statistics.year_figures(s, 2019, library_id=ids["zz"], form=True)
        central = statistics.year_figures(s, 2019, library_id=CENTRAL_LIBRARY_ID, form=True)
    assert (xy.library, zz.library, central.library) == ("襄垣县图书馆", "长子县图书馆", "长治市图书馆")
    assert (xy.value("loans"), _parts(xy, "loans")) == (2, {"襄垣借阅处": 2})
    assert (xy.value("renewals"), xy.value("reading"), _parts(xy, "reading")) == (1, 12, {"襄垣阅览室": 12})
    assert (xy.value("new_holdings"), _parts(xy, "new_holdings")["图书"], xy.value("withdrawn")) == (1, 1, 0)
    assert (zz.value("loans"), zz.value("new_holdings"), _parts(zz, "new_holdings")["视听资料"]) == (1, 1, 1)
    assert (zz.value("withdrawn"), _parts(zz, "withdrawn")["图书"], zz.value("renewals")) == (1, 1, 0)
    # the central library: the hand-made year's four loans and the branch item lent at its desk
    assert (central.value("loans"), _parts(central, "loans")["综合借阅处"]) == (5, 3)
    assert central.value("new_holdings") == 1002 and central.value("visitors") == 500
    assert (xy.value("visitors"), xy.figure("visitors").previous, zz.value("visitors")) == (30, 40, 25)
    # records without a library are the central library's; a branch marks them
    assert xy.at_central == statistics.AT_CENTRAL_KEYS and not central.at_central
    assert all(xy.value(k) == 0 for k in statistics.AT_CENTRAL_KEYS)
    assert xy.projects == () and central.projects
    # activities count at the library that held them
    assert (xy.value("activities"), xy.value("activity_participants"), xy.figure("activities").previous) == (2, 140, 1)
    assert (xy.value("lectures"), xy.value("culture_lectures"), xy.value("health_lectures")) == (1, 1, 0)
    assert sorted((a.title, a.library) for a in xy.activities) == [("全民阅读月·襄垣场", "襄垣县图书馆"),
                                                                   ("文化大讲堂：襄垣历史", "襄垣县图书馆")]
    assert [(r.name, r.activities, r.participants) for r in xy.activity_series] == [("全民阅读月", 1, 60)]
    assert (zz.value("activities"), zz.value("activity_participants"), zz.value("health_lectures")) == (1, 50, 1)
    assert "全民阅读月·总馆场" in {a.title for a in central.activities}
    assert "全民阅读月·襄垣场" not in {a.title for a in central.activities}
    assert ("全民阅读月", 1, 500) in [(r.name, r.activities, r.participants) for r in central.activity_series]
    form = {line.label.strip(): line for line in xy.form}
    assert (form["书刊文献外借人次"].value, form["有效借书证数"].value, form["其中：本年新办证数"].value) == (1, 1, 1)
    assert form["阅览室座席"].value == 20
    assert form["总流通人次"].value == 30 and form["总流通人次"].source != AT_CENTRAL
    assert xy.series("到馆月报").rows == (("到馆读者", (0, 0, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0)),)
    assert (form["为读者举办各种活动次数"].value, form["为读者举办各种活动参加人次"].value) == (2, 140)
    zz_form = {line.label.strip(): line for line in zz.form}
    assert (zz_form["有效借书证数"].value, zz_form["其中：本年新办证数"].value) == (1, 0)
    central_form = {line.label.strip(): line for line in central.form}
    assert central_form["书刊文献外借人次"].value == 4 + 1  # a reader per loan in the hand-made year + RX1 at 综合


def _number(value: Any) -> Any:
    return 0 if value is None or isinstance(value, str) else value


def test_libraries_add_up_to_the_city(city: tuple[Database, dict[str, int]]) -> None:
    db, _ids = city
    with db.begin() as s:
        data = statistics.workbook_figures(s, 2019)
    assert [lib.library for lib in data.libraries] == ["长治市图书馆", "襄垣县图书馆", "长子县图书馆"]
    assert data.library == "长治市图书馆总分馆（全市合计）" and data.library_id is None
    assert data.value("activities") == sum(lib.value("activities") for lib in data.libraries) > 3
    # the city-wide series: the central library's umbrella (500) and 襄垣's event (60)
    assert ("全民阅读月", 2, 560) in [(r.name, r.activities, r.participants) for r in data.activity_series]
    for figure in data.figures:
        assert figure.value == sum(lib.value(figure.key) for lib in data.libraries), figure.key
        assert figure.previous == sum(_number(lib.figure(figure.key).previous) for lib in data.libraries)
        for part in figure.parts:
            assert part.value == sum(_parts(lib, figure.key).get(part.label, 0) for lib in data.libraries)
        for lib in data.libraries:  # every library's row is one of the city's
            assert set(_parts(lib, figure.key)) <= {p.label for p in figure.parts}
    for series in data.monthly:  # a row of the city's is the sum of the libraries' rows of that name
        rows = dict(series.rows)
        summed: dict[str, list[int]] = {}
        for lib in data.libraries:
            for label, values in lib.series(series.title).rows:
                summed[label] = [a + b for a, b in zip(summed.get(label, [0] * 12), values, strict=True)]
        assert {label: list(values) for label, values in rows.items()} == summed, series.title
    for n, line in enumerate(data.form):
        if line.source == NOT_RECORDED:
            continue
        assert _number(line.value) == sum(_number(lib.form[n].value) for lib in data.libraries), line.label


def _sheet_rows(ws: Any) -> dict[tuple[str, str], tuple[Any, Any]]:
    """(figure label, breakdown label) → (this year, comparison year), walking 业务统计."""
    out: dict[tuple[str, str], tuple[Any, Any]] = {}
    figure = ""
    for row in ws.iter_rows(min_row=4, max_col=4, values_only=True):
        label = row[0]
        if not isinstance(label, str) or label.startswith("说明"):
            break
        if label.startswith("    其中："):
            out[(figure, label.strip())] = (row[2], row[3])
        else:
            figure = label
            out[(figure, "")] = (row[2], row[3])
    return out


def test_workbook_sheets_sum_to_the_city_line_by_line(city: tuple[Database, dict[str, int]], tmp_path: Path) -> None:
    db, _ids = city
    with db.begin() as s:
        data = statistics.workbook_figures(s, 2019)
    wb = openpyxl.load_workbook(write_workbook(data, tmp_path / "2019.xlsx"))
    names = ["长治市图书馆", "襄垣县图书馆", "长子县图书馆"]
    assert wb.sheetnames[:4] == ["业务统计（全市）", *(f"业务统计·{n}" for n in names)]
    assert {"文旅基3表（全市）", *(f"文旅基3表·{n}" for n in names)} <= set(wb.sheetnames)
    assert wb["业务统计·襄垣县图书馆"]["A1"].value == "襄垣县图书馆 2019 年业务统计"
    city_rows = _sheet_rows(wb["业务统计（全市）"])
    library_rows = [_sheet_rows(wb[f"业务统计·{n}"]) for n in names]
    assert len(city_rows) > 30
    for key, (this, before) in city_rows.items():
        assert _number(this) == sum(_number(rows.get(key, (0, 0))[0]) for rows in library_rows), key
        assert _number(before) == sum(_number(rows.get(key, (0, 0))[1]) for rows in library_rows), key
    for rows in library_rows:
        assert set(rows) <= set(city_rows)
    assert library_rows[1][("到馆读者", "")] == (30, 40)
    assert city_rows[("到馆读者", "")] == (555, 140)
    assert library_rows[1][("文献外借", "")] == (2, 0)
    assert library_rows[1][("读者活动", "")] == (2, 1)  # 襄垣's own activities, no longer 计入总馆
    sheet = wb["读者活动"]
    assert [c.value for c in sheet[3]][8] == "图书馆"
    held_at = {row[1]: row[8] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1] and row[8]}
    assert (held_at["全民阅读月·襄垣场"], held_at["健康大讲堂：长子义诊"]) == ("襄垣县图书馆", "长子县图书馆")
    assert held_at["全民阅读月系列活动"] == "长治市图书馆"
    form_sheets = [wb["文旅基3表（全市）"], *(wb[f"文旅基3表·{n}"] for n in names)]
    lines = [list(ws.iter_rows(min_row=4, max_row=3 + len(data.form), max_col=4, values_only=True))
             for ws in form_sheets]
    checked = 0
    for n, line in enumerate(lines[0]):
        assert all(other[n][0] == line[0] for other in lines[1:])  # the same form lines in the same order
        if line[2] == NOT_RECORDED:
            continue
        for column in (2, 3):
            city_value = _number(line[column] if line[column] != NOT_COUNTED else None)
            assert city_value == sum(_number(other[n][column]) for other in lines[1:]), line[0]
        checked += 1
    assert checked > 15


def test_one_library_keeps_the_workbook_as_before(db: Database, admin: Actor, manager: Actor, desk: Actor,
                                                  tmp_path: Path) -> None:
    build_dataset(db, admin, manager, desk)
    with db.begin() as s:
        data = statistics.workbook_figures(s, 2019)
        alone = statistics.year_figures(s, 2019, form=True)
        central = statistics.year_figures(s, 2019, library_id=CENTRAL_LIBRARY_ID)
    assert data.libraries == () and data.library == "长治市图书馆"
    assert [f.value for f in data.figures] == [f.value for f in alone.figures] == [f.value for f in central.figures]
    wb = openpyxl.load_workbook(write_workbook(data, tmp_path / "2019.xlsx"))
    assert wb.sheetnames == ["业务统计", "外借月报", "续借月报", "阅览月报", "到馆月报", "数字资源建设", "读者活动",
                             "文旅基3表对照"]


def test_drilldown_per_library_equals_the_figures(city: tuple[Database, dict[str, int]]) -> None:
    db, ids = city
    with db.begin() as s:
        for library_id in (None, CENTRAL_LIBRARY_ID, ids["xy"], ids["zz"]):
            data = statistics.year_figures(s, 2019, library_id=library_id)
            for figure in data.figures:
                records = drilldown.figure_records(s, 2019, figure.key, library_id=library_id)
                if records is None:
                    assert figure.key in drilldown.TYPED
                    continue
                assert records.figure == figure.value, (library_id, figure.key)
                for part in figure.parts:
                    if figure.key in data.at_central:
                        continue
                    found = drilldown.figure_records(s, 2019, figure.key, part.label, library_id=library_id)
                    assert found is not None and found.figure == part.value, (library_id, figure.key, part.label)
        loans_xy = drilldown.figure_records(s, 2019, "loans", library_id=ids["xy"])
        assert loans_xy is not None and {r[2] for r in loans_xy.rows} == {"襄垣借阅处"}
        assert statistics.chart_data(s, 2019, library_id=ids["zz"]).daily_loans == {D(2019, 6, 6): 1}
        assert statistics.chart_data(s, 2019, library_id=ids["xy"]).daily_visitors == {D(2019, 3, 3): 30}
        assert statistics.chart_data(s, 2019, library_id=ids["zz"]).daily_visitors == {D(2019, 1, 2): 25}
        assert statistics.chart_data(s, 2019).daily_visitors[D(2019, 1, 2)] == 300 + 25
        days = drilldown.figure_records(s, 2019, "visitors", library_id=ids["xy"])
        assert days is not None and days.rows == ((D(2019, 3, 3), 30),)
        categories = statistics.chart_data(s, 2019, library_id=ids["xy"]).categories
        assert sorted((c.name, c.activities, c.participants) for c in categories) == [("文化大讲堂", 1, 80),
                                                                                      ("阅读推广", 1, 60)]
        culture = next(c for c in categories if c.name == "文化大讲堂")
        behind = statistics.activities_of_category(s, 2019, culture.category_id, ids["xy"])
        assert [r[2] for r in behind.rows] == ["文化大讲堂：襄垣历史"]
        people = drilldown.figure_records(s, 2019, "activity_participants", library_id=ids["xy"])
        assert people is not None and {r[2] for r in people.rows} == {"全民阅读月·襄垣场", "文化大讲堂：襄垣历史"}
        central_people = drilldown.figure_records(s, 2019, "activity_participants", library_id=CENTRAL_LIBRARY_ID)
        assert central_people is not None and "全民阅读月系列活动" in {r[2] for r in central_people.rows}
        assert "全民阅读月·襄垣场" not in {r[2] for r in central_people.rows}
        week = drilldown.week_hours(s, "loans", D(2019, 1, 1), D(2019, 12, 31), ids["xy"])
        assert week.total == 2 and week.cells == {(D(2019, 5, 5).weekday(), 10): 2}
        visits = drilldown.week_hours(s, "visits", D(2019, 1, 1), D(2019, 12, 31), ids["xy"])
        assert (visits.total, visits.untimed) == (12, 30)  # the branch's room; its own gate
        cell = drilldown.week_cell_records(s, "loans", D(2019, 1, 1), D(2019, 12, 31), D(2019, 5, 5).weekday(), 10,
                                           ids["xy"])
        assert sorted(r[3] for r in cell.rows) == ["TXA", "TXB"]
        city_week = drilldown.week_hours(s, "loans", D(2019, 1, 1), D(2019, 12, 31))
        assert city_week.total == statistics.year_figures(s, 2019).value("loans")


def test_unknown_library_is_refused(db: Database) -> None:
    from workstation.errors import NotFound

    with db.begin() as s, pytest.raises(NotFound):
        statistics.year_figures(s, 2019, library_id=999)


def test_volunteer_hours_stay_decimal_in_a_branch(city: tuple[Database, dict[str, int]]) -> None:
    db, ids = city
    with db.begin() as s:
        xy = statistics.year_figures(s, 2019, library_id=ids["xy"])
    assert xy.value("volunteer_hours") == Decimal(0) and isinstance(xy.value("volunteer_hours_since"), Decimal)
