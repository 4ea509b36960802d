"""Tell a dependency that is away (database down, connection lost) from a bug.

A service whose database is unreachable answers UNAVAILABLE, which callers retry later,
never UNKNOWN "internal error".
"""

from __future__ import annotations

import socket

from sqlalchemy import exc as sa

# SQLSTATE classes of a server that is away: 08 connection exception, 53 insufficient
# resources, 57 operator intervention (shutting down, terminated connection).
_AWAY_SQLSTATE_CLASSES = ("08", "53", "57")


def is_outage(error: BaseException) -> bool:
    """True when `error` (or what caused it) says a dependency could not be reached."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _away(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _away(error: BaseException) -> bool:
    if isinstance(error, ConnectionError | socket.gaierror | TimeoutError | sa.TimeoutError):
        return True
    if isinstance(error, sa.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, sa.OperationalError | sa.InterfaceError):
        return True
    sqlstate = str(getattr(error, "sqlstate", "") or getattr(error, "pgcode", "") or "")
    return sqlstate[:2] in _AWAY_SQLSTATE_CLASSES
