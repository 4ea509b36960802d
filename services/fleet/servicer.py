"""FleetService over gRPC: reads the caller's token from metadata, translates, delegates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any, TypeAlias

import grpc

from argus.core.tokens import metadata_token, metadata_value
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.fleet import convert
from services.fleet.accounts.caller import Caller
from services.fleet.accounts.service import UserFields
from services.fleet.alerts.store import AlertFilter
from services.fleet.context import FleetContext
from services.fleet.frames.store import FrameFilter
from services.fleet.live.servicer import LiveStreams, Requests

# Optional: the username a legacy client sent next to its token; it must match the token.
USERNAME = "argus-username"
# The enrollment secret of a new device, when not in the request (registration mode secret).
ENROLLMENT_HEADER = "x-enrollment-secret"

Context: TypeAlias = grpc.aio.ServicerContext


def bearer(context: Context) -> tuple[str, str]:
    """The token and claimed username in the call's metadata ("" when absent)."""
    metadata = context.invocation_metadata()
    return metadata_token(metadata), metadata_value(metadata, USERNAME)


def _metadata(context: Context, key: str) -> str:
    return metadata_value(context.invocation_metadata(), key)


def _fields(new_user: fleet_pb2.NewUser) -> UserFields:
    return UserFields(
        username=new_user.username.strip(),
        password=new_user.password,
        role=new_user.role,
        email=new_user.email.strip(),
    )


class FleetServicer(fleet_pb2_grpc.FleetServiceServicer):
    """Every RPC authenticates here and delegates: unary calls to the accounts, alerts and
    frames domains, the two streams to `live`. RPCs not overridden here answer UNIMPLEMENTED."""

    def __init__(self, ctx: FleetContext) -> None:
        self.ctx = ctx
        self.accounts = ctx.accounts
        self.alerts = ctx.alerts
        self.frames = ctx.frames
        self.live = LiveStreams(ctx.settings, live=ctx.live, frames=ctx.frames, events=ctx.events)

    async def start(self) -> None:
        await self.ctx.start()

    async def stop(self) -> None:
        """Let the frame commits under way finish, then end every watch."""
        await self.frames.close()
        await self.live.stop()

    async def caller(self, context: Context) -> Caller:
        token, username = bearer(context)
        return await self.accounts.authenticate(token, username=username)

    async def Login(self, request: fleet_pb2.LoginRequest, context: Context) -> Any:
        issued = await self.accounts.login(username=request.username, password=request.password)
        return convert.token(issued)

    async def RegisterUser(self, request: fleet_pb2.RegisterUserRequest, context: Context) -> Any:
        caller = await self.caller(context)
        return convert.token(await self.accounts.register_user(caller, _fields(request.new_user)))

    async def UpdateUser(self, request: fleet_pb2.UpdateUserRequest, context: Context) -> Any:
        caller = await self.caller(context)
        return convert.token(await self.accounts.update_user(caller, _fields(request.new_user)))

    async def RegisterDevice(
        self, request: fleet_pb2.RegisterDeviceRequest, context: Context
    ) -> Any:
        issued = await self.accounts.register_device(
            mac=request.mac,
            password=request.password,
            name=request.name,
            enrollment_secret=request.enrollment_secret or _metadata(context, ENROLLMENT_HEADER),
        )
        return convert.device(issued)

    async def ApproveDevice(self, request: fleet_pb2.ApproveDeviceRequest, context: Context) -> Any:
        caller = await self.caller(context)
        return convert.device(await self.accounts.approve_device(caller, mac=request.mac))

    async def OpenAlert(self, request: fleet_pb2.OpenAlertRequest, context: Context) -> Any:
        alert = await self.alerts.open_alert(
            await self.caller(context),
            truck_id=request.truck_id,
            alert_init=convert.required_time(request, "alert_init"),
            behavior=request.behavior,
        )
        return convert.alert(alert)

    async def CloseAlert(self, request: fleet_pb2.CloseAlertRequest, context: Context) -> Any:
        alert = await self.alerts.close_alert(
            await self.caller(context),
            alert_id=request.alert_id,
            alert_end=convert.required_time(request, "alert_end"),
        )
        return convert.alert(alert)

    async def ListAlerts(self, request: fleet_pb2.ListAlertsRequest, context: Context) -> Any:
        where = AlertFilter(
            behavior=request.behavior or None,
            since=convert.optional_time(request, "alert_init"),
            started=request.started if request.HasField("started") else None,
            truck_id=request.truck_id or None,
        )
        result = await self.alerts.list_alerts(
            await self.caller(context), where=where, page=request.page or 1
        )
        return fleet_pb2.ListAlertsResponse(
            alerts=[convert.alert(a) for a in result.items], page=convert.page(result)
        )

    async def AddFrame(self, request: fleet_pb2.AddFrameRequest, context: Context) -> Any:
        frame = await self.frames.add_frame(
            await self.caller(context),
            alert_id=request.alert_id,
            frame_timestamp=convert.required_time(request, "frame_timestamp"),
            image=request.image,
            frame_index=request.frame_index,
        )
        return convert.frame(frame, with_image=False)

    async def ListFrames(self, request: fleet_pb2.ListFramesRequest, context: Context) -> Any:
        where = FrameFilter(
            alert_id=request.alert_id,
            since=convert.optional_time(request, "frame_timestamp"),
            after_index=request.frame_index if request.HasField("frame_index") else None,
        )
        result = await self.frames.list_frames(
            await self.caller(context), where=where, page=request.page or 1
        )
        return fleet_pb2.ListFramesResponse(
            frames=[convert.frame(f) for f in result.items], page=convert.page(result)
        )

    async def AddSafeFrame(self, request: fleet_pb2.AddSafeFrameRequest, context: Context) -> Any:
        frame = await self.frames.add_safe_frame(
            await self.caller(context),
            truck_id=request.truck_id,
            frame_timestamp=convert.required_time(request, "frame_timestamp"),
            image=request.image,
        )
        return convert.frame(frame, with_image=False)

    async def GetLastStatus(self, request: fleet_pb2.GetLastStatusRequest, context: Context) -> Any:
        frame = await self.frames.last_status(await self.caller(context), truck_id=request.truck_id)
        return convert.frame(frame)

    async def ListTrucks(self, request: fleet_pb2.ListTrucksRequest, context: Context) -> Any:
        result = await self.alerts.list_trucks(await self.caller(context), page=request.page or 1)
        return fleet_pb2.ListTrucksResponse(
            trucks=[convert.truck(t) for t in result.items], page=convert.page(result)
        )

    async def GetCurrentUser(
        self, request: fleet_pb2.GetCurrentUserRequest, context: Context
    ) -> Any:
        caller = (await self.caller(context)).as_user()
        return fleet_pb2.User(id=caller.id, username=caller.username, role=caller.role)

    async def GetAlert(self, request: fleet_pb2.GetAlertRequest, context: Context) -> Any:
        alert = await self.alerts.get_alert(await self.caller(context), alert_id=request.alert_id)
        return convert.alert(alert)

    async def StreamFrames(
        self, request_iterator: Requests, context: Context
    ) -> AsyncIterator[fleet_pb2.StreamFramesResponse]:
        caller = await self.caller(context)
        async with aclosing(self.live.stream_frames(caller, request_iterator)) as replies:
            async for reply in replies:
                yield reply

    async def WatchAlerts(
        self, request: fleet_pb2.WatchAlertsRequest, context: Context
    ) -> AsyncIterator[fleet_pb2.AlertEvent]:
        caller = await self.caller(context)
        async with aclosing(self.live.watch_alerts(caller, request, context)) as events:
            async for event in events:
                yield event
