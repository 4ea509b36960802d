"""Persistence of halp submissions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, select

from argus.core.db import Database
from argus.core.times import utc
from services.players.halp.entities import Mode, Player, Submission
from services.players.halp.models import HalpSubmission


def _players_json(players: list[Player]) -> list[dict[str, Any]]:
    return [{"text": p.text, "name": p.name, "crewTag": p.crew_tag} for p in players]


def _to_submission(row: HalpSubmission) -> Submission:
    players = [
        Player(text=p.get("text", ""), name=p.get("name", ""), crew_tag=p.get("crewTag", ""))
        for p in row.players or []
    ]
    return Submission(
        id=row.id,
        session=row.session,
        mode=row.mode,  # type: ignore[arg-type]
        player_count=row.player_count,
        submitted_at=utc(row.submitted_at),
        players=players,
        player_list_upload=row.player_list_upload or "",
        count_upload=row.count_upload or "",
    )


def _newest_first(session: str) -> Select[HalpSubmission]:
    return (
        select(HalpSubmission)
        .where(HalpSubmission.session == session)
        .order_by(HalpSubmission.submitted_at.desc(), HalpSubmission.id.desc())
    )


class SubmissionStore:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def create(
        self,
        *,
        session: str,
        mode: Mode,
        player_count: int,
        players: list[Player] | None = None,
        player_list_upload: str = "",
        count_upload: str = "",
    ) -> Submission:
        """Store one submission, stamped with the current time."""
        row = HalpSubmission(
            session=session,
            mode=mode,
            player_count=player_count,
            players=None if players is None else _players_json(players),
            player_list_upload=player_list_upload or None,
            count_upload=count_upload or None,
            submitted_at=datetime.now(UTC),
        )
        async with self.database.sessions() as db, db.begin():
            db.add(row)
        return _to_submission(row)

    async def latest(self, *, session: str, mode: Mode | None = None) -> Submission | None:
        """The newest submission of a session, optionally of one mode only."""
        query = _newest_first(session)
        if mode is not None:
            query = query.where(HalpSubmission.mode == mode)
        async with self.database.sessions() as db:
            row = (await db.execute(query.limit(1))).scalar_one_or_none()
        return None if row is None else _to_submission(row)

    async def history(
        self, *, session: str, limit: int, since: datetime | None = None
    ) -> list[Submission]:
        """A session's submissions, newest first."""
        query = _newest_first(session)
        if since is not None:
            query = query.where(HalpSubmission.submitted_at >= since)
        async with self.database.sessions() as db:
            rows = (await db.execute(query.limit(limit))).scalars().all()
        return [_to_submission(row) for row in rows]

    async def count(self) -> int:
        """How many submissions are stored (all sessions)."""
        async with self.database.sessions() as db:
            return int((await db.execute(select(func.count(HalpSubmission.id)))).scalar_one())
