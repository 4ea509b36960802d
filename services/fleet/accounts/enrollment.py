"""Who may register a new device: anyone (open), who knows the enrollment secret (secret), or
anyone, pending an admin's approval (approval). A device is named by its MAC address."""

from __future__ import annotations

import re
from dataclasses import dataclass

from argus.core.errors import InvalidArgument, PermissionDenied
from services.fleet.accounts.auth import same_text

_MAC = re.compile(r"[0-9a-f]{2}([:-]?)[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}")


def normalize_mac(mac: str) -> str:
    """`aa:bb:cc:dd:ee:ff` from any common spelling (colons, dashes, none; any case)."""
    mac = mac.strip().lower()
    if len(mac) > 17 or not _MAC.fullmatch(mac):
        raise InvalidArgument("mac: a MAC address such as 00:1b:44:11:3a:b7", reason="INVALID_MAC")
    digits = mac.replace(":", "").replace("-", "")
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


@dataclass(frozen=True)
class Enrollment:
    mode: str = "open"
    secret: str = ""

    def admit(self, presented: str) -> bool:
        """Whether a new device starts approved; PermissionDenied when it may not register."""
        if self.mode == "secret" and not (presented and same_text(presented, self.secret)):
            raise PermissionDenied(
                "a new device must present the enrollment secret", reason="ENROLLMENT_REFUSED"
            )
        return self.mode != "approval"
