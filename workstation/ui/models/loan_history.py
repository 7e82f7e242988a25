"""A loan history of any length in a table view, fetched lazily.

The view asks for more rows as it scrolls (``canFetchMore``/``fetchMore``); each fetch
reads only the next page of loan ids after the last one known (keyset pagination on the
primary key, or on the reader's or item's index), and remembers just the first id of each
page. Row contents are read a page at a time when the view shows them, and only the few
most recently shown pages are kept. So memory stays flat however far the user scrolls —
through four million loans as through forty — and no query ever uses OFFSET.

Filters (the history screen's): the days the loans were made (``first``…``last``) and how
they stand (``status``: open, returned, lost, voided). Changing a filter starts the model
afresh (``set_filters``).
"""

from __future__ import annotations

import datetime as dt
import enum
from array import array
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from sqlalchemy import func, select

from workstation.db import Database
from workstation.models import ServicePoint
from workstation.models.circulation import Item, Loan, LoanEnd, Reader
from workstation.timeutil import LIBRARY_TZ
from workstation.ui import ops

Index = QModelIndex | QPersistentModelIndex
PAGE = 2_000
KEEP_PAGES = 8
LOAN_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the loan's id, for the row's actions


class LoanState(enum.StrEnum):
    ANY = "any"
    OPEN = "open"
    RETURNED = "returned"
    LOST = "lost"
    VOIDED = "voided"


def state_of(returned_at: dt.datetime | None, closed_as: LoanEnd | str | None) -> LoanState:
    if closed_as is not None:
        return LoanState(str(LoanEnd(closed_as).value))
    return LoanState.OPEN if returned_at is None else LoanState.RETURNED


class LoanHistoryModel(QAbstractTableModel):
    """Loans in the order they were made (oldest first), optionally of one reader or item."""

    LENT, BARCODE, TITLE, CARD, READER, POINT, DUE, RETURNED, STATE = range(9)

    def __init__(self, db: Database, *, reader_id: int | None = None, item_id: int | None = None,
                 page: int = PAGE, parent: Any = None, first: dt.date | None = None, last: dt.date | None = None,
                 status: LoanState = LoanState.ANY, mask_cards: bool = False) -> None:
        super().__init__(parent)
        self.db = db
        self.reader_id = reader_id
        self.item_id = item_id
        self.page = page
        self.first, self.last, self.status = first, last, status
        self.mask_cards = mask_cards  # desk staff see another reader's card masked, as at the desk
        self._state_labels = {LoanState.OPEN: self.tr("on loan"), LoanState.RETURNED: self.tr("returned"),
                              LoanState.LOST: self.tr("lost"), LoanState.VOIDED: self.tr("voided")}
        self._reset_pages()
        self.queries = 0  # for tests and benchmarks
        self._headers = [self.tr("Lent"), self.tr("Barcode"), self.tr("Title"), self.tr("Card"), self.tr("Reader"),
                         self.tr("Where"), self.tr("Due"), self.tr("Returned"), self.tr("Status")]

    def _reset_pages(self) -> None:
        self._starts = array("q")   # first loan id of each page
        self._sizes = array("i")    # rows in each page (the last one may be short)
        self._rows = 0
        self._last_id = 0
        self._exhausted = False
        self._fetching = False
        self._cache: OrderedDict[int, list[tuple[Any, ...]]] = OrderedDict()

    def set_filters(self, *, first: dt.date | None, last: dt.date | None, status: LoanState) -> None:
        """Show only loans made from ``first`` to ``last`` (local days) in this state."""
        self.beginResetModel()
        self.first, self.last, self.status = first, last, LoanState(status)
        self._reset_pages()
        self.endResetModel()

    # -- keyset paging ---------------------------------------------------------------

    def _filtered(self, query: Any) -> Any:
        # The day inside an expression: a bare day filter would lead SQLite into a (…, day)
        # index and sort every loan of the range for each page (four million for every 2,000
        # shown). So the library's history walks the ids, a reader's or an item's their index.
        day = func.coalesce(Loan.local_day, Loan.local_day)
        if self.reader_id is not None:
            query = query.where(Loan.reader_id == self.reader_id)
        if self.item_id is not None:
            query = query.where(Loan.item_id == self.item_id)
        if self.first is not None:
            query = query.where(day >= self.first)
        if self.last is not None:
            query = query.where(day <= self.last)
        if self.status is LoanState.OPEN:
            query = query.where(Loan.returned_at.is_(None))
        elif self.status is LoanState.RETURNED:
            query = query.where(Loan.returned_at.is_not(None), Loan.closed_as.is_(None))
        elif self.status is LoanState.LOST:
            query = query.where(Loan.closed_as == LoanEnd.LOST)
        elif self.status is LoanState.VOIDED:
            query = query.where(Loan.closed_as == LoanEnd.VOIDED)
        return query

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._exhausted or self._fetching:
            return
        self._fetching = True  # views and testers may ask again while rows are being inserted
        try:
            with ops.reading(self.db) as s:
                ids = s.scalars(self._filtered(select(Loan.id)).where(Loan.id > self._last_id)
                                .order_by(Loan.id).limit(self.page)).all()
            self.queries += 1
            if len(ids) < self.page:
                self._exhausted = True
            if not ids:
                return
            self._last_id = ids[-1]
            self.beginInsertRows(QModelIndex(), self._rows, self._rows + len(ids) - 1)
            self._starts.append(ids[0])
            self._sizes.append(len(ids))
            self._rows += len(ids)
            self.endInsertRows()
        finally:
            self._fetching = False

    def _page_rows(self, number: int) -> list[tuple[Any, ...]]:
        rows = self._cache.get(number)
        if rows is not None:
            self._cache.move_to_end(number)
            return rows
        query = (select(Loan.lent_at, Item.barcode, Item.title, Reader.card_number, Reader.name, ServicePoint.name,
                        Loan.due_date, Loan.returned_at, Loan.closed_as, Loan.id)
                 .join(Item, Item.id == Loan.item_id).join(Reader, Reader.id == Loan.reader_id)
                 .join(ServicePoint, ServicePoint.id == Loan.service_point_id)
                 .where(Loan.id >= self._starts[number]).order_by(Loan.id).limit(self._sizes[number]))
        with ops.reading(self.db) as s:
            rows = [tuple(r) for r in s.execute(self._filtered(query))]
        self.queries += 1
        self._cache[number] = rows
        while len(self._cache) > KEEP_PAGES:
            self._cache.popitem(last=False)
        return rows

    # -- Qt model ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def _page_of(self, row: int) -> tuple[int, int]:
        # pages are full except the last one
        number = min(row // self.page, len(self._sizes) - 1)
        return number, row - number * self.page

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, LOAN_ID_ROLE) \
                or not 0 <= index.row() < self._rows:
            return None
        number, offset = self._page_of(index.row())
        rows = self._page_rows(number)
        if offset >= len(rows):
            return None
        row = rows[offset]
        if role == LOAN_ID_ROLE:
            return int(row[9])
        if index.column() == self.STATE:
            return self._state_labels[state_of(row[7], row[8])]
        value = row[index.column()]
        if index.column() == self.CARD and self.mask_cards and isinstance(value, str):
            from workstation.services.circulation.readers import mask_id_number
            return mask_id_number(value)
        if isinstance(value, dt.datetime):
            return value.astimezone(LIBRARY_TZ).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, dt.date):
            return value.isoformat()
        return "" if value is None else str(value)

    def cached_pages(self) -> int:
        return len(self._cache)
