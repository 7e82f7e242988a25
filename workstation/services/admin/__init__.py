"""Administration: accounts, log-in, service points, library settings, backups and checks.

What other areas may use of it is re-exported here, their one door into this wing
(``tests/test_architecture.py`` holds them to it)."""

from workstation.services.admin.auth import manager_for_override
from workstation.services.admin.library import library_name
from workstation.services.admin.passwords import hash_password, verify_password
from workstation.services.admin.service_points import validate_name
from workstation.services.admin.staff import normalize_username

__all__ = ["hash_password", "library_name", "manager_for_override", "normalize_username", "validate_name",
           "verify_password"]
