"""Heap memory given back to the system once a burst of work is over.

A burst of frames (50 KB images in several threads) leaves glibc's heaps large and mostly
free; glibc keeps that memory for later instead of returning it, so a process stays at its
high-water mark for good. `malloc_trim` returns it; it is called when the process has gone
quiet after being busy, never during the burst itself.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
import time
from collections.abc import Callable

log = logging.getLogger("argus.memory")


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


MALLOC_TRIM = _malloc_trim()


def trim() -> bool:
    """Return the heaps' free memory to the system; False where that is not possible."""
    if MALLOC_TRIM is None:
        return False
    MALLOC_TRIM(0)
    return True


class BurstTrimmer:
    """Run `check` every few seconds: after an interval in which the process used more than
    `busy_share` of a core, it trims once the next interval finds it quieter (the burst is
    over)."""

    def __init__(self, busy_share: float = 0.2) -> None:
        self.busy_share = busy_share
        self.last_cpu = time.process_time()
        self.last_wall = time.monotonic()
        self.owed = False

    def trim_due(self, cpu_seconds: float, wall_seconds: float) -> bool:
        """Whether an interval of `wall_seconds` in which the process used `cpu_seconds` of
        CPU ends a burst (a trim is due now)."""
        if cpu_seconds > wall_seconds * self.busy_share:
            self.owed = True
            return False
        due, self.owed = self.owed, False
        return due

    async def check(self) -> None:
        if MALLOC_TRIM is None:
            return
        cpu, wall = time.process_time(), time.monotonic()
        due = self.trim_due(cpu - self.last_cpu, wall - self.last_wall)
        self.last_cpu, self.last_wall = cpu, wall
        if due:
            await asyncio.to_thread(trim)
            log.debug("heap trimmed after a burst")
