"""The verdict part of the reputation store, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from argus.core.db import Database
from services.players.context import MIGRATIONS
from services.players.reputation.verdicts import normalise_verdict, set_verdicts, verdicts_for
from tests.support.databases import TestDatabase

ALICE, BOB, CAROL = "76561198000000001", "76561198000000002", "76561198000000003"


@pytest.fixture
async def database(db: TestDatabase) -> AsyncIterator[Database]:
    opened = await Database.open(db.url, MIGRATIONS, schema=db.schema)
    yield opened
    await opened.close()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("none", "Player"),
        ("PLAYER", "Player"),
        ("sus", "Suspicious"),
        ("Suspicious", "Suspicious"),
        ("cheater", "Cheater"),
        ("trusted", "Trusted"),
        ("bot", "Bot"),
        ("convict", "Convict"),
        ("hacker", None),
        (7, None),
    ],
)
def test_verdict_names_are_normalised_case_insensitively(given: object, expected: str) -> None:
    assert normalise_verdict(given) == expected


async def test_verdicts_for_returns_only_accounts_that_have_a_verdict(database: Database) -> None:
    async with database.sessions.begin() as session:
        await set_verdicts(session, {ALICE: "Cheater", BOB: "Trusted"})
    async with database.sessions() as session:
        assert await verdicts_for(session, [ALICE, BOB, CAROL]) == {
            ALICE: "Cheater",
            BOB: "Trusted",
        }
        assert await verdicts_for(session, []) == {}


async def test_a_convict_verdict_overrides_local_verdicts_set_later(database: Database) -> None:
    async with database.sessions.begin() as session:
        await set_verdicts(session, {ALICE: "Convict"})
    async with database.sessions.begin() as session:
        await set_verdicts(session, {ALICE: "Trusted"})
    async with database.sessions() as session:
        assert await verdicts_for(session, [ALICE]) == {ALICE: "Convict"}
    async with database.sessions.begin() as session:
        await set_verdicts(session, {ALICE: False})
    async with database.sessions() as session:
        assert await verdicts_for(session, [ALICE]) == {ALICE: "Trusted"}
