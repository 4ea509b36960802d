"""The DFairPlay query server's plain-text REST API: `/<function>/<param>/.../`.

Every answer is HTTP 200 with a plain-text body, as the original server answered: `1`, `0`, a
token, a comma-separated id list, or an error code: -1 unknown function, -2 wrong parameter
count, -3 invalid parameter, -4 session expired or unknown token. The trailing slash is
optional. Paths that no route of the gateway serves answer -1, unless their first segment
belongs to another API (those keep the gateway's 404). A failure of no code (a backend away)
answers its HTTP status in plain text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from fastapi import APIRouter, FastAPI
from fastapi.responses import PlainTextResponse
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from argus.players.v1 import fairplay_pb2 as pb
from services.gateway.backends import Backends, BackendsDep
from services.gateway.errors import TEXT, BackendError, ErrorShape, phrase

log = logging.getLogger("argus.gateway.fairplay")

UNKNOWN_FUNCTION, WRONG_COUNT, INVALID_PARAMETER, SESSION_EXPIRED = "-1", "-2", "-3", "-4"
# An error's code -> the seed's answer to it (HTTP 200, as every answer of the seed).
_CODES = {
    "INVALID_ARGUMENT": INVALID_PARAMETER,
    "OUT_OF_RANGE": INVALID_PARAMETER,
    "RESOURCE_EXHAUSTED": INVALID_PARAMETER,
    "PAYLOAD_TOO_LARGE": INVALID_PARAMETER,
    "NOT_FOUND": SESSION_EXPIRED,
    "METHOD_NOT_ALLOWED": UNKNOWN_FUNCTION,
}
_PLAYER_ID = re.compile(r"[0-9]{1,18}")

Call = Callable[[Backends, list[str]], Awaitable[str]]


def error_response(error: BackendError) -> Response:
    """The seed's code for the error; no code means "try later" (503) or any other failure,
    which answer their HTTP status in plain text."""
    code = _CODES.get(error.code)
    if code is None:
        status = error.status
        return PlainTextResponse(
            phrase(status), status_code=status, headers=error.headers_for(status)
        )
    return PlainTextResponse(code)


ERRORS = ErrorShape(error_response, (503,), TEXT)


def _player_id(text: str) -> int:
    if not _PLAYER_ID.fullmatch(text):
        raise BackendError(400, "a player id is digits only", "INVALID_PARAMETER")
    return int(text)


def _flag(value: bool) -> str:
    return "1" if value else "0"


async def _is_alive(_backends: Backends, _params: list[str]) -> str:
    return "1"


async def _create_session(backends: Backends, params: list[str]) -> str:
    reply = await backends.fairplay.CreateSession(pb.CreateSessionRequest(game=params[0]))
    return str(reply.token)


async def _ping(backends: Backends, params: list[str]) -> str:
    await backends.fairplay.Ping(pb.SessionRequest(token=params[0]))
    return "1"


async def _destroy_session(backends: Backends, params: list[str]) -> str:
    reply = await backends.fairplay.DestroySession(pb.SessionRequest(token=params[0]))
    return _flag(reply.destroyed)


async def _add_user(backends: Backends, params: list[str]) -> str:
    token, player_id, ip = params
    request = pb.AddUserRequest(token=token, player_id=_player_id(player_id), ip=ip)
    return _flag((await backends.fairplay.AddUser(request)).uses_client)


async def _delete_user(backends: Backends, params: list[str]) -> str:
    request = pb.DeleteUserRequest(token=params[0], player_id=_player_id(params[1]))
    return _flag((await backends.fairplay.DeleteUser(request)).deleted)


async def _get_incidents(backends: Backends, params: list[str]) -> str:
    reply = await backends.fairplay.GetIncidents(pb.SessionRequest(token=params[0]))
    return ",".join(str(player_id) for player_id in reply.player_ids)


@dataclass(frozen=True)
class Function:
    params: tuple[str, ...]
    summary: str
    call: Call


FUNCTIONS = {
    "is_alive": Function((), "Answers 1.", _is_alive),
    "create_session": Function(
        ("game",), "A new session token (game: gtasa-samp).", _create_session
    ),
    "ping": Function(("token",), "Renews the session; answers 1.", _ping),
    "destroy_session": Function(("token",), "Ends the session; 1 or 0.", _destroy_session),
    "add_user": Function(
        ("token", "id", "ip"),
        "Adds a player (or gives it a new ip); 1 if the ip runs the fair-play client, else 0.",
        _add_user,
    ),
    "delete_user": Function(("token", "id"), "Removes a player; 1 or 0.", _delete_user),
    "get_incidents": Function(
        ("token",), "Comma-separated ids of the session's players with incidents.", _get_incidents
    ),
}


def split_params(tail: str) -> list[str]:
    """The parameters of `/<function>/<tail>`; one trailing slash is optional."""
    if not tail:
        return []
    return tail.removesuffix("/").split("/")


async def answer(backends: Backends, name: str, tail: str) -> str:
    """The plain-text body for calling function `name` with the path `tail`; a failed call
    raises (BackendError, a gRPC error), which `error_response` answers."""
    function = FUNCTIONS.get(name)
    if function is None:
        return UNKNOWN_FUNCTION
    params = split_params(tail)
    if len(params) != len(function.params):
        return WRONG_COUNT
    return await function.call(backends, params)


async def _respond(backends: Backends, name: str, tail: str) -> PlainTextResponse:
    return PlainTextResponse(await answer(backends, name, tail))


def _endpoints(name: str) -> tuple[Callable[..., Awaitable[PlainTextResponse]], ...]:
    async def without_params(backends: BackendsDep) -> PlainTextResponse:
        return await _respond(backends, name, "")

    async def with_params(params: str, backends: BackendsDep) -> PlainTextResponse:
        return await _respond(backends, name, params)

    return without_params, with_params


def _unmatched(original: ASGIApp, claimed: frozenset[str]) -> ASGIApp:
    """The gateway's fallback: -1 for any path whose first segment no other API uses."""

    async def fallback(scope: Scope, receive: Receive, send: Send) -> None:
        first = scope.get("path", "/").lstrip("/").split("/", 1)[0]
        app = scope.get("app")
        if (
            scope["type"] != "http"
            or not isinstance(app, FastAPI)
            or first in claimed
            or first in _claimed(app)
        ):
            await original(scope, receive, send)
            return
        await PlainTextResponse(UNKNOWN_FUNCTION)(scope, receive, send)

    return fallback


def _claimed(app: FastAPI) -> set[str]:
    """First path segments of the other APIs' routes (documented ones and the app's own)."""
    try:
        paths = set(app.openapi().get("paths", {}))
    except Exception:
        log.exception("cannot list the gateway's documented routes")
        paths = set()
    for route in app.routes:
        path = getattr(route, "path", None)
        if isinstance(path, str):
            paths.add(path)
    return {path.lstrip("/").split("/", 1)[0] for path in paths} - set(FUNCTIONS)


def install_fallback(app: FastAPI, claimed: Iterable[str] = ()) -> None:
    """Answer -1 where no route of `app` matches (call once every router is included), but
    under first path segments `claimed` by routes the OpenAPI document leaves out."""
    app.router.default = _unmatched(app.router.default, frozenset(claimed))


def _build_router() -> APIRouter:
    """Per function: `/<name>/<params...>` (documented) and the bare `/<name>`."""
    built = APIRouter(tags=["dfairplay"])
    for name, function in FUNCTIONS.items():
        bare, full = _endpoints(name)
        documented = "".join(f"<{param}>/" for param in function.params)
        for path, endpoint, shown in (
            (f"/{name}", bare, False),
            (f"/{name}/{{params:path}}", full, True),
        ):
            built.add_api_route(
                path,
                endpoint,
                methods=["GET"],
                response_class=PlainTextResponse,
                include_in_schema=shown,
                summary=f"/{name}/{documented}",
                description=function.summary,
                name=f"dfairplay_{name}" if shown else f"dfairplay_{name}_bare",
            )
    return built


router = _build_router()
