"""Administration: accounts, log-in, service points, library settings, backups and checks.

What other areas may use of it is re-exported here, their one door into this wing
(``tests/test_architecture.py`` holds them to it)."""

from workstation.services.admin.auth import manager_for_override
from workstation.services.admin.libraries import (
    actor_library,
    check_works_at,
    get_library,
    is_city_admin,
    library_of_point,
    require_all_libraries,
    require_manages,
    slip_name,
)
from workstation.services.admin.library import library_name
from workstation.services.admin.passwords import hash_password, verify_password
from workstation.services.admin.service_points import validate_name
from workstation.services.admin.staff import normalize_username

__all__ = ["actor_library", "check_works_at", "get_library", "hash_password", "is_city_admin", "library_name",
           "library_of_point", "manager_for_override", "normalize_username", "require_all_libraries",
           "require_manages", "slip_name", "validate_name", "verify_password"]
