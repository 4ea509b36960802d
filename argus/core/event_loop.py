"""The event loop every process runs on: uvloop where it is installed, else asyncio's own.

uvloop (libuv) schedules callbacks and does socket I/O with far less Python per event; grpc.aio
runs on it too (its completion queue is polled from the loop's own reader).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop factory, or None (asyncio's default) where uvloop is not installed or
    ARGUS_EVENT_LOOP is `asyncio`."""
    if os.environ.get("ARGUS_EVENT_LOOP", "uvloop").strip().lower() == "asyncio":
        return None
    try:
        import uvloop
    except ImportError:  # e.g. Windows: no uvloop
        return None
    return uvloop.new_event_loop


def run(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(main)` on the fastest loop available."""
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(main)
