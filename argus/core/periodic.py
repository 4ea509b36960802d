"""Background work every few seconds, one runner for every loop a service keeps.

A run that fails is logged and counted (`argus_background_failures_total{task}`) and the next
one comes as usual: a database away for a while must not end the loop. `wake()` starts the
next run at once (something happened that the work should see); `stop()` cancels the run in
progress and returns once the task has ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from argus.core.metrics import BACKGROUND_FAILURES
from argus.core.outage import is_outage

log = logging.getLogger("argus.periodic")


class Periodic:
    """Runs `work` every `every` seconds from `start()` until `stop()`.

    The first run is at once, or after the first interval with `wait_first`.
    """

    def __init__(
        self,
        task: str,
        work: Callable[[], Awaitable[object]],
        *,
        every: float,
        wait_first: bool = False,
    ) -> None:
        self.task = task
        self.work = work
        self.every = every
        self.wait_first = wait_first
        self.failures = 0
        self._woken = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        BACKGROUND_FAILURES.labels(task)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name=self.task)

    def wake(self) -> None:
        """Run again now, not at the end of the interval."""
        self._woken.set()

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            # asyncio.wait: the task's own cancellation is not raised here, the caller's is.
            await asyncio.wait([task])

    async def run_once(self) -> bool:
        """One run of the work; False when it failed (logged and counted, not raised)."""
        try:
            await self.work()
        except Exception as exc:
            self.failures += 1
            BACKGROUND_FAILURES.labels(self.task).inc()
            if is_outage(exc):  # expected while the database is away: one line, no trace
                log.warning("%s failed: %s", self.task, type(exc).__name__)
            else:
                log.exception("%s failed", self.task)
            return False
        return True

    async def _loop(self) -> None:
        if self.wait_first:
            await self._wait()
        while True:
            await self.run_once()
            await self._wait()

    async def _wait(self) -> None:
        # asyncio.timeout, not wait_for: in Python 3.11, wait_for returns a wake that lands in
        # the same turn as stop()'s cancellation and swallows the cancellation.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.every):
                await self._woken.wait()
        self._woken.clear()
