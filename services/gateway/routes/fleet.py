"""ServerAPI (`/api/v1/...`): users, Jetson devices, alerts, frames and trucks over gRPC."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse
from google.protobuf.timestamp_pb2 import Timestamp

from argus.core.tokens import presented_token
from argus.fleet.v1 import fleet_pb2
from services.gateway.backends import BackendsDep
from services.gateway.errors import BackendError
from services.gateway.json_bodies import JSONBodyRoute
from services.gateway.routes.fleet_envelope import credentials, decode_frame, parse_time, success
from services.gateway.routes.fleet_limits import check_attempt
from services.gateway.routes.fleet_schemas import (
    ApproveBody,
    CloseAlertBody,
    FrameBody,
    Id,
    Index,
    JetsonBody,
    LoginBody,
    OpenAlertBody,
    RegisterBody,
    SafeFrameBody,
    alert_json,
    frame_json,
    page_json,
    truck_json,
)

router = APIRouter(prefix="/api/v1", tags=["ServerAPI (fleet)"], route_class=JSONBodyRoute)

AuthHeader = Annotated[str, Header(alias="authorization")]
TokenQuery = Annotated[str, Query(description="user token")]
PageQuery = Annotated[int, Query(ge=1, le=2**31 - 1)]
_TRUE = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


async def _user_credentials(
    token: TokenQuery = "", username: str = "", authorization: AuthHeader = ""
) -> tuple[tuple[str, str], ...]:
    """The metadata of a GET: `token` and `username` in the query, or a Bearer header."""
    return credentials(presented_token(token, authorization=authorization), username)


UserCredentials = Annotated[tuple[tuple[str, str], ...], Depends(_user_credentials)]


def _optional_time(value: str | None, field: str) -> Timestamp | None:
    return parse_time(value, field) if value else None


def _started(value: str | None) -> bool | None:
    if value is None or value == "":
        return None
    if value.strip().lower() not in _TRUE:
        raise BackendError(400, "started: use True or False", "INVALID_STARTED")
    return _TRUE[value.strip().lower()]


def _new_user(body: RegisterBody) -> fleet_pb2.NewUser:
    return fleet_pb2.NewUser(**body.new_user.model_dump())


def _cur_user(http: Request, body: RegisterBody, authorization: str) -> tuple[tuple[str, str], ...]:
    """The caller of a register body, as metadata; the attempt counts against its account."""
    check_attempt(http, f"user:{body.cur_user.username or body.new_user.username}")
    return credentials(
        presented_token(body.cur_user.token, body.token, authorization=authorization),
        body.cur_user.username,
    )


def _token_json(reply: fleet_pb2.TokenResponse) -> JSONResponse:
    return success({"id": reply.id, "token": reply.token})


@router.post("/user/register/", summary="Register a user (admins only); returns its token")
async def register_user(
    http: Request, body: RegisterBody, backends: BackendsDep, authorization: AuthHeader = ""
) -> JSONResponse:
    md = _cur_user(http, body, authorization)
    request = fleet_pb2.RegisterUserRequest(new_user=_new_user(body))
    return _token_json(await backends.fleet.RegisterUser(request, metadata=md))


@router.put("/user/register/", summary="Update a user; returns a new token")
async def update_user(
    http: Request, body: RegisterBody, backends: BackendsDep, authorization: AuthHeader = ""
) -> JSONResponse:
    md = _cur_user(http, body, authorization)
    request = fleet_pb2.UpdateUserRequest(new_user=_new_user(body))
    return _token_json(await backends.fleet.UpdateUser(request, metadata=md))


@router.post("/login/", summary="Username and password -> a user token")
async def login(http: Request, body: LoginBody, backends: BackendsDep) -> JSONResponse:
    check_attempt(http, f"user:{body.username}")
    request = fleet_pb2.LoginRequest(username=body.username, password=body.password)
    return _token_json(await backends.fleet.Login(request))


@router.post("/jetson/register/", summary="Register a device (or renew its token)")
async def register_jetson(
    http: Request,
    body: JetsonBody,
    backends: BackendsDep,
    enrollment_secret: Annotated[str, Header(alias="x-enrollment-secret")] = "",
) -> JSONResponse:
    check_attempt(http, f"device:{body.mac}")
    request = fleet_pb2.RegisterDeviceRequest(
        mac=body.mac,
        password=body.password,
        name=body.name,
        enrollment_secret=body.enrollment_secret or enrollment_secret,
    )
    reply = await backends.fleet.RegisterDevice(request)
    data = {"id": reply.id, "truck_id": reply.truck_id, "token": reply.token}
    return success({**data, "pending": reply.pending})


@router.post("/jetson/approve/", summary="Approve a pending device (admins only)")
async def approve_jetson(
    body: ApproveBody, backends: BackendsDep, authorization: AuthHeader = ""
) -> JSONResponse:
    md = credentials(presented_token(body.token, authorization=authorization))
    request = fleet_pb2.ApproveDeviceRequest(mac=body.mac)
    reply = await backends.fleet.ApproveDevice(request, metadata=md)
    return success({"id": reply.id, "truck_id": reply.truck_id, "pending": reply.pending})


@router.post("/alert/", summary="Open an alert (device token)")
async def open_alert(
    body: OpenAlertBody, backends: BackendsDep, authorization: AuthHeader = ""
) -> JSONResponse:
    md = credentials(presented_token(body.token, authorization=authorization))
    request = fleet_pb2.OpenAlertRequest(
        truck_id=body.truck_id,
        alert_init=parse_time(body.alert_init, "alert_init"),
        behavior=body.behavior,
    )
    alert = await backends.fleet.OpenAlert(request, metadata=md)
    return success({"id": alert.id, "alert_id": alert.id}, code=201)


@router.put("/alert/", summary="Close an open alert (device token)")
async def close_alert(
    body: CloseAlertBody, backends: BackendsDep, authorization: AuthHeader = ""
) -> JSONResponse:
    md = credentials(presented_token(body.token, authorization=authorization))
    request = fleet_pb2.CloseAlertRequest(
        alert_id=body.alert_id, alert_end=parse_time(body.alert_end, "alert_end")
    )
    alert = await backends.fleet.CloseAlert(request, metadata=md)
    return success({"id": alert.id, "alert_id": alert.id})


@router.get("/alert/", summary="Alerts, newest first, 20 per page (user token)")
async def list_alerts(
    backends: BackendsDep,
    md: UserCredentials,
    page: PageQuery = 1,
    behavior: str | None = None,
    alert_init: str | None = None,
    started: str | None = None,
    truck_id: Annotated[Id | None, Query()] = None,
) -> JSONResponse:
    request = fleet_pb2.ListAlertsRequest(
        page=page,
        behavior=behavior or "",
        alert_init=_optional_time(alert_init, "alert_init"),
        truck_id=truck_id or 0,
    )
    if (open_only := _started(started)) is not None:
        request.started = open_only
    reply = await backends.fleet.ListAlerts(request, metadata=md)
    return success({"alerts": [alert_json(a) for a in reply.alerts], **page_json(reply.page)})


@router.get("/alert/{alert_id}/", summary="One alert (user token)")
async def get_alert(alert_id: Id, backends: BackendsDep, md: UserCredentials) -> JSONResponse:
    alert = await backends.fleet.GetAlert(fleet_pb2.GetAlertRequest(alert_id=alert_id), metadata=md)
    return success({"alert": alert_json(alert)})


@router.get("/user/me/", summary="The user a token belongs to, with its role (user token)")
async def current_user(backends: BackendsDep, md: UserCredentials) -> JSONResponse:
    user = await backends.fleet.GetCurrentUser(fleet_pb2.GetCurrentUserRequest(), metadata=md)
    return success({"id": user.id, "username": user.username, "role": user.role})


@router.post("/log/", summary="Add a frame to an open alert (device token)")
async def add_frame(
    body: FrameBody, backends: BackendsDep, authorization: AuthHeader = ""
) -> JSONResponse:
    md = credentials(presented_token(body.token, authorization=authorization))
    request = fleet_pb2.AddFrameRequest(
        alert_id=body.alert_id,
        frame_timestamp=parse_time(body.frame_timestamp, "frame_timestamp"),
        image=decode_frame(body.frame),
        frame_index=body.frame_index,
    )
    frame = await backends.fleet.AddFrame(request, metadata=md)
    return success({"id": frame.id})


@router.get("/log/", summary="Frames of an alert with their images, 5 per page (user token)")
async def list_frames(
    backends: BackendsDep,
    alert_id: Annotated[Id, Query()],
    md: UserCredentials,
    page: PageQuery = 1,
    frame_timestamp: str | None = None,
    frame_index: Annotated[Index | None, Query()] = None,
) -> JSONResponse:
    request = fleet_pb2.ListFramesRequest(
        alert_id=alert_id,
        page=page,
        frame_timestamp=_optional_time(frame_timestamp, "frame_timestamp"),
        frame_index=frame_index,
    )
    reply = await backends.fleet.ListFrames(request, metadata=md)
    return success({"frames": [frame_json(f) for f in reply.frames], **page_json(reply.page)})


@router.post("/safe/", summary="Add a safe frame of the device's truck (device token)")
async def add_safe_frame(
    body: SafeFrameBody, backends: BackendsDep, authorization: AuthHeader = ""
) -> JSONResponse:
    md = credentials(presented_token(body.token, authorization=authorization))
    request = fleet_pb2.AddSafeFrameRequest(
        truck_id=body.truck_id,
        frame_timestamp=parse_time(body.frame_timestamp, "frame_timestamp"),
        image=decode_frame(body.frame),
    )
    frame = await backends.fleet.AddSafeFrame(request, metadata=md)
    return success({"safeframe_id": frame.id, "id": frame.id})


@router.get("/truck/laststatus/", summary="The newest frame of a truck, safe or alert")
async def last_status(
    backends: BackendsDep,
    truck_id: Annotated[Id, Query()],
    md: UserCredentials,
) -> JSONResponse:
    frame = await backends.fleet.GetLastStatus(
        fleet_pb2.GetLastStatusRequest(truck_id=truck_id), metadata=md
    )
    return success({"frame": frame_json(frame)})


@router.get("/truck/list/", summary="Trucks with their last alert, 20 per page")
async def list_trucks(
    backends: BackendsDep, md: UserCredentials, page: PageQuery = 1
) -> JSONResponse:
    reply = await backends.fleet.ListTrucks(fleet_pb2.ListTrucksRequest(page=page), metadata=md)
    return success({"trucks": [truck_json(t) for t in reply.trucks], **page_json(reply.page)})
