"""Bounded blocking work: abandoned jobs keep their slot until they end; excess is shed."""

from __future__ import annotations

import asyncio
import threading

import pytest

from argus.core.errors import ResourceExhausted
from argus.core.work_slots import WorkSlots


async def test_a_job_whose_caller_is_gone_keeps_its_slot_until_it_ends() -> None:
    slots = WorkSlots(1, name="test")
    release, started = threading.Event(), threading.Event()
    second_ran = threading.Event()
    first = asyncio.create_task(slots.run(lambda: (started.set(), release.wait(30))))
    await asyncio.to_thread(started.wait, 30)
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    second = asyncio.create_task(slots.run(second_ran.set))
    await asyncio.sleep(0.05)
    assert not second_ran.is_set()  # the abandoned job still holds the only slot
    release.set()
    await second
    assert second_ran.is_set()
    slots.close()


async def test_callers_beyond_the_waiting_room_are_shed_at_once() -> None:
    slots = WorkSlots(1, name="hashing", max_waiting=1)
    release, started = threading.Event(), threading.Event()
    running = asyncio.create_task(slots.run(lambda: (started.set(), release.wait(30))))
    await asyncio.to_thread(started.wait, 30)
    waiting = asyncio.create_task(slots.run(lambda: "done"))
    await asyncio.sleep(0)
    with pytest.raises(ResourceExhausted) as shed:
        await slots.run(lambda: "never")
    assert shed.value.reason == "BUSY"
    release.set()
    await running
    assert await waiting == "done"
    slots.close()
