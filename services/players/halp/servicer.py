"""HalpService over gRPC: the caller's token, a domain call, the answer converted."""

from __future__ import annotations

import grpc

from argus.core.times import from_timestamp
from argus.core.tokens import metadata_token
from argus.players.v1 import halp_pb2, halp_pb2_grpc
from services.players.context import PlayersContext
from services.players.halp.convert import payload_of, session_match_pb, submission_pb
from services.players.halp.ocr_client import GrpcOcrReader
from services.players.halp.service import HalpDomain
from services.players.halp.store import SubmissionStore
from services.players.halp.uploads import Uploads


def token_of(context: grpc.aio.ServicerContext) -> str:
    """The HALP token from the `authorization` metadata ("Bearer <token>" or bare)."""
    return metadata_token(context.invocation_metadata(), bare=True)


class HalpServicer(halp_pb2_grpc.HalpServiceServicer):
    def __init__(self, ctx: PlayersContext) -> None:
        self.ctx = ctx
        self.halp = HalpDomain(
            ctx.settings,
            SubmissionStore(ctx.database),
            Uploads(ctx.database),
            GrpcOcrReader(ctx.ocr),
        )

    async def start(self) -> None:
        await self.halp.restore_gauges()

    async def ListSessions(self, request, context):  # type: ignore[no-untyped-def]
        return halp_pb2.ListSessionsResponse(sessions=self.halp.sessions(token_of(context)))

    async def SubmitPlayerCount(self, request, context):  # type: ignore[no-untyped-def]
        submission = await self.halp.submit(token_of(context), request.session, payload_of(request))
        return submission_pb(submission)

    async def ReadPlayerList(self, request, context):  # type: ignore[no-untyped-def]
        matches = await self.halp.read_player_list(
            token_of(context), request.session, list(request.player_list)
        )
        return halp_pb2.ReadPlayerListResponse(sessions=[session_match_pb(m) for m in matches])

    async def GetUpload(self, request, context):  # type: ignore[no-untyped-def]
        data, content_type = await self.halp.get_upload(token_of(context), request.name)
        return halp_pb2.Upload(name=request.name, content_type=content_type, data=data)

    async def ListSubmissions(self, request, context):  # type: ignore[no-untyped-def]
        since = from_timestamp(request.since) if request.HasField("since") else None
        submissions = await self.halp.history(
            token_of(context), request.session, limit=request.limit, since=since
        )
        return halp_pb2.ListSubmissionsResponse(
            submissions=[submission_pb(submission) for submission in submissions]
        )
