"""MAC verdicts of the reputation store: a local verdict per steamID64, overridden by convict."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from services.players.models import Base

PLAYER = "Player"
CONVICT = "Convict"
VERDICTS = ("Player", "Suspicious", "Cheater", "Trusted", "Bot", "Convict")
_ALIASES = {name.lower(): name for name in VERDICTS} | {
    "none": PLAYER,
    "": PLAYER,
    "sus": "Suspicious",
    "suspicious": "Suspicious",
    "convicted": CONVICT,
}


class Verdict(Base):
    __tablename__ = "reputation_verdicts"

    steam_id64: Mapped[str] = mapped_column(String(20), primary_key=True)
    local_verdict: Mapped[str] = mapped_column(String(16), default=PLAYER)
    # Set by the authoritative source; overrides the local verdict in every answer.
    convicted: Mapped[bool] = mapped_column(Boolean, default=False)
    modified: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def normalise_verdict(value: object) -> str | None:
    """The canonical verdict name for `value` (case-insensitive, aliases), or None if unknown."""
    if value is None:
        return PLAYER
    if not isinstance(value, str):
        return None
    return _ALIASES.get(value.strip().lower())


def effective_verdict(local_verdict: str, convicted: bool) -> str:
    """What every response shows: Convict wins over whatever was set locally."""
    return CONVICT if convicted else local_verdict


async def verdicts_for(session: AsyncSession, account_ids: Iterable[str]) -> dict[str, str]:
    """The effective normalised verdict of each steamID64 that has one."""
    ids = list(dict.fromkeys(account_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(Verdict.steam_id64, Verdict.local_verdict, Verdict.convicted).where(
            Verdict.steam_id64.in_(ids)
        )
    )
    return {sid: effective_verdict(local, convicted) for sid, local, convicted in rows}


async def set_verdicts(session: AsyncSession, changes: Mapping[str, str | bool]) -> None:
    """Store verdicts: a canonical local verdict, `Convict`, or a bool to set/clear convict."""
    if not changes:
        return
    existing = {
        row.steam_id64: row
        for row in (
            await session.scalars(select(Verdict).where(Verdict.steam_id64.in_(list(changes))))
        )
    }
    now = datetime.now(UTC)
    for steam_id64, change in changes.items():
        row = existing.get(steam_id64)
        if row is None:
            row = Verdict(steam_id64=steam_id64, local_verdict=PLAYER, convicted=False)
            session.add(row)
        if isinstance(change, bool):
            row.convicted = change
        elif change == CONVICT:
            row.convicted = True
        else:
            row.local_verdict = change
        row.modified = now
