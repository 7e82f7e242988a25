"""Help → About: the program's version and licence, and the licences of what it ships.

The program is GPL-3.0-or-later; the components it carries keep their own licences: Qt and
PySide6 (LGPLv3, loaded as separate libraries that a user may replace), the CJK font (SIL
Open Font License 1.1), SQLAlchemy, Alembic, openpyxl, argon2-cffi (MIT), matplotlib (its
PSF-style licence), psycopg (LGPLv3) and the smaller libraries listed in ``COMPONENTS``.
The full texts of the GPL, the LGPL and the OFL are shipped in ``resources/`` and shown here.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation import __version__
from workstation.resources import FONT_FILE, RESOURCES
from workstation.ui.icons import ICON_FILE, app_icon

LICENSE_DIR = RESOURCES / "licenses"
GPL_FILE = LICENSE_DIR / "GPL-3.0.txt"
LGPL_FILE = LICENSE_DIR / "LGPL-3.0.txt"
OFL_FILE = FONT_FILE.parent / "OFL.txt"
PROJECT_LICENSE = "GPL-3.0-or-later"


@dataclass(frozen=True)
class Component:
    name: str
    distribution: str  # the name importlib.metadata knows it by
    module: str  # imported to read __version__ when the metadata is absent (frozen builds)
    license: str
    url: str


COMPONENTS: tuple[Component, ...] = (
    Component("Qt 6 / PySide6", "PySide6-Essentials", "PySide6", "LGPL-3.0", "https://www.qt.io/licensing/"),
    Component("Noto Sans CJK SC (subset)", "", "", "SIL OFL 1.1", "https://github.com/notofonts/noto-cjk"),
    Component("SQLAlchemy", "SQLAlchemy", "sqlalchemy", "MIT", "https://www.sqlalchemy.org/"),
    Component("Alembic", "alembic", "alembic", "MIT", "https://alembic.sqlalchemy.org/"),
    Component("Mako", "Mako", "mako", "MIT", "https://www.makotemplates.org/"),
    Component("openpyxl", "openpyxl", "openpyxl", "MIT", "https://openpyxl.readthedocs.io/"),
    Component("matplotlib", "matplotlib", "matplotlib", "Matplotlib License (PSF-style)",
              "https://matplotlib.org/stable/project/license.html"),
    Component("NumPy", "numpy", "numpy", "BSD-3-Clause", "https://numpy.org/"),
    Component("Pillow", "pillow", "PIL", "MIT-CMU", "https://python-pillow.github.io/"),
    Component("argon2-cffi", "argon2-cffi", "argon2", "MIT", "https://argon2-cffi.readthedocs.io/"),
    Component("psycopg 3", "psycopg", "psycopg", "LGPL-3.0", "https://www.psycopg.org/"),
    Component("platformdirs", "platformdirs", "platformdirs", "MIT", "https://github.com/tox-dev/platformdirs"),
    Component("python-stdnum", "python-stdnum", "stdnum", "LGPL-2.1-or-later", "https://arthurdejong.org/python-stdnum/"),
    Component("defusedxml", "defusedxml", "defusedxml", "PSF-2.0", "https://github.com/tiran/defusedxml"),
    Component("holidays", "holidays", "holidays", "MIT", "https://github.com/vacanza/holidays"),
    Component("Python", "", "", "PSF-2.0", "https://docs.python.org/3/license.html"),
)


def component_version(component: Component) -> str:
    if component.name == "Python":
        return sys.version.split()[0]
    if component.distribution:
        try:
            return metadata.version(component.distribution)
        except metadata.PackageNotFoundError:
            pass
    if component.module:
        try:
            return str(getattr(importlib.import_module(component.module), "__version__", "") or "—")
        except ImportError:
            return "—"
    return "—"


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        return f"{path.name}: {exc}"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        name = QCoreApplication.translate("MainWindow", "Library Workstation")
        self.setWindowTitle(self.tr("About {name}").format(name=name))
        self.setWindowIcon(app_icon())

        tabs = QTabWidget(objectName="about_tabs")
        tabs.addTab(self._about_page(name), self.tr("About"))
        tabs.addTab(self._components_page(), self.tr("Third-party components"))
        tabs.addTab(self._text_page("ofl_text", read_text(OFL_FILE)), self.tr("Font licence (OFL)"))
        tabs.addTab(self._text_page("lgpl_text", read_text(LGPL_FILE)), self.tr("Qt licence (LGPL)"))
        tabs.addTab(self._text_page("gpl_text", read_text(GPL_FILE)), self.tr("Program licence (GPL)"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def _about_page(self, name: str) -> QWidget:
        page = QWidget()
        icon = QLabel()
        icon.setPixmap(QPixmap(str(ICON_FILE)).scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio,
                                                       Qt.TransformationMode.SmoothTransformation))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"<h2>{name}</h2>", objectName="about_title")
        version = QLabel(self.tr("Version {version}").format(version=__version__), objectName="about_version")
        built = QLabel(self.tr("Python {python}, Qt {qt}, PySide6 {pyside}").format(
            python=sys.version.split()[0], qt=qVersion(), pyside=PySide6.__version__), objectName="about_runtime")
        description = QLabel(self.tr(
            "The staff program of a city public library: lending desks and the bookmobile, reading-room "
            "counts, digitization projects, outreach records, managers' charts and the yearly statistics "
            "workbook."))
        description.setWordWrap(True)
        licence = QLabel(self.tr(
            "This program is free software: you can redistribute it and/or modify it under the terms of the "
            "GNU General Public License as published by the Free Software Foundation, either version 3 of the "
            "License, or (at your option) any later version ({spdx}). It comes with ABSOLUTELY NO WARRANTY; "
            "see the licence tabs for the full texts.").format(spdx=PROJECT_LICENSE), objectName="about_licence")
        licence.setWordWrap(True)
        qt_note = QLabel(self.tr(
            "It uses Qt under the GNU LGPL version 3: the Qt libraries are shipped as separate files in the "
            "program folder and may be replaced by compatible versions."))
        qt_note.setWordWrap(True)
        text = QVBoxLayout()
        for widget in (title, version, built, description, licence, qt_note):
            text.addWidget(widget)
        text.addStretch(1)
        row = QHBoxLayout(page)
        row.addWidget(icon)
        row.addLayout(text, 1)
        return page

    def _components_page(self) -> QWidget:
        table = QTableWidget(len(COMPONENTS), 4)
        table.setObjectName("components")
        table.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Version"), self.tr("Licence"),
                                         self.tr("Web site")])
        for row, component in enumerate(COMPONENTS):
            values = (component.name, component_version(component), component.license, component.url)
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(row, col, item)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return table

    def _text_page(self, object_name: str, text: str) -> QWidget:
        view = QPlainTextEdit()
        view.setObjectName(object_name)
        view.setReadOnly(True)
        view.setPlainText(text)
        return view

    def components(self) -> QTableWidget:
        table = self.findChild(QTableWidget, "components")
        assert table is not None
        return table


def add_help_menu(window: QMainWindow) -> QAction:
    """Add Help → About to a main window (F1 opens it too); returns the action."""
    menu = window.menuBar().addMenu(QApplication.translate("AboutDialog", "&Help"))
    action = QAction(QApplication.translate("AboutDialog", "&About Library Workstation…"), window)
    action.setObjectName("action_about")
    action.setShortcut(QKeySequence.StandardKey.HelpContents)
    action.setMenuRole(QAction.MenuRole.AboutRole)
    action.triggered.connect(lambda: AboutDialog(window).exec())
    menu.addAction(action)
    return action
