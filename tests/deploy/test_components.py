"""Opt-in components: devices may stream frames to fleet, and only through StreamFrames."""

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


def test_devices_reach_only_the_stream_frames_method_over_tls(tmp_path: Path) -> None:
    rendered = _with_devices(tmp_path)
    ingress = rendered.get("Ingress", "fleet-device-stream")
    (rule,) = ingress["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    method = fleet_pb2.DESCRIPTOR.services_by_name["FleetService"].methods_by_name["StreamFrames"]
    assert path["path"] == f"/{method.containing_service.full_name}/{method.name}"
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
