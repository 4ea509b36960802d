"""The opt-in grpc-tls component: every gRPC server serves TLS from the mounted Secret, callers
verify it, and probes keep working on the plaintext health port."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate

from tests.deploy.manifests import (
    CRD_KINDS,
    GRPC_SERVICES,
    SERVICES,
    Manifests,
    render_with_component,
    service_settings,
)

PROBES = ("startupProbe", "readinessProbe", "livenessProbe")


def _with_tls(tmp_path: Path) -> Manifests:
    return render_with_component("prod", "grpc-tls", tmp_path)


def test_the_grpc_tls_component_validates_strictly(tmp_path: Path) -> None:
    for doc in _with_tls(tmp_path).docs:
        if (doc["apiVersion"], doc["kind"]) not in CRD_KINDS:
            kubernetes_validate.validate(doc, "1.30.0", strict=True)


def _mount_of(rendered: Manifests, service: str) -> str:
    pod = rendered.get("Deployment", service)["spec"]["template"]["spec"]
    (volume,) = [
        v for v in pod["volumes"] if v.get("secret", {}).get("secretName") == "argus-grpc-tls"
    ]
    (mount,) = [
        m for m in rendered.container(service)["volumeMounts"] if m["name"] == volume["name"]
    ]
    assert mount["readOnly"] is True
    return str(mount["mountPath"])


def test_every_server_serves_tls_from_the_mounted_secret_and_probes_the_health_port(
    tmp_path: Path,
) -> None:
    rendered = _with_tls(tmp_path)
    for service in GRPC_SERVICES:
        settings = service_settings(rendered, service)
        mounted = _mount_of(rendered, service)
        for path in (settings.grpc_tls_cert_file, settings.grpc_tls_key_file):
            assert Path(path).parent == Path(mounted), (service, path)
        container = rendered.container(service)
        assert settings.grpc_health_port not in (0, settings.grpc_port)
        for probe in PROBES:
            assert container[probe]["grpc"]["port"] == settings.grpc_health_port, (service, probe)


def test_every_caller_verifies_servers_against_the_mounted_ca(tmp_path: Path) -> None:
    rendered = _with_tls(tmp_path)
    for service in SERVICES:
        settings = service_settings(rendered, service)
        assert Path(settings.grpc_tls_ca_file).parent == Path(_mount_of(rendered, service))


def test_with_devices_the_ingress_speaks_tls_to_fleet(tmp_path: Path) -> None:
    rendered = render_with_component("prod", "device-stream", tmp_path, "grpc-tls")
    annotations = rendered.get("Ingress", "fleet-device-stream")["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/backend-protocol"] == "GRPCS"
