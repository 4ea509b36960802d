"""The halp tables: every submission with its time (the history of each session), and the
screenshots of OCR submissions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from services.players.models import ID_TYPE, Base


class HalpSubmission(Base):
    __tablename__ = "halp_submissions"
    __table_args__ = (Index("ix_halp_submissions_session_time", "session", "submitted_at"),)

    id: Mapped[int] = mapped_column(ID_TYPE, primary_key=True, autoincrement=True)
    session: Mapped[str] = mapped_column(String(200))
    mode: Mapped[str] = mapped_column(String(16))
    player_count: Mapped[int] = mapped_column(Integer)
    # OCR mode: [{"text", "name", "crewTag"}, ...] top to bottom; null for rawCount.
    players: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    player_list_upload: Mapped[str | None] = mapped_column(String(255), nullable=True)
    count_upload: Mapped[str | None] = mapped_column(String(255), nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class HalpUpload(Base):
    """A stored screenshot, served back by `/uploads/<name>`; pruned after the retention."""

    __tablename__ = "halp_uploads"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(32))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
