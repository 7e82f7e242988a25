"""The core (models, services, reports) is a library that works without Qt."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BLOCK_QT = textwrap.dedent("""
    import importlib, pkgutil, sys

    class NoQt:
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6" or name.startswith(("PySide6.", "shiboken6")):
                raise ImportError(f"{name} is blocked in this test")
            return None

    sys.meta_path.insert(0, NoQt())
    import workstation.models, workstation.services, workstation.reports, workstation.demo
    count = 0
    for package in (workstation.models, workstation.services, workstation.reports, workstation.demo):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
            count += 1
    assert "PySide6" not in sys.modules
    print("imported", count)
""")


def test_core_imports_without_pyside6() -> None:
    result = subprocess.run([sys.executable, "-c", BLOCK_QT], capture_output=True, text=True, cwd=ROOT,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("imported ")


def test_the_block_really_blocks() -> None:
    probe = BLOCK_QT.replace("import workstation.models, workstation.services, workstation.reports, workstation.demo",
                             "import PySide6.QtCore")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "blocked" in result.stderr
