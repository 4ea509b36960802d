"""A bounded number of blocking jobs (image decodes, password hashes) run at once, in threads.

Each job holds its slot until its thread is done, even when the caller has gone (timed out,
cancelled): abandoned work still counts, so it can never pile up behind the callers' backs.
Callers over the bound wait their turn (waiting is cancellable and then costs nothing), up to
`max_waiting` of them; beyond, a call is shed at once with RESOURCE_EXHAUSTED rather than
queued past its deadline.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from argus.core.errors import ResourceExhausted

P = ParamSpec("P")
T = TypeVar("T")


class WorkSlots:
    def __init__(self, size: int, *, name: str, max_waiting: int | None = None) -> None:
        self.size = size
        self.name = name
        self.max_waiting = max_waiting
        self._waiting = 0
        self._free = asyncio.Semaphore(size)
        self._pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix=name)

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(*args, **kwargs)` in a thread, once a slot is free."""
        if self._free.locked() and self.max_waiting is not None:
            if self._waiting >= self.max_waiting:
                raise ResourceExhausted(
                    f"too much {self.name} work in progress; retry later", reason="BUSY"
                )
        self._waiting += 1
        try:
            await self._free.acquire()
        finally:
            self._waiting -= 1
        try:
            job = asyncio.get_running_loop().run_in_executor(
                self._pool, functools.partial(fn, *args, **kwargs)
            )
        except BaseException:
            self._free.release()
            raise
        job.add_done_callback(lambda _: self._free.release())
        # Shielded: a cancelled caller leaves the job (and its slot) to finish on its own.
        return await asyncio.shield(job)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
