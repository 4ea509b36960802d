"""Opt-in components: devices may log in and stream frames to fleet, and do nothing else."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate

from argus.fleet.v1 import fleet_pb2
from tests.deploy.manifests import CRD_KINDS, Manifests, render_with_component
from tests.deploy.test_network import allowed


def _with_devices(tmp_path: Path) -> Manifests:
    return render_with_component("prod", "device-stream", tmp_path)


def test_the_device_stream_component_validates_strictly(tmp_path: Path) -> None:
    for doc in _with_devices(tmp_path).docs:
        if (doc["apiVersion"], doc["kind"]) not in CRD_KINDS:
            kubernetes_validate.validate(doc, "1.30.0", strict=True)


# What argus-device calls (tests/trust/test_device_tls.py checks it against a real run).
AGENT_METHODS = ("RegisterDevice", "StreamFrames")


def test_devices_reach_only_the_methods_the_agent_calls_over_tls(tmp_path: Path) -> None:
    rendered = _with_devices(tmp_path)
    ingress = rendered.get("Ingress", "fleet-device-stream")
    (rule,) = ingress["spec"]["rules"]
    service = fleet_pb2.DESCRIPTOR.services_by_name["FleetService"].full_name
    paths = rule["http"]["paths"]
    assert [path["path"] for path in paths] == [f"/{service}/{name}" for name in AGENT_METHODS]
    for path in paths:
        assert path["pathType"] == "Exact"
        assert path["backend"]["service"] == {"name": "fleet", "port": {"name": "grpc"}}
    assert ingress["spec"]["tls"][0]["hosts"] == [rule["host"]]
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/backend-protocol"] == (
        "GRPC"
    )
    assert ingress["metadata"]["namespace"] == "argus"


def test_with_devices_fleet_accepts_the_ingress_controller_besides_the_gateway(
    tmp_path: Path,
) -> None:
    rendered = _with_devices(tmp_path)
    assert allowed(rendered, "fleet", "ingress", "grpc") == {
        "pod:gateway",
        "namespace:ingress-nginx",
    }
    assert allowed(rendered, "players", "ingress", "grpc") == {"pod:gateway"}
