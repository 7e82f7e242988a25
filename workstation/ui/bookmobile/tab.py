"""流动图书车: prepare a trip store for a vehicle, sync one back, and resolve the offline
events that wait for staff (docs/bookmobile.md). The rules are in services/bookmobile."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import QT_TRANSLATE_NOOP, WorkstationError
from workstation.models import Role
from workstation.models.outreach import BookmobileVehicle
from workstation.services.bookmobile import resolve, store, sync
from workstation.ui import ops
from workstation.ui.base_tab import BaseTab
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text

KIND_LABELS = {"lend": QT_TRANSLATE_NOOP("BookmobileTab", "Lend"),
               "return": QT_TRANSLATE_NOOP("BookmobileTab", "Return"),
               "renew": QT_TRANSLATE_NOOP("BookmobileTab", "Renew"),
               "register": QT_TRANSLATE_NOOP("BookmobileTab", "New reader"),
               "hold": QT_TRANSLATE_NOOP("BookmobileTab", "Reservation")}


class BookmobileTab(BaseTab):
    MIN_ROLE = Role.DESK
    OBJECT_NAME = "bookmobile_tab"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.rows: list[resolve.ExceptionRow] = []
        self.last_report: sync.SyncReport | None = None

        self.vehicle = QComboBox(objectName="vehicleCombo")
        self.trip_file = QLineEdit(objectName="tripFile")
        self.trip_file.setPlaceholderText(self.tr("Trip store file, e.g. D:\\trip.sqlite3"))
        self.browse = QPushButton(self.tr("Browse…"), objectName="browseButton")
        self.prepare_button = QPushButton(self.tr("Prepare trip"), objectName="prepareButton")
        self.prepare_bar = QProgressBar(objectName="prepareBar")
        self.prepare_bar.setVisible(False)
        self.prepare_status = QLabel(objectName="prepareStatus", wordWrap=True)
        self.salvage = QCheckBox(self.tr("Salvage a damaged store"), objectName="salvageCheck")
        self.sync_button = QPushButton(self.tr("Sync"), objectName="syncButton")
        self.sync_status = QLabel(objectName="syncStatus", wordWrap=True)

        self.table = QTableWidget(0, 8, objectName="exceptionsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Vehicle"), self.tr("Stop"), self.tr("Action"),
                                              self.tr("Card"), self.tr("Barcode"), self.tr("Code"),
                                              self.tr("Details")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.reason = QLineEdit(objectName="reasonEdit")
        self.reason.setPlaceholderText(self.tr("Reason (for apply anyway and discard)"))
        self.apply_button = QPushButton(self.tr("Apply anyway (manager)"), objectName="applyButton")
        self.discard_button = QPushButton(self.tr("Discard (manager)"), objectName="discardButton")
        self.retry_button = QPushButton(self.tr("Retry after a fix"), objectName="retryButton")
        self.identity = QLabel(objectName="identityLabel", wordWrap=True)
        self.message = QLabel(objectName="exceptionsMessage", wordWrap=True)

        prepare_box = QGroupBox(self.tr("Prepare a trip"))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Vehicle")))
        row.addWidget(self.vehicle)
        row.addWidget(self.trip_file, 1)
        row.addWidget(self.browse)
        row.addWidget(self.prepare_button)
        box = QVBoxLayout(prepare_box)
        box.addLayout(row)
        box.addWidget(self.prepare_bar)
        box.addWidget(self.prepare_status)
        sync_box = QGroupBox(self.tr("Sync a trip store back"))
        srow = QHBoxLayout(sync_box)
        srow.addWidget(self.salvage)
        srow.addWidget(self.sync_button)
        srow.addWidget(self.sync_status, 1)
        exceptions_box = QGroupBox(self.tr("Exceptions"))
        ebox = QVBoxLayout(exceptions_box)
        ebox.addWidget(self.identity)
        ebox.addWidget(self.table, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.reason, 1)
        actions.addWidget(self.apply_button)
        actions.addWidget(self.discard_button)
        actions.addWidget(self.retry_button)
        ebox.addLayout(actions)
        ebox.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addWidget(prepare_box)
        layout.addWidget(sync_box)
        layout.addWidget(exceptions_box, 1)

        self.browse.clicked.connect(self.choose_file)
        self.prepare_button.clicked.connect(self.prepare)
        self.sync_button.clicked.connect(self.sync)
        self.apply_button.clicked.connect(self.apply_anyway)
        self.discard_button.clicked.connect(self.discard)
        self.retry_button.clicked.connect(self.retry)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        manager = context.actor.role.rank >= Role.MANAGER.rank
        for button in (self.apply_button, self.discard_button):
            button.setVisible(manager)
        if context.trip is not None:  # on the road there is nothing to prepare or sync into
            for widget in (prepare_box, sync_box, exceptions_box):
                widget.setEnabled(False)
            self.prepare_status.setText(self.tr("Offline: prepare and sync at the library."))
        self.refresh()

    def title(self) -> str:
        return self.tr("Bookmobile")

    # -- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.context.trip is not None:
            return
        current = self.vehicle.currentData()

        def load(s: Session) -> tuple[list[tuple[int, str]], list[resolve.ExceptionRow], sync.Accounting]:
            vehicles = [(int(i), str(n)) for i, n in s.execute(
                select(BookmobileVehicle.id, BookmobileVehicle.name).where(BookmobileVehicle.active.is_(True))
                .order_by(BookmobileVehicle.id))]
            return vehicles, resolve.list_exceptions(s, self.context.actor), sync.accounting(s)

        try:
            vehicles, self.rows, totals = ops.read(self.context, load)
        except WorkstationError as err:
            self.message.setText(error_text(err))
            return
        self.vehicle.blockSignals(True)
        self.vehicle.clear()
        for vehicle_id, name in vehicles:
            self.vehicle.addItem(name, vehicle_id)
        if current is not None and self.vehicle.findData(current) >= 0:
            self.vehicle.setCurrentIndex(self.vehicle.findData(current))
        self.vehicle.blockSignals(False)
        self.identity.setText(self.tr(
            "Uploaded {uploaded} = applied {applied} (with a warning {warnings}) + exceptions {exceptions} + "
            "discarded {discarded}").format(uploaded=totals.uploaded, applied=totals.applied,
                                            warnings=totals.warnings, exceptions=totals.exceptions,
                                            discarded=totals.discarded))
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            at = row.at.astimezone(timeutil.LIBRARY_TZ).strftime("%Y-%m-%d %H:%M")
            cells = [at, row.vehicle, row.stop, self.tr(KIND_LABELS.get(row.kind, row.kind)), row.card, row.barcode,
                     row.code, row.message]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.event_id)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def _selected(self) -> resolve.ExceptionRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        row = self._selected()
        self.apply_button.setEnabled(row is not None and row.forceable)
        self.discard_button.setEnabled(row is not None)
        self.retry_button.setEnabled(row is not None)

    # -- prepare and sync --------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, self.tr("Trip store"), self.trip_file.text(),
                                                    self.tr("Trip stores (*.sqlite3)"),
                                                    options=QFileDialog.Option.DontConfirmOverwrite)
        if name:
            self.trip_file.setText(name)

    def prepare(self) -> None:
        vehicle, path, actor = self.vehicle.currentData(), Path(self.trip_file.text().strip()), self.context.actor

        def done(info: store.TripInfo) -> None:
            self.prepare_bar.setVisible(False)
            self.prepare_status.setText(self.tr(
                "Trip store {file}: {vehicle}, snapshot {at}; {readers} readers, {items} items, {loans} loans; "
                "new cards {first} to {last}.").format(
                file=str(info.path), vehicle=info.vehicle,
                at=info.snapshot_at.astimezone(timeutil.LIBRARY_TZ).strftime("%Y-%m-%d %H:%M"),
                readers=info.readers, items=info.items, loans=info.loans, first=info.card(info.card_from),
                last=info.card(info.card_to)))

        def failed(err: WorkstationError) -> None:
            self.prepare_bar.setVisible(False)
            self.prepare_status.setText(error_text(err))

        self.prepare_status.setText(self.tr("Preparing…"))
        self.prepare_bar.setVisible(True)
        ops.background(self.context, lambda s, progress: store.prepare_trip(s, actor, vehicle, path,
                                                                            progress=progress),
                       parent=self, label=self.tr("Preparing the trip store…"), on_done=done, on_error=failed,
                       changes="bookmobile", bar=self.prepare_bar)

    def sync(self) -> None:
        path, actor, salvage, db = Path(self.trip_file.text().strip()), self.context.actor, \
            self.salvage.isChecked(), self.context.db

        def done(report: sync.SyncReport) -> None:
            self.last_report = report
            t = report.accounting
            text = self.tr("{vehicle}: {in_store} events in the store, {new} new; applied {applied}, exceptions "
                           "{exceptions}, discarded {discarded}.").format(
                vehicle=report.vehicle, in_store=report.in_store, new=report.new, applied=t.applied,
                exceptions=t.exceptions, discarded=t.discarded)
            if report.clock_shown:
                text += " " + self.tr("The laptop's clock was off by {minutes} minutes; the times were "
                                      "corrected.").format(minutes=round(report.clock_offset / 60))
            if report.damaged or report.missing:
                text += " " + self.tr("Salvage: {damaged} damaged records, {missing} event numbers missing.").format(
                    damaged=report.damaged, missing=len(report.missing))
            self.sync_status.setText(text)
            self.context.data_changed.emit("circulation")
            self.refresh()

        def failed(err: WorkstationError) -> None:
            self.sync_status.setText(error_text(err))

        self.sync_status.setText(self.tr("Syncing…"))
        ops.task(lambda progress: sync.sync_trip(db, actor, path, salvage=salvage, progress=progress), parent=self,
                 label=self.tr("Syncing the trip store…"), on_done=done, on_error=failed)

    # -- exceptions --------------------------------------------------------------------------

    def _act(self, action: str) -> None:
        row = self._selected()
        if row is None:
            return
        actor, reason, event_id = self.context.actor, self.reason.text(), row.event_id
        calls = {
            "apply": lambda s: resolve.apply_anyway(s, actor, event_id, reason),
            "discard": lambda s: resolve.discard(s, actor, event_id, reason),
            "retry": lambda s: resolve.retry_event(s, actor, event_id),
        }
        done = ops.run(self.context, calls[action], parent=self,
                       on_error=lambda err: self.message.setText(error_text(err)), changes="circulation")
        if done is not None:
            ev = done.value
            self.message.setText(self.tr("Event {seq}: {state} {code}").format(seq=ev.seq, state=ev.state.value,
                                                                                code=ev.code))
            self.reason.clear()
            self.refresh()

    def apply_anyway(self) -> None:
        self._act("apply")

    def discard(self) -> None:
        self._act("discard")

    def retry(self) -> None:
        self._act("retry")
