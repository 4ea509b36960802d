"""Players keeps state in its process and data directory: one pod, on a ReadWriteOnce volume."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import PurePosixPath

import pytest

from tests.deploy.manifests import Doc, Manifests, manifests, service_settings
from tests.deploy.rules import single_pod_violations


def _players_state(rendered: Manifests, docs: list[Doc] | None = None) -> list[str]:
    """What breaks the single-pod rule for players, with the data paths its settings give."""
    settings = service_settings(rendered, "players")
    data_dir = str(PurePosixPath(settings.data_dir))
    uploads = settings.halp_uploads_dir or f"{data_dir}/halp-uploads"
    return single_pod_violations(
        rendered.docs if docs is None else docs, "players", data_dir, [uploads]
    )


def test_players_runs_one_pod_replaced_not_rolled_with_its_data_on_a_volume(
    rendered: Manifests,
) -> None:
    assert _players_state(rendered) == []
    spec = rendered.get("Deployment", "players")["spec"]
    assert (spec["replicas"], spec["strategy"]) == (1, {"type": "Recreate"})
    claim = rendered.get("PersistentVolumeClaim", "players-data")["spec"]
    assert claim["accessModes"] == ["ReadWriteOnce"]


def test_halp_uploads_are_kept_on_the_players_volume(rendered: Manifests) -> None:
    settings = service_settings(rendered, "players")
    assert settings.halp_uploads_dir == ""  # so uploads go to <data dir>/halp-uploads
    pod = rendered.get("Deployment", "players")["spec"]["template"]["spec"]
    mounts = {m["mountPath"]: m["name"] for m in rendered.container("players")["volumeMounts"]}
    (data,) = [v for v in pod["volumes"] if v["name"] == mounts[str(settings.data_dir)]]
    assert data["persistentVolumeClaim"] == {"claimName": "players-data"}


def test_stateless_services_keep_rolling_updates_and_an_emptydir(rendered: Manifests) -> None:
    for service in ("ocr", "fleet", "gateway"):
        spec = rendered.get("Deployment", service)["spec"]
        assert spec["strategy"]["type"] == "RollingUpdate", service
        volumes = {v["name"]: v for v in spec["template"]["spec"]["volumes"]}
        assert "emptyDir" in volumes["data"], service


def _deployment(docs: list[Doc]) -> Doc:
    return next(d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "players")


def _pvc(docs: list[Doc]) -> Doc:
    return next(d for d in docs if d["kind"] == "PersistentVolumeClaim")


def _volume(docs: list[Doc]) -> Doc:
    volumes = _deployment(docs)["spec"]["template"]["spec"]["volumes"]
    return next(v for v in volumes if v["name"] == "data")


def _data_in_empty_dir(docs: list[Doc]) -> None:
    volume = _volume(docs)
    volume.pop("persistentVolumeClaim")
    volume["emptyDir"] = {}


def _no_data_volume(docs: list[Doc]) -> None:
    pod = _deployment(docs)["spec"]["template"]["spec"]
    pod["volumes"] = [v for v in pod["volumes"] if v["name"] != "data"]


def _add_hpa(docs: list[Doc]) -> None:
    ocr = next(d for d in docs if d["kind"] == "HorizontalPodAutoscaler")
    hpa = copy.deepcopy(ocr)
    hpa["metadata"]["name"] = hpa["spec"]["scaleTargetRef"]["name"] = "players"
    docs.append(hpa)


def _block_drains(docs: list[Doc]) -> None:
    pdb = next(
        d for d in docs if d["kind"] == "PodDisruptionBudget" and d["metadata"]["name"] == "players"
    )
    pdb["spec"] = {"minAvailable": 1, "selector": pdb["spec"]["selector"]}


BREACHES: dict[str, Callable[[list[Doc]], None]] = {
    "two replicas": lambda docs: _deployment(docs)["spec"].update(replicas=2),
    "replicas left to an HPA": lambda docs: _deployment(docs)["spec"].pop("replicas"),
    "rolling updates": lambda docs: _deployment(docs)["spec"].update(
        strategy={"type": "RollingUpdate"}
    ),
    "an HPA": _add_hpa,
    "data in an emptyDir": _data_in_empty_dir,
    "no volume": _no_data_volume,
    "a shared volume": lambda docs: _pvc(docs)["spec"].update(accessModes=["ReadWriteMany"]),
    "a missing claim": lambda docs: docs.remove(_pvc(docs)),
    "a PDB that blocks drains": _block_drains,
}


@pytest.mark.parametrize("breach", sorted(BREACHES))
def test_breaking_the_players_single_pod_rule_is_reported(breach: str) -> None:
    prod = manifests("prod")
    docs = copy.deepcopy(list(prod.docs))
    assert _players_state(prod, docs) == []
    BREACHES[breach](docs)
    assert _players_state(prod, docs) != []


def test_uploads_outside_the_volume_are_reported() -> None:
    prod = manifests("prod")
    assert single_pod_violations(prod.docs, "players", "/var/lib/argus", ["/tmp/uploads"]) != []


def test_an_alert_warns_before_the_players_volume_is_full(rendered: Manifests) -> None:
    (rule,) = rendered.of_kind("PrometheusRule")
    alerts = {r["alert"]: r for group in rule["spec"]["groups"] for r in group["rules"]}
    claim = rendered.get("PersistentVolumeClaim", "players-data")["metadata"]["name"]
    assert f'persistentvolumeclaim="{claim}"' in alerts["ArgusPlayersVolumeFilling"]["expr"]
