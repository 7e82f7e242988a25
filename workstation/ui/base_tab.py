"""The base of every tab in the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from workstation.models import Role
from workstation.ui.context import AppContext


class BaseTab(QWidget):
    """One area of work. Subclasses build their widgets in ``__init__`` and call services
    through the door, ``workstation.ui.ops`` (``ops.run(self.context, …)`` for an action,
    ``ops.background`` for a long job, ``ops.reading`` for what a view shows); they hold no
    business rules and never open a transaction themselves.

    ``MIN_ROLE`` hides the tab from accounts that may not use it (the services check again).
    ``refresh()`` reloads what the tab shows; the main window calls it when the tab becomes
    current and when another tab reports a change through ``context.data_changed``.
    """

    MIN_ROLE: Role = Role.DESK
    OBJECT_NAME = "tab"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName(self.OBJECT_NAME)

    @classmethod
    def available_to(cls, role: Role) -> bool:
        return role.rank >= cls.MIN_ROLE.rank

    def title(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload from the database. The default has nothing to reload."""
