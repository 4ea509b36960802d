"""The halp store on SQLite and PostgreSQL: submissions keep their time, newest first."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from argus.core.db import Database
from services.players.context import MIGRATIONS
from services.players.halp.entities import OCR, RAW_COUNT, Player
from services.players.halp.store import SubmissionStore
from tests.support.databases import TestDatabase


@pytest.fixture
async def store(db: TestDatabase) -> AsyncIterator[SubmissionStore]:
    database = await Database.open(db.url, MIGRATIONS, schema=db.schema)
    try:
        yield SubmissionStore(database)
    finally:
        await database.close()


async def test_a_submission_is_stored_with_its_time_and_read_back(
    store: SubmissionStore,
) -> None:
    before = datetime.now(UTC)
    row = Player(text="capt_capslock DOGS", name="capt_capslock", crew_tag="DOGS")
    created = await store.create(
        session="clifford",
        mode=OCR,
        player_count=2,
        players=[row, Player("blazeroman", "blazeroman")],
        player_list_upload="a_playerlist.png",
        count_upload="a_count.png",
    )

    latest = await store.latest(session="clifford")
    assert latest == created
    assert latest.players[0] == row
    assert before <= latest.submitted_at <= datetime.now(UTC)
    assert latest.submitted_at.tzinfo is not None


async def test_history_is_newest_first_per_session_and_filters_by_time(
    store: SubmissionStore,
) -> None:
    for count in (3, 4, 5):
        await store.create(session="clifford", mode=RAW_COUNT, player_count=count)
    await store.create(session="spadge", mode=RAW_COUNT, player_count=9)

    history = await store.history(session="clifford", limit=10)
    assert [s.player_count for s in history] == [5, 4, 3]
    assert [s.player_count for s in await store.history(session="clifford", limit=2)] == [5, 4]

    future = datetime.now(UTC) + timedelta(minutes=1)
    assert await store.history(session="clifford", limit=10, since=future) == []
    since = history[1].submitted_at
    assert [s.player_count for s in await store.history(session="clifford", limit=10, since=since)]
    assert await store.count() == 4


async def test_latest_of_one_mode_skips_newer_submissions_of_the_other(
    store: SubmissionStore,
) -> None:
    await store.create(session="clifford", mode=OCR, player_count=1, players=[Player("a", "a")])
    await store.create(session="clifford", mode=RAW_COUNT, player_count=7)

    latest_ocr = await store.latest(session="clifford", mode=OCR)
    assert latest_ocr is not None and latest_ocr.player_count == 1
    latest = await store.latest(session="clifford")
    assert latest is not None and latest.player_count == 7
    assert await store.latest(session="spadge") is None
