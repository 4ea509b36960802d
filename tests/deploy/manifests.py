"""Render the kustomize overlays with the packaged kubectl and look things up in the output."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic_settings import BaseSettings

from argus.core.settings import CommonSettings
from services.fleet.settings import FleetSettings
from services.gateway.settings import GatewaySettings
from services.ocr.settings import OcrSettings
from services.players.settings import PlayersSettings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = sorted(path.name for path in (K8S / "overlays").iterdir() if path.is_dir())
GRPC_SERVICES = ("ocr", "players", "fleet")
SERVICES = (*GRPC_SERVICES, "gateway")
# Kinds of the Prometheus Operator: no schema in the validator, checked structurally instead.
CRD_KINDS = {
    ("monitoring.coreos.com/v1", "ServiceMonitor"),
    ("monitoring.coreos.com/v1", "PrometheusRule"),
}

Doc = dict[str, Any]
SETTINGS: dict[str, type[CommonSettings]] = {
    "ocr": OcrSettings,
    "players": PlayersSettings,
    "fleet": FleetSettings,
    "gateway": GatewaySettings,
}


def kubectl() -> str:
    """The kubectl installed with the dev dependencies (fails, never skips, when missing)."""
    beside_python = Path(sys.executable).parent / "kubectl"
    found = str(beside_python) if beside_python.exists() else shutil.which("kubectl")
    if found is None:
        pytest.fail("kubectl is missing: `make install` installs it with the dev dependencies")
    return found


def kustomize(directory: Path) -> tuple[Doc, ...]:
    """The documents `kubectl kustomize <directory>` prints."""
    result = subprocess.run(
        [kubectl(), "kustomize", str(directory)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        pytest.fail(f"kustomize cannot render {directory}: {result.stderr}")
    return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)


@functools.cache
def render(overlay: str) -> tuple[Doc, ...]:
    return kustomize(K8S / "overlays" / overlay)


def render_with_component(overlay: str, component: str, workdir: Path, *more: str) -> Manifests:
    """An overlay with opt-in components added (in this order), as an SRE would add them."""
    (namespace,) = [d for d in render(overlay) if d["kind"] == "Namespace"]
    up = Path(os.path.relpath(K8S, workdir))
    (workdir / "kustomization.yaml").write_text(
        yaml.safe_dump(
            {
                "namespace": namespace["metadata"]["name"],
                "resources": [str(up / "overlays" / overlay)],
                "components": [str(up / "components" / name) for name in (component, *more)],
            }
        )
    )
    return Manifests("+".join((overlay, component, *more)), kustomize(workdir))


@dataclass(frozen=True)
class Manifests:
    overlay: str
    docs: tuple[Doc, ...]

    def of_kind(self, kind: str) -> list[Doc]:
        return [doc for doc in self.docs if doc["kind"] == kind]

    def get(self, kind: str, name: str) -> Doc:
        for doc in self.of_kind(kind):
            if doc["metadata"]["name"] == name:
                return doc
        raise AssertionError(f"{self.overlay}: no {kind} named {name}")

    def workloads(self) -> list[Doc]:
        return self.of_kind("Deployment") + self.of_kind("StatefulSet")

    def container(self, service: str) -> Doc:
        """The `server` container of an Argus service's Deployment."""
        pod = self.get("Deployment", service)["spec"]["template"]["spec"]
        (server,) = [c for c in pod["containers"] if c["name"] == "server"]
        return server

    def config(self) -> dict[str, str]:
        """The ARGUS_ settings ConfigMap (its name carries a content hash)."""
        (config,) = [
            doc
            for doc in self.of_kind("ConfigMap")
            if doc["metadata"]["name"].startswith("argus-config")
        ]
        return dict(config["data"])

    def secret_env(self, name: str) -> dict[str, str]:
        """Keys of a generated Secret (dev only); values are not needed by any rule."""
        for doc in self.of_kind("Secret"):
            if doc["metadata"]["name"].rsplit("-", 1)[0] == name:
                return dict(doc.get("data") or doc.get("stringData") or {})
        raise AssertionError(f"{self.overlay}: no Secret {name}")


def manifests(overlay: str) -> Manifests:
    return Manifests(overlay, render(overlay))


def labels_match(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def settings_from_env(cls: type[BaseSettings], env: dict[str, str]) -> Any:
    """`cls` built the way a container builds it: from these environment variables only."""
    saved = {key: value for key, value in os.environ.items() if key.startswith("ARGUS_")}
    for key in saved:
        del os.environ[key]
    os.environ.update(env)
    try:
        return cls()
    finally:
        for key in env:
            os.environ.pop(key, None)
        os.environ.update(saved)


def service_settings(rendered: Manifests, service: str) -> Any:
    """The settings the service's container starts with from the shared ConfigMap."""
    return settings_from_env(SETTINGS[service], rendered.config())
