"""A read-only table model over a list of row tuples, with a key per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

DIMMED = QColor("#888888")
KeyRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel):
    """Rows are tuples of display values; ``keys`` (often database ids) ride along in
    ``KeyRole`` so views can act on the selected record. ``set_rows`` resets the model."""

    def __init__(self, headers: Sequence[str], parent: Any = None,
                 foreground: Callable[[int], Any] | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[tuple[Any, ...]] = []
        self._keys: list[Any] = []
        self._dimmed: set[int] = set()
        self._foreground = foreground

    def set_headers(self, headers: Sequence[str]) -> None:
        self._headers = list(headers)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)

    def set_rows(self, rows: Sequence[tuple[Any, ...]], keys: Sequence[Any] | None = None,
                 dimmed: set[int] | None = None) -> None:
        """Replace the rows. ``dimmed`` row numbers are shown grey (retired, not in use):
        kept in the model, not asked of the view, so no reference cycle is needed."""
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._keys = list(keys) if keys is not None else list(range(len(self._rows)))
        self._dimmed = set(dimmed or ())
        self.endResetModel()

    def is_dimmed(self, row: int) -> bool:
        return row in self._dimmed

    def key(self, row: int) -> Any:
        return self._keys[row]

    def row_values(self, row: int) -> tuple[Any, ...]:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, int) and not isinstance(value, bool):
                return f"{value:,}"
            return "" if value is None else str(value)
        if role == SortRole:
            return value
        if role == KeyRole:
            return self._keys[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if index.row() in self._dimmed:
                return DIMMED
            if self._foreground is not None:
                return self._foreground(index.row())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None
