"""`/healthz`: 200 only when every backend answers SERVING, with a per-backend report;
`/readyz`: 200 while this gateway can serve - it is up and holds a channel to each backend,
whatever their health (a backend that is down fails only its own routes) - the readiness probe;
`/livez`: 200 while the gateway process serves requests at all (liveness)."""

from __future__ import annotations

import asyncio

import grpc
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.gateway.backends import BackendsDep

router = APIRouter(tags=["operations"])


async def _check(channel: grpc.aio.Channel, deadline: float) -> dict[str, str]:
    stub = health_pb2_grpc.HealthStub(channel)
    try:
        reply = await stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=deadline)
    except grpc.aio.AioRpcError as exc:
        return {"status": "UNREACHABLE", "error": f"{exc.code().name}: {exc.details()}"}
    return {"status": health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)}


@router.get("/healthz", summary="Health of the gateway and every backend")
async def healthz(backends: BackendsDep) -> JSONResponse:
    timeout = backends.settings.gateway_health_timeout_seconds
    names = list(backends.channels)
    results = await asyncio.gather(*(_check(backends.channels[n], timeout) for n in names))
    report = {
        name: {"target": backends.targets[name], **result}
        for name, result in zip(names, results, strict=True)
    }
    healthy = all(result["status"] == "SERVING" for result in results)
    return JSONResponse(
        {"status": "ok" if healthy else "unavailable", "backends": report},
        status_code=200 if healthy else 503,
    )


@router.get("/livez", summary="The gateway process is alive (backends not consulted)")
async def livez() -> dict[str, str]:
    return {"status": "alive"}


@router.get("/readyz", summary="This gateway can serve (readiness; backends not consulted)")
async def readyz(request: Request) -> JSONResponse:
    backends = getattr(request.app.state, "backends", None)
    if backends is None or getattr(request.app.state, "stopping", False):
        return JSONResponse({"status": "not ready"}, status_code=503)
    states = {
        name: channel.get_state(try_to_connect=True).name
        for name, channel in backends.channels.items()
    }
    ready = all(state != "SHUTDOWN" for state in states.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "channels": states},
        status_code=200 if ready else 503,
    )
