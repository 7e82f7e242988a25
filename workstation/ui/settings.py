"""Per-computer settings (QSettings): the service point this computer serves, window state."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORG = "library-workstation"
APP = "workstation"


def app_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, APP)


def settings_key(db_url: str, name: str) -> str:
    """Keys that depend on the database (a service point id means nothing elsewhere)."""
    safe = "".join(ch if ch.isalnum() else "_" for ch in db_url)[-80:]
    return f"db_{safe}/{name}"
