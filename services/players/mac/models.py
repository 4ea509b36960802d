"""Tables of the MAC domain: player records, preferences, each client's lobby, its history and
command queue, the Steam profile cache, and the generation counter behind the lobby's ETag.
Verdicts live in reputation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services.players.models import ID_TYPE, Base


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


class LobbyRow(Base):
    """One client's lobby; `version` grows with every change (optimistic concurrency, ETag)."""

    __tablename__ = "mac_lobbies"

    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    # Server fields and members, as services.players.mac.lobby_codec writes them.
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Unix time when the first missing member leaves for the history; null: nobody missing.
    expires_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    modified: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class HistoryRow(Base):
    """A player who left a client's lobby; pruned after the retention."""

    __tablename__ = "mac_history"
    __table_args__ = (Index("ix_mac_history_client_id", "client", "id"),)

    id: Mapped[int] = mapped_column(ID_TYPE, primary_key=True, autoincrement=True)
    client: Mapped[str] = mapped_column(String(64))
    steam_id64: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(256))
    game_info: Mapped[dict[str, Any]] = mapped_column(JSON)
    left_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class CommandRow(Base):
    """A command queued for a client's game client; deleted when drained."""

    __tablename__ = "mac_commands"
    __table_args__ = (Index("ix_mac_commands_client_id", "client", "id"),)

    id: Mapped[int] = mapped_column(ID_TYPE, primary_key=True, autoincrement=True)
    client: Mapped[str] = mapped_column(String(64))
    command: Mapped[dict[str, Any]] = mapped_column(JSON)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SteamProfile(Base):
    """What the Steam Web API said about one account, and when (refetched after expiry)."""

    __tablename__ = "mac_steam_profiles"

    steam_id64: Mapped[str] = mapped_column(String(20), primary_key=True)
    info: Mapped[dict[str, Any]] = mapped_column(JSON)
    fetched_at: Mapped[float] = mapped_column(Float, index=True)


class Generation(Base):
    """One row counting changes of shared player data (records, verdicts, Steam profiles)."""

    __tablename__ = "mac_generation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger)
