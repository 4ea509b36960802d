"""Request bodies of the ServerAPI routes and the JSON shapes of their answers."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

from argus.fleet.v1 import fleet_pb2
from services.gateway.routes.fleet_envelope import encode_frame, format_time

# Ids are int64 in the protos; anything outside is refused as a bad request, never a crash.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Index = Annotated[int, Field(ge=0, le=2**31 - 1)]


class CurUser(BaseModel):
    username: str = ""
    token: str = ""


class NewUser(BaseModel):
    username: str = ""
    password: str = ""
    role: str = ""
    email: str = ""


class RegisterBody(BaseModel):
    cur_user: CurUser = Field(default_factory=CurUser)
    # The original server read a top-level token; both are accepted.
    token: str = ""
    new_user: NewUser


class LoginBody(BaseModel):
    username: str
    password: str


class JetsonBody(BaseModel):
    mac: str
    password: str
    name: str = ""
    # Registration mode `secret`: a new device's proof (or the X-Enrollment-Secret header).
    enrollment_secret: str = ""


class ApproveBody(BaseModel):
    token: str = ""
    mac: str


class OpenAlertBody(BaseModel):
    token: str = ""
    truck_id: Id
    alert_init: str
    behavior: str


class CloseAlertBody(BaseModel):
    token: str = ""
    alert_id: Id
    alert_end: str


class FrameBody(BaseModel):
    token: str = ""
    alert_id: Id
    frame_timestamp: str
    frame: str
    frame_index: Index = 0


class SafeFrameBody(BaseModel):
    token: str = ""
    truck_id: Id
    frame_timestamp: str
    frame: str


def alert_json(alert: fleet_pb2.Alert) -> dict[str, Any]:
    return {
        "id": alert.id,
        "truck_id": alert.truck_id,
        "behavior": alert.behavior,
        "alert_init": format_time(alert.alert_init),
        "alert_end": format_time(alert.alert_end) if alert.HasField("alert_end") else None,
        "started": alert.started,
    }


def frame_json(frame: fleet_pb2.Frame) -> dict[str, Any]:
    return {
        "id": frame.id,
        "alert_id": frame.alert_id or None,
        "truck_id": frame.truck_id,
        "frame_index": frame.frame_index,
        "frame_timestamp": format_time(frame.frame_timestamp),
        "frame_image": encode_frame(frame.image),
        "safe": frame.safe,
    }


def truck_json(truck: fleet_pb2.Truck) -> dict[str, Any]:
    return {
        "id": truck.id,
        "name": truck.name,
        "mac": truck.device_mac,
        "last_alert": alert_json(truck.last_alert) if truck.HasField("last_alert") else None,
    }


def page_json(page: fleet_pb2.Page) -> dict[str, int]:
    return {
        "page": page.page,
        "perPage": page.per_page,
        "totalPages": page.total_pages,
        "totalItems": page.total_items,
    }
