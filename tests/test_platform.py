"""The platform foundation: every service healthy, reflective, measured; the gateway maps
backend failures; `argus up` stops cleanly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import grpc
import httpx
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from prometheus_client import REGISTRY

from argus.ocr.v1 import ocr_pb2, ocr_pb2_grpc
from services.gateway.settings import GatewaySettings
from services.ocr.server import build as build_ocr
from tests.support.databases import TestDatabase
from tests.support.servers import free_port, gateway, grpc_service, ocr_settings, platform

EXPECTED_SERVICES = {
    "ocr": {"argus.ocr.v1.OcrService"},
    "players": {
        "argus.players.v1.HalpService",
        "argus.players.v1.MacService",
        "argus.players.v1.FairPlayService",
    },
    "fleet": {"argus.fleet.v1.FleetService"},
}


async def _list_services(target: str) -> set[str]:
    async with grpc.aio.insecure_channel(target) as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        request = reflection_pb2.ServerReflectionRequest(list_services="")
        async for reply in stub.ServerReflectionInfo(iter([request])):
            return {service.name for service in reply.list_services_response.service}
    return set()


async def test_every_service_reports_serving_and_lists_its_services(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async with platform(tmp_path, sqlite_db) as p:
        targets = {"ocr": p.ocr_target, "players": p.players_target, "fleet": p.fleet_target}
        for name, target in targets.items():
            async with grpc.aio.insecure_channel(target) as channel:
                stub = health_pb2_grpc.HealthStub(channel)
                for service in ("", *EXPECTED_SERVICES[name]):
                    reply = await stub.Check(health_pb2.HealthCheckRequest(service=service))
                    assert reply.status == health_pb2.HealthCheckResponse.SERVING, (name, service)
            listed = await _list_services(target)
            assert EXPECTED_SERVICES[name] <= listed
            assert "grpc.health.v1.Health" in listed

        async with httpx.AsyncClient(base_url=p.url) as client:
            reply = await client.get("/healthz")
        assert reply.status_code == 200
        body = reply.json()
        assert body["status"] == "ok"
        assert {name: b["status"] for name, b in body["backends"].items()} == {
            "ocr": "SERVING",
            "players": "SERVING",
            "fleet": "SERVING",
        }


def _handled(method: str, code: str) -> float:
    value = REGISTRY.get_sample_value(
        "grpc_server_handled_total",
        {
            "grpc_type": "unary",
            "grpc_service": "argus.ocr.v1.OcrService",
            "grpc_method": method,
            "grpc_code": code,
        },
    )
    return value or 0.0


async def test_a_call_moves_the_handled_counter_with_its_code(tmp_path: Path) -> None:
    async with grpc_service(build_ocr(ocr_settings(tmp_path))) as server:
        before = _handled("ReadPlayerCount", "INVALID_ARGUMENT") + _handled(
            "ReadPlayerCount", "UNIMPLEMENTED"
        )
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            stub = ocr_pb2_grpc.OcrServiceStub(channel)
            with pytest.raises(grpc.aio.AioRpcError):
                await stub.ReadPlayerCount(ocr_pb2.ReadPlayerCountRequest(image=b"not an image"))
        after = _handled("ReadPlayerCount", "INVALID_ARGUMENT") + _handled(
            "ReadPlayerCount", "UNIMPLEMENTED"
        )
        assert after == before + 1


async def test_gateway_answers_503_while_a_backend_is_down_and_recovers_by_itself(
    tmp_path: Path,
) -> None:
    ocr_port = free_port()
    settings = GatewaySettings(  # type: ignore[call-arg]
        data_dir=tmp_path,
        gateway_port=free_port(),
        ocr_target=f"127.0.0.1:{ocr_port}",
        players_target=f"127.0.0.1:{free_port()}",
        fleet_target=f"127.0.0.1:{free_port()}",
    )
    async with gateway(settings) as url, httpx.AsyncClient(base_url=url) as client:
        reply = await client.get("/healthz")
        assert reply.status_code == 503
        assert reply.json()["backends"]["ocr"]["status"] == "UNREACHABLE"

        async with grpc_service(build_ocr(ocr_settings(tmp_path)), port=ocr_port):
            for _ in range(100):
                reply = await client.get("/healthz")
                if reply.json()["backends"]["ocr"]["status"] == "SERVING":
                    break
                await asyncio.sleep(0.1)
            assert reply.json()["backends"]["ocr"]["status"] == "SERVING"
            # players and fleet are still down: the whole answer stays 503
            assert reply.status_code == 503
