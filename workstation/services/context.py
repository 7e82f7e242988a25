"""Who is acting, from where, and what their role allows."""

from __future__ import annotations

import socket
from dataclasses import dataclass

from workstation.errors import N_, PermissionDenied
from workstation.models import Role, Staff


def workstation_name() -> str:
    """The computer's name as written in the audit trail."""
    return socket.gethostname() or "unknown"


@dataclass(frozen=True)
class Actor:
    """The logged-in staff member on whose behalf a service runs."""

    staff_id: int
    username: str
    display_name: str
    role: Role
    workstation: str
    service_point_id: int | None = None

    @classmethod
    def of(cls, staff: Staff, workstation: str | None = None, service_point_id: int | None = None) -> Actor:
        return cls(
            staff_id=staff.id,
            username=staff.username,
            display_name=staff.display_name,
            role=staff.role,
            workstation=workstation or workstation_name(),
            service_point_id=service_point_id,
        )

    def at(self, service_point_id: int | None) -> Actor:
        """The same person, now serving at another service point."""
        return Actor(self.staff_id, self.username, self.display_name, self.role, self.workstation,
                     service_point_id)


ROLE_LABELS = {
    Role.DESK: N_("desk librarian"),
    Role.MANAGER: N_("manager"),
    Role.ADMIN: N_("administrator"),
}


def require_role(actor: Actor, role: Role) -> None:
    """Refuse unless ``actor`` holds ``role`` or a higher one. Checked in every service."""
    if actor.role.rank < role.rank:
        raise PermissionDenied(
            N_("Permission denied: this needs the {role} role, and {user} is a {have}."),
            role=ROLE_LABELS[role], user=actor.username, have=ROLE_LABELS[actor.role],
        )
