"""The house rules, checked on the source: layers import only downwards, and an area wing
reaches another only through that wing's public module (its package).

- models, services, reports, demo and db never import ``workstation.ui`` (and, checked by
  tests/test_layers.py, never Qt);
- a module of one services wing (admin, circulation, reading, digitization, outreach) imports
  another wing only as ``from workstation.services.<wing> import …`` (the names its
  ``__init__`` exports), never that wing's inner modules;
- a ui area folder never imports another ui area folder (the shell and ``ui/widgets`` and
  ``ui/models`` are shared).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workstation"
SERVICE_WINGS = ("admin", "catalogue", "circulation", "reading", "digitization", "outreach", "bookmobile")
UI_AREAS = ("catalogue", "circulation", "reading", "digitization", "outreach", "statistics", "admin", "bookmobile")
BELOW_UI = ("models", "services", "reports", "demo", "db.py", "migrations")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """(line, module, names) of every import in the file, those inside functions included."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module, [a.name for a in node.names]


def python_files(*parts: str) -> list[Path]:
    found: list[Path] = []
    for part in parts:
        target = PACKAGE / part
        found += [target] if target.suffix == ".py" else sorted(target.rglob("*.py"))
    return found


def test_nothing_below_the_ui_imports_it() -> None:
    bad = [f"{module_name(p)}:{line} imports {mod}" for p in python_files(*BELOW_UI)
           for line, mod, _names in imports(p) if mod == "workstation.ui" or mod.startswith("workstation.ui.")]
    assert bad == []


def wing_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["workstation", "services"] and parts[2] in SERVICE_WINGS \
        else None


def test_a_service_wing_reaches_another_only_through_its_package() -> None:
    bad = []
    for path in python_files("services"):
        own = wing_of(module_name(path))
        for line, mod, names in imports(path):
            other = wing_of(mod)
            if other is None or other == own:
                continue
            inner = mod != f"workstation.services.{other}"
            submodule = any((PACKAGE / "services" / other / f"{name}.py").exists() for name in names)
            if inner or submodule:
                bad.append(f"{module_name(path)}:{line} reaches into {mod} {names}")
    assert bad == [], "import the other wing's package (add the name to its __init__):\n" + "\n".join(bad)


def test_a_ui_area_does_not_import_another() -> None:
    bad = []
    for area in UI_AREAS:
        for path in python_files(f"ui/{area}"):
            for line, mod, _names in imports(path):
                parts = mod.split(".")
                if parts[:2] == ["workstation", "ui"] and len(parts) > 2 and parts[2] in UI_AREAS \
                        and parts[2] != area:
                    bad.append(f"{module_name(path)}:{line} imports {mod}")
    assert bad == []


def test_the_rules_see_the_code() -> None:
    """Guards against a check that passes because it looks at nothing."""
    assert len(python_files("services")) > 30 and len(python_files("ui/circulation")) >= 3
    loans = PACKAGE / "services" / "circulation" / "loans.py"
    assert any(mod == "workstation.services.admin" and "manager_for_override" in names
               for _line, mod, names in imports(loans))
