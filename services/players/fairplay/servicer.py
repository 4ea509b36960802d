"""FairPlayService over gRPC: a domain call per method, the answer converted."""

from __future__ import annotations

import grpc

from argus.core.internal_auth import is_internal_caller, require_internal_caller
from argus.core.times import epoch_seconds, epoch_timestamp
from argus.players.v1 import fairplay_pb2 as pb
from argus.players.v1 import fairplay_pb2_grpc
from services.players.context import PlayersContext
from services.players.fairplay.convert import incident_pb, open_session_pb
from services.players.fairplay.service import FairPlayDomain


class FairPlayServicer(fairplay_pb2_grpc.FairPlayServiceServicer):
    def __init__(self, ctx: PlayersContext) -> None:
        self.ctx = ctx
        self.fairplay = FairPlayDomain(ctx.settings, ctx.database)

    async def start(self) -> None:
        self.fairplay.start()

    async def stop(self) -> None:
        await self.fairplay.stop()

    async def CreateSession(
        self, request: pb.CreateSessionRequest, context: object
    ) -> pb.FairPlaySession:
        token, expires_at = await self.fairplay.create_session(request.game)
        return pb.FairPlaySession(
            token=token, game=request.game, expires_at=epoch_timestamp(expires_at)
        )

    async def Ping(self, request: pb.SessionRequest, context: object) -> pb.PingResponse:
        expires_at = await self.fairplay.ping(request.token)
        return pb.PingResponse(expires_at=epoch_timestamp(expires_at))

    async def DestroySession(
        self, request: pb.SessionRequest, context: object
    ) -> pb.DestroySessionResponse:
        return pb.DestroySessionResponse(
            destroyed=await self.fairplay.destroy_session(request.token)
        )

    async def AddUser(self, request: pb.AddUserRequest, context: object) -> pb.AddUserResponse:
        uses_client = await self.fairplay.add_user(request.token, request.player_id, request.ip)
        return pb.AddUserResponse(uses_client=uses_client)

    async def DeleteUser(
        self, request: pb.DeleteUserRequest, context: object
    ) -> pb.DeleteUserResponse:
        deleted = await self.fairplay.delete_user(request.token, request.player_id)
        return pb.DeleteUserResponse(deleted=deleted)

    async def GetIncidents(
        self, request: pb.SessionRequest, context: object
    ) -> pb.GetIncidentsResponse:
        return pb.GetIncidentsResponse(player_ids=await self.fairplay.get_incidents(request.token))

    async def RegisterClient(
        self, request: pb.RegisterClientRequest, context: grpc.aio.ServicerContext
    ) -> pb.RegisterClientResponse:
        token, expires_at = await self.fairplay.register_client(
            request.client_id,
            request.ip,
            request.account_id,
            enrollment_secret=request.enrollment_secret,
            internal=is_internal_caller(context, self.ctx.settings),
        )
        return pb.RegisterClientResponse(expires_at=epoch_timestamp(expires_at), client_token=token)

    async def ReportIncident(
        self, request: pb.ReportIncidentRequest, context: grpc.aio.ServicerContext
    ) -> pb.ReportIncidentResponse:
        occurred_at = (
            epoch_seconds(request.occurred_at) if request.HasField("occurred_at") else None
        )
        incident_id = await self.fairplay.report_incident(
            client_id=request.client_id,
            ip=request.ip,
            kind=request.kind,
            detail=request.detail,
            occurred_at=occurred_at,
            client_token=request.client_token,
            internal=is_internal_caller(context, self.ctx.settings),
        )
        return pb.ReportIncidentResponse(id=incident_id)

    async def ListOpenSessions(
        self, request: pb.ListOpenSessionsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListOpenSessionsResponse:
        require_internal_caller(context, self.ctx.settings)
        found = await self.fairplay.open_sessions(request.limit)
        return pb.ListOpenSessionsResponse(sessions=[open_session_pb(item) for item in found])

    async def ListRecentIncidents(
        self, request: pb.ListRecentIncidentsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListRecentIncidentsResponse:
        require_internal_caller(context, self.ctx.settings)
        found = await self.fairplay.recent_incidents(request.limit)
        return pb.ListRecentIncidentsResponse(incidents=[incident_pb(item) for item in found])
