"""The lazy loan-history table model: keyset pages, bounded memory, reader filter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTableView
from sqlalchemy import func, select

from workstation.db import open_database
from workstation.demo import DemoOptions, build_demo
from workstation.models.circulation import Item, Loan
from workstation.ui.models.loan_history import KEEP_PAGES, LoanHistoryModel


def test_scrolls_to_the_end_in_pages_and_keeps_few(qtbot, qtmodeltester, tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        build_demo(db, DemoOptions(years=1, scale=0.002))
        with db.begin() as s:
            total = s.scalar(select(func.count(Loan.id)))
            last_barcode = s.scalar(select(Item.barcode).join(Loan, Loan.item_id == Item.id)
                                    .order_by(Loan.id.desc()).limit(1))
            reader = s.scalar(select(Loan.reader_id).group_by(Loan.reader_id).order_by(func.count().desc()).limit(1))
            reader_loans = s.scalar(select(func.count(Loan.id)).where(Loan.reader_id == reader))
        model = LoanHistoryModel(db, page=50)
        view = QTableView()
        qtbot.addWidget(view)
        view.setModel(model)
        view.resize(900, 400)
        view.show()
        qtmodeltester.check(model)
        assert model.rowCount() < total  # nothing is read before the view needs it
        while model.canFetchMore(QModelIndex()):
            view.scrollToBottom()
            qtbot.wait(1)
            if model.canFetchMore(QModelIndex()):
                model.fetchMore(QModelIndex())
        assert model.rowCount() == total
        view.scrollToBottom()
        qtbot.wait(10)
        assert model.index(total - 1, LoanHistoryModel.BARCODE).data() == last_barcode
        assert model.cached_pages() <= KEEP_PAGES
        assert model.index(0, LoanHistoryModel.LENT).data().startswith("2019-")
        one = LoanHistoryModel(db, reader_id=reader, page=3)
        while one.canFetchMore(QModelIndex()):
            one.fetchMore(QModelIndex())
        assert one.rowCount() == reader_loans
        qtmodeltester.check(one)
    finally:
        db.dispose()
