"""REST routes of the MegaAntiCheat API v1: the seed's shapes and the MAC web UI's."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from argus.core.errors import InvalidArgument
from argus.core.limits import check_json, excerpt
from argus.core.structs import from_struct, to_struct
from argus.players.v1 import mac_pb2
from services.gateway.backends import BackendsDep
from services.gateway.errors import BackendError
from services.gateway.lobby_etag import conditional_game
from services.gateway.routes import mac_shapes as shapes

router = APIRouter(prefix="/mac", tags=["mac"])

CLIENT_ADDRESS = "x-argus-client-address"
# The web UI sends no Authorization header: its API base can carry the token instead.
_URL_TOKEN = re.compile(r"[!-~]+")
TOKEN_PARAM = "token"  # noqa: S105 (a path parameter name, not a secret)
MAX_SAFE_INTEGER = 2**53 - 1
LOOKUP_KEYS = {"steamID64", "name"}
NOT_AN_OBJECT = "Expected an object of namespaces."


class BadRequest(BackendError):
    """A request the route cannot translate; answered 400 in the gateway's error shape."""

    def __init__(self, message: str, reason: str = "BAD_REQUEST") -> None:
        super().__init__(400, message, reason)


def _metadata(request: Request) -> tuple[tuple[str, str], ...]:
    """The caller's token (from the token-bearing base, else the header) and address."""
    address = request.client.host if request.client else ""
    token = request.path_params.get(TOKEN_PARAM)
    if token is None:
        authorization = request.headers.get("authorization", "")
        valid = authorization.isascii() and authorization.isprintable()
    else:  # gRPC metadata is printable ASCII, and a token has no spaces
        authorization = f"Bearer {token}"
        valid = _URL_TOKEN.fullmatch(token) is not None
    limit = request.app.state.settings.gateway_max_authorization_bytes
    if len(authorization) > limit or not valid:
        where = "the Authorization header" if token is None else "the token in the path"
        raise BackendError(401, f"{where} is not a valid token", "INVALID_TOKEN")
    return (("authorization", authorization), (CLIENT_ADDRESS, address))


async def _json(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise BadRequest(f"the body is not valid JSON: {excerpt(exc, 200)}") from exc
    try:
        return check_json(body, "body", max_depth=request.app.state.settings.gateway_max_json_depth)
    except InvalidArgument as exc:
        raise BadRequest(exc.message, exc.reason) from None


def _strings(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str | int) and not isinstance(item, bool) for item in items):
        raise BadRequest(f"{field} must be a list of strings")
    return [str(item) for item in items]


def _struct(value: dict[str, Any]) -> Any:
    try:
        return to_struct(value)
    except (ValueError, TypeError, RecursionError) as exc:
        raise BadRequest(f"values must be JSON objects: {exc}") from exc


async def _answer(call: Awaitable[Any]) -> JSONResponse:
    """What `call` returns (plain JSON values: no encoder pass over them)."""
    return JSONResponse(await call)


@router.get("/game/v1", response_model=None, responses={304: {"description": "Not Modified"}})
async def get_game(request: Request, backends: BackendsDep) -> Response:
    """The caller's lobby: server fields and every player at the top level. Carries an ETag;
    `If-None-Match` with it answers 304 while nothing changed."""
    return await conditional_game(request, backends, _metadata(request), shapes.game)


async def _lookup(
    request: Request, backends: BackendsDep, ids: list[str], names: list[str], records: bool
) -> mac_pb2.LookupPlayersResponse:
    message = mac_pb2.LookupPlayersRequest(steam_id64=ids, name=names, include_records=records)
    response: mac_pb2.LookupPlayersResponse = await backends.mac.LookupPlayers(
        message, metadata=_metadata(request)
    )
    return response


def _lookup_body(response: mac_pb2.LookupPlayersResponse) -> dict[str, Any]:
    return {
        "players": [shapes.player(p) for p in response.players],
        "errors": dict(response.errors),
    }


@router.get("/user/v1")
async def lookup_users(
    request: Request,
    backends: BackendsDep,
    steam_id64: Annotated[list[str] | None, Query(alias="steamID64")] = None,
    name: Annotated[list[str] | None, Query()] = None,
) -> JSONResponse:
    """The seed's lookup with query parameters."""
    response = await _lookup(request, backends, steam_id64 or [], name or [], False)
    return JSONResponse(_lookup_body(response))


@router.put("/user/v1", response_model=None)
async def put_users(request: Request, backends: BackendsDep) -> JSONResponse:
    """Seed: look up `{steamID64, name}`. MAC UI: update `{id: {localVerdict, customData}}`."""

    async def handle() -> Any:
        body = await _json(request)
        if isinstance(body, dict) and set(body) <= LOOKUP_KEYS:
            ids = _strings(body.get("steamID64"), "steamID64")
            names = _strings(body.get("name"), "name")
            return _lookup_body(await _lookup(request, backends, ids, names, False))
        return await _update(request, backends, body)

    return await _answer(handle())


@router.post("/user/v1", response_model=None)
async def post_users(request: Request, backends: BackendsDep) -> JSONResponse:
    """MAC UI: `{"users": [ids]}` -> array of players. Seed: namespaced bulk update."""

    async def handle() -> Any:
        body = await _json(request)
        if isinstance(body, dict) and set(body) == {"users"}:
            ids = _strings(body["users"], "users")
            response = await _lookup(request, backends, ids, [], True)
            return [shapes.player(p) for p in response.players]
        return await _update(request, backends, body)

    return await _answer(handle())


async def _update(request: Request, backends: BackendsDep, body: Any) -> dict[str, Any]:
    """Player updates; an entry that is not an object is an error of its own steamID64."""
    if not isinstance(body, dict):
        raise BadRequest("the body must be an object keyed by steamID64")
    errors = {sid: NOT_AN_OBJECT for sid, value in body.items() if not isinstance(value, dict)}
    updates = {sid: _struct(value) for sid, value in body.items() if sid not in errors}
    response = await backends.mac.UpdatePlayers(
        mac_pb2.UpdatePlayersRequest(updates=updates), metadata=_metadata(request)
    )
    return {"errors": {**errors, **response.errors}}


@router.get("/pref/v1")
async def get_prefs(request: Request, backends: BackendsDep) -> JSONResponse:
    prefs = await backends.mac.GetPrefs(mac_pb2.GetPrefsRequest(), metadata=_metadata(request))
    return JSONResponse(from_struct(prefs.prefs))


@router.post("/pref/v1", response_model=None)
@router.put("/pref/v1", response_model=None)
async def update_prefs(request: Request, backends: BackendsDep) -> JSONResponse:
    """Namespaced preferences: `changes` and `errors` per namespace and key."""

    async def handle() -> Any:
        body = await _json(request)
        if not isinstance(body, dict):
            raise BadRequest("the body must be an object of namespaces")
        response = await backends.mac.UpdatePrefs(
            mac_pb2.UpdatePrefsRequest(changes=_struct(body)), metadata=_metadata(request)
        )
        return {"changes": from_struct(response.changes), "errors": from_struct(response.errors)}

    return await _answer(handle())


def _index(value: str, name: str) -> int:
    # The UI asks for `to = from + MAX_SAFE_INTEGER`: larger bounds mean "to the end".
    if not value.isascii() or not value.isdigit() or len(value) > 40:
        raise BadRequest(f"{name} must be a non-negative integer")
    return min(int(value), MAX_SAFE_INTEGER)


@router.get("/history/v1", response_model=None)
async def history(
    request: Request,
    backends: BackendsDep,
    start: Annotated[str, Query(alias="from")] = "0",
    end: Annotated[str, Query(alias="to")] = str(MAX_SAFE_INTEGER),
) -> JSONResponse:
    """Players who left the lobby, newest first; `from`/`to` index that list."""

    async def handle() -> Any:
        message = mac_pb2.ListHistoryRequest(to=_index(end, "to"))
        setattr(message, "from", _index(start, "from"))  # `from` is a Python keyword
        players = await backends.mac.ListHistory(message, metadata=_metadata(request))
        return [shapes.player(p) for p in players.players]

    return await _answer(handle())


@router.get("/playerlist/v1")
async def playerlist(request: Request, backends: BackendsDep) -> JSONResponse:
    """Every player record, without gameInfo."""
    players = await backends.mac.ListPlayerRecords(
        mac_pb2.ListPlayerRecordsRequest(), metadata=_metadata(request)
    )
    return JSONResponse([shapes.player(p, in_game=False) for p in players.players])


def _commands(body: Any) -> list[Any]:
    items = body.get("commands") if isinstance(body, dict) else None
    if not isinstance(items, list) or not all(isinstance(c, dict) for c in items):
        raise BadRequest('the body must be {"commands": [objects]}')
    return [_struct(c) for c in items]


@router.post("/commands/v1", response_model=None)
async def commands(request: Request, backends: BackendsDep) -> JSONResponse:
    """Queue commands (kick, say...) for the game client that feeds the lobby."""

    async def handle() -> Any:
        metadata = _metadata(request)
        try:
            commands = _commands(await _json(request))
        except BadRequest:
            # Authentication comes first: queueing nothing tells a stranger 401, not 400.
            await backends.mac.QueueCommands(mac_pb2.QueueCommandsRequest(), metadata=metadata)
            raise
        response = await backends.mac.QueueCommands(
            mac_pb2.QueueCommandsRequest(commands=commands), metadata=metadata
        )
        return {"queued": response.queued}

    return await _answer(handle())


@router.post("/status/v1", response_model=None)
async def status(
    request: Request,
    backends: BackendsDep,
    self_id: Annotated[str, Query(alias="self")] = "",
) -> JSONResponse:
    """Feed the lobby with the raw text of TF2's `status` command."""
    metadata = _metadata(request)
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the status text must be UTF-8") from None
    if "\x00" in text:
        raise BadRequest("the status text holds NUL characters", "INVALID_TEXT")
    response = await backends.mac.SubmitStatus(
        mac_pb2.SubmitStatusRequest(text=text, self_steam_id64=self_id), metadata=metadata
    )
    understood = shapes.snapshot(response.understood)
    return JSONResponse({"understood": understood, "skipped": list(response.skipped)})


# The same API under `/mac-client/<token>/mac`, for the unchanged MAC web UI. Left out of the
# OpenAPI document; metrics and logs see the route template, never the token.
CLIENT_SEGMENT = "mac-client"
client_router = APIRouter(prefix=f"/{CLIENT_SEGMENT}/{{{TOKEN_PARAM}}}", include_in_schema=False)
client_router.include_router(router)

_TOKEN_IN_PATH = re.compile(r"(/mac-client/)[^/?#\s]+")


class _RedactClientTokens(logging.Filter):
    """Access logs show `/mac-client/{token}/...`, never the token itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                _TOKEN_IN_PATH.sub(r"\1{token}", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        return True


_REDACT = _RedactClientTokens()


def redact_tokens_in_access_logs() -> None:
    """Install the filter on uvicorn's access log (once, however often it is called)."""
    logging.getLogger("uvicorn.access").addFilter(_REDACT)
