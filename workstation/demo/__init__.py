"""The demonstration database: Changzhi City Library's 2019 (and earlier years for
comparison) generated as recorded transactions from a fixed seed. Qt-free.

The generator (numpy, the services of every area) loads only when one of its names is
used: the program reads the demo's mark (``demo.accounts``) at every start."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workstation.demo.build import DemoOptions, DemoReport, build_demo, demo_marker, is_demo, targets_for
    from workstation.demo.targets import SEED_2019, YearTarget, target

_WHERE = {name: "workstation.demo.build" for name in
          ("DemoOptions", "DemoReport", "build_demo", "demo_marker", "is_demo", "targets_for")}
_WHERE.update({name: "workstation.demo.targets" for name in ("SEED_2019", "YearTarget", "target")})

__all__ = ["SEED_2019", "DemoOptions", "DemoReport", "YearTarget", "build_demo", "demo_marker", "is_demo", "target",
           "targets_for"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'workstation.demo' has no attribute {name!r}")
