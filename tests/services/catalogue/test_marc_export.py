"""MARC export: the kept MARC plus the current holdings; export → import round trips equal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pymarc
import pytest
from sqlalchemy import select

from tests.conftest import fresh_sqlite, make_staff
from tests.services.catalogue.marc_data import cnmarc_record, marc21_record, write_iso, write_xml
from workstation.db import Database
from workstation.errors import ValidationError
from workstation.models import Role
from workstation.models.catalogue import BibRecord
from workstation.models.circulation import Item
from workstation.services.catalogue import marc_export, marc_import
from workstation.services.circulation import items
from workstation.services.context import Actor

COLUMNS = ("control_number", "marc_format", "title", "responsibility", "isbn", "price", "price_text", "publisher",
           "place", "pub_year", "clc_class", "call_number", "pinyin")


def snapshot(db: Database) -> tuple[list[tuple[Any, ...]], dict[str, tuple[Any, ...]]]:
    with db.begin() as s:
        records = {r.id: r for r in s.scalars(select(BibRecord))}
        out = []
        for r in sorted(records.values(), key=lambda r: r.control_number):
            kept = json.loads(r.marc) if r.marc else None
            out.append((*(getattr(r, c) for c in COLUMNS), kept["fields"] if kept else None,
                        kept["leader"][5:9] if kept else None))
        copies = {i.barcode: (records[i.record_id].control_number, i.title, i.call_number, i.clc_class)
                  for i in s.scalars(select(Item)) if i.record_id is not None}
    return out, copies


def _round_trip(db: Database, desk: Actor, source: Path, tmp_path: Path, sqlite_template: Path, fmt: str,
                encoding: str, out_name: str) -> None:
    with db.begin() as s:
        marc_import.import_marc(s, desk, source)
    with db.begin() as s:
        result = marc_export.export_marc(s, desk, tmp_path / out_name, fmt=fmt, encoding=encoding)
    assert result.records == 3
    (tmp_path / "other").mkdir()
    other = fresh_sqlite(sqlite_template, tmp_path / "other")
    try:
        someone = make_staff(other, "desk2", Role.DESK)
        with other.begin() as s:
            again = marc_import.import_marc(s, someone, result.path)
        assert (again.info.format, again.info.encoding) == (fmt, encoding)
        assert snapshot(other) == snapshot(db)
    finally:
        other.dispose()


CN = [cnmarc_record(1, ("T0000001", "T0000002")), cnmarc_record(2, ("T0000003",), title="上党民歌", isbn=""),
      cnmarc_record(3, (), title="无馆藏的书", isbn="")]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_cnmarc_round_trip(db: Database, desk: Actor, tmp_path: Path, sqlite_template: Path, encoding: str) -> None:
    source = write_iso(tmp_path / "in.iso", CN, encoding)
    _round_trip(db, desk, source, tmp_path, sqlite_template, "cnmarc", encoding, "out.iso")


def test_marc21_round_trip(db: Database, desk: Actor, tmp_path: Path, sqlite_template: Path) -> None:
    records = [marc21_record(1, ("M0000001", "M0000002")), marc21_record(2, ("M0000003",), title="上党民歌"),
               marc21_record(3, (), title="无馆藏的书")]
    source = write_iso(tmp_path / "in.mrc", records, "utf-8")
    _round_trip(db, desk, source, tmp_path, sqlite_template, "marc21", "utf-8", "out.mrc")


def test_marcxml_round_trip(db: Database, desk: Actor, tmp_path: Path, sqlite_template: Path) -> None:
    source = write_xml(tmp_path / "in.xml", CN)
    _round_trip(db, desk, source, tmp_path, sqlite_template, "cnmarc", "utf-8", "out.xml")


def test_export_carries_the_current_holdings_and_reads_with_pymarc(db: Database, desk: Actor, tmp_path: Path) -> None:
    with db.begin() as s:
        marc_import.import_marc(s, desk, write_iso(tmp_path / "in.iso", CN[:1], "utf-8"))
        record_id = s.scalars(select(BibRecord.id)).one()
    with db.begin() as s:  # a copy catalogued since, and one withdrawn
        item = items.create_item(s, desk, barcode="T0000009", title="长治市图书馆志", call_number="G259.272.53/12")
        item.record_id = record_id
        s.scalars(select(Item).where(Item.barcode == "T0000002")).one().status = "withdrawn"  # type: ignore[assignment]
    with db.begin() as s:
        out = marc_export.export_marc(s, desk, tmp_path / "out.iso", fmt="cnmarc", encoding="utf-8",
                                      since=dt.date.today())
    with out.path.open("rb") as f:
        (read,) = list(pymarc.MARCReader(f, force_utf8=True))
    assert read["200"]["a"] == "长治市图书馆志"
    assert read["905"].get_subfields("b") == ["T0000001", "T0000009"]
    assert (read["905"]["d"], read["905"]["e"]) == ("G259.272.53", "12")


def test_items_without_a_record_get_one_and_are_exported(db: Database, desk: Actor, tmp_path: Path) -> None:
    with db.begin() as s:  # catalogued one at a time (or by the CSV import): no record yet
        for code in ("C0000001", "C0000002"):
            items.create_item(s, desk, barcode=code, title="上党民歌", author="李明", isbn="9787500000013",
                              call_number="J642/5")
        items.create_item(s, desk, barcode="C0000003", title="漳河水", author="赵刚", call_number="I227/3")
    for fmt in ("cnmarc", "marc21"):
        with db.begin() as s:
            out = marc_export.export_marc(s, desk, tmp_path / f"{fmt}.mrc", fmt=fmt)
        with out.path.open("rb") as f:
            read = list(pymarc.MARCReader(f, force_utf8=True))
        title, holdings = ("200", "905") if fmt == "cnmarc" else ("245", "852")
        assert [r[title]["a"] for r in read] == ["上党民歌", "漳河水"]
        assert "C0000001" in read[0][holdings].value() or "C0000001" in str(read[0])
        assert "C0000002" in str(read[0]) and "C0000003" in str(read[1])
    with db.begin() as s:  # made once, at the first export: two titles, the two copies on one
        assert len(s.scalars(select(BibRecord)).all()) == 2
        assert len(set(s.scalars(select(Item.record_id)))) == 2


def test_bad_export_options_are_named(db: Database, desk: Actor, tmp_path: Path) -> None:
    for kwargs, field in (({"fmt": "unimarc"}, "format"), ({"encoding": "latin-1"}, "encoding"),
                          ({"fmt": "marc21", "encoding": "gb18030"}, "encoding")):
        with pytest.raises(ValidationError) as err, db.begin() as s:
            marc_export.export_marc(s, desk, tmp_path / "x.mrc", **kwargs)
        assert err.value.field == field
    assert not (tmp_path / "x.mrc").exists()
