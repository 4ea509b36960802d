"""Token buckets per key (a client address, an account, a device): how often a call may come.

Each process keeps its own buckets in memory; they are a brake on storms, not a ledger, so
nothing is lost when a replica restarts. The number of buckets is bounded: the
least recently used ones are forgotten first (a forgotten key starts again with a full bucket).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """At most `per_minute` calls per key, in bursts of up to `per_minute`."""

    def __init__(
        self,
        per_minute: int,
        *,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def _bucket(self, key: str) -> _Bucket:
        now = self._clock()
        bucket = self._buckets.pop(key, None) or _Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        self._buckets[key] = bucket
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return bucket

    def take(self, key: str, cost: float = 1) -> float:
        """Spend `cost` calls of `key`: 0 when allowed, else the seconds until they would be
        (nothing is spent then)."""
        bucket = self._bucket(key)
        if bucket.tokens >= cost:
            bucket.tokens -= cost
            return 0.0
        return (cost - bucket.tokens) / self.rate

    def reserve(self, key: str, cost: float) -> float:
        """Spend `cost` calls of `key` now, in debt if need be: the seconds to wait before
        doing them keeps the pace (0 when they are within the budget)."""
        bucket = self._bucket(key)
        bucket.tokens -= cost
        return max(0.0, -bucket.tokens / self.rate)


def retry_after(seconds: float) -> str:
    """A Retry-After header value: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))
