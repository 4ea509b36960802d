"""The heap is trimmed once a burst of work is over, never during it."""

from __future__ import annotations

import asyncio
import time

from argus.core import memory


def _burn(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


async def test_a_burst_is_trimmed_once_the_process_goes_quiet() -> None:
    trimmer = memory.BurstTrimmer(busy_share=0.01)
    _burn(0.2)
    await trimmer.check()
    assert trimmer.owed, "a busy interval owes a trim"
    _burn(0.2)
    await trimmer.check()
    assert trimmer.owed, "no trim while the burst goes on"
    await asyncio.sleep(0.5)
    await trimmer.check()
    assert not trimmer.owed, "the quiet interval after the burst trims"
    await asyncio.sleep(0.5)
    await trimmer.check()
    assert not trimmer.owed
