"""The platform foundation: every service healthy, reflective, measured; the gateway maps
backend failures; `argus up` stops cleanly."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import grpc
import httpx
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from prometheus_client import REGISTRY

from argus.core.errors import InvalidArgument
from argus.core.grpc_handlers import error_reason
from argus.core.grpc_server import ServiceSpec, start_metrics_server
from argus.core.logging import JsonFormatter
from argus.ocr.v1 import ocr_pb2, ocr_pb2_grpc
from services.gateway.errors import from_rpc, http_status
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


async def test_a_request_id_sent_to_the_gateway_reaches_the_grpc_logs(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    lines: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Capture()
    handler.setFormatter(JsonFormatter("test"))
    grpc_log = logging.getLogger("argus.grpc")
    grpc_log.addHandler(handler)
    previous = grpc_log.level
    grpc_log.setLevel(logging.DEBUG)
    try:
        async with platform(tmp_path, sqlite_db) as p, httpx.AsyncClient(base_url=p.url) as client:
            reply = await client.get("/healthz", headers={"X-Request-ID": "req-4242"})
    finally:
        grpc_log.removeHandler(handler)
        grpc_log.setLevel(previous)
    assert reply.headers["x-request-id"] == "req-4242"
    events = [json.loads(line) for line in lines]
    checks = [e for e in events if e.get("request_id") == "req-4242"]
    assert len(checks) == 3  # one health check per backend, each logged with the caller's id
    assert all(e["grpc_code"] == "OK" and "Health/Check" in e["msg"] for e in checks)


async def test_the_gateway_makes_up_a_request_id_when_the_caller_sends_none(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async with platform(tmp_path, sqlite_db) as p, httpx.AsyncClient(base_url=p.url) as client:
        first = await client.get("/docs")
        second = await client.get("/openapi.json")
    assert first.status_code == 200 and second.status_code == 200
    assert len(first.headers["x-request-id"]) == 32
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_messages_over_the_receive_limit_are_refused_with_resource_exhausted(
    tmp_path: Path,
) -> None:
    spec = build_ocr(ocr_settings(tmp_path))
    async with grpc_service(spec, max_message_bytes=64 * 1024) as server:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            stub = ocr_pb2_grpc.OcrServiceStub(channel)
            with pytest.raises(grpc.aio.AioRpcError) as failure:
                await stub.ReadPlayerList(ocr_pb2.ReadPlayerListRequest(image=b"x" * 100_000))
    assert failure.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


async def test_each_service_serves_prometheus_metrics_over_http(tmp_path: Path) -> None:
    port = start_metrics_server("127.0.0.1", 0)
    async with grpc_service(build_ocr(ocr_settings(tmp_path))) as server:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
        async with httpx.AsyncClient() as client:
            reply = await client.get(f"http://127.0.0.1:{port}/metrics")
    assert reply.status_code == 200
    for name in (
        "grpc_server_started_total",
        "grpc_server_handled_total",
        "grpc_server_handling_seconds_bucket",
        "grpc_server_msg_received_total",
        "grpc_server_msg_sent_total",
    ):
        assert name in reply.text


async def test_gateway_serves_its_own_metrics_docs_and_openapi(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async with platform(tmp_path, sqlite_db) as p, httpx.AsyncClient(base_url=p.url) as client:
        await client.get("/healthz")
        metrics = await client.get("/metrics")
        docs = await client.get("/docs")
        spec = await client.get("/openapi.json")
    assert 'argus_http_requests_total{method="GET",route="/healthz",status="200"}' in metrics.text
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert "/healthz" in spec.json()["paths"]


async def test_request_bodies_over_the_limit_get_413_in_a_clear_shape(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async with platform(
        tmp_path, sqlite_db, gateway_overrides={"gateway_max_body_bytes": 2048}
    ) as p:
        async with httpx.AsyncClient(base_url=p.url) as client:
            reply = await client.post("/healthz", content=b"x" * 4096)
    assert reply.status_code == 413
    assert reply.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (grpc.StatusCode.INVALID_ARGUMENT, 400),
        (grpc.StatusCode.FAILED_PRECONDITION, 400),
        (grpc.StatusCode.OUT_OF_RANGE, 400),
        (grpc.StatusCode.UNAUTHENTICATED, 401),
        (grpc.StatusCode.PERMISSION_DENIED, 403),
        (grpc.StatusCode.NOT_FOUND, 404),
        (grpc.StatusCode.ALREADY_EXISTS, 409),
        (grpc.StatusCode.ABORTED, 409),
        (grpc.StatusCode.RESOURCE_EXHAUSTED, 429),
        (grpc.StatusCode.UNIMPLEMENTED, 501),
        (grpc.StatusCode.UNAVAILABLE, 503),
        (grpc.StatusCode.DEADLINE_EXCEEDED, 504),
        (grpc.StatusCode.INTERNAL, 500),
        (grpc.StatusCode.UNKNOWN, 500),
        (grpc.StatusCode.DATA_LOSS, 500),
    ],
)
def test_grpc_codes_map_to_http_like_grpc_gateway(code: grpc.StatusCode, status: int) -> None:
    assert http_status(code) == status


async def test_domain_errors_reach_callers_with_code_message_and_reason(tmp_path: Path) -> None:
    class Failing(ocr_pb2_grpc.OcrServiceServicer):
        async def ReadPlayerCount(self, request, context):  # type: ignore[no-untyped-def]
            raise InvalidArgument("the image is empty", reason="INVALID_IMAGE")

    spec = ServiceSpec(
        name="failing",
        register=[lambda s: ocr_pb2_grpc.add_OcrServiceServicer_to_server(Failing(), s)],
        service_names=["argus.ocr.v1.OcrService"],
    )
    async with grpc_service(spec) as server:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            stub = ocr_pb2_grpc.OcrServiceStub(channel)
            with pytest.raises(grpc.aio.AioRpcError) as failure:
                await stub.ReadPlayerCount(ocr_pb2.ReadPlayerCountRequest())
            with pytest.raises(grpc.aio.AioRpcError) as unimplemented:
                await stub.ReadPlayerList(ocr_pb2.ReadPlayerListRequest())
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert failure.value.details() == "the image is empty"
    assert error_reason(failure.value) == "INVALID_IMAGE"
    assert from_rpc(failure.value).reason == "INVALID_IMAGE"
    assert unimplemented.value.code() == grpc.StatusCode.UNIMPLEMENTED
