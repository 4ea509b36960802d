"""The authenticated caller of an operation: a user with a role, or a device on a truck."""

from __future__ import annotations

from dataclasses import dataclass

from argus.core.errors import PermissionDenied
from services.fleet.accounts.auth import Kind, Role, require_role

READERS = (Role.ADMIN, Role.OPERATOR, Role.VIEWER)


@dataclass(frozen=True)
class Caller:
    kind: Kind
    id: int
    # Users only.
    role: str = ""
    username: str = ""
    # Devices only.
    truck_id: int = 0
    approved: bool = True

    def as_user(self, *roles: Role) -> Caller:
        """This caller, if it is a user with one of `roles` (any role when none given)."""
        if self.kind is not Kind.USER:
            raise PermissionDenied("this needs a user token", reason="USER_TOKEN_REQUIRED")
        require_role(self.role, roles or READERS)
        return self

    def as_device(self) -> Caller:
        if self.kind is not Kind.DEVICE:
            raise PermissionDenied("this needs a device token", reason="DEVICE_TOKEN_REQUIRED")
        return self

    def as_approved_device(self) -> Caller:
        """A device allowed to open alerts and send frames (not waiting for approval)."""
        self.as_device()
        if not self.approved:
            raise PermissionDenied(
                "this device waits for an admin's approval", reason="DEVICE_NOT_APPROVED"
            )
        return self

    def check_truck(self, truck_id: int) -> None:
        """A device acts on its own truck only."""
        if truck_id != self.truck_id:
            raise PermissionDenied(
                f"this device belongs to truck {self.truck_id}, not {truck_id}",
                reason="OTHER_TRUCK",
            )
