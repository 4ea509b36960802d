"""Tables of the MAC domain: player records and preferences (verdicts live in reputation)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from services.players.models import Base


class PlayerRecord(Base):
    __tablename__ = "mac_players"

    steam_id64: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(256), default="")
    previous_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    custom_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Namespaces other than `mac`, stored verbatim: namespace -> object.
    namespaces: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    modified: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Preference(Base):
    __tablename__ = "mac_prefs"

    namespace: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    # Which client (a token fingerprint) last set it.
    set_by: Mapped[str] = mapped_column(String(64), default="")
    modified: Mapped[datetime] = mapped_column(DateTime(timezone=True))
