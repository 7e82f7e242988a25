"""No module under workstation/ui opens a Session or a transaction, or retries, outside the
door (ui/ops.py): every database action of the UI goes through it."""

from __future__ import annotations

import ast

from tests import paths

UI = paths.ROOT / "workstation" / "ui"

# The door itself; nothing else.
ALLOWED = ("ops.py",)


def violations(source: str) -> list[str]:
    """``.begin(``, ``Session(``, ``sessionmaker`` and ``retry.run`` in ``source``, with their lines."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "begin":
                found.append(f"{node.lineno}: .begin(")
            if isinstance(func, ast.Name | ast.Attribute) and (
                    getattr(func, "id", None) == "Session" or getattr(func, "attr", None) == "Session"):
                found.append(f"{node.lineno}: Session(")
            if (isinstance(func, ast.Attribute) and func.attr == "run" and isinstance(func.value, ast.Name)
                    and func.value.id == "retry"):
                found.append(f"{node.lineno}: retry.run")
            # the desk runs its own transactions: in the UI it must be given the door's runner
            if getattr(func, "id", getattr(func, "attr", None)) == "DeskSession" \
                    and not any(k.arg == "runner" for k in node.keywords):
                found.append(f"{node.lineno}: DeskSession( without the door's runner")
        if (isinstance(node, ast.Name) and node.id == "sessionmaker") or (
                isinstance(node, ast.Attribute) and node.attr == "sessionmaker"):
            found.append(f"{node.lineno}: sessionmaker")
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {alias.name for alias in node.names}
            if node.module.endswith("retry") and "run" in names:
                found.append(f"{node.lineno}: retry.run")
            if "sessionmaker" in names:
                found.append(f"{node.lineno}: sessionmaker")
    return found


def test_the_check_finds_each_way_round_the_door() -> None:
    source = """
from sqlalchemy.orm import Session, sessionmaker
from workstation.services.retry import run
with db.begin() as s: pass
s = Session(engine)
retry.run(db, action)
desk = DeskSession(db, actor)
"""
    assert sorted(violations(source)) == ["2: sessionmaker", "3: retry.run", "4: .begin(", "5: Session(",
                                          "6: retry.run", "7: DeskSession( without the door's runner"]
    assert violations("desk = DeskSession(db, actor, runner=door)\n") == []
    assert violations("with ops.reading(self.context) as s:\n    x: Session = s\n") == []


def test_no_ui_module_opens_a_transaction_outside_the_door() -> None:
    modules = sorted(UI.rglob("*.py"))
    assert len(modules) > 40
    checked, problems = 0, {}
    for path in modules:
        relative = path.relative_to(UI).as_posix()
        if relative in ALLOWED:
            continue
        checked += 1
        found = violations(path.read_text(encoding="utf-8"))
        if found:
            problems[relative] = found
    assert problems == {}
    assert checked >= 35
    assert violations((UI / "ops.py").read_text(encoding="utf-8"))  # the door is where they are
