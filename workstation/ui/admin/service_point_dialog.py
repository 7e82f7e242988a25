"""A new service point: its name, kind and library (a branch's administrator: its own)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from workstation.models import ServicePointKind
from workstation.ui.admin.libraries_page import library_combo
from workstation.ui.login_dialog import kind_label


class ServicePointDialog(QDialog):
    """Collects the fields; the Admin tab calls the service and shows errors in ``error``."""

    def __init__(self, choices: list[tuple[int, str]], current_library: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("service_point_dialog")
        self.setWindowTitle(self.tr("New service point"))
        self.name = QLineEdit(objectName="point_name")
        self.kind = QComboBox(objectName="point_kind")
        for kind in (ServicePointKind.LENDING_DESK, ServicePointKind.BOOKMOBILE, ServicePointKind.READING_ROOM):
            self.kind.addItem(kind_label(kind), kind.value)
        self.library = library_combo(choices, current_library, "point_library")
        self.error = QLabel(objectName="error")
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Library"), self.library)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def selected_kind(self) -> ServicePointKind:
        return ServicePointKind(self.kind.currentData())

    def selected_library(self) -> int:
        return int(self.library.currentData())
