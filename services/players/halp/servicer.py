"""HalpService over gRPC: proto <-> domain translation only."""

from __future__ import annotations

import grpc

from argus.core.times import from_timestamp, utc_timestamp
from argus.core.tokens import metadata_token
from argus.players.v1 import halp_pb2, halp_pb2_grpc
from services.players.context import PlayersContext
from services.players.halp.entities import OCR, RAW_COUNT, Images, SessionMatch, Submission
from services.players.halp.ocr_client import GrpcOcrReader
from services.players.halp.service import HalpService, Payload
from services.players.halp.store import SubmissionStore
from services.players.halp.uploads import Uploads

_MODES = {
    RAW_COUNT: halp_pb2.SUBMISSION_MODE_RAW_COUNT,
    OCR: halp_pb2.SUBMISSION_MODE_OCR,
}


def token_of(context: grpc.aio.ServicerContext) -> str:
    """The HALP token from the `authorization` metadata ("Bearer <token>" or bare)."""
    return metadata_token(context.invocation_metadata(), bare=True)


def payload_of(request: halp_pb2.SubmitPlayerCountRequest) -> Payload:
    kind = request.WhichOneof("payload")
    if kind == "raw_count":
        return request.raw_count
    if kind == "raw_count_text":
        return request.raw_count_text
    if kind == "ocr":
        return Images(request.ocr.player_list, request.ocr.count_image)
    return None


def submission_pb(submission: Submission) -> halp_pb2.Submission:
    return halp_pb2.Submission(
        id=submission.id,
        session=submission.session,
        mode=_MODES.get(submission.mode, halp_pb2.SUBMISSION_MODE_UNSPECIFIED),
        player_count=submission.player_count,
        names=[player.display for player in submission.players],
        player_list_upload=submission.player_list_upload,
        count_upload=submission.count_upload,
        submitted_at=utc_timestamp(submission.submitted_at),
    )


def session_match_pb(match: SessionMatch) -> halp_pb2.SessionMatch:
    reply = halp_pb2.SessionMatch(
        session=match.session,
        matched=match.matched,
        unmatched=[
            halp_pb2.Unmatched(
                name=u.name,
                match_chance=u.match_chance,
                match_name=u.match_name,
                sub_match_chance=u.sub_match_chance,
                sub_match_name=u.sub_match_name,
            )
            for u in match.unmatched
        ],
    )
    if match.player_count is not None:
        reply.player_count = match.player_count
    return reply


class HalpServicer(halp_pb2_grpc.HalpServiceServicer):
    def __init__(self, ctx: PlayersContext) -> None:
        self.ctx = ctx
        self.halp = HalpService(
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
