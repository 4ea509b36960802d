"""Who a token belongs to is remembered a few seconds, never longer, and never across a change
made through the same replica."""

from __future__ import annotations

from services.fleet.accounts.auth import Kind
from services.fleet.accounts.caller import Caller
from services.fleet.accounts.caller_cache import CallerCache
from tests.fleet.conftest import Api

USER = Caller(Kind.USER, 7, role="viewer", username="vera")


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_a_cached_caller_is_forgotten_after_the_cache_seconds() -> None:
    clock = Clock()
    cache = CallerCache(5, clock=clock)
    cache.put("t", USER, token_expires=clock.now + 3600, generation=cache.generation)
    clock.now += 4.9
    assert cache.get("t") == USER
    clock.now += 0.2
    assert cache.get("t") is None


def test_a_cached_caller_is_forgotten_when_its_token_expires() -> None:
    clock = Clock()
    cache = CallerCache(60, clock=clock)
    cache.put("t", USER, token_expires=clock.now + 2, generation=cache.generation)
    clock.now += 2
    assert cache.get("t") is None


def test_pending_devices_and_callers_read_before_a_change_are_not_cached() -> None:
    cache = CallerCache(60)
    pending = Caller(Kind.DEVICE, 3, truck_id=3, approved=False)
    cache.put("p", pending, token_expires=2**40, generation=cache.generation)
    read_before = cache.generation
    cache.clear()
    cache.put("t", USER, token_expires=2**40, generation=read_before)
    assert cache.get("p") is None
    assert cache.get("t") is None


def test_the_cache_keeps_at_most_its_size_and_zero_seconds_keeps_nothing() -> None:
    cache = CallerCache(60, size=2)
    for token in ("a", "b", "c"):
        cache.put(token, USER, token_expires=2**40, generation=cache.generation)
    assert [cache.get(t) is not None for t in ("a", "b", "c")] == [False, True, True]
    off = CallerCache(0)
    off.put("a", USER, token_expires=2**40, generation=off.generation)
    assert off.get("a") is None


async def test_a_promoted_user_acts_with_its_new_role_at_once(sqlite_api: Api) -> None:
    viewer = await sqlite_api.user("viewer", "vera")
    me = await sqlite_api.client.get("/api/v1/user/me/", params={"token": viewer})
    assert me.json()["data"]["role"] == "viewer"
    admin = await sqlite_api.login()
    body = {"token": admin, "new_user": {"username": "vera", "role": "operator"}}
    assert (await sqlite_api.client.put("/api/v1/user/register/", json=body)).status_code == 200

    me = await sqlite_api.client.get("/api/v1/user/me/", params={"token": viewer})
    assert me.json()["data"]["role"] == "operator"
