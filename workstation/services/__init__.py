"""Every use case of the workstation, free of Qt.

Each service takes a SQLAlchemy ``Session`` (the caller owns the transaction: one per user
action) and the acting ``Actor``, checks permission, validates, changes rows, writes one
audit entry, and returns a result or raises a ``WorkstationError``.
"""

from workstation.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
    WorkstationError,
)
from workstation.services.context import Actor, require_role

__all__ = [
    "Actor",
    "Conflict",
    "NotFound",
    "PermissionDenied",
    "ValidationError",
    "WorkstationError",
    "require_role",
]
