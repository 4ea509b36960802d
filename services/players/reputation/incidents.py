"""Incidents reported by fair-play clients, kept against the ip they came from."""

from __future__ import annotations

from sqlalchemy import Float, Index, Integer, String, Text, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from argus.core.db import inserted
from services.players.models import Base


class Incident(Base):
    __tablename__ = "reputation_incidents"
    __table_args__ = (
        Index("ix_reputation_incidents_ip_occurred_at", "ip", "occurred_at"),
        Index("ix_reputation_incidents_occurred_at", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ip: Mapped[str] = mapped_column(String(64))
    client_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    kind: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[float] = mapped_column(Float)
    reported_at: Mapped[float] = mapped_column(Float)


async def create(
    session: AsyncSession,
    *,
    ip: str,
    client_id: str | None,
    kind: str,
    detail: str,
    occurred_at: float,
    reported_at: float,
) -> int:
    """Store one incident; returns its id."""
    incident = Incident(
        ip=ip,
        client_id=client_id,
        kind=kind,
        detail=detail,
        occurred_at=occurred_at,
        reported_at=reported_at,
    )
    return (await inserted(session, incident)).id


async def delete_older_than(session: AsyncSession, moment: float) -> int:
    """Forget incidents that occurred before `moment`; returns how many."""
    result = await session.execute(delete(Incident).where(Incident.occurred_at < moment))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def latest(session: AsyncSession, *, limit: int) -> list[Incident]:
    """The `limit` incidents that occurred last, newest first."""
    query = select(Incident).order_by(Incident.occurred_at.desc(), Incident.id.desc()).limit(limit)
    return list((await session.execute(query)).scalars())
