"""Stocktake: scopes, the lists of the report, resuming, marking missing, the workbook read
back cell by cell, permissions and bad input. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.desk_data import lending_desks, populate
from workstation import timeutil
from workstation.db import Database
from workstation.errors import PermissionDenied, ValidationError
from workstation.models import AuditEntry
from workstation.models.circulation import Item, ItemStatus
from workstation.models.desk_records import Stocktake
from workstation.services.circulation import items, loans, stocktake
from workstation.services.circulation.stocktake import Seen
from workstation.services.context import Actor

SHELF = [("S001", "I247.5/1"), ("S002", "I247.5/2"), ("S003", "I247.5/3"), ("S004", "I247.6/1"), ("S005", "K29/1")]


@pytest.fixture
def setup(db: Database, desk: Actor, manager: Actor, admin: Actor) -> tuple[Actor, Actor, list[int]]:
    points = lending_desks(db)
    readers, _ = populate(db, 2, 1)  # and one book B0000000, no call number, no home
    at_desk = desk.at(points[0])
    with db.begin() as s:
        for barcode, call in SHELF:
            items.create_item(s, at_desk, barcode=barcode, title=f"书{barcode}", call_number=call,
                              home_point_id=points[0])
        items.create_item(s, at_desk, barcode="S900", title="别处的书", call_number="I247.5/9", home_point_id=points[1])
    with db.begin() as s:
        loans.checkout(s, at_desk, readers[0], "S003")
    return at_desk, manager.at(points[0]), points


def _audits(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_a_shelf_scanned_over_two_days(db: Database, setup: tuple[Actor, Actor, list[int]], tmp_path: Path) -> None:
    at_desk, _boss, _points = setup
    with db.begin() as s:
        take = stocktake.start_stocktake(s, at_desk, "文学 I247.5 架", "shelf", "i247.5").id
    day1 = timeutil.at_local(dt.date(2030, 3, 4), 10)
    verdicts = {}
    before = _audits(db)
    for code in ("S001", "s900", "S003", "S004", "X404", "S001"):
        with db.begin() as s:
            result = stocktake.scan(s, at_desk, take, code, now=day1)
        verdicts[result.barcode] = result.verdict if code != "S001" or result.barcode not in verdicts else (
            verdicts[result.barcode], result.verdict)
    assert verdicts == {"S001": (Seen.EXPECTED, Seen.AGAIN), "S900": Seen.ELSEWHERE, "S003": Seen.ON_LOAN,
                        "S004": Seen.ELSEWHERE, "X404": Seen.UNKNOWN}
    assert _audits(db) - before == 5  # the second scan of S001 writes nothing
    with db.begin() as s:  # the next day: the stocktake is still open and resumes
        assert [v.id for v in stocktake.list_stocktakes(s, at_desk)] == [take]
        result = stocktake.report(s, at_desk, take)
    assert result.expected == 3 and result.seen == 5  # S001 S002 S003 (on loan) expected
    assert [x.barcode for x in result.not_seen] == ["S002"]
    assert [(x.barcode, x.note) for x in result.elsewhere] == [("S900", "文学借阅处"), ("S004", "")]
    assert [x.barcode for x in result.on_loan] == ["S003"] and result.on_loan[0].note.startswith("***")
    assert result.unknown == ["X404"]
    with db.begin() as s:
        stocktake.export_xlsx(s, at_desk, take, tmp_path / "st.xlsx")
    book = load_workbook(tmp_path / "st.xlsx")
    assert book.sheetnames == list(stocktake.SHEETS)
    summary = book["概要"]
    assert [summary.cell(row=r, column=1).value for r in range(1, 13)] == [
        "清点", "服务点", "范围", "起", "止", "开始日期", "应在架", "已扫描", "未见", "错架", "在借", "未知条码"]
    assert [summary.cell(row=r, column=2).value for r in (1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12)] == [
        "文学 I247.5 架", "综合借阅处", "书架", "I247.5", None, 3, 5, 1, 2, 1, 1]
    assert summary["B6"].value.date() == timeutil.local_day(summary_start(db, take))
    assert [c.value for c in book["未见"][2]] == ["S002", "书S002", "I247.5/2", "在架", None]
    assert [[c.value for c in row] for row in book["错架"].iter_rows(min_row=2)] == [
        ["S900", "别处的书", "I247.5/9", "在架", "文学借阅处"], ["S004", "书S004", "I247.6/1", "在架", None]]
    assert book["在借"]["A2"].value == "S003" and book["在借"]["D2"].value == "借出"
    assert book["未知条码"]["A2"].value == "X404"


def summary_start(db: Database, take: int) -> dt.datetime:
    with db.begin() as s:
        row = s.get(Stocktake, take)
        assert row is not None
        return row.started_at


def test_range_and_collection_scopes(db: Database, setup: tuple[Actor, Actor, list[int]]) -> None:
    at_desk, _boss, _points = setup
    with db.begin() as s:
        ranged = stocktake.start_stocktake(s, at_desk, "I247.5-I247.6", "range", "I247.5/2", "I247.6").id
        whole = stocktake.start_stocktake(s, at_desk, "全部图书", "collection", "图书").id
    with db.begin() as s:
        assert stocktake.scan(s, at_desk, ranged, "S001").verdict is Seen.ELSEWHERE
        assert stocktake.scan(s, at_desk, ranged, "S004").verdict is Seen.EXPECTED
        assert stocktake.scan(s, at_desk, whole, "S005").verdict is Seen.EXPECTED
    with db.begin() as s:
        assert [x.barcode for x in stocktake.report(s, at_desk, ranged).not_seen] == ["S002"]
        assert [x.barcode for x in stocktake.report(s, at_desk, whole).not_seen] == ["B0000000", "S001", "S002", "S004"]


def test_a_manager_marks_the_unseen_missing_and_closes(db: Database, setup: tuple[Actor, Actor, list[int]]) -> None:
    at_desk, boss, _points = setup
    with db.begin() as s:
        take = stocktake.start_stocktake(s, at_desk, "I247", "shelf", "I247").id
        stocktake.scan(s, at_desk, take, "S001")
    with pytest.raises(PermissionDenied), db.begin() as s:
        stocktake.mark_missing(s, at_desk, take)
    with pytest.raises(PermissionDenied), db.begin() as s:
        stocktake.close_stocktake(s, at_desk, take)
    before = _audits(db)
    with db.begin() as s:
        assert stocktake.mark_missing(s, boss, take) == 2
    with db.begin() as s:
        status = {b: st for b, st in s.execute(select(Item.barcode, Item.status))}
    assert status["S002"] is ItemStatus.MISSING and status["S004"] is ItemStatus.MISSING
    assert status["S001"] is ItemStatus.AVAILABLE and status["S003"] is ItemStatus.ON_LOAN
    with db.begin() as s:  # still listed as not seen (now missing), and nothing left to mark
        assert [x.status for x in stocktake.report(s, at_desk, take).not_seen] == [ItemStatus.MISSING] * 2
    with pytest.raises(ValidationError), db.begin() as s:
        stocktake.mark_missing(s, boss, take)
    with db.begin() as s:
        stocktake.close_stocktake(s, boss, take)
    assert _audits(db) - before == 2
    with pytest.raises(ValidationError) as err, db.begin() as s:
        stocktake.scan(s, at_desk, take, "S002")
    assert err.value.field == "stocktake"
    with db.begin() as s:  # found in the next stocktake: back on the shelf
        again = stocktake.start_stocktake(s, at_desk, "复查", "shelf", "I247").id
        assert stocktake.scan(s, at_desk, again, "S002").verdict is Seen.EXPECTED
        assert s.scalar(select(Item.status).where(Item.barcode == "S002")) is ItemStatus.AVAILABLE
    with db.begin() as s:
        assert [v.name for v in stocktake.list_stocktakes(s, at_desk)] == ["复查"]


@pytest.mark.parametrize(("scope", "first", "last", "field"), [
    ("shelf", "  ", "", "first"), ("range", "K", "A", "last"), ("range", "A", "", "last"),
    ("collection", "books", "", "first"), ("room", "A", "", "scope"), ("shelf", "X" * 61, "", "first")])
def test_bad_input_is_refused_by_field(db: Database, setup: tuple[Actor, Actor, list[int]], scope: str, first: str,
                                       last: str, field: str) -> None:
    at_desk, _boss, _points = setup
    before = _audits(db)
    with pytest.raises(ValidationError) as err, db.begin() as s:
        stocktake.start_stocktake(s, at_desk, "清点", scope, first, last)
    assert err.value.field == field
    assert _audits(db) == before
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Stocktake)) == 0
