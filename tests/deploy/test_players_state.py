"""Players keeps its state in PostgreSQL: it scales out like fleet, with no volume claim."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from tests.deploy.manifests import Doc, Manifests, manifests
from tests.deploy.rules import scale_out_violations

# dev starts every HPA at one pod (a laptop cluster); production runs at least two.
MIN_REPLICAS = {"dev": 1, "prod": 2}


def test_players_scales_out_with_rolling_updates_an_hpa_and_no_claim(
    rendered: Manifests,
) -> None:
    minimum = MIN_REPLICAS[rendered.overlay]
    assert scale_out_violations(rendered.docs, "players", minimum) == []
    assert rendered.get("HorizontalPodAutoscaler", "players")["spec"]["minReplicas"] == minimum
    for claim in rendered.of_kind("PersistentVolumeClaim"):
        assert claim["metadata"]["labels"].get("app.kubernetes.io/name") != "players"


def test_every_service_rolls_its_updates_on_an_emptydir(rendered: Manifests) -> None:
    for service in ("ocr", "players", "fleet", "gateway"):
        spec = rendered.get("Deployment", service)["spec"]
        assert spec["strategy"]["type"] == "RollingUpdate", service
        volumes = {v["name"]: v for v in spec["template"]["spec"]["volumes"]}
        assert "emptyDir" in volumes["data"], service


def _deployment(docs: list[Doc]) -> Doc:
    return next(d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "players")


def _named(docs: list[Doc], kind: str) -> Doc:
    return next(d for d in docs if d["kind"] == kind and d["metadata"]["name"] == "players")


def _data_on_a_claim(docs: list[Doc]) -> None:
    pod = _deployment(docs)["spec"]["template"]["spec"]
    (data,) = [v for v in pod["volumes"] if v["name"] == "data"]
    data.pop("emptyDir")
    data["persistentVolumeClaim"] = {"claimName": "players-data"}


def _a_claim(docs: list[Doc]) -> None:
    docs.append(
        {
            "kind": "PersistentVolumeClaim",
            "metadata": {"name": "players-data", "labels": {"app.kubernetes.io/name": "players"}},
            "spec": {"accessModes": ["ReadWriteOnce"]},
        }
    )


def _no_data_volume(docs: list[Doc]) -> None:
    pod = _deployment(docs)["spec"]["template"]["spec"]
    pod["volumes"] = [v for v in pod["volumes"] if v["name"] != "data"]


BREACHES: dict[str, Callable[[list[Doc]], None]] = {
    "one replica": lambda docs: _named(docs, "HorizontalPodAutoscaler")["spec"].update(
        minReplicas=1
    ),
    "a fixed replica count": lambda docs: _deployment(docs)["spec"].update(replicas=1),
    "no HPA": lambda docs: docs.remove(_named(docs, "HorizontalPodAutoscaler")),
    "Recreate updates": lambda docs: _deployment(docs)["spec"].update(
        strategy={"type": "Recreate"}
    ),
    "rolling updates that stop a pod first": lambda docs: _deployment(docs)["spec"].update(
        strategy={"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}}
    ),
    "data on a ReadWriteOnce claim": _data_on_a_claim,
    "a claim of its own": _a_claim,
    "no data volume": _no_data_volume,
    "a PDB that blocks drains": lambda docs: _named(docs, "PodDisruptionBudget")["spec"].update(
        maxUnavailable=0
    ),
}


@pytest.mark.parametrize("breach", sorted(BREACHES))
def test_breaking_the_players_scale_out_rule_is_reported(breach: str) -> None:
    prod = manifests("prod")
    docs = copy.deepcopy(list(prod.docs))
    assert scale_out_violations(docs, "players") == []
    BREACHES[breach](docs)
    assert scale_out_violations(docs, "players") != []


def test_a_pdb_requiring_every_pod_blocks_drains() -> None:
    docs = copy.deepcopy(list(manifests("prod").docs))
    pdb = _named(docs, "PodDisruptionBudget")
    pdb["spec"] = {"minAvailable": 2, "selector": pdb["spec"]["selector"]}
    assert scale_out_violations(docs, "players") == ["PDB players never lets a drain evict a pod"]


def test_no_alert_watches_a_players_volume(rendered: Manifests) -> None:
    (rule,) = rendered.of_kind("PrometheusRule")
    exprs = [r["expr"] for group in rule["spec"]["groups"] for r in group["rules"]]
    assert not any("persistentvolumeclaim" in expr for expr in exprs)
