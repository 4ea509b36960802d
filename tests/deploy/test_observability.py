"""The metrics the alerts read move when real calls are served; the probes hit real paths."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import httpx
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from prometheus_client.parser import text_string_to_metric_families

from argus.core.grpc_server import start_metrics_server
from services.gateway.settings import GatewaySettings
from services.ocr.server import build as build_ocr
from tests.deploy.manifests import manifests
from tests.support.servers import free_port, gateway, grpc_service, ocr_settings

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def _scrape(client: httpx.AsyncClient, url: str) -> Samples:
    reply = await client.get(url)
    assert reply.status_code == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(reply.text)
        for sample in family.samples
    }


def _value(samples: Samples, name: str, **labels: str) -> float:
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)


async def _list_services() -> AsyncIterator[reflection_pb2.ServerReflectionRequest]:
    yield reflection_pb2.ServerReflectionRequest(list_services="")


async def test_grpc_server_metrics_move_for_unary_and_streaming_calls(tmp_path: Path) -> None:
    metrics_url = f"http://127.0.0.1:{start_metrics_server('127.0.0.1', 0)}/metrics"
    health = {"grpc_service": "grpc.health.v1.Health", "grpc_method": "Check"}
    reflection = {"grpc_method": "ServerReflectionInfo", "grpc_type": "bidi_stream"}
    async with (
        grpc_service(build_ocr(ocr_settings(tmp_path))) as server,
        httpx.AsyncClient() as client,
        grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel,
    ):
        before = await _scrape(client, metrics_url)
        await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        replies = [reply async for reply in stub.ServerReflectionInfo(_list_services())]
        after = await _scrape(client, metrics_url)
    assert len(replies) == 1
    moved = [
        ("grpc_server_started_total", health),
        ("grpc_server_handled_total", {**health, "grpc_code": "OK"}),
        ("grpc_server_handling_seconds_count", health),
        ("grpc_server_msg_received_total", reflection),
        ("grpc_server_msg_sent_total", reflection),
    ]
    for name, labels in moved:
        assert _value(after, name, **labels) > _value(before, name, **labels), name


async def test_gateway_stays_alive_and_counts_requests_while_backends_are_down(
    tmp_path: Path,
) -> None:
    settings = GatewaySettings(  # type: ignore[call-arg]
        data_dir=tmp_path,
        gateway_port=free_port(),
        ocr_target=f"127.0.0.1:{free_port()}",
        players_target=f"127.0.0.1:{free_port()}",
        fleet_target=f"127.0.0.1:{free_port()}",
        gateway_health_timeout_seconds=0.5,
    )
    probes = manifests("prod").container("gateway")
    startup, readiness, liveness = (
        probes[probe]["httpGet"]["path"]
        for probe in ("startupProbe", "readinessProbe", "livenessProbe")
    )
    async with gateway(settings) as url, httpx.AsyncClient(base_url=url) as client:
        before = await _scrape(client, "/metrics")
        ready = await client.get(readiness)
        alive = await client.get(liveness)
        started = await client.get(startup)
        health = await client.get("/healthz")
        after = await _scrape(client, "/metrics")
    # Backends down take no gateway out of rotation: only their routes fail; /healthz says so.
    assert (ready.status_code, alive.status_code, started.status_code) == (200, 200, 200)
    assert ready.json()["status"] == "ready"
    assert health.status_code == 503 and health.json()["status"] == "unavailable"
    route = {"route": "/healthz", "status": "503"}
    assert _value(after, "argus_http_requests_total", **route) > _value(
        before, "argus_http_requests_total", **route
    )
    count = "argus_http_request_duration_seconds_count"
    assert _value(after, count, route=readiness) > _value(before, count, route=readiness)
