"""ORM models. Importing this package registers every table on ``Base.metadata``.

No Qt here: the models, services and reports are a library the GUI and the CLI both use.
"""

# Each domain module registers its tables on Base.metadata when imported.
from workstation.models import (  # noqa: F401
    catalogue,
    circulation,
    collection,
    desk_records,
    digitization,
    kiosk,
    offline,
    outreach,
    reading,
    statistics,
)
from workstation.models.base import Base, UTCDateTime, utcnow
from workstation.models.config import (
    CENTRAL_LIBRARY_ID,
    BookmobileStop,
    Library,
    LibrarySetting,
    LoanRulesBy,
    ServicePoint,
    ServicePointKind,
)
from workstation.models.staff import AuditEntry, Role, Staff

__all__ = [
    "CENTRAL_LIBRARY_ID",
    "AuditEntry",
    "Base",
    "BookmobileStop",
    "Library",
    "LibrarySetting",
    "LoanRulesBy",
    "Role",
    "ServicePoint",
    "ServicePointKind",
    "Staff",
    "UTCDateTime",
    "utcnow",
]
