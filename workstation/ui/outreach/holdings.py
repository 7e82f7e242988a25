"""Outreach › New holdings: items catalogued plus dated acquisitions, by collection type
and month; acquisitions of holdings not catalogued item by item are entered here."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from workstation.errors import CONTEXT
from workstation.models.collection import CollectionType
from workstation.services.outreach import holdings as hold
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.outreach.common import OutreachSection, fill_table, line, make_table


def type_label(kind: CollectionType) -> str:
    return QCoreApplication.translate(CONTEXT, hold.TYPE_LABELS[kind])


class HoldingsSection(OutreachSection):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("holdings_section")
        self.day = line("day", "2019-12-20", 130)
        self.kind = QComboBox(objectName="collection_type")
        for kind in CollectionType:
            self.kind.addItem(type_label(kind), kind.value)
        self.kind.setCurrentIndex(self.kind.findData(CollectionType.E_DOCUMENT.value))
        self.quantity = line("quantity", "0", 130)
        self.source = line("source", self.tr("e.g. purchase, gift, Chinese database"), 200)
        self.note = line("note", self.tr("note"))
        self.save_button = QPushButton(self.tr("Save acquisition"), objectName="save_acquisition_button")
        self.save_button.clicked.connect(self.save)
        for edit in (self.day, self.quantity, self.source, self.note):
            edit.returnPressed.connect(self.save)
        self.fields = {"day": self.day, "collection_type": self.kind, "quantity": self.quantity,
                       "source": self.source, "note": self.note}
        box = QGroupBox(self.tr("Acquisition not catalogued item by item"))
        row = QHBoxLayout(box)
        for label, widget in ((self.tr("Date"), self.day), (self.tr("Type"), self.kind),
                              (self.tr("Quantity"), self.quantity), (self.tr("Source"), self.source),
                              (self.tr("Note"), self.note)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.save_button)

        self.table = make_table("holdings_table", [self.tr("Type"), *[str(m) for m in range(1, 13)],
                                                   self.tr("Catalogued"), self.tr("Acquired"), self.tr("Total")],
                                stretch_last=False)
        self.acquisitions = make_table("acquisitions_table", [self.tr("Date"), self.tr("Type"), self.tr("Quantity"),
                                                              self.tr("Source"), self.tr("Note")])
        self.summary = QLabel(objectName="holdings_summary")
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(self.status)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(self.tr("Acquisitions of the year")))
        layout.addWidget(self.acquisitions, 1)
        layout.addWidget(self.make_void_bar(self.acquisitions, hold.void_acquisition))

    def title(self) -> str:
        return self.tr("New holdings")

    def refresh(self) -> None:
        with ops.reading(self.context) as s:
            by_month = hold.new_holdings_by_month(s, self.year)
            totals = hold.new_holdings(s, self.year)
            listed = hold.list_acquisitions(s, dt.date(self.year, 1, 1), dt.date(self.year, 12, 31))
            acquisitions = [(a.local_day.isoformat(), type_label(a.collection_type), a.quantity, a.source, a.note)
                            for a in listed]
        rows = [[type_label(kind), *[by_month[(kind, m)].total for m in range(1, 13)],
                 totals[kind].catalogued, totals[kind].acquired, totals[kind].total] for kind in CollectionType]
        fill_table(self.table, rows, right_from=1)
        fill_table(self.acquisitions, acquisitions, right_from=2, right_to=2, ids=[a.id for a in listed])
        self.summary.setText(self.tr("{year}: {n} new holdings").format(
            year=self.year, n=f"{sum(t.total for t in totals.values()):,}"))

    def save(self) -> None:
        day, kind, quantity = self.day.text(), self.kind.currentData(), self.quantity.text()
        source, note = self.source.text(), self.note.text()

        def action(s: Session) -> int:
            return hold.record_acquisition(s, self.context.actor, day, kind, quantity, source, note).id

        if self.run(action, self.tr("Acquisition saved.")) is not None:
            self.quantity.clear()
            self.note.clear()
