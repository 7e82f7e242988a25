"""The circulation tab and its dialogs reach lending, returning and readers only through the
desk (``services/circulation/desk.py``): checked on their source."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from types import ModuleType

import pytest

from workstation.services.circulation import desk, loans, readers
from workstation.services.circulation.desk import DeskSession

UI = Path(desk.__file__).resolve().parents[2] / "ui" / "circulation"
SOURCES = [UI / "tab.py", UI / "dialogs.py"]
GUARDED = {"workstation.services.circulation.loans": loans, "workstation.services.circulation.readers": readers}


def use_cases(module: ModuleType) -> set[str]:
    """The module's functions that run on a database session: its use cases."""
    found = set()
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        if fn.__module__ != module.__name__:
            continue
        params = list(inspect.signature(fn).parameters.values())
        if params and (params[0].name == "session" or "Session" in str(params[0].annotation)):
            found.add(name)
    return found


def test_use_cases_are_recognised() -> None:
    assert {"checkout", "checkin", "renew", "authorize_override", "reader_panel"} <= use_cases(loans)
    assert {"register_reader", "search_readers", "set_reader_status", "find_by_card"} <= use_cases(readers)
    assert "validate_card_number" not in use_cases(readers)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_loans_or_readers_use_case_is_imported(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not {a.name for a in node.names} & set(GUARDED), ast.unparse(node)
        elif isinstance(node, ast.ImportFrom) and node.module == "workstation.services.circulation":
            assert not {a.name for a in node.names} & {"loans", "readers"}, ast.unparse(node)
        elif isinstance(node, ast.ImportFrom) and node.module in GUARDED:
            forbidden = use_cases(GUARDED[node.module])
            assert not {a.name for a in node.names} & forbidden, ast.unparse(node)


def test_the_tab_opens_no_transaction_and_calls_the_desk_in_one_place() -> None:
    tree = ast.parse((UI / "tab.py").read_text(encoding="utf-8"))
    methods = {name for name, _ in inspect.getmembers(DeskSession, inspect.isfunction) if not name.startswith("_")}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.module not in ("workstation.services.retry", "sqlalchemy", "sqlalchemy.orm"), \
                ast.unparse(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = ast.unparse(node.func.value)
            assert node.func.attr != "begin", ast.unparse(node)
            # the desk's methods are called as d.method(...) inside self._desk(lambda d: ...)
            assert not (target == "self.desk" and node.func.attr in methods), ast.unparse(node)
