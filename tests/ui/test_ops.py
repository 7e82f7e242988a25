"""The one door: retries, the error path, the announcement, the worker and the delayed progress."""

from __future__ import annotations

import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.ui.busy import locked_once
from workstation.errors import DatabaseUnavailable, ValidationError
from workstation.models import AuditEntry
from workstation.services import retry
from workstation.services.admin import library
from workstation.ui import ops
from workstation.ui.context import AppContext


def _name(context: AppContext) -> str:
    return ops.read(context, library.library_name)


def _audit_count(context: AppContext) -> int:
    return ops.read(context, lambda s: s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _no_sleep_on_this_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    gui = threading.get_ident()
    real = time.sleep

    def sleep(seconds: float) -> None:
        assert threading.get_ident() != gui, "time.sleep on the GUI thread"
        real(seconds)

    monkeypatch.setattr(time, "sleep", sleep)


def test_run_returns_the_value_and_announces_the_change(ui_context: AppContext, qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    with qtbot.waitSignal(ui_context.data_changed) as changed:
        done = ops.run(ui_context, lambda s: library.set_library_name(s, ui_context.actor, "长治市第二图书馆"),
                       parent=widget, changes="settings")
    assert done is not None and done.value == "长治市第二图书馆"
    assert changed.args == ["settings"]
    assert _name(ui_context) == "长治市第二图书馆"


def test_a_refusal_goes_to_the_banner_and_nothing_is_announced(ui_context: AppContext, qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    errors: list[ValidationError] = []
    announced: list[str] = []
    ui_context.data_changed.connect(announced.append)
    done = ops.run(ui_context, lambda s: library.set_library_name(s, ui_context.actor, "   "), parent=widget,
                   on_error=errors.append, changes="settings")  # type: ignore[arg-type]
    assert done is None
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert announced == []


def test_a_refusal_without_a_banner_is_a_message_box(ui_context: AppContext, qtbot: QtBot,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(ops, "show_error", lambda parent, err: shown.append(err.english()))
    assert ops.run(ui_context, lambda s: library.set_library_name(s, ui_context.actor, ""), parent=None) is None
    assert len(shown) == 1


def test_a_bug_is_logged_with_its_trace_and_named_in_a_box(ui_context: AppContext, qtbot: QtBot,
                                                           caplog: pytest.LogCaptureFixture,
                                                           unexpected_errors: list[BaseException]) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)

    def broken(_s: Session) -> None:
        raise KeyError("no such column")

    assert ops.run(ui_context, broken, parent=widget) is None
    assert len(unexpected_errors) == 1 and isinstance(unexpected_errors[0], KeyError)
    assert "Traceback" in caplog.text and "no such column" in caplog.text
    box = widget.findChild(QWidget, "unexpected_error")
    assert box is not None and box.isVisible()
    assert "workstation.log" in box.findChild(QLabel, "qt_msgbox_label").text()  # type: ignore[union-attr]
    box.close()


def test_a_busy_database_is_tried_again_with_a_timer_not_a_sleep(ui_context: AppContext, qtbot: QtBot,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _no_sleep_on_this_thread(monkeypatch)
    before = _audit_count(ui_context)
    with locked_once(ui_context.db) as trap:
        trap.arm()
        done = ops.run(ui_context, lambda s: library.set_library_name(s, ui_context.actor, "长治"), parent=None)
    assert trap.fired, "the first attempt was refused"
    assert done is not None
    assert _audit_count(ui_context) == before + 1  # done exactly once


def test_a_database_busy_through_every_attempt_says_so(ui_context: AppContext, qtbot: QtBot,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _no_sleep_on_this_thread(monkeypatch)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    monkeypatch.setattr(retry, "POLICY", retry.Policy(attempts=4, pause=0.04))
    errors: list[DatabaseUnavailable] = []
    with locked_once(ui_context.db) as trap:
        def action(s: Session) -> None:
            trap.arm()
            library.set_library_name(s, ui_context.actor, "长治")

        assert ops.run(ui_context, action, parent=None, on_error=errors.append) is None  # type: ignore[arg-type]
    timer.stop()
    assert len(trap.fired) == 4
    assert len(errors) == 1 and errors[0].params == {"n": 4}
    assert ticks, "the event loop turned while the door waited"


def test_a_background_job_runs_on_the_worker_and_answers_on_the_gui_thread(ui_context: AppContext,
                                                                           qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    gui = threading.get_ident()
    seen: dict[str, int] = {}
    results: list[str] = []

    def work(s: Session, progress: ops.Progress) -> str:
        seen["worker"] = threading.get_ident()
        progress(1, 1)
        return library.set_library_name(s, ui_context.actor, "后台")

    def done(value: str) -> None:
        seen["done"] = threading.get_ident()
        results.append(value)

    with qtbot.waitSignal(ui_context.data_changed):
        job = ops.background(ui_context, work, parent=widget, label="x", on_done=done, changes="settings")
        assert not widget.isEnabled()
    assert results == ["后台"]
    assert seen["worker"] != gui and seen["done"] == gui
    assert widget.isEnabled()
    assert job.progress_shown_after is None  # a quick job shows no progress
    assert ops.running() == 0


def test_progress_appears_only_after_the_delay_and_the_loop_keeps_turning(ui_context: AppContext,
                                                                          qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)

    def slow(_s: Session, progress: ops.Progress) -> int:
        for step in range(1, 11):
            time.sleep(0.08)
            progress(step, 10)
        return 10

    job = ops.background(ui_context, slow, parent=widget, label="slow", writes=False)
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=5000)
    timer.stop()
    assert job.progress_shown_after is not None
    assert job.progress_shown_after >= ops.PROGRESS_DELAY_MS / 1000
    assert len(ticks) >= 20  # 0.8 s of work: the timer ticked all along
    assert widget.findChild(QWidget, "ops_progress") is None or not widget.findChild(
        QWidget, "ops_progress").isVisible()  # type: ignore[union-attr]


def test_the_tabs_own_bar_shows_the_progress(ui_context: AppContext, qtbot: QtBot) -> None:
    widget = QWidget()
    bar = QProgressBar(widget)
    bar.hide()
    qtbot.addWidget(widget)
    widget.show()
    shown: list[bool] = []

    def slow(_s: Session, progress: ops.Progress) -> None:
        time.sleep(0.7)
        progress(1, 2)
        time.sleep(0.1)
        shown.append(True)

    ops.background(ui_context, slow, parent=widget, label="slow", writes=False, bar=bar)
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=5000)
    assert shown and not bar.isVisible()


def test_cancelling_rolls_the_whole_job_back(ui_context: AppContext, qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    errors: list[Exception] = []
    started = threading.Event()
    before = _name(ui_context)

    def long(s: Session, progress: ops.Progress) -> None:
        library.set_library_name(s, ui_context.actor, "取消前")
        started.set()
        for step in range(200):
            time.sleep(0.01)
            progress(step, 200)

    job = ops.background(ui_context, long, parent=widget, label="long", cancellable=True,
                         on_error=errors.append)
    qtbot.waitUntil(started.is_set, timeout=3000)
    job.cancel()
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=5000)
    assert len(errors) == 1 and isinstance(errors[0], ops.Cancelled)
    assert _name(ui_context) == before


def test_a_background_job_is_retried_when_the_database_is_busy(ui_context: AppContext, qtbot: QtBot) -> None:
    before = _audit_count(ui_context)
    with locked_once(ui_context.db) as trap:
        trap.arm()
        ops.background(ui_context, lambda s, _p: library.set_library_name(s, ui_context.actor, "重试"),
                       parent=None, label="x")
        qtbot.waitUntil(lambda: ops.running() == 0, timeout=5000)
    assert trap.fired
    assert _name(ui_context) == "重试" and _audit_count(ui_context) == before + 1


def test_a_background_bug_reaches_the_same_error_path(ui_context: AppContext, qtbot: QtBot,
                                                      unexpected_errors: list[BaseException]) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)

    def broken(_s: Session, _p: ops.Progress) -> None:
        raise ZeroDivisionError

    ops.background(ui_context, broken, parent=widget, label="x")
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=5000)
    assert len(unexpected_errors) == 1 and isinstance(unexpected_errors[0], ZeroDivisionError)
    for box in widget.findChildren(QWidget, "unexpected_error"):
        box.close()
    QApplication.processEvents()


def test_a_job_whose_window_closed_meanwhile_answers_nobody(ui_context: AppContext, qtbot: QtBot) -> None:
    widget = QWidget()
    answered: list[str] = []
    release = threading.Event()

    def work(s: Session, _p: ops.Progress) -> str:
        release.wait(5)
        return library.set_library_name(s, ui_context.actor, "关窗之后")

    ops.background(ui_context, work, parent=widget, label="x", on_done=answered.append)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(widget), timeout=3000)
    release.set()
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=5000)
    assert answered == []
    assert _name(ui_context) == "关窗之后"  # the work itself was done and committed
