"""Tables of alerts: driver-behaviour alerts, and the outbox of their events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from services.fleet.models import Base, Id


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
    # The event as JSON (services.fleet.alerts.events.AlertEvent.to_json).
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
