"""Read-only tables every area shows its records in."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QTableWidgetItem

from workstation.ui.models.rows import SortRole


def read_only_item(text: object, *, right: bool = False) -> QTableWidgetItem:
    """A cell that cannot be edited; figures align right."""
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def table_view(model: QAbstractItemModel, name: str, *, sortable: bool = False) -> QTableView:
    """One row selected at a time, nothing edited in place, columns sized to their contents;
    ``sortable`` puts a proxy in between that sorts by ``SortRole`` on a header click."""
    view = QTableView(objectName=name)
    if sortable:
        proxy = QSortFilterProxyModel(model)
        proxy.setSourceModel(model)
        proxy.setSortRole(SortRole)
        view.setModel(proxy)
        view.setSortingEnabled(True)
    else:
        view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view
