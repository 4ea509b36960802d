"""Session expiry, renewal and the incident rules of the domain, on SQLite and PostgreSQL.

A hand-moved clock stands in for waiting out TTLs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from argus.core.db import Database
from argus.core.errors import InvalidArgument, NotFound, ResourceExhausted
from services.players.context import MIGRATIONS
from services.players.fairplay.models import FairPlaySession, SessionPlayer
from services.players.fairplay.service import FairPlayDomain
from services.players.reputation.clients import FairPlayClient
from services.players.reputation.incidents import Incident
from services.players.settings import PlayersSettings
from tests.support.databases import TestDatabase
from tests.support.servers import NOWHERE, players_settings

TTL = 300.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
async def database(db: TestDatabase) -> AsyncIterator[Database]:
    opened = await Database.open(db.url, MIGRATIONS, schema=db.schema)
    yield opened
    await opened.close()


def _fairplay(
    tmp_path: Path, db: TestDatabase, database: Database, clock: Clock, **overrides: object
) -> FairPlayDomain:
    settings = players_settings(tmp_path, db, NOWHERE, **overrides)
    return FairPlayDomain(settings, database, clock=clock)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fairplay(tmp_path: Path, db: TestDatabase, database: Database, clock: Clock) -> FairPlayDomain:
    return _fairplay(tmp_path, db, database, clock)


async def _count(database: Database, model: type) -> int:
    async with database.sessions() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


def test_the_session_ttl_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGUS_DFAIRPLAY_SESSION_TTL", "42")
    assert PlayersSettings().dfairplay_session_ttl == 42
    monkeypatch.delenv("ARGUS_DFAIRPLAY_SESSION_TTL")
    assert PlayersSettings().dfairplay_session_ttl == TTL


async def test_a_session_expires_ttl_seconds_after_its_last_call(
    fairplay: FairPlayDomain, clock: Clock
) -> None:
    token, expires_at = await fairplay.create_session("gtasa-samp")
    assert expires_at == clock.now + TTL
    clock.advance(TTL - 1)
    await fairplay.ping(token)
    clock.advance(TTL - 1)
    await fairplay.ping(token)
    clock.advance(TTL)
    with pytest.raises(NotFound):
        await fairplay.ping(token)


@pytest.mark.parametrize("call", ["add_user", "delete_user", "get_incidents"])
async def test_every_call_carrying_the_token_renews_the_session(
    fairplay: FairPlayDomain, clock: Clock, call: str
) -> None:
    token, _ = await fairplay.create_session("gtasa-samp")
    for _ in range(3):
        clock.advance(TTL - 1)
        if call == "add_user":
            await fairplay.add_user(token, 1, "10.0.0.1")
        elif call == "delete_user":
            await fairplay.delete_user(token, 1)
        else:
            await fairplay.get_incidents(token)
    clock.advance(TTL - 1)
    await fairplay.ping(token)


async def test_an_expired_session_forgets_its_players(
    fairplay: FairPlayDomain, clock: Clock, database: Database
) -> None:
    token, _ = await fairplay.create_session("gtasa-samp")
    kept, _ = await fairplay.create_session("gtasa-samp")
    await fairplay.add_user(token, 1, "10.0.0.1")
    await fairplay.add_user(token, 2, "10.0.0.2")
    clock.advance(TTL / 2)
    await fairplay.add_user(kept, 3, "10.0.0.3")
    clock.advance(TTL / 2)
    with pytest.raises(NotFound):
        await fairplay.get_incidents(token)
    assert await _count(database, SessionPlayer) == 1
    clock.advance(TTL)
    await fairplay.sweep()
    assert await _count(database, FairPlaySession) == 0
    assert await _count(database, SessionPlayer) == 0


async def test_the_sweep_forgets_expired_client_registrations(
    fairplay: FairPlayDomain, clock: Clock, database: Database
) -> None:
    await fairplay.register_client("client-1", "10.0.0.1")
    token, _ = await fairplay.create_session("gtasa-samp")
    assert await fairplay.add_user(token, 1, "10.0.0.1") is True
    clock.advance(fairplay.settings.dfairplay_client_ttl_seconds)
    token, _ = await fairplay.create_session("gtasa-samp")
    assert await fairplay.add_user(token, 1, "10.0.0.1") is False
    await fairplay.sweep()
    assert await _count(database, FairPlayClient) == 0


async def test_a_renewed_registration_keeps_the_client_and_may_move_its_ip(
    fairplay: FairPlayDomain, clock: Clock
) -> None:
    await fairplay.register_client("client-1", "10.0.0.1")
    clock.advance(fairplay.settings.dfairplay_client_ttl_seconds - 1)
    await fairplay.register_client("client-1", "10.0.0.9")
    clock.advance(2)
    token, _ = await fairplay.create_session("gtasa-samp")
    assert await fairplay.add_user(token, 1, "10.0.0.1") is False
    assert await fairplay.add_user(token, 2, "10.0.0.9") is True


async def test_incidents_count_from_the_look_back_window_before_the_player_was_added(
    tmp_path: Path, db: TestDatabase, database: Database, clock: Clock
) -> None:
    fairplay = _fairplay(tmp_path, db, database, clock, dfairplay_incident_lookback_seconds=60)
    token, _ = await fairplay.create_session("gtasa-samp")
    old, recent = clock.now - 120, clock.now - 30
    await fairplay.report_incident(
        client_id="", ip="10.0.0.1", kind="aimbot", detail="", occurred_at=old
    )
    await fairplay.report_incident(
        client_id="", ip="10.0.0.2", kind="aimbot", detail="", occurred_at=recent
    )
    await fairplay.add_user(token, 1, "10.0.0.1")
    await fairplay.add_user(token, 2, "10.0.0.2")
    await fairplay.add_user(token, 3, "10.0.0.3")
    assert await fairplay.get_incidents(token) == [2]
    clock.advance(10)
    await fairplay.report_incident(
        client_id="", ip="10.0.0.3", kind="aimbot", detail="", occurred_at=None
    )
    assert await fairplay.get_incidents(token) == [2, 3]


async def test_re_adding_a_player_with_the_same_ip_keeps_its_incidents(
    fairplay: FairPlayDomain, clock: Clock
) -> None:
    token, _ = await fairplay.create_session("gtasa-samp")
    await fairplay.add_user(token, 1, "10.0.0.1")
    await fairplay.report_incident(
        client_id="", ip="10.0.0.1", kind="aimbot", detail="", occurred_at=None
    )
    for _ in range(int(2 * fairplay.settings.dfairplay_incident_lookback_seconds / 200)):
        clock.advance(200)
        await fairplay.add_user(token, 1, "10.0.0.1")
    assert await fairplay.get_incidents(token) == [1]


async def test_an_incident_reported_by_client_id_lands_on_the_clients_ip(
    fairplay: FairPlayDomain,
) -> None:
    token, _ = await fairplay.create_session("gtasa-samp")
    await fairplay.register_client("client-7", "2001:db8::7")
    await fairplay.add_user(token, 7, "2001:db8:0:0::7")
    await fairplay.report_incident(
        client_id="client-7", ip="", kind="wallhack", detail="x\ny", occurred_at=None
    )
    assert await fairplay.get_incidents(token) == [7]


async def test_a_client_clock_ahead_does_not_flag_players_added_later(
    fairplay: FairPlayDomain, clock: Clock
) -> None:
    await fairplay.report_incident(
        client_id="", ip="10.0.0.1", kind="aimbot", detail="", occurred_at=clock.now + 10 * 3600
    )
    clock.advance(5 * 3600)
    token, _ = await fairplay.create_session("gtasa-samp")
    await fairplay.add_user(token, 1, "10.0.0.1")
    assert await fairplay.get_incidents(token) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"client_id": "", "ip": "", "kind": "aimbot"},
        {"client_id": "", "ip": "10.0.0.300", "kind": "aimbot"},
        {"client_id": "", "ip": "10.0.0.1", "kind": ""},
        {"client_id": "", "ip": "10.0.0.1", "kind": "k" * 65},
        {"client_id": "", "ip": "10.0.0.1", "kind": "bad\nkind"},
        {"client_id": "", "ip": "10.0.0.1", "kind": "aimbot", "detail": "d" * 4097},
    ],
)
async def test_an_invalid_incident_is_refused_and_nothing_is_stored(
    fairplay: FairPlayDomain, fields: dict[str, str]
) -> None:
    token, _ = await fairplay.create_session("gtasa-samp")
    await fairplay.add_user(token, 1, "10.0.0.1")
    with pytest.raises(InvalidArgument):
        await fairplay.report_incident(
            client_id=fields["client_id"],
            ip=fields["ip"],
            kind=fields["kind"],
            detail=fields.get("detail", ""),
            occurred_at=None,
        )
    assert await fairplay.get_incidents(token) == []


async def test_an_incident_from_an_unregistered_client_is_not_found(
    fairplay: FairPlayDomain,
) -> None:
    with pytest.raises(NotFound):
        await fairplay.report_incident(
            client_id="ghost", ip="", kind="aimbot", detail="", occurred_at=None
        )


@pytest.mark.parametrize(
    ("client_id", "ip", "account_id"),
    [
        ("", "10.0.0.1", ""),
        ("c" * 129, "10.0.0.1", ""),
        ("c1", "nope", ""),
        ("c1", "10.0.0.1", "a" * 65),
    ],
)
async def test_an_invalid_client_registration_is_refused(
    fairplay: FairPlayDomain, client_id: str, ip: str, account_id: str
) -> None:
    with pytest.raises(InvalidArgument):
        await fairplay.register_client(client_id, ip, account_id)


async def test_a_full_session_is_reported_as_exhausted(
    tmp_path: Path, db: TestDatabase, database: Database, clock: Clock
) -> None:
    fairplay = _fairplay(tmp_path, db, database, clock, dfairplay_max_players_per_session=1)
    token, _ = await fairplay.create_session("gtasa-samp")
    await fairplay.add_user(token, 1, "10.0.0.1")
    with pytest.raises(ResourceExhausted):
        await fairplay.add_user(token, 2, "10.0.0.2")


async def test_the_sweep_forgets_incidents_older_than_the_retention(
    tmp_path: Path, db: TestDatabase, database: Database, clock: Clock
) -> None:
    fairplay = _fairplay(
        tmp_path,
        db,
        database,
        clock,
        dfairplay_incident_retention_seconds=86400,
        dfairplay_incident_lookback_seconds=10 * 86400,
    )
    for age_days, ip in ((2, "10.0.0.1"), (0.5, "10.0.0.2")):
        await fairplay.report_incident(
            client_id="", ip=ip, kind="aimbot", detail="", occurred_at=clock.now - age_days * 86400
        )
    await fairplay.sweep()
    assert await _count(database, Incident) == 1
    token, _ = await fairplay.create_session("gtasa-samp")
    await fairplay.add_user(token, 1, "10.0.0.1")
    await fairplay.add_user(token, 2, "10.0.0.2")
    assert await fairplay.get_incidents(token) == [2]
