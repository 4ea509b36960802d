"""HALP's proto messages to and from its domain types."""

from __future__ import annotations

from argus.core.times import utc_timestamp
from argus.players.v1 import halp_pb2
from services.players.halp.entities import OCR, RAW_COUNT, Images, SessionMatch, Submission
from services.players.halp.service import Payload

_MODES = {
    RAW_COUNT: halp_pb2.SUBMISSION_MODE_RAW_COUNT,
    OCR: halp_pb2.SUBMISSION_MODE_OCR,
}


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
