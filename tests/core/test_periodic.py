"""The background runner: runs, wakes, survives failures, stops at once."""

from __future__ import annotations

import asyncio
import logging

import pytest
from prometheus_client import REGISTRY
from sqlalchemy.exc import OperationalError

from argus.core.periodic import Periodic

HOUR = 3600.0  # longer than any test: a run before it comes from start() or wake()


class Work:
    """Records each run in a queue; fails while `failing` holds exceptions."""

    def __init__(self, *failing: Exception) -> None:
        self.failing = list(failing)
        self.runs: asyncio.Queue[int] = asyncio.Queue()
        self.count = 0

    async def __call__(self) -> None:
        self.count += 1
        self.runs.put_nowait(self.count)
        if self.failing:
            raise self.failing.pop(0)


def _failures(task: str) -> float:
    return REGISTRY.get_sample_value("argus_background_failures_total", {"task": task}) or 0.0


async def test_the_work_runs_at_start_and_again_when_woken() -> None:
    work = Work()
    runner = Periodic("test woken", work, every=HOUR)
    runner.start()
    try:
        assert await work.runs.get() == 1
        runner.wake()
        assert await work.runs.get() == 2
    finally:
        await runner.stop()


async def test_the_work_runs_again_after_each_interval() -> None:
    work = Work()
    runner = Periodic("test interval", work, every=0.01)
    runner.start()
    try:
        assert [await work.runs.get() for _ in range(3)] == [1, 2, 3]
    finally:
        await runner.stop()


async def test_with_wait_first_nothing_runs_before_the_first_wake() -> None:
    work = Work()
    runner = Periodic("test wait first", work, every=HOUR, wait_first=True)
    runner.start()
    try:
        for _ in range(20):
            await asyncio.sleep(0)
        assert work.count == 0
        runner.wake()
        assert await work.runs.get() == 1
    finally:
        await runner.stop()


async def test_failed_runs_are_counted_and_the_loop_keeps_running(
    caplog: pytest.LogCaptureFixture,
) -> None:
    before = _failures("test failures")
    work = Work(RuntimeError("a bug"), OperationalError("SELECT 1", {}, OSError("away")))
    runner = Periodic("test failures", work, every=HOUR)
    runner.start()
    try:
        with caplog.at_level(logging.WARNING, "argus.periodic"):
            for expected in (1, 2, 3):
                assert await work.runs.get() == expected
                runner.wake()
            assert await work.runs.get() == 4
    finally:
        await runner.stop()
    assert runner.failures == 2
    assert _failures("test failures") == before + 2
    bug, outage = caplog.records
    assert bug.message == "test failures failed" and bug.exc_info is not None
    assert outage.message == "test failures failed: OperationalError" and not outage.exc_info


async def test_stop_cancels_the_run_in_progress_and_ends_the_task() -> None:
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def forever() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    runner = Periodic("test stop", forever, every=HOUR)
    runner.start()
    await started.wait()
    await runner.stop()
    assert cancelled.is_set() and not runner.running
    await runner.stop()  # a second stop has nothing to do


async def test_stop_during_the_interval_ends_the_task_and_start_runs_again() -> None:
    work = Work()
    runner = Periodic("test restart", work, every=HOUR)
    runner.start()
    assert await work.runs.get() == 1
    await runner.stop()
    assert not runner.running
    runner.start()
    try:
        assert await work.runs.get() == 2
    finally:
        await runner.stop()


async def test_stop_right_after_a_wake_still_stops() -> None:
    # A wake and a stop in the same turn of the loop: the stop must not be lost (asyncio's
    # wait_for in Python 3.11 returns the woken result and swallows the cancellation).
    for attempt in range(5):
        work = Work()
        runner = Periodic(f"test wake then stop {attempt}", work, every=HOUR)
        runner.start()
        await asyncio.wait_for(work.runs.get(), 5)
        runner.wake()
        stopping = asyncio.ensure_future(runner.stop())
        done, _ = await asyncio.wait([stopping], timeout=5)  # does not cancel it
        assert done, "stop() did not return: the loop swallowed its cancellation"
        ran = work.count
        runner.wake()
        await asyncio.sleep(0.1)
        assert work.count == ran, "the work ran again after stop()"
