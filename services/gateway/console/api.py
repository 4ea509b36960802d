"""Read endpoints the console needs beyond the legacy APIs, for any signed-in fleet user.

They answer in the ServerAPI envelope, since the console signs in with a fleet user token.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import grpc
from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import JSONResponse

from argus.core.times import iso_z
from argus.core.tokens import bearer_token
from argus.fleet.v1 import fleet_pb2
from argus.players.v1 import fairplay_pb2, mac_pb2
from services.gateway.backends import Backends, BackendsDep
from services.gateway.errors import BackendError
from services.gateway.routes.fleet_envelope import credentials, success
from services.gateway.routes.fleet_schemas import frame_json, page_json, truck_json

router = APIRouter(prefix="/api/v1/console", tags=["console"])

PageQuery = Annotated[int, Query(ge=1, le=2**31 - 1)]


class Caller:
    """The backends, and the metadata of a signed-in fleet user (any role)."""

    def __init__(self, backends: Backends, metadata: tuple[tuple[str, str], ...]) -> None:
        self.backends = backends
        self.metadata = metadata


async def _signed_in(backends: BackendsDep, authorization: Annotated[str, Header()] = "") -> Caller:
    token = bearer_token(authorization)
    if not token:
        raise BackendError(401, "a bearer user token is required", "TOKEN_MISSING")
    metadata = credentials(token)
    await backends.fleet.GetCurrentUser(fleet_pb2.GetCurrentUserRequest(), metadata=metadata)
    return Caller(backends, metadata)


SignedIn = Annotated[Caller, Depends(_signed_in)]


@router.get("/trucks/", summary="Trucks with their last alert and newest frame, 20 per page")
async def trucks(caller: SignedIn, page: PageQuery = 1) -> JSONResponse:
    fleet = caller.backends.fleet
    reply = await fleet.ListTrucks(fleet_pb2.ListTrucksRequest(page=page), metadata=caller.metadata)
    frames = await asyncio.gather(*(_last_frame(caller, t.id) for t in reply.trucks))
    return success(
        {
            "trucks": [
                {**truck_json(truck), "last_frame": frame}
                for truck, frame in zip(reply.trucks, frames, strict=True)
            ],
            **page_json(reply.page),
        }
    )


async def _last_frame(caller: Caller, truck_id: int) -> dict[str, Any] | None:
    try:
        frame = await caller.backends.fleet.GetLastStatus(
            fleet_pb2.GetLastStatusRequest(truck_id=truck_id), metadata=caller.metadata
        )
    except grpc.aio.AioRpcError as exc:
        if exc.code() == grpc.StatusCode.NOT_FOUND:
            return None
        raise
    return frame_json(frame)


@router.get("/fairplay/", summary="Open DFairPlay sessions with their players, recent incidents")
async def fairplay(caller: SignedIn) -> JSONResponse:
    stub = caller.backends.fairplay
    sessions = await stub.ListOpenSessions(fairplay_pb2.ListOpenSessionsRequest())
    incidents = await stub.ListRecentIncidents(fairplay_pb2.ListRecentIncidentsRequest())
    return success(
        {
            "sessions": [_session_json(s) for s in sessions.sessions],
            "incidents": [_incident_json(i) for i in incidents.incidents],
        }
    )


def _session_json(session: fairplay_pb2.OpenSession) -> dict[str, Any]:
    return {
        "id": session.id,
        "game": session.game,
        "created_at": iso_z(session.created_at),
        "expires_at": iso_z(session.expires_at),
        "players": [
            {"player_id": p.player_id, "ip": p.ip, "added_at": iso_z(p.added_at)}
            for p in session.players
        ],
    }


def _incident_json(incident: fairplay_pb2.RecentIncident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "client_id": incident.client_id,
        "ip": incident.ip,
        "kind": incident.kind,
        "detail": incident.detail,
        "occurred_at": iso_z(incident.occurred_at),
    }


@router.get("/mac/", summary="MAC clients: each lobby's size and verdict counts")
async def mac(caller: SignedIn) -> JSONResponse:
    reply = await caller.backends.mac.ListClients(mac_pb2.ListClientsRequest())
    return success({"clients": [_client_json(c) for c in reply.clients]})


def _client_json(client: mac_pb2.ClientLobby) -> dict[str, Any]:
    return {
        "client": client.client,
        "hostname": client.hostname,
        "map": client.map,
        "players": client.players,
        "verdicts": dict(sorted(client.verdicts.items())),
        "updated_at": iso_z(client.updated_at),
    }
