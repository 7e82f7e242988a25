"""The bulk insert helper writes exactly what the ORM would, on both backends."""

from __future__ import annotations

import datetime as dt
import gc

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workstation.db import Database
from workstation.models.circulation import CollectionType, Item, ItemStatus
from workstation.services import bulk

WHEN = dt.datetime(2019, 12, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_rows_and_constants_go_through_the_column_types(db: Database) -> None:
    # columns deliberately not in the table's order: positional drivers need the reorder
    columns = ("title", "collection_type", "barcode", "isbn", "home_point_id")
    rows = [("甲书", CollectionType.SERIAL, "B001", None, None),
            ("乙书", CollectionType.AUDIOVISUAL, "B002", "9787020002207", None)]
    with db.begin() as s:
        n = bulk.insert_rows(s.connection(), Item.__table__, columns, rows,
                             {"status": ItemStatus.AVAILABLE, "created_at": WHEN, "author": "", "call_number": "",
                              "clc_class": ""})
    assert n == 2
    with db.begin() as s:
        found = {i.barcode: i for i in s.scalars(select(Item))}
    assert found["B001"].title == "甲书" and found["B001"].collection_type is CollectionType.SERIAL
    assert found["B001"].isbn is None and found["B001"].status is ItemStatus.AVAILABLE
    assert found["B002"].collection_type is CollectionType.AUDIOVISUAL and found["B002"].isbn == "9787020002207"
    # the UTC type decorator ran: the same instant, read back aware in UTC
    assert found["B002"].created_at == WHEN and found["B002"].created_at.tzinfo == dt.UTC
    # and the raw column holds the enum's value, as the ORM writes it
    with db.begin() as s:
        raw = s.connection().exec_driver_sql("SELECT collection_type, status FROM item WHERE barcode = 'B001'").one()
    assert tuple(raw) == ("serial", "available")


def test_nothing_to_insert(db: Database) -> None:
    with db.begin() as s:
        assert bulk.insert_rows(s.connection(), Item.__table__, ("barcode", "created_at"), []) == 0


def test_scalar_defaults_are_filled_in_and_a_computed_one_is_required(db: Database) -> None:
    with db.begin() as s:
        bulk.insert_rows(s.connection(), Item.__table__, ("barcode", "title", "collection_type", "created_at"),
                         [("S1", "书", CollectionType.BOOK, WHEN)])
        with pytest.raises(ValueError, match="created_at"):  # its default is a function of the moment
            bulk.insert_rows(s.connection(), Item.__table__, ("barcode", "title", "collection_type"),
                             [("S2", "书", CollectionType.BOOK)])
    with db.begin() as s:
        item = s.scalars(select(Item)).one()
    assert (item.author, item.call_number, item.status, item.isbn) == ("", "", ItemStatus.AVAILABLE, None)


def test_a_duplicate_raises_the_usual_integrity_error(db: Database) -> None:
    row = ("D1", "书", CollectionType.BOOK, ItemStatus.AVAILABLE, WHEN)
    columns = ("barcode", "title", "collection_type", "status", "created_at")
    with pytest.raises(IntegrityError), db.begin() as s:
        bulk.insert_rows(s.connection(), Item.__table__, columns, [row, row])
    with db.begin() as s:
        assert s.scalars(select(Item)).all() == []


def test_collector_paused_and_restored() -> None:
    assert gc.isenabled()
    with bulk.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), bulk.collector_paused():
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with bulk.collector_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
