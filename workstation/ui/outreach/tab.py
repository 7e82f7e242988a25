"""The Outreach tab: activities, bookmobile trips, volunteers, online and promotion
figures, and new holdings, each a section for the year chosen at the top.

All rules live in ``services/outreach/``; the sections call those services and show results.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTabWidget, QVBoxLayout, QWidget

from workstation.models import Role
from workstation.timeutil import today
from workstation.ui.base_tab import BaseTab
from workstation.ui.context import AppContext
from workstation.ui.outreach.activities import ActivitiesSection
from workstation.ui.outreach.bookmobile import BookmobileSection
from workstation.ui.outreach.common import OutreachSection
from workstation.ui.outreach.holdings import HoldingsSection
from workstation.ui.outreach.metrics import MetricsSection
from workstation.ui.outreach.volunteers import VolunteersSection


class OutreachTab(BaseTab):
    OBJECT_NAME = "outreach_tab"
    MIN_ROLE = Role.DESK

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.year = QSpinBox(objectName="year")
        self.year.setRange(1990, today().year)
        self.year.setValue(today().year)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year")))
        top.addWidget(self.year)
        top.addStretch(1)

        self.activities = ActivitiesSection(context)
        self.bookmobile = BookmobileSection(context)
        self.volunteers = VolunteersSection(context)
        self.metrics = MetricsSection(context)
        self.holdings = HoldingsSection(context)
        self.sections: list[OutreachSection] = [self.activities, self.bookmobile, self.volunteers,
                                                self.metrics, self.holdings]
        self.pages = QTabWidget(objectName="outreach_pages")
        for section in self.sections:
            self.pages.addTab(section, section.title())
        self.pages.currentChanged.connect(lambda _i: self.refresh())

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

    def title(self) -> str:
        return self.tr("Outreach")

    def current_section(self) -> OutreachSection:
        section = self.pages.currentWidget()
        assert isinstance(section, OutreachSection)
        return section

    def show_section(self, section: OutreachSection) -> None:
        self.pages.setCurrentWidget(section)
        self.refresh()

    def refresh(self) -> None:
        """Reload the section on show (the others reload when they are shown)."""
        section = self.current_section()
        section.set_year(self.year.value())
