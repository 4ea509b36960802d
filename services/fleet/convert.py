"""Domain objects <-> fleet protos."""

from __future__ import annotations

from datetime import datetime

from argus.core.errors import InvalidArgument
from argus.core.times import from_timestamp, naive_utc, optional_timestamp
from argus.fleet.v1 import fleet_pb2
from services.fleet.accounts.service import Issued
from services.fleet.alerts.models import Alert
from services.fleet.alerts.service import TruckStatus
from services.fleet.frames.models import Frame
from services.fleet.paging import Page


# Fleet's tables store zone-less UTC, so its domain takes times in that form.
def required_time(message: object, field: str) -> datetime:
    """The naive UTC datetime of a Timestamp field that must be set."""
    if not message.HasField(field):  # type: ignore[attr-defined]
        raise InvalidArgument(f"{field} is required", reason="INVALID_TIMESTAMP")
    return naive_utc(from_timestamp(getattr(message, field)))


def optional_time(message: object, field: str) -> datetime | None:
    if not message.HasField(field):  # type: ignore[attr-defined]
        return None
    return naive_utc(from_timestamp(getattr(message, field)))


def page(result: Page[object]) -> fleet_pb2.Page:
    return fleet_pb2.Page(
        page=result.page,
        per_page=result.per_page,
        total_pages=result.total_pages,
        total_items=result.total_items,
    )


def alert(value: Alert) -> fleet_pb2.Alert:
    return fleet_pb2.Alert(
        id=value.id,
        truck_id=value.truck_id,
        behavior=value.behavior,
        alert_init=optional_timestamp(value.alert_init),
        alert_end=optional_timestamp(value.alert_end),
        started=value.started,
    )


def frame(value: Frame, *, with_image: bool = True) -> fleet_pb2.Frame:
    return fleet_pb2.Frame(
        id=value.id,
        alert_id=value.alert_id or 0,
        truck_id=value.truck_id,
        frame_index=value.frame_index,
        frame_timestamp=optional_timestamp(value.frame_timestamp),
        image=value.image if with_image else b"",
        safe=value.alert_id is None,
    )


def truck(value: TruckStatus) -> fleet_pb2.Truck:
    return fleet_pb2.Truck(
        id=value.truck.id,
        name=value.truck.name,
        device_mac=value.device_mac,
        last_alert=alert(value.last_alert) if value.last_alert else None,
    )


def token(value: Issued) -> fleet_pb2.TokenResponse:
    return fleet_pb2.TokenResponse(
        id=value.id, token=value.token, expires_at=optional_timestamp(value.expires_at)
    )


def device(value: Issued) -> fleet_pb2.DeviceRegistration:
    return fleet_pb2.DeviceRegistration(
        id=value.id,
        truck_id=value.truck_id,
        token=value.token,
        expires_at=optional_timestamp(value.expires_at) if value.token else None,
        pending=value.pending,
    )
