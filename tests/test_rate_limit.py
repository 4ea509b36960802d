"""Token buckets: a burst up to the budget, then one call per 60/budget seconds."""

from __future__ import annotations

from argus.core.rate_limit import RateLimiter, retry_after


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_key_gets_its_budget_then_waits_and_other_keys_are_unaffected() -> None:
    clock = Clock()
    limiter = RateLimiter(6, clock=clock)
    assert [limiter.take("a") for _ in range(6)] == [0.0] * 6
    assert limiter.take("a") == 10.0
    assert limiter.take("b") == 0.0
    clock.now = 10.0
    assert limiter.take("a") == 0.0
    assert retry_after(limiter.take("a")) == "10"


def test_reserve_runs_into_debt_and_says_how_long_to_wait() -> None:
    clock = Clock()
    limiter = RateLimiter(60, clock=clock)
    assert limiter.reserve("device", 60) == 0.0
    assert limiter.reserve("device", 3) == 3.0
    clock.now = 3.0
    assert limiter.reserve("device", 1) == 1.0


def test_the_least_recently_used_keys_are_forgotten_beyond_the_bound() -> None:
    limiter = RateLimiter(1, max_keys=2, clock=Clock())
    limiter.take("a")
    limiter.take("b")
    limiter.take("c")  # forgets "a"
    assert limiter.take("a") == 0.0
    assert limiter.take("c") > 0
