"""Migration 1930: the items already catalogued are grouped into bibliographic records."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from workstation.db import make_engine, open_database, upgrade_to

ITEMS = [  # barcode, title, author, isbn
    ("C001", "长治市图书馆志", "王红", "9787500000011"),
    ("C002", "长治市图书馆志", "王红", "9787500000011"),  # a second copy: same record
    ("C003", "长治市图书馆志（续编）", "王红", "9787500000011"),  # same ISBN, other title: own record
    ("C004", "上党民歌", "李明", None),
    ("C005", "上党民歌", "李明", None),  # no ISBN: grouped by title and author
    ("C006", "上党民歌", "赵刚", None),  # another author: own record
]


def test_items_are_grouped_into_records_and_keep_their_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to(engine, "1800")
    with engine.begin() as conn:
        for i, (barcode, title, author, isbn) in enumerate(ITEMS, start=1):
            conn.execute(text("INSERT INTO item (id, barcode, title, author, isbn, call_number, clc_class, "
                              "collection_type, status, created_at) VALUES (:id, :b, :t, :a, :i, 'K29/1', 'K29', "
                              "'book', 'available', '2019-03-01 02:00:00')"),
                         {"id": i, "b": barcode, "t": title, "a": author, "i": isbn})
    engine.dispose()
    db = open_database(f"sqlite:///{path}")
    try:
        with db.engine.connect() as conn:
            links = dict(conn.execute(text("SELECT barcode, record_id FROM item")).all())
            records = {r.id: r for r in conn.execute(text("SELECT * FROM bib_record"))}
            titles = conn.execute(text("SELECT barcode, title, author, isbn FROM item ORDER BY id")).all()
    finally:
        db.dispose()
    assert [tuple(t) for t in titles] == ITEMS  # the item columns are untouched
    assert links["C001"] == links["C002"]
    assert len({links["C001"], links["C003"], links["C004"], links["C006"]}) == 4
    assert links["C004"] == links["C005"]
    assert len(records) == 4
    first = records[links["C001"]]
    assert (first.title, first.responsibility, first.isbn, first.call_number, first.clc_class) == \
        ("长治市图书馆志", "王红", "9787500000011", "K29/1", "K29")
    assert records[links["C006"]].responsibility == "赵刚"
