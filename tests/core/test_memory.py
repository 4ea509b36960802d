"""The heap is trimmed once a burst of work is over, never during it."""

from __future__ import annotations

from argus.core import memory


def test_a_trim_comes_once_the_first_quiet_interval_follows_a_burst() -> None:
    trimmer = memory.BurstTrimmer(busy_share=0.2)
    # (CPU seconds, wall seconds) of successive check intervals
    assert not trimmer.trim_due(0.1, 2.0), "quiet from the start: nothing to give back"
    assert not trimmer.trim_due(1.5, 2.0), "no trim during a burst"
    assert not trimmer.trim_due(2.0, 2.0), "nor while it goes on"
    assert trimmer.trim_due(0.1, 2.0), "the first quiet interval after it trims"
    assert not trimmer.trim_due(0.1, 2.0), "once"
    assert not trimmer.trim_due(0.39, 2.0), "a fifth of a core is not a burst"
    assert not trimmer.trim_due(0.41, 2.0)
    assert trimmer.trim_due(0.0, 2.0)


async def test_a_check_after_a_burst_gives_memory_back() -> None:
    trimmer = memory.BurstTrimmer()
    trimmer.owed = True  # a burst just ended
    trimmer.last_wall -= 3600  # an hour of wall time: any CPU since is quiet
    await trimmer.check()
    assert not trimmer.owed
    assert memory.trim(), "malloc_trim is available on this platform"
