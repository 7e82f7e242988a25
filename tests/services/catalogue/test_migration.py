"""Readers and open loans from an old system: GBK CSV and XLSX, presets, rows checked like a
registration or a loan, all or nothing, the migration report, and the year's figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from tests.desk_data import lending_desks, populate
from workstation.db import Database
from workstation.models import AuditEntry
from workstation.models.catalogue import ImportBatch, MigratedLoan
from workstation.models.circulation import Item, ItemStatus, Loan, Reader, ReaderCategory
from workstation.reports.statistics import year_figures
from workstation.services.catalogue import migration
from workstation.services.context import Actor

ID1, ID2, ID3 = "110101198001010010", "140402199002020029", "140402201003030034"
FUTURE = (dt.date.today() + dt.timedelta(days=400)).isoformat()
READERS_HEADER = "证号,姓名,读者类型,证件号码,电话,有效期至,押金"


def _csv(path: Path, lines: list[str], encoding: str = "gbk") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _count(db: Database, model: type) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _mapping(path: Path, kind: str, preset: str = "standard") -> dict[str, str]:
    return migration.mapping_from_preset(kind, preset, migration.read_header(path))


def test_readers_from_a_gbk_csv(db: Database, desk: Actor, tmp_path: Path) -> None:
    point = lending_desks(db)[0]
    path = _csv(tmp_path / "readers.csv", [READERS_HEADER, f"A0001,王红,成人,{ID1},13800000001,{FUTURE},100",
                                           f"A0002,李小明,少儿,{ID3},,,0"])
    with db.begin() as s:
        result = migration.import_readers(s, desk, path, _mapping(path, "readers"), service_point_id=point)
    assert (result.rows, result.added) == (2, 2)
    with db.begin() as s:
        readers = {r.card_number: r for r in s.scalars(select(Reader))}
        batch = s.get(ImportBatch, result.batch_id)
        assert batch is not None and (batch.rows, batch.service_point_id) == (2, point)
        audits = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "reader"))
    assert readers["A0001"].name == "王红" and readers["A0001"].category is ReaderCategory.ADULT
    assert readers["A0001"].id_number == ID1 and str(readers["A0001"].valid_until) == FUTURE
    assert readers["A0002"].category is ReaderCategory.CHILD and readers["A0002"].phone is None
    assert readers["A0002"].registered_point_id == point
    assert audits == 1


def test_bad_reader_rows_are_named_and_nothing_comes_in(db: Database, desk: Actor, tmp_path: Path) -> None:
    point = lending_desks(db)[0]
    populate(db, 1, 1)  # card R000000 is registered already
    wrong_digit = ID2[:-1] + ("1" if ID2[-1] == "0" else "0")
    path = _csv(tmp_path / "readers.csv", [
        READERS_HEADER,
        f"A0001,王红,成人,{ID1},,,",  # good
        f"A0002,李明,成人,{wrong_digit},,,",  # ID check digit
        f"A0003,赵刚,教师,{ID3},,,",  # unknown category
        f"A0001,王红二,成人,{ID2},,,",  # card again
        f"A0006,孙鹏,成人,{ID2},,2001-01-01,",  # validity past
        f"R000000,周敏,成人,{ID3},,,",  # card registered already
    ])
    with pytest.raises(migration.MigrationRefused) as refused, db.begin() as s:
        migration.import_readers(s, desk, path, _mapping(path, "readers"), service_point_id=point)
    problems = [(p.row, p.column) for p in refused.value.result.problems]
    assert problems == [(3, "id_number"), (4, "category"), (5, "card_number"), (6, "valid_until"),
                        (7, "card_number")]
    assert _count(db, Reader) == 1 and _count(db, ImportBatch) == 0
    report = migration.write_report(refused.value.result, tmp_path / "report.xlsx")
    book = load_workbook(report)
    assert book.sheetnames == ["概要 Summary", "已导入 Came in", "未导入 Not imported"]
    rows = [[c.value for c in r] for r in book["未导入 Not imported"].iter_rows(min_row=2)]
    assert rows[0][:2] == [3, "id_number"] and "check digit" in rows[0][2]


def test_readers_from_xlsx_with_a_saved_preset(db: Database, desk: Actor, tmp_path: Path) -> None:
    point = lending_desks(db)[0]
    book = Workbook()
    sheet = book.active
    sheet.append(["Card", "Who", "Doc"])
    sheet.append(["B0001", "周敏", ID2])
    path = tmp_path / "readers.xlsx"
    book.save(path)
    mapping = {"card_number": "Card", "name": "Who", "id_number": "Doc"}
    with db.begin() as s:
        migration.save_preset(s, desk, "readers", "老系统", mapping)
    with db.begin() as s:
        saved = migration.saved_presets(s, "readers")["老系统"]
        result = migration.import_readers(s, desk, path, saved, service_point_id=point)
    assert result.added == 1


def test_a_missing_column_is_named(db: Database, desk: Actor, tmp_path: Path) -> None:
    path = _csv(tmp_path / "r.csv", ["证号,姓名", "A0001,王红"])
    with pytest.raises(migration.ValidationError) as err, db.begin() as s:
        migration.import_readers(s, desk, path, _mapping(path, "readers"), service_point_id=lending_desks(db)[0])
    assert err.value.field == "mapping" and "id_number" in err.value.english()


LOANS_HEADER = "证号,册条码,借出日期,应还日期,续借次数"


def _loans_setup(db: Database) -> tuple[int, list[str]]:
    _, barcodes = populate(db, 3, 5)
    return lending_desks(db)[1], barcodes


def test_open_loans_marked_migrated_at_the_chosen_desk(db: Database, desk: Actor, tmp_path: Path) -> None:
    point, barcodes = _loans_setup(db)
    path = _csv(tmp_path / "loans.csv", [LOANS_HEADER, f"R000000,{barcodes[0]},2025-03-01,2025-04-01,1",
                                         f"R000001,{barcodes[1]},2025/3/2,2025/4/2,"])
    with db.begin() as s:
        result = migration.import_loans(s, desk, path, _mapping(path, "loans"), service_point_id=point)
    assert result.added == 2
    with db.begin() as s:
        loans = list(s.scalars(select(Loan).order_by(Loan.id)))
        marked = {m.loan_id: m.batch_id for m in s.scalars(select(MigratedLoan))}
        statuses = {i.barcode: i.status for i in s.scalars(select(Item))}
    assert [(ln.local_day, ln.due_date, ln.renewal_count, ln.service_point_id) for ln in loans] == [
        (dt.date(2025, 3, 1), dt.date(2025, 4, 1), 1, point), (dt.date(2025, 3, 2), dt.date(2025, 4, 2), 0, point)]
    assert marked == {loans[0].id: result.batch_id, loans[1].id: result.batch_id}
    assert statuses[barcodes[0]] is ItemStatus.ON_LOAN and statuses[barcodes[2]] is ItemStatus.AVAILABLE


def test_bad_loan_rows_are_named_and_nothing_comes_in(db: Database, desk: Actor, tmp_path: Path) -> None:
    point, barcodes = _loans_setup(db)
    path = _csv(tmp_path / "loans.csv", [
        LOANS_HEADER,
        f"R000000,{barcodes[0]},2025-03-01,2025-04-01,0",  # good
        f"NOBODY1,{barcodes[1]},2025-03-01,2025-04-01,0",  # unknown reader
        "R000001,NOSUCHBOOK,2025-03-01,2025-04-01,0",  # unknown item
        f"R000001,{barcodes[0]},2025-03-01,2025-04-01,0",  # barcode again
        f"R000002,{barcodes[3]},2025-05-01,2025-04-01,x",  # due before lent, bad renewals
    ], encoding="utf-8")
    with pytest.raises(migration.MigrationRefused) as refused, db.begin() as s:
        migration.import_loans(s, desk, path, _mapping(path, "loans"), service_point_id=point)
    assert sorted((p.row, p.column) for p in refused.value.result.problems) == [
        (3, "card_number"), (4, "barcode"), (5, "barcode"), (6, "due_on"), (6, "renewals")]
    assert _count(db, Loan) == 0 and _count(db, MigratedLoan) == 0


def test_mid_year_migration_counts_its_loans_once_in_that_year(db: Database, desk: Actor, tmp_path: Path) -> None:
    point, barcodes = _loans_setup(db)
    with db.begin() as s:
        before = year_figures(s, 2025).value("loans")
    path = _csv(tmp_path / "loans.csv", [LOANS_HEADER] + [
        f"R00000{i % 3},{barcodes[i]},2025-0{i + 1}-15,2025-0{i + 2}-15,0" for i in range(4)])
    with db.begin() as s:
        migration.import_loans(s, desk, path, _mapping(path, "loans"), service_point_id=point)
    with pytest.raises(migration.MigrationRefused), db.begin() as s:  # the same file again: already on loan
        migration.import_loans(s, desk, path, _mapping(path, "loans"), service_point_id=point)
    with db.begin() as s:
        after = year_figures(s, 2025)
        other_year = year_figures(s, 2024).value("loans")
    assert after.value("loans") == before + 4
    assert other_year == 0
    desk_part = {p.label: p.value for p in after.figure("loans").parts}
    assert sum(v for v in desk_part.values() if v) == before + 4
