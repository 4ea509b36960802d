"""Tables of frames: stored frames, and the alert requests of device streams."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column

from services.fleet.models import Base, Id


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


class StreamRequest(Base):
    """An open_alert request of a device stream and the alert it opened: a device that resends
    the request after a lost answer gets the same alert, not a second one."""

    __tablename__ = "fleet_stream_requests"

    device_id: Mapped[int] = mapped_column(ForeignKey("fleet_devices.id"), primary_key=True)
    request_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    alert_id: Mapped[int] = mapped_column(Id, ForeignKey("fleet_alerts.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
