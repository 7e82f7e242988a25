"""The library chooser of the Reports and Charts tabs (总分馆): the city (every library
together) or one library. Shown only when the city has branches; with one library the
figures are that library's and there is nothing to choose."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from workstation.reports import statistics
from workstation.ui import ops
from workstation.ui.context import AppContext


class LibraryChoice(QComboBox):
    """``library_id()``: None for the city, else the chosen library's id."""

    def __init__(self, context: AppContext, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName=object_name)
        self.context = context
        self.setToolTip(self.tr("Whose figures: the whole city (the central library and its branches) "
                                "or one library"))
        self.reload()

    def reload(self) -> None:
        """Read the libraries again, keeping the choice when it is still there."""
        chosen = self.library_id()
        found = ops.read(self.context, lambda s: [(lib.id, lib.name) for lib in statistics.several_libraries(s)])
        self.blockSignals(True)
        self.clear()
        if found:
            self.addItem(self.tr("Whole city (all libraries)"), None)
            for library_id, name in found:
                self.addItem(name, library_id)  # a library's name is data: shown as recorded
        at = self.findData(chosen) if chosen is not None else 0
        self.setCurrentIndex(max(at, 0))
        self.blockSignals(False)
        self.setVisible(bool(found))

    def library_id(self) -> int | None:
        data = self.currentData()
        return int(data) if isinstance(data, int) else None

    def choose(self, library_id: int | None) -> None:
        """Choose the city (None) or a library by id (tests, and a remembered choice)."""
        at = 0 if library_id is None else self.findData(library_id)
        if at < 0:
            raise ValueError(f"no library {library_id} to choose")
        self.setCurrentIndex(at)
