"""REST routes of the MegaAntiCheat API v1: the seed's shapes and the MAC web UI's."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from argus.core.structs import from_struct, to_struct
from argus.players.v1 import mac_pb2
from services.gateway.backends import BackendsDep
from services.gateway.routes import mac_shapes as shapes

router = APIRouter(prefix="/mac", tags=["mac"])

CLIENT_ADDRESS = "x-argus-client-address"
MAX_SAFE_INTEGER = 2**53 - 1
LOOKUP_KEYS = {"steamID64", "name"}


class BadRequest(Exception):
    """A request the route cannot translate; answered 400 in the gateway's error shape."""


def _metadata(request: Request) -> tuple[tuple[str, str], ...]:
    """The caller's token and address, for the players service to pick the client."""
    address = request.client.host if request.client else ""
    return (
        ("authorization", request.headers.get("authorization", "")),
        (CLIENT_ADDRESS, address),
    )


def _bad_request(message: str) -> JSONResponse:
    body = {"error": {"code": "INVALID_ARGUMENT", "message": message, "reason": "BAD_REQUEST"}}
    return JSONResponse(body, status_code=400)


async def _json(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"the body is not valid JSON: {exc}") from exc


def _strings(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str | int) and not isinstance(item, bool) for item in items):
        raise BadRequest(f"{field} must be a list of strings")
    return [str(item) for item in items]


def _objects(body: Any, what: str) -> dict[str, dict[str, Any]]:
    if not isinstance(body, dict) or not all(isinstance(v, dict) for v in body.values()):
        raise BadRequest(f"{what} must be an object of objects")
    return body


async def _guard(call: Any) -> Any:
    try:
        return await call
    except BadRequest as exc:
        return _bad_request(str(exc))


@router.get("/game/v1")
async def get_game(request: Request, backends: BackendsDep) -> dict[str, Any]:
    """The caller's lobby: server fields and every player at the top level."""
    game = await backends.mac.GetGame(mac_pb2.GetGameRequest(), metadata=_metadata(request))
    return shapes.game(game)


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
) -> dict[str, Any]:
    """The seed's lookup with query parameters."""
    response = await _lookup(request, backends, steam_id64 or [], name or [], False)
    return _lookup_body(response)


@router.put("/user/v1", response_model=None)
async def put_users(request: Request, backends: BackendsDep) -> Any:
    """Seed: look up `{steamID64, name}`. MAC UI: update `{id: {localVerdict, customData}}`."""

    async def handle() -> Any:
        body = await _json(request)
        if isinstance(body, dict) and set(body) <= LOOKUP_KEYS:
            ids = _strings(body.get("steamID64"), "steamID64")
            names = _strings(body.get("name"), "name")
            return _lookup_body(await _lookup(request, backends, ids, names, False))
        return await _update(request, backends, _objects(body, "the body"))

    return await _guard(handle())


@router.post("/user/v1", response_model=None)
async def post_users(request: Request, backends: BackendsDep) -> Any:
    """MAC UI: `{"users": [ids]}` -> array of players. Seed: namespaced bulk update."""

    async def handle() -> Any:
        body = await _json(request)
        if isinstance(body, dict) and set(body) == {"users"}:
            ids = _strings(body["users"], "users")
            response = await _lookup(request, backends, ids, [], True)
            return [shapes.player(p) for p in response.players]
        return await _update(request, backends, _objects(body, "the body"))

    return await _guard(handle())


async def _update(
    request: Request, backends: BackendsDep, body: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    try:
        updates = {sid: to_struct(value) for sid, value in body.items()}
    except (ValueError, TypeError) as exc:
        raise BadRequest(f"values must be JSON objects: {exc}") from exc
    response = await backends.mac.UpdatePlayers(
        mac_pb2.UpdatePlayersRequest(updates=updates), metadata=_metadata(request)
    )
    return {"errors": dict(response.errors)}


@router.get("/pref/v1")
async def get_prefs(request: Request, backends: BackendsDep) -> dict[str, Any]:
    prefs = await backends.mac.GetPrefs(mac_pb2.GetPrefsRequest(), metadata=_metadata(request))
    return from_struct(prefs.prefs)


@router.api_route("/pref/v1", methods=["POST", "PUT"], response_model=None)
async def update_prefs(request: Request, backends: BackendsDep) -> Any:
    """Namespaced preferences: `changes` and `errors` per namespace and key."""

    async def handle() -> Any:
        body = await _json(request)
        if not isinstance(body, dict):
            raise BadRequest("the body must be an object of namespaces")
        response = await backends.mac.UpdatePrefs(
            mac_pb2.UpdatePrefsRequest(changes=to_struct(body)), metadata=_metadata(request)
        )
        return {"changes": from_struct(response.changes), "errors": from_struct(response.errors)}

    return await _guard(handle())


@router.get("/history/v1", response_model=None)
async def history(
    request: Request,
    backends: BackendsDep,
    start: Annotated[int, Query(alias="from", ge=0, le=MAX_SAFE_INTEGER)] = 0,
    end: Annotated[int, Query(alias="to", ge=0, le=MAX_SAFE_INTEGER)] = MAX_SAFE_INTEGER,
) -> list[dict[str, Any]]:
    """Players who left the lobby, newest first."""
    message = mac_pb2.ListHistoryRequest(to=end)
    setattr(message, "from", start)  # `from` is a Python keyword
    players = await backends.mac.ListHistory(message, metadata=_metadata(request))
    return [shapes.player(p) for p in players.players]


@router.get("/playerlist/v1")
async def playerlist(request: Request, backends: BackendsDep) -> list[dict[str, Any]]:
    """Every player record, without gameInfo."""
    players = await backends.mac.ListPlayerRecords(
        mac_pb2.ListPlayerRecordsRequest(), metadata=_metadata(request)
    )
    return [shapes.player(p, in_game=False) for p in players.players]


@router.post("/commands/v1", response_model=None)
async def commands(request: Request, backends: BackendsDep) -> Any:
    """Queue commands (kick, say...) for the game client that feeds the lobby."""

    async def handle() -> Any:
        body = await _json(request)
        items = body.get("commands") if isinstance(body, dict) else None
        if not isinstance(items, list) or not all(isinstance(c, dict) for c in items):
            raise BadRequest('the body must be {"commands": [objects]}')
        response = await backends.mac.QueueCommands(
            mac_pb2.QueueCommandsRequest(commands=[to_struct(c) for c in items]),
            metadata=_metadata(request),
        )
        return {"queued": response.queued}

    return await _guard(handle())


@router.post("/status/v1", response_model=None)
async def status(
    request: Request,
    backends: BackendsDep,
    self_id: Annotated[str, Query(alias="self")] = "",
) -> Any:
    """Feed the lobby with the raw text of TF2's `status` command."""
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _bad_request("the status text must be UTF-8")
    response = await backends.mac.SubmitStatus(
        mac_pb2.SubmitStatusRequest(text=text, self_steam_id64=self_id),
        metadata=_metadata(request),
    )
    return {"understood": shapes.snapshot(response.understood), "skipped": list(response.skipped)}
