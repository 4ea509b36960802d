"""Tables of the fleet service: users, trucks, devices, alerts and frames."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
Id = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    pass


def column_width(attribute: Any) -> int:
    """The width of a String column: the longest text it stores."""
    length = attribute.property.columns[0].type.length
    assert isinstance(length, int)
    return length


class User(Base):
    __tablename__ = "fleet_users"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Truck(Base):
    __tablename__ = "fleet_trucks"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(150))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class Device(Base):
    __tablename__ = "fleet_devices"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    mac: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(150))
    truck_id: Mapped[int] = mapped_column(ForeignKey("fleet_trucks.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # False while an admin has not approved it (registration mode `approval`).
    approved: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Alert(Base):
    __tablename__ = "fleet_alerts"
    __table_args__ = (
        Index("ix_fleet_alerts_init_id", "alert_init", "id"),
        Index("ix_fleet_alerts_truck_init", "truck_id", "alert_init"),
        # Counting a filtered list reads this index alone.
        Index("ix_fleet_alerts_behavior", "behavior", "started", "alert_init"),
        # Page 1 of a filtered list reads its 20 entries newest first (fleet_0006).
        Index("ix_fleet_alerts_behavior_init", "behavior", "alert_init", "id"),
        Index("ix_fleet_alerts_truck_behavior_init", "truck_id", "behavior", "alert_init", "id"),
        Index("ix_fleet_alerts_started_init", "started", "alert_init", "id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    truck_id: Mapped[int] = mapped_column(ForeignKey("fleet_trucks.id"))
    behavior: Mapped[str] = mapped_column(String(64))
    alert_init: Mapped[datetime] = mapped_column(DateTime)
    alert_end: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # True while the alert is open (the seed's name).
    started: Mapped[bool] = mapped_column(Boolean, default=True, index=True)


class AlertCount(Base):
    """How many alerts a truck has of one behaviour, open or closed: kept by database triggers
    on fleet_alerts (migration fleet_0006), so a page's total is a sum over a few rows."""

    __tablename__ = "fleet_alert_counts"

    truck_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    behavior: Mapped[str] = mapped_column(String(64), primary_key=True)
    started: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class Frame(Base):
    """An alert frame (alert_id set) or a safe frame (alert_id NULL) of a truck."""

    __tablename__ = "fleet_frames"
    __table_args__ = (
        Index("ix_fleet_frames_alert_ts", "alert_id", "frame_timestamp"),
        Index("ix_fleet_frames_truck_ts", "truck_id", "frame_timestamp"),
        # Retention finds old frames by the time they were stored.
        Index("ix_fleet_frames_received", "received_at"),
        # Streamed frames are stored once per (device, sequence), however often resent.
        UniqueConstraint("device_id", "sequence", name="uq_fleet_frames_device_sequence"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    truck_id: Mapped[int] = mapped_column(ForeignKey("fleet_trucks.id"))
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("fleet_alerts.id"), nullable=True)
    frame_index: Mapped[int] = mapped_column(Integer, default=0)
    frame_timestamp: Mapped[datetime] = mapped_column(DateTime)
    size_bytes: Mapped[int] = mapped_column(Integer)
    # Deferred: listing metadata never drags the image bytes along.
    image: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("fleet_devices.id"), nullable=True)
    sequence: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    received_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    @property
    def safe(self) -> bool:
        return self.alert_id is None


class AlertEventRow(Base):
    """The outbox: one row per alert event, written in the transaction of its change."""

    __tablename__ = "fleet_alert_events"
    __table_args__ = (
        Index("ix_fleet_alert_events_created", "created_at"),
        # Ids are never reused, even after retention deleted the newest rows.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    truck_id: Mapped[int] = mapped_column(BigInteger)
    # The event as JSON (services.fleet.events.AlertEvent.to_json).
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
