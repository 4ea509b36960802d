"""`argus-device --tls --ca FILE` streams to a fleet service that serves only TLS."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml

from argus.core.grpc_client import create_channel
from argus.core.grpc_metrics import STARTED
from argus.core.tls import ClientTls
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.fleet.agent import cli
from services.fleet.server import build as build_fleet
from tests.fleet.conftest import fleet_overrides
from tests.live.conftest import admin_token, auth, image_folder
from tests.support.databases import TestDatabase
from tests.support.servers import fleet_settings, serving
from tests.trust.certs import Pki, make_pki

MAC = "aa:00:00:00:00:71"
FLEET = fleet_pb2.DESCRIPTOR.services_by_name["FleetService"].full_name
DEVICE_STREAM = Path(__file__).parents[2] / "deploy/k8s/components/device-stream/device-stream.yaml"


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return make_pki(tmp_path / "pki")


@pytest.fixture
async def tls_fleet(tmp_path: Path, sqlite_db: TestDatabase, pki: Pki) -> AsyncIterator[str]:
    settings = fleet_settings(tmp_path, sqlite_db, **fleet_overrides(**pki.server()))
    async with serving(build_fleet, settings) as s:
        yield f"localhost:{s.port}"


def _stream(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str]:
    images = image_folder(tmp_path / "images", 4)
    common = ["--mac", MAC, "--password", "device-pass-1", "--images", str(images)]
    spool = ["--spool", str(tmp_path / "spool"), "--give-up-after", "1", "--backoff-max", "0.2"]
    code = cli.main(["stream", *args, *common, *spool])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _fleet_calls() -> dict[str, float]:
    """RPCs started on FleetService so far, by method (the server's own metric)."""
    calls: dict[str, float] = {}
    for metric in STARTED.collect():
        for sample in metric.samples:
            labels = sample.labels
            if sample.name.endswith("_total") and labels["grpc_service"] == FLEET:
                calls[labels["grpc_method"]] = sample.value
    return calls


def _ingress_methods() -> set[str]:
    """The methods the device-stream Ingress routes from outside the cluster."""
    (ingress, _policy) = yaml.safe_load_all(DEVICE_STREAM.read_text())
    paths = ingress["spec"]["rules"][0]["http"]["paths"]
    return {path["path"].removeprefix(f"/{FLEET}/") for path in paths}


async def test_the_agent_registers_and_streams_over_tls_through_what_the_ingress_routes(
    tls_fleet: str, pki: Pki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _fleet_calls()
    args = ("--server", tls_fleet, "--tls", "--ca", str(pki.ca_file))
    code, output = await asyncio.to_thread(_stream, capsys, tmp_path, *args)
    assert code == 0, output
    called = {name for name, count in _fleet_calls().items() if count > before.get(name, 0)}
    assert called == _ingress_methods()
    assert "done: 4 frames acknowledged" in output
    async with create_channel(tls_fleet, tls=ClientTls.from_files(str(pki.ca_file))) as channel:
        stub = fleet_pb2_grpc.FleetServiceStub(channel)
        trucks = await stub.ListTrucks(
            fleet_pb2.ListTrucksRequest(), metadata=auth(await admin_token(stub))
        )
    assert [truck.name for truck in trucks.trucks] == [MAC]


async def test_without_tls_or_with_another_ca_the_agent_cannot_connect(
    tls_fleet: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stranger = make_pki(tmp_path / "other", "stranger")
    for extra in ((), ("--ca", str(stranger.ca_file))):
        code, output = await asyncio.to_thread(
            _stream, capsys, tmp_path, "--server", tls_fleet, *extra
        )
        assert code == 4, output
        assert "no working connection" in output


def test_an_unreadable_ca_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing-ca.pem")
    code, output = _stream(capsys, tmp_path, "--server", "localhost:1", "--ca", missing)
    assert code == 2
    assert "missing-ca.pem" in output
