"""The tabs of the main window, in order, described as data.

A tab's module (and what it imports: matplotlib for the charts, openpyxl for reports) is
loaded only when the tab is first shown, so the main window opens without them. The title,
object name and lowest role are kept here so the window can list the tabs without importing
them; tests/ui/test_tabs.py checks that each entry agrees with its class.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from workstation.models import Role
from workstation.ui.base_tab import BaseTab


@dataclass(frozen=True)
class TabSpec:
    module: str
    class_name: str
    object_name: str
    min_role: Role
    title_source: str  # the English title given to the class's tr(); its translation context is the class

    def available_to(self, role: Role) -> bool:
        return role.rank >= self.min_role.rank

    def title(self) -> str:
        return QCoreApplication.translate(self.class_name, self.title_source)

    def load(self) -> type[BaseTab]:
        cls = getattr(importlib.import_module(self.module), self.class_name)
        if not (isinstance(cls, type) and issubclass(cls, BaseTab)):
            raise TypeError(f"{self.module}:{self.class_name} is not a BaseTab")
        return cls


TABS: tuple[TabSpec, ...] = (
    TabSpec("workstation.ui.circulation.tab", "CirculationTab", "circulation_tab", Role.DESK, "Circulation"),
    TabSpec("workstation.ui.reading.tab", "ReadingTab", "reading_tab", Role.DESK, "Reading rooms"),
    TabSpec("workstation.ui.catalogue.tab", "CatalogueTab", "catalogue_tab", Role.DESK, "Catalogue"),
    TabSpec("workstation.ui.digitization.tab", "DigitizationTab", "digitization_tab", Role.DESK, "Digitization"),
    TabSpec("workstation.ui.outreach.tab", "OutreachTab", "outreach_tab", Role.DESK, "Outreach"),
    TabSpec("workstation.ui.bookmobile.tab", "BookmobileTab", "bookmobile_tab", Role.DESK, "Bookmobile"),
    TabSpec("workstation.ui.statistics.charts_tab", "ChartsTab", "charts_tab", Role.MANAGER, "Charts"),
    TabSpec("workstation.ui.statistics.reports_tab", "ReportsTab", "reports_tab", Role.MANAGER, "Reports"),
    TabSpec("workstation.ui.admin.tab", "AdminTab", "admin_tab", Role.ADMIN, "Admin"),
    TabSpec("workstation.ui.admin.account_tab", "AccountTab", "account_tab", Role.DESK, "My account"),
)


def load_tab_classes() -> list[type[BaseTab]]:
    """Every tab class, imported (for tests and tools that need them all)."""
    return [spec.load() for spec in TABS]
