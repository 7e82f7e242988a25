"""The demonstration database: Changzhi City Library's 2019 (and earlier years for
comparison) generated as recorded transactions from a fixed seed. Qt-free."""

from workstation.demo.build import DemoOptions, DemoReport, build_demo, demo_marker, is_demo, targets_for
from workstation.demo.targets import SEED_2019, YearTarget, target

__all__ = ["SEED_2019", "DemoOptions", "DemoReport", "YearTarget", "build_demo", "demo_marker", "is_demo", "target",
           "targets_for"]
