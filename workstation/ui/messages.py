"""Showing WorkstationErrors and confirmations in the user's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from workstation.errors import CONTEXT, WorkstationError


def error_text(err: WorkstationError) -> str:
    """The error's message translated (Simplified Chinese by default) and filled in."""
    params = {k: _translate_param(v) for k, v in err.params.items()}
    text = QCoreApplication.translate(CONTEXT, err.template)
    return text.format(**params) if params else text


def _translate_param(value: object) -> object:
    # Parameters that are themselves marked messages (role and kind labels) are translated too.
    if isinstance(value, str):
        return QCoreApplication.translate(CONTEXT, value)
    return value


def show_error(parent: QWidget | None, err: WorkstationError, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or QCoreApplication.translate("messages", "Cannot do that"),
                        error_text(err))
