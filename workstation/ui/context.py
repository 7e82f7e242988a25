"""What every tab is given: the open database, who is logged in, and where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

if TYPE_CHECKING:  # the login window is shown before the database layer is loaded
    from workstation.db import Database
    from workstation.models import ServicePointKind
    from workstation.services.bookmobile.store import TripStore
    from workstation.services.context import Actor


@dataclass(frozen=True)
class ServicePointInfo:
    id: int
    name: str
    kind: ServicePointKind


class AppContext(QObject):
    """Shared by the main window and its tabs.

    ``data_changed`` is emitted with an area name ("staff", "service_points", "circulation",
    "reading", …) after a tab commits a change, so other tabs showing that data refresh.
    """

    data_changed = Signal(str)

    def __init__(self, db: Database, actor: Actor, service_point: ServicePointInfo | None,
                 settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.service_point = service_point
        self.settings = settings
        self.trip: TripStore | None = None  # the bookmobile's trip store, when the desk works offline
