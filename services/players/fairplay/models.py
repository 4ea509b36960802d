"""Tables of DFairPlay sessions: a game server's token session and the players it added."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services.players.models import Base


class FairPlaySession(Base):
    __tablename__ = "fairplay_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # SHA-256 of the token: the token itself is a secret and is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    game: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class SessionPlayer(Base):
    __tablename__ = "fairplay_session_players"

    session_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("fairplay_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    player_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    added_at: Mapped[float] = mapped_column(Float)
