"""MARC import: CNMARC and MARC21 files made with pymarc, every mapped field, duplicates,
the problem list and the one audit entry."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pymarc
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.services.catalogue.marc_data import (
    CN_PINYIN,
    CN_TITLE,
    cnmarc_record,
    marc21_record,
    write_iso,
    write_xml,
)
from workstation.db import Database
from workstation.errors import ValidationError
from workstation.models import AuditEntry
from workstation.models.catalogue import BibRecord, MarcFormat
from workstation.models.circulation import Item
from workstation.services.catalogue import marc_import
from workstation.services.context import Actor


def _records(db: Database) -> list[BibRecord]:
    with db.begin() as s:
        rows = list(s.scalars(select(BibRecord).order_by(BibRecord.id)))
        s.expunge_all()
        return rows


def _items(db: Database) -> dict[str, tuple[int | None, str, str, str]]:
    with db.begin() as s:
        return {i.barcode: (i.record_id, i.title, i.call_number, i.clc_class) for i in s.scalars(select(Item))}


def _audits(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "bib_record")) or 0


def check_cnmarc(db: Database) -> None:
    (record,) = _records(db)
    assert record.marc_format is MarcFormat.CNMARC
    assert record.control_number == "012000000001"
    assert record.title == CN_TITLE
    assert record.responsibility == "长治市图书馆编; 王红主编"
    assert record.isbn == "9787500000013"
    assert record.price == Decimal("68.00") and record.price_text == "CNY68.00（含光盘）"
    assert (record.place, record.publisher, record.pub_year) == ("太原", "山西人民出版社", "2019")
    assert record.clc_class == "G259.272.53"
    assert record.call_number == "G259.272.53/12"
    assert record.pinyin == CN_PINYIN
    kept = json.loads(record.marc or "")
    assert [next(iter(f)) for f in kept["fields"]] == ["001", "010", "100", "200", "210", "690", "701"]
    assert _items(db) == {"T0000001": (record.id, CN_TITLE, "G259.272.53/12", "G259.272.53"),
                          "T0000002": (record.id, CN_TITLE, "G259.272.53/12", "G259.272.53")}


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_cnmarc_file_every_mapped_field(db: Database, desk: Actor, tmp_path: Path, encoding: str) -> None:
    path = write_iso(tmp_path / "cn.iso", [cnmarc_record()], encoding)
    with db.begin() as s:
        preview = marc_import.preview_marc(s, desk, path)
    assert (preview.info.format, preview.info.encoding, preview.info.records) == ("cnmarc", encoding, 1)
    assert preview.first[0].fields.title == CN_TITLE
    with db.begin() as s:
        result = marc_import.import_marc(s, desk, path)
    assert (result.records_added, result.items_added, result.problems) == (1, 2, [])
    check_cnmarc(db)
    assert _audits(db) == 1


def test_cnmarc_marcxml_every_mapped_field(db: Database, desk: Actor, tmp_path: Path) -> None:
    path = write_xml(tmp_path / "cn.xml", [cnmarc_record()])
    with db.begin() as s:
        marc_import.import_marc(s, desk, path)
    check_cnmarc(db)


def check_marc21(db: Database) -> None:
    (record,) = _records(db)
    assert record.marc_format is MarcFormat.MARC21
    assert record.control_number == "ocm00000001"
    assert record.title == "长治市图书馆志 : 1949-2019"
    assert record.responsibility == "王红主编"
    assert record.isbn == "9787500000020"
    assert record.price == Decimal("45.00")
    assert (record.place, record.publisher, record.pub_year) == ("太原", "山西人民出版社", "2019")
    assert record.clc_class == "K295.23"
    assert record.call_number == "K295.23/7"
    assert _items(db) == {"M0000001": (record.id, "长治市图书馆志 : 1949-2019", "K295.23/7", "K295.23")}


@pytest.mark.parametrize("encoding", ["utf-8", "marc-8"])
def test_marc21_file_every_mapped_field(db: Database, desk: Actor, tmp_path: Path, encoding: str) -> None:
    record = marc21_record()
    if encoding == "marc-8":
        record.leader = pymarc.Leader("00000nam  2200000 a 4500")  # leader/09 blank: MARC-8
    path = write_iso(tmp_path / "m21.mrc", [record], encoding)
    with db.begin() as s:
        assert marc_import.preview_marc(s, desk, path).info.encoding == encoding
        marc_import.import_marc(s, desk, path)
    check_marc21(db)


def test_marc21_marcxml(db: Database, desk: Actor, tmp_path: Path) -> None:
    path = write_xml(tmp_path / "m21.xml", [marc21_record()])
    with db.begin() as s:
        marc_import.import_marc(s, desk, path)
    check_marc21(db)


def test_pymarc_default_reading_would_be_garbage(tmp_path: Path) -> None:
    """Why the importer never lets pymarc guess: its default decodes GB18030 CNMARC as MARC-8."""
    path = write_iso(tmp_path / "cn.iso", [cnmarc_record()], "gb18030")
    with path.open("rb") as f:
        (record,) = list(pymarc.MARCReader(f))
    assert record["200"]["a"] != CN_TITLE


def test_duplicates_merge_skip_report(db: Database, desk: Actor, tmp_path: Path) -> None:
    first = write_iso(tmp_path / "a.iso", [cnmarc_record(1, ("T0000001",))], "utf-8")
    again = write_iso(tmp_path / "b.iso", [cnmarc_record(2, ("T0000001", "T0000003"))], "utf-8")
    with db.begin() as s:
        marc_import.import_marc(s, desk, first)
    # report: the duplicate record and barcode stop the import, nothing written
    with pytest.raises(marc_import.MarcImportRefused) as refused, db.begin() as s:
        marc_import.import_marc(s, desk, again, duplicates="report")
    assert {(p.record, p.tag) for p in refused.value.result.blocking} == {(1, "holdings")}
    assert set(_items(db)) == {"T0000001"}
    # skip: the record is left out, listed
    with pytest.raises(ValidationError), db.begin() as s:
        marc_import.import_marc(s, desk, again, duplicates="skip")  # nothing new at all: refused
    assert set(_items(db)) == {"T0000001"}
    # merge: the new copy joins the record; the barcode already there is listed, not added
    with db.begin() as s:
        result = marc_import.import_marc(s, desk, again, duplicates="merge")
    assert (result.records_added, result.records_merged, result.items_added) == (0, 1, 1)
    assert [p.reason for p in result.problems] == ["Barcode: T0000001 is already in the catalogue."]
    (record,) = _records(db)
    assert _items(db)["T0000003"][0] == record.id
    assert _audits(db) == 2


def test_bad_records_named_and_good_only(db: Database, desk: Actor, tmp_path: Path) -> None:
    no_title = cnmarc_record(2, ("T0000002",))
    no_title.remove_fields("200")
    bad_code = cnmarc_record(3, ("bad code!",), title="另一本书", isbn="9787500000037")
    repeated = cnmarc_record(4, ("T0000001",), title="第三本书", isbn="")
    path = write_iso(tmp_path / "mixed.iso", [cnmarc_record(1, ("T0000001",)), no_title, bad_code, repeated],
                     "gb18030")
    with pytest.raises(marc_import.MarcImportRefused) as refused, db.begin() as s:
        marc_import.import_marc(s, desk, path)
    problems = refused.value.result.blocking
    assert [(p.record, p.tag) for p in problems] == [(2, "200"), (3, "905"), (4, "holdings")]
    assert _records(db) == []
    out = marc_import.write_problems(refused.value.result, tmp_path / "problems.xlsx")
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[3]][:2] == [3, "905"]
    with db.begin() as s:
        result = marc_import.import_marc(s, desk, path, good_only=True)
    assert (result.records_added, result.items_added) == (1, 1)


def test_many_records_in_chunks(db: Database, desk: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(marc_import, "CHUNK", 7)
    records = [cnmarc_record(i, (f"T{i:07d}",), title=f"书{i}", isbn="") for i in range(1, 31)]
    path = write_iso(tmp_path / "many.iso", records, "utf-8")
    seen: list[tuple[int, int]] = []
    with db.begin() as s:
        result = marc_import.import_marc(s, desk, path, progress=lambda n, total: seen.append((n, total)))
    assert (result.records_added, result.items_added) == (30, 30)
    assert seen[-1] == (30, 30) and len(seen) == 5
    items = _items(db)
    assert all(items[f"T{i:07d}"][1] == f"书{i}" for i in range(1, 31))
