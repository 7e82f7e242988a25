"""The one door through which the UI touches the database (after Anki's ``aqt.operations``,
``taskman`` and ``progress``).

A tab never opens a Session or a transaction itself; it hands a function of a Session to
one of three calls here:

- ``read(where, fn)`` or ``with reading(where) as s:``: what a view shows, in one
  transaction; a failure goes up to the caller (in a refresh: to the exception hook).
  ``read`` runs ``fn`` again while the database is busy.
- ``run(where, fn, parent=…)``: a quick action on the GUI thread (a count, a setting, a
  record). Every attempt runs in its own transaction and is run again from the start while
  another desk holds the database (``services.retry.POLICY``: the same policy as scripts
  and servers, but the wait between attempts is a Qt timer in a local event loop that
  leaves out user input, never ``time.sleep``). A ``WorkstationError`` goes to
  ``on_error`` (the tab's banner) or a message box; anything else is a bug: logged with
  its trace and shown as "unexpected error" with the log file's name. On success the areas
  in ``changes`` are announced on ``context.data_changed``, and ``Done(value)`` is returned
  (``None`` after a failure).
- ``task(fn, parent=…)``: the same for a long job that needs no Session (the daily backup).
- ``background(where, fn, parent=…)``: a long job (imports, anonymising, the workbook) on
  the one worker thread, with its own Session. ``fn(session, progress)`` must not touch
  widgets; it reports ``progress(step, steps)``. The parent is disabled meanwhile, and a
  progress dialog (or the tab's own bar) appears only when the job is still running after
  ``PROGRESS_DELAY_MS``. Results, errors and the announcement come back on the GUI thread
  through a queued signal, with the same error path as ``run``. With ``cancellable``, the
  dialog's Cancel makes the next ``progress`` call raise ``Cancelled``, which rolls the
  whole transaction back.

This module loads no database code at import: the login window imports it before
SQLAlchemy is loaded.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressBar, QProgressDialog, QWidget

from workstation.errors import N_, WorkstationError
from workstation.logs import log_file
from workstation.ui.messages import show_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workstation.db import Database
    from workstation.ui.context import AppContext

T = TypeVar("T")

PROGRESS_DELAY_MS = 500  # a job that ends sooner shows no progress at all

log = logging.getLogger("workstation.bug")



class Progress(Protocol):
    """How a background job reports: step ``step`` of ``steps``, optionally naming it."""

    def __call__(self, step: int, steps: int, label: str = "", /) -> None: ...


OnError = Callable[[WorkstationError], None]


class Cancelled(WorkstationError):
    template = N_("Cancelled; nothing was changed.")

    def __init__(self) -> None:
        super().__init__(self.template)


@dataclass(frozen=True)
class Done(Generic[T]):
    """What a successful action returned (``run`` gives ``None`` after a failure)."""

    value: T


def _split(where: AppContext | Database) -> tuple[Database, AppContext | None]:
    db = getattr(where, "db", None)
    if db is not None:  # an AppContext
        return db, where  # type: ignore[return-value]
    return where, None  # type: ignore[return-value]


def _areas(changes: str | Iterable[str]) -> tuple[str, ...]:
    return (changes,) if isinstance(changes, str) else tuple(changes)


def announce(context: AppContext | None, changes: str | Iterable[str]) -> None:
    """Tell every view what changed (``context.data_changed``, once per area)."""
    if context is None:
        return
    for area in _areas(changes):
        context.data_changed.emit(area)


# -- the error path ------------------------------------------------------------------------

def report_unexpected(parent: QWidget | None, exc: BaseException) -> None:
    """A bug: its trace goes to the log, and the librarian is told where the log is.
    The box is opened, not executed, so nothing waits on it."""
    log.error("unexpected error in an action", exc_info=(type(exc), exc, exc.__traceback__))
    text = QCoreApplication.translate(
        "ops", "An unexpected error occurred; it was written to the log file {path}. "
               "The last action may not have been saved.").format(path=str(log_file()))
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("ops", "Unexpected error"), text,
                      QMessageBox.StandardButton.Ok, parent if _alive(parent) else None)
    box.setObjectName("unexpected_error")
    box.setDetailedText("".join(traceback.format_exception_only(type(exc), exc)))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def fail(parent: QWidget | None, exc: BaseException, on_error: OnError | None = None) -> None:
    """The one error path: a ``WorkstationError`` to ``on_error`` (the tab's banner) or a
    message box, anything else to the log and the "unexpected error" box."""
    if isinstance(exc, WorkstationError):
        if on_error is not None:
            on_error(exc)
        else:
            show_error(parent if _alive(parent) else None, exc)
    else:
        report_unexpected(parent, exc)


def _alive(widget: QObject | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)


# -- on the GUI thread ---------------------------------------------------------------------

def _wait(seconds: float) -> None:
    """Wait between two attempts without blocking the window: timers and painting go on,
    while clicks and keys wait (queued, not lost) so no second action starts inside this one."""
    if QCoreApplication.instance() is None:  # pragma: no cover - the UI always has one
        time.sleep(seconds)
        return
    loop = QEventLoop()
    QTimer.singleShot(max(1, int(seconds * 1000)), loop.quit)
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)


def _attempts(db: Database, action: Callable[[Session], T], writes: bool) -> T:
    from workstation.services.retry import POLICY

    attempt = 1
    while True:
        try:
            return POLICY.once(db, action, writes=writes)
        except Exception as exc:  # wait_after raises what is not worth a retry
            pause = POLICY.wait_after(exc, attempt)
        _wait(pause)
        attempt += 1


def attempts(where: AppContext | Database, action: Callable[[Session], T], *, writes: bool = True) -> T:
    """For a Qt-free client that answers its own errors (the desk's ``DeskSession`` turns a
    refusal into an outcome): ``action`` in one transaction, run again while the database is
    busy, waiting the GUI's way; whatever it raises goes to the caller."""
    db, _context = _split(where)
    return _attempts(db, action, writes)


def read(where: AppContext | Database, fn: Callable[[Session], T]) -> T:
    """What a view shows, read in one transaction (run again while the database is busy)."""
    db, _context = _split(where)
    return _attempts(db, fn, writes=False)


@contextmanager
def reading(where: AppContext | Database) -> Iterator[Session]:
    """A Session for a view to read what it shows in one transaction: ``with
    ops.reading(context) as s: ...``. Reads do not wait on writers, so this is not retried;
    a change made here is refused (writes go through ``run`` or ``background``)."""
    db, _context = _split(where)
    with db.begin() as session:
        yield session
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("a change inside ops.reading(); save through ops.run() or ops.background()")


def run(where: AppContext | Database, action: Callable[[Session], T], *, parent: QWidget | None,
        on_error: OnError | None = None, changes: str | Iterable[str] = (), writes: bool = True) -> Done[T] | None:
    """A quick action on the GUI thread: retried while the database is busy, its error shown
    through the one error path, its change announced. ``Done(value)`` or ``None``."""
    db, context = _split(where)
    try:
        value = _attempts(db, action, writes)
    except Exception as exc:  # the one error path decides
        fail(parent, exc, on_error)
        return None
    announce(context, changes)
    return Done(value)


# -- on the worker thread ------------------------------------------------------------------

_worker: ThreadPoolExecutor | None = None
_running: set[Job] = set()


def _executor() -> ThreadPoolExecutor:
    global _worker
    if _worker is None:
        _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workstation-op")
    return _worker


def running() -> int:
    """Background jobs not yet finished (on the GUI thread's side)."""
    return len(_running)


class Job(QObject):
    """One background action. Its signals cross from the worker to the GUI thread."""

    _progressed = Signal(int, int, str)
    _ended = Signal(bool, object)  # ok, value or exception
    finished = Signal(bool)  # on the GUI thread, after the callbacks: ok or not

    def __init__(self, context: AppContext | None, work: Callable[[Progress], Any], *,
                 parent: QWidget | None, label: str, on_done: Callable[[Any], None] | None,
                 on_error: OnError | None, changes: tuple[str, ...], cancellable: bool,
                 bar: QProgressBar | None, on_progress: Callable[[int, int, str], None] | None) -> None:
        super().__init__()
        self.context, self.work = context, work
        self.widget, self.label, self.on_done, self.on_error = parent, label, on_done, on_error
        self.changes, self.cancellable, self.bar = changes, cancellable, bar
        self.on_progress = on_progress
        self.cancelled = False
        self.done = False
        self.dialog: QProgressDialog | None = None
        self.progress_shown_after: float | None = None  # seconds after the start, for tests and logs
        self.started = time.monotonic()
        self._last_report: tuple[int, str] | None = None
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setTimerType(Qt.TimerType.PreciseTimer)
        self._progressed.connect(self._show_step, Qt.ConnectionType.QueuedConnection)
        self._ended.connect(self._end, Qt.ConnectionType.QueuedConnection)

    # worker thread
    def _progress(self, step: int, steps: int, label: str = "", /) -> None:
        if self.cancelled:
            raise Cancelled()
        # at most one report per percent (or per named step) crosses to the GUI thread
        report = (step * 100 // max(steps, 1), label)
        if report != self._last_report:
            self._last_report = report
            self._progressed.emit(step, steps, label)

    def _work(self) -> None:
        try:
            value = self.work(self._progress)
        except BaseException as exc:  # handed to the GUI thread's error path
            self._ended.emit(False, exc)
        else:
            self._ended.emit(True, value)

    # GUI thread
    def start(self) -> Job:
        _running.add(self)
        if _alive(self.widget):
            assert self.widget is not None
            self.widget.setEnabled(False)
        self.started = time.monotonic()
        self._delay.timeout.connect(self._show_progress)
        self._delay.start(PROGRESS_DELAY_MS)
        _executor().submit(self._work)
        return self

    def cancel(self) -> None:
        self.cancelled = True

    def _show_progress(self) -> None:
        if self.done:
            return
        self.progress_shown_after = time.monotonic() - self.started
        if self.bar is not None and _alive(self.bar):
            self.bar.setRange(0, 0)
            self.bar.show()
            return
        owner = self.widget.window() if _alive(self.widget) and self.widget is not None else None
        cancel = QCoreApplication.translate("ops", "Cancel") if self.cancellable else ""
        dialog = QProgressDialog(self.label, cancel, 0, 0, owner)
        dialog.setObjectName("ops_progress")
        dialog.setWindowTitle(self.label)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self.cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        self.dialog = dialog

    def _show_step(self, step: int, steps: int, label: str) -> None:
        if self.on_progress is not None and (self.widget is None or _alive(self.widget)):
            self.on_progress(step, steps, label)
        if label and self.dialog is not None:
            self.dialog.setLabelText(label)
        for bar in (self.dialog, self.bar if self.progress_shown_after is not None else None):
            if bar is not None and _alive(bar):
                bar.setMaximum(max(steps, 1))
                bar.setValue(min(step, steps))

    def _end(self, ok: bool, result: object) -> None:
        self.done = True
        self._delay.stop()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if self.bar is not None and _alive(self.bar):
            self.bar.hide()
        # a job without a parent answers; one whose parent was closed meanwhile does not
        alive = self.widget is None or _alive(self.widget)
        if alive and self.widget is not None:
            self.widget.setEnabled(True)
        try:
            if ok:
                announce(self.context, self.changes)
                if self.on_done is not None and alive:
                    self.on_done(result)
            elif alive:
                assert isinstance(result, BaseException)
                fail(self.widget, result, self.on_error)
            elif not isinstance(result, WorkstationError):
                assert isinstance(result, BaseException)
                log.error("unexpected error in a background action", exc_info=(type(result), result,
                                                                                result.__traceback__))
        finally:
            _running.discard(self)  # counted until its answer has been given
            self.finished.emit(ok)
            self.deleteLater()


def background(where: AppContext | Database, action: Callable[[Session, Progress], T], *, parent: QWidget | None,
               label: str, on_done: Callable[[T], None] | None = None, on_error: OnError | None = None,
               changes: str | Iterable[str] = (), writes: bool = True, cancellable: bool = False,
               bar: QProgressBar | None = None,
               on_progress: Callable[[int, int, str], None] | None = None) -> Job:
    """A long action on the one worker thread, with its own Session; see the module's text.
    ``on_progress(step, steps, label)`` follows the job on the GUI thread from the start
    (for a tab that shows its own steps); the dialog or ``bar`` appears only after the delay."""
    db, context = _split(where)

    def work(progress: Progress) -> T:
        from workstation.services import retry

        return retry.run(db, lambda s: action(s, progress), writes=writes)

    return Job(context, work, parent=parent, label=label, on_done=on_done, on_error=on_error,
               changes=_areas(changes), cancellable=cancellable, bar=bar, on_progress=on_progress).start()


def task(work: Callable[[Progress], T], *, parent: QWidget | None, label: str,
         on_done: Callable[[T], None] | None = None, on_error: OnError | None = None) -> Job:
    """A long job on the same worker that needs no Session of its own (a backup copies the
    database file through the database's own API): the same delayed progress, answer and
    error path as ``background``, without the transaction and its retries."""
    return Job(None, work, parent=parent, label=label, on_done=on_done, on_error=on_error, changes=(),
               cancellable=False, bar=None, on_progress=None).start()
