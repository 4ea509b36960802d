"""The HALP REST API, unchanged for its clients, over HalpService (gRPC).

Errors answer as the HALP backend documents them: the error name as a plain-text body with its
status code (`Invalid Auth` 403, `Session not found` 400, ...), named by the error's reason;
an error of no documented name answers its HTTP status line's words. What went wrong in
detail, when there is more to say, is in the `X-Error-Detail` header.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from google.protobuf.timestamp_pb2 import Timestamp
from starlette.datastructures import FormData, UploadFile

from argus.core.times import iso_z, utc_timestamp
from argus.core.tokens import presented_token
from argus.players.v1 import halp_pb2
from services.gateway.backends import Backends, BackendsDep
from services.gateway.errors import TEXT, BackendError, ErrorShape, phrase, retry_after

MODES = ("rawCount", "OCR")
# Reason -> the legacy error name and status.
LEGACY_ERRORS = {
    "INVALID_AUTH": ("Invalid Auth", 403),
    "SESSION_NOT_FOUND": ("Session not found", 400),
    "NO_PLAYERCOUNT": ("No Playercount", 400),
    "INVALID_PLAYERCOUNT": ("Invalid Playercount", 400),
    "INVALID_IMAGES": ("Invalid images", 400),
    "INVALID_PLAYERLIST": ("Invalid playerList", 400),
    "INVALID_LIMIT": ("Invalid limit", 400),
    "UPLOAD_NOT_FOUND": ("File not found", 404),
    "INVALID_MODE": ("Invalid mode", 400),
    "INVALID_SINCE": ("Invalid since", 400),
}
_MODE_NAMES = {
    halp_pb2.SUBMISSION_MODE_RAW_COUNT: "rawCount",
    halp_pb2.SUBMISSION_MODE_OCR: "OCR",
}


def error_response(error: BackendError) -> Response:
    """The error's documented name as plain text; "try later" (429 or 503) is always
    `Service Unavailable` 503, as HALP documents no 429."""
    name, status = LEGACY_ERRORS.get(error.reason) or (phrase(error.status), error.status)
    if error.reason not in LEGACY_ERRORS and retry_after(status):
        name, status = phrase(503), 503
    detail = header_safe(error.message)
    headers = {"X-Error-Detail": detail} if detail and detail != name else {}
    return PlainTextResponse(name, status_code=status, headers=headers | error.headers_for(status))


ERRORS = ErrorShape(error_response, (400, 403, 404, 413, 503), TEXT)


def header_safe(text: str, limit: int = 300) -> str:
    """`text` as one printable ASCII line a response header can carry."""
    ascii_text = text.encode("ascii", "replace").decode()
    return "".join(c if c.isprintable() else " " for c in ascii_text)[:limit]


router = APIRouter(tags=["halp"])


async def read_form(request: Request) -> FormData:
    """The form of a request, empty when it carries none (e.g. a plain GET)."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        return await request.form()
    return FormData()


def field(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def auth_token(request: Request, form: FormData) -> str:
    """`auth` from the form, the query string, an `auth` header or `Authorization`; a token
    longer than any accepted one is sent empty (Invalid Auth)."""
    token = _given_token(request, form)
    return token if len(token) <= request.app.state.settings.gateway_max_authorization_bytes else ""


def _given_token(request: Request, form: FormData) -> str:
    return presented_token(
        field(form, "auth"),
        request.query_params.get("auth"),
        request.headers.get("auth"),
        authorization=request.headers.get("authorization"),
        bare=True,
    )


def metadata(token: str) -> tuple[tuple[str, str], ...]:
    """gRPC metadata carrying the token; one that metadata cannot carry is sent empty."""
    # Metadata trims surrounding blanks, which would turn a wrong token into a right one.
    printable = token.isascii() and token.isprintable() and token == token.strip()
    return (("authorization", f"Bearer {token}" if printable else ""),)


async def image_bytes(form: FormData, name: str) -> bytes:
    value = form.get(name)
    return await value.read() if isinstance(value, UploadFile) else b""


def submission_json(submission: halp_pb2.Submission) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": submission.id,
        "session": submission.session,
        "mode": _MODE_NAMES.get(submission.mode, ""),
        "playerCount": submission.player_count,
        "submittedAt": iso_z(submission.submitted_at),
    }
    if submission.mode == halp_pb2.SUBMISSION_MODE_OCR:
        body["names"] = list(submission.names)
        body["uploads"] = {
            "playerlist": f"/uploads/{submission.player_list_upload}",
            "count_img": f"/uploads/{submission.count_upload}",
        }
    return body


def session_match_json(match: halp_pb2.SessionMatch) -> dict[str, Any]:
    return {
        "matched": list(match.matched),
        "unmatched": {
            u.name: {
                "matchChance": u.match_chance,
                "matchName": u.match_name,
                "subMatchChance": u.sub_match_chance,
                "subMatchName": u.sub_match_name,
            }
            for u in match.unmatched
        },
        "playerCount": match.player_count if match.HasField("player_count") else None,
    }


def _form_body(fields: dict[str, dict[str, Any]], required: list[str]) -> dict[str, Any]:
    """OpenAPI description of a multipart form (the routes read the form themselves)."""
    schema = {"type": "object", "properties": fields, "required": required}
    return {"requestBody": {"content": {"multipart/form-data": {"schema": schema}}}}


_AUTH: dict[str, Any] = {
    "type": "string",
    "description": "an accepted token (or ?auth= or an auth header)",
}
_SESSION: dict[str, Any] = {"type": "string", "description": "a configured session"}


@router.post(
    "/get_sessions",
    summary="All configured sessions",
    openapi_extra=_form_body({"auth": _AUTH}, []),
)
async def get_sessions(request: Request, backends: BackendsDep) -> Response:
    token = auth_token(request, await read_form(request))
    reply = await backends.halp.ListSessions(
        halp_pb2.ListSessionsRequest(), metadata=metadata(token)
    )
    return JSONResponse(list(reply.sessions))


async def _submit_request(form: FormData, mode: str | None) -> halp_pb2.SubmitPlayerCountRequest:
    request = halp_pb2.SubmitPlayerCountRequest(session=field(form, "session") or "")
    if mode == "rawCount":
        request.raw_count_text = field(form, "playercount") or ""
    else:
        request.ocr.player_list = await image_bytes(form, "playerlist")
        request.ocr.count_image = await image_bytes(form, "count_img")
    return request


async def _reject_mode(backends: Backends, token: str, session: str, mode: str | None) -> None:
    """An unknown mode answers 400 once auth and session have been checked, in that order."""
    reply = await backends.halp.ListSessions(
        halp_pb2.ListSessionsRequest(), metadata=metadata(token)
    )
    if session not in reply.sessions:
        raise BackendError(400, "Session not found", "SESSION_NOT_FOUND")
    raise BackendError(400, f"mode must be rawCount or OCR, not {mode!r}", "INVALID_MODE")


@router.post(
    "/submit_playercount",
    summary="Submit a raw player count or screenshots of the player list and count",
    openapi_extra=_form_body(
        {
            "auth": _AUTH,
            "mode": {"type": "string", "enum": list(MODES)},
            "session": _SESSION,
            "playercount": {"type": "string", "description": "rawCount: digits only"},
            "playerlist": {"type": "string", "format": "binary"},
            "count_img": {"type": "string", "format": "binary"},
        },
        ["mode", "session"],
    ),
)
async def submit_playercount(request: Request, backends: BackendsDep) -> Response:
    form = await read_form(request)
    token = auth_token(request, form)
    mode = field(form, "mode")
    if mode not in MODES:
        await _reject_mode(backends, token, field(form, "session") or "", mode)
    submit = await _submit_request(form, mode)
    submission = await backends.halp.SubmitPlayerCount(submit, metadata=metadata(token))
    return JSONResponse(submission_json(submission))


@router.post(
    "/read_player_list",
    summary="Match each session's latest OCR'd names against a list of names",
    openapi_extra=_form_body(
        {
            "auth": _AUTH,
            "session": {**_SESSION, "description": "a configured session; empty: all"},
            "playerList": {"type": "string", "description": "name1,name2,name3"},
        },
        [],
    ),
)
async def read_player_list(request: Request, backends: BackendsDep) -> Response:
    form = await read_form(request)
    names = (field(form, "playerList") or "").split(",")
    read = halp_pb2.ReadPlayerListRequest(session=field(form, "session") or "", player_list=names)
    reply = await backends.halp.ReadPlayerList(read, metadata=metadata(auth_token(request, form)))
    return JSONResponse({m.session: session_match_json(m) for m in reply.sessions})


@router.get("/uploads/{name}", summary="A stored screenshot")
async def get_upload(name: str, request: Request, backends: BackendsDep) -> Response:
    token = auth_token(request, await read_form(request))
    upload = await backends.halp.GetUpload(
        halp_pb2.GetUploadRequest(name=name), metadata=metadata(token)
    )
    return Response(upload.data, media_type=upload.content_type)


def _since(value: str | None) -> Timestamp | None:
    """`since` as epoch seconds or ISO 8601 (UTC when no offset is given)."""
    if not value:
        return None
    try:
        return utc_timestamp(
            datetime.fromtimestamp(float(value), UTC)
            if value.replace(".", "", 1).isdigit()
            else datetime.fromisoformat(value.replace("Z", "+00:00"))
        )
    except (ValueError, OverflowError, OSError):
        raise BackendError(400, "since: epoch seconds or ISO 8601", "INVALID_SINCE") from None


def _limit(value: str | None) -> int:
    if not value:
        return 0
    if not value.isdigit() or int(value) > 2**31 - 1:
        raise BackendError(400, "limit: a positive number", "INVALID_LIMIT")
    return int(value)


@router.get(
    "/sessions/{session}/history",
    summary="A session's submissions, newest first (Argus extension)",
)
async def session_history(session: str, request: Request, backends: BackendsDep) -> Response:
    query = request.query_params
    history = halp_pb2.ListSubmissionsRequest(
        session=session, limit=_limit(query.get("limit")), since=_since(query.get("since"))
    )
    token = auth_token(request, await read_form(request))
    reply = await backends.halp.ListSubmissions(history, metadata=metadata(token))
    return JSONResponse(
        {"session": session, "submissions": [submission_json(s) for s in reply.submissions]}
    )
