"""Tables of streamed frames and live events (declared on the fleet service's Base)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, func
from sqlalchemy.orm import Mapped, mapped_column

from services.fleet.models import Base, Id


class StreamRequest(Base):
    """An open_alert request of a device stream and the alert it opened: a device that resends
    the request after a lost answer gets the same alert, not a second one."""

    __tablename__ = "fleet_stream_requests"

    device_id: Mapped[int] = mapped_column(ForeignKey("fleet_devices.id"), primary_key=True)
    request_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    alert_id: Mapped[int] = mapped_column(Id, ForeignKey("fleet_alerts.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
