"""The tabs of the main window, in order. Each entry is "module:Class" of a BaseTab;
modules are imported when the window is built, so a tab's code loads only when used."""

from __future__ import annotations

import importlib

from workstation.ui.base_tab import BaseTab

TAB_CLASSES: list[str] = [
    "workstation.ui.circulation_tab:CirculationTab",
    "workstation.ui.reading_tab:ReadingTab",
    "workstation.ui.digitization_tab:DigitizationTab",
    "workstation.ui.outreach_tab:OutreachTab",
    "workstation.ui.charts_tab:ChartsTab",
    "workstation.ui.reports_tab:ReportsTab",
    "workstation.ui.admin_tab:AdminTab",
    "workstation.ui.account_tab:AccountTab",
]


def load_tab_classes() -> list[type[BaseTab]]:
    classes = []
    for spec in TAB_CLASSES:
        module_name, class_name = spec.split(":")
        cls = getattr(importlib.import_module(module_name), class_name)
        assert issubclass(cls, BaseTab), spec
        classes.append(cls)
    return classes
