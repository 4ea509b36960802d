"""Bytes that are no request message: INVALID_ARGUMENT, counted, and nothing of our internals."""

from __future__ import annotations

from pathlib import Path

import grpc
import pytest
from prometheus_client import REGISTRY

from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.fleet.server import build as build_fleet
from services.ocr.server import build as build_ocr
from tests.fleet.conftest import auth, fleet_overrides
from tests.support.databases import TestDatabase
from tests.support.servers import fleet_settings, grpc_service, ocr_settings

# A field 1 of wire type 7 (no such type): no protobuf parser accepts it.
GARBAGE = b"\x0f\xff\xff\xff"
INTERNALS = ("Traceback", "Exception", "deserializ", "DecodeError", ".py")


def handled(kind: str, service: str, method: str, code: str) -> float:
    labels = {"grpc_type": kind, "grpc_service": service, "grpc_method": method, "grpc_code": code}
    return REGISTRY.get_sample_value("grpc_server_handled_total", labels) or 0.0


def assert_clean(error: grpc.aio.AioRpcError, message_type: str) -> None:
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    details = error.details() or ""
    assert message_type in details
    assert not any(word in details for word in INTERNALS), details


async def test_an_undecodable_unary_request_is_invalid_argument_and_counted(
    tmp_path: Path,
) -> None:
    service, method = "argus.ocr.v1.OcrService", "ReadPlayerCount"
    before = handled("unary", service, method, "INVALID_ARGUMENT")
    async with grpc_service(build_ocr(ocr_settings(tmp_path))) as server:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            call = channel.unary_unary(f"/{service}/{method}")
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await call(GARBAGE)
    assert_clean(refused.value, "ReadPlayerCountRequest")
    assert handled("unary", service, method, "INVALID_ARGUMENT") == before + 1


async def test_undecodable_messages_on_a_stream_are_invalid_argument_and_counted(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    service = "argus.fleet.v1.FleetService"
    spec = build_fleet(fleet_settings(tmp_path, sqlite_db, **fleet_overrides()))
    kinds = {"StreamFrames": "bidi_stream", "WatchAlerts": "server_stream"}
    before = {m: handled(k, service, m, "INVALID_ARGUMENT") for m, k in kinds.items()}
    async with grpc_service(spec) as server:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            device = await fleet_pb2_grpc.FleetServiceStub(channel).RegisterDevice(
                fleet_pb2.RegisterDeviceRequest(mac="dc:71:96:53:16:0a", password="pass123")
            )
            md = auth(device.token)
            stream = channel.stream_stream(f"/{service}/StreamFrames")(iter([GARBAGE]), metadata=md)
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                async for _ in stream:
                    pass
            assert_clean(refused.value, "StreamFramesRequest")
            watch = channel.unary_stream(f"/{service}/WatchAlerts")(GARBAGE, metadata=md)
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                async for _ in watch:
                    pass
            assert_clean(refused.value, "WatchAlertsRequest")
    for method, count in before.items():
        assert handled(kinds[method], service, method, "INVALID_ARGUMENT") == count + 1, method
