"""Benchmarks of the program as a whole (issue 8): each prints one JSON line.

    python -m benchmarks.bench_app startup bare            a bare PySide6 main window, shown
    python -m benchmarks.bench_app startup main --db PATH  the program's main window, logged in
    python -m benchmarks.bench_app startup first --db PATH the program as `workstation --db PATH`
                                                           starts it, to its first window (the
                                                           login) painted
    python -m benchmarks.bench_app startup login --db PATH the program as `workstation --db PATH`
                                                           starts it; the demo manager's name
                                                           and password typed a second after the
                                                           login window is ready, then Enter:
                                                           the milliseconds from Enter to the
                                                           main window painted
    python -m benchmarks.bench_app loan-history --db PATH  peak memory with every loan of the
                                                           database in the lazy table view,
                                                           scrolled to the end
    python -m benchmarks.bench_app import [-n ROWS]        catalogue import of items through the
                                                           services against bare executemany

``startup`` is timed by the caller as the wall time of the whole process (interpreter start
to the window painted and the process gone), so both sides pay the same interpreter start.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def peak_rss_mb() -> float:
    """This process's peak resident memory. ``VmHWM`` belongs to the process's own memory
    map, whereas ``ru_maxrss`` survives ``exec`` and would report a big parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB; macOS: bytes


def first_window(db_path: Path) -> None:
    """Run the real start-up path and leave the moment the login window has been painted."""
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()  # no remembered settings of this machine
    from PySide6.QtGui import QPaintEvent

    from workstation import cli
    from workstation.ui.login_dialog import LoginDialog

    painted = LoginDialog.paintEvent

    def paint_then_leave(self: LoginDialog, event: QPaintEvent) -> None:
        painted(self, event)
        print(json.dumps({"peak_rss_mb": peak_rss_mb(), "database_layer_loaded": "sqlalchemy" in sys.modules}),
              flush=True)
        os._exit(0)

    LoginDialog.paintEvent = paint_then_leave  # type: ignore[method-assign]
    cli.main(["--db", f"sqlite:///{db_path}"])
    raise SystemExit("the login window was never painted")


def login_to_main(db_path: Path, typing_s: float = 1.0) -> None:
    """The wait a librarian sees after pressing Enter on the login: from the key to the main
    window painted, on the real start-up path (nothing of the program imported here first).
    The name and password are typed ``typing_s`` after the login window can log in, as a
    person would; what the program does meanwhile is its own business."""
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()  # no remembered settings of this machine
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QWidget

    from workstation import cli
    from workstation.ui.login_dialog import LoginDialog

    marks: dict[str, float] = {}

    def finish() -> None:
        if "painted" in marks:
            return
        marks["painted"] = time.perf_counter()
        print(json.dumps({"login_to_main_ms": (marks["painted"] - marks["enter"]) * 1000,
                          "peak_rss_mb": peak_rss_mb()}), flush=True)
        os._exit(0)

    class PaintWatch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if "enter" in marks and "paint_seen" not in marks and event.type() == QEvent.Type.Paint \
                    and isinstance(obj, QWidget) and obj.window().objectName() == "main_window":
                marks["paint_seen"] = time.perf_counter()
                QTimer.singleShot(0, finish)  # after this batch of paint events
            return False

    attach = LoginDialog.attach

    def attach_then_type(self: LoginDialog, db: object) -> None:
        attach(self, db)  # type: ignore[arg-type]

        def type_and_enter() -> None:
            self.username.setText("demo-manager")
            self.password.setText("demo-manager-2019")
            self.password.setFocus()
            marks["enter"] = time.perf_counter()
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(self.password, QKeyEvent(kind, Qt.Key.Key_Return,
                                                                Qt.KeyboardModifier.NoModifier, "\r"))

        QTimer.singleShot(int(typing_s * 1000), type_and_enter)

    LoginDialog.attach = attach_then_type  # type: ignore[method-assign]
    watch = PaintWatch()
    app_instance = QApplication.instance() or QApplication(sys.argv[:1])
    app_instance.installEventFilter(watch)
    cli.main(["--db", f"sqlite:///{db_path}"])
    raise SystemExit("the main window was never painted")


def startup(kind: str, db_path: Path | None) -> dict[str, float]:
    if kind == "login":
        assert db_path is not None
        login_to_main(db_path)
    if kind == "first":
        assert db_path is not None
        first_window(db_path)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    if kind == "bare":
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1280, 800)
        window.setWindowTitle("bare")
        window.show()
    else:
        from PySide6.QtCore import QSettings
        from sqlalchemy import select

        from workstation.db import open_database
        from workstation.models import ServicePoint, Staff
        from workstation.services.context import Actor
        from workstation.ui.app import make_application
        from workstation.ui.context import AppContext, ServicePointInfo
        from workstation.ui.main_window import MainWindow

        assert db_path is not None
        app = make_application("zh_CN")
        db = open_database(f"sqlite:///{db_path}")
        with db.begin() as s:
            staff = s.scalar(select(Staff).where(Staff.username == "demo-manager"))
            point = s.scalar(select(ServicePoint).where(ServicePoint.name == "综合借阅处"))
            assert staff is not None and point is not None
            actor = Actor.of(staff, "bench", point.id)
            info = ServicePointInfo(point.id, point.name, point.kind)
        settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
        window = MainWindow(AppContext(db, actor, info, settings), demo=True)
        window.resize(1280, 800)
        window.show()
    QTimer.singleShot(0, app.quit)  # after the first paint of the shown window
    app.exec()
    return {"peak_rss_mb": peak_rss_mb()}


def loan_history(db_path: Path) -> dict[str, float]:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QApplication, QTableView

    from workstation.db import open_database
    from workstation.ui.i18n import install_font, install_translations
    from workstation.ui.models.loan_history import LoanHistoryModel

    app = QApplication(sys.argv[:1])
    install_font(app)
    install_translations(app, "zh_CN")
    db = open_database(f"sqlite:///{db_path}")
    before = peak_rss_mb()
    started = time.perf_counter()
    model = LoanHistoryModel(db)
    view = QTableView()
    view.setModel(model)
    view.resize(1280, 800)
    view.show()
    app.processEvents()
    steps = 0
    while model.canFetchMore(QModelIndex()):
        view.scrollToBottom()  # the view asks the model for more as it reaches the end
        app.processEvents()
        if model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        steps += 1
    view.scrollToBottom()
    app.processEvents()
    last = model.index(model.rowCount() - 1, 1).data()
    seconds = time.perf_counter() - started
    return {"rows": model.rowCount(), "seconds": seconds, "peak_rss_mb": peak_rss_mb(),
            "rss_before_mb": before, "fetches": steps, "last_barcode_shown": bool(last)}


def history_screen(db_path: Path) -> dict[str, float]:
    """The desk's loan-history window (``ui/circulation/records.HistoryDialog``) on every
    loan of the library, as a manager opens it, scrolled to the end; then its filters (one
    year, returned loans) applied and scrolled to the end again."""
    import datetime as dt
    import tempfile

    from PySide6.QtCore import QDate, QModelIndex, QSettings
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from workstation.db import open_database
    from workstation.models import ServicePoint, Staff
    from workstation.services.context import Actor
    from workstation.ui.circulation.records import HistoryDialog
    from workstation.ui.context import AppContext, ServicePointInfo
    from workstation.ui.i18n import install_font, install_translations

    app = QApplication(sys.argv[:1])
    install_font(app)
    install_translations(app, "zh_CN")
    db = open_database(f"sqlite:///{db_path}")
    with db.begin() as s:
        staff = s.scalar(select(Staff).where(Staff.username == "demo-admin"))
        point = s.scalar(select(ServicePoint).where(ServicePoint.name == "综合借阅处"))
        assert staff is not None and point is not None, "not a demo database"
        context = AppContext(db, Actor.of(staff, "bench", point.id), ServicePointInfo(point.id, point.name, point.kind),
                             QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat))
    before = peak_rss_mb()
    started = time.perf_counter()
    dialog = HistoryDialog(context)
    dialog.resize(1280, 800)
    dialog.show()
    app.processEvents()

    def to_the_end() -> None:
        while dialog.model.canFetchMore(QModelIndex()):
            dialog.view.scrollToBottom()
            app.processEvents()
            if dialog.model.canFetchMore(QModelIndex()):
                dialog.model.fetchMore(QModelIndex())
        dialog.view.scrollToBottom()
        app.processEvents()

    to_the_end()
    rows = dialog.model.rowCount()
    last = dialog.model.index(rows - 1, 1).data()
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_rss_mb": peak_rss_mb(), "rss_before_mb": before,
                      "phase": "scrolled"}), flush=True)
    t1 = time.perf_counter()
    dialog.first.setDate(QDate(2015, 1, 1))
    dialog.last.setDate(QDate(2015, 12, 31))
    dialog.state.setCurrentIndex(dialog.state.findData("returned"))
    to_the_end()
    filtered_rows = dialog.model.rowCount()
    assert dt.date(2015, 1, 1)
    return {"rows": rows, "seconds": seconds, "peak_rss_mb": peak_rss_mb(), "rss_before_mb": before,
            "last_barcode_shown": bool(last), "filtered_rows": filtered_rows,
            "filtered_seconds": time.perf_counter() - t1}


def catalogue_import(n: int) -> dict[str, float]:
    """Import ``n`` items from a CSV file through the services (read and check every row,
    then insert in one transaction with its audit entry), against bare ``executemany`` of
    the same rows into the same table of another new database."""
    from sqlalchemy import select

    from workstation.db import open_database
    from workstation.models import ServicePoint
    from workstation.services.admin import staff as staff_service
    from workstation.services.circulation import catalogue_import as importer
    from workstation.services.context import Actor

    folder = Path(tempfile.mkdtemp())
    rows = [(f"I{k:09d}", f"导入图书{k}", f"作者{k % 977}", "", f"I247.5/{k % 9000}", "book") for k in range(n)]
    csv_path = folder / "items.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["条码", "题名", "责任者", "ISBN", "索书号", "文献类型"])
        out.writerows(rows)
    service_db = open_database(f"sqlite:///{folder / 'service.sqlite3'}")
    with service_db.begin() as s:
        admin = staff_service.create_first_admin(s, "bench", "基准测试", "bench-pass-1")
        point = s.scalar(select(ServicePoint.id).where(ServicePoint.name == "综合借阅处"))
        actor = Actor.of(admin, "bench", point)
    t0 = time.perf_counter()
    with service_db.begin() as s:
        preview = importer.read_catalogue(s, actor, csv_path)
        read_s = time.perf_counter() - t0
        added = importer.import_catalogue(s, actor, preview, source=str(csv_path))
    service_s = time.perf_counter() - t0
    service_db.dispose()
    assert added == n, (added, preview.errors[:3])
    bare_db = open_database(f"sqlite:///{folder / 'bare.sqlite3'}")
    bare_db.dispose()
    con = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    now = time.strftime("%Y-%m-%d %H:%M:%S.000000", time.gmtime())
    t0 = time.perf_counter()
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO item (barcode, title, author, isbn, call_number, clc_class, collection_type, home_point_id, "
        "status, created_at) VALUES (?, ?, ?, NULLIF(?, ''), ?, '', ?, NULL, 'available', ?)",
        [(*row, now) for row in rows])
    con.execute("COMMIT")
    bare_s = time.perf_counter() - t0
    con.close()
    return {"rows": n, "service_s": service_s, "read_check_s": read_s, "insert_commit_s": service_s - read_s,
            "bare_s": bare_s, "service_rows_per_s": n / service_s,
            "bare_rows_per_s": n / bare_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    s = sub.add_parser("startup")
    s.add_argument("kind", choices=["bare", "main", "first", "login"])
    s.add_argument("--db", type=Path)
    h = sub.add_parser("loan-history")
    h.add_argument("--db", type=Path, required=True)
    w = sub.add_parser("history-screen")
    w.add_argument("--db", type=Path, required=True)
    i = sub.add_parser("import")
    i.add_argument("-n", type=int, default=50_000)
    args = parser.parse_args()
    if args.what == "startup":
        result = startup(args.kind, args.db)
    elif args.what == "loan-history":
        result = loan_history(args.db)
    elif args.what == "history-screen":
        result = history_screen(args.db)
    else:
        result = catalogue_import(args.n)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # PySide6 may crash while the interpreter tears Qt objects down
