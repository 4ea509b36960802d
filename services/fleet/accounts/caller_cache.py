"""Who a token belongs to, remembered for a few seconds: a frame or a page then costs no JWT
check and no database read for its caller.

What is cached is only what lets a caller act (users, approved devices), never a refusal, and
never past the token's own expiry. A change made through this replica (a role, an approval, a
registration) empties the cache at once; a change made elsewhere (another replica, the
`argus` commands) reaches a cached caller within `seconds` at most. 0 turns caching off.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from services.fleet.accounts.auth import Kind
from services.fleet.accounts.caller import Caller


class CallerCache:
    """token -> Caller for at most `seconds`, for at most `size` tokens (oldest forgotten)."""

    def __init__(
        self,
        seconds: float,
        *,
        size: int = 10_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.seconds = seconds
        self.size = size
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, Caller]] = OrderedDict()
        # Bumped by `clear`: a caller read before a change is not cached after it.
        self.generation = 0

    def get(self, token: str) -> Caller | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        until, caller = entry
        if self._clock() >= until:
            del self._entries[token]
            return None
        return caller

    def put(self, token: str, caller: Caller, *, token_expires: float, generation: int) -> None:
        """Remember `caller` until `seconds` from now or the token expires, whichever is first;
        `generation`: the cache's generation when the caller was read."""
        if self.seconds <= 0 or self.size <= 0 or generation != self.generation:
            return
        if caller.kind is Kind.DEVICE and not caller.approved:
            return  # an approval made elsewhere must count at the next call
        until = min(self._clock() + self.seconds, token_expires)
        self._entries[token] = (until, caller)
        self._entries.move_to_end(token)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self.generation += 1
        self._entries.clear()
