"""Every overlay renders, and Kubernetes 1.30 and the newest known version accept the output."""

from __future__ import annotations

import copy
import subprocess

import kubernetes_validate
import pytest

from tests.deploy.manifests import CRD_KINDS, OVERLAYS, Doc, Manifests, kubectl, manifests

VERSIONS = ("1.30.0", kubernetes_validate.latest_version())


def _validate(doc: Doc, version: str) -> None:
    kubernetes_validate.validate(doc, version, strict=True)


def test_the_renderer_is_kubectl_with_kustomize_v5() -> None:
    result = subprocess.run(
        [kubectl(), "version", "--client"], capture_output=True, text=True, check=True
    )
    assert "Kustomize Version: v5." in result.stdout


def test_there_is_a_dev_and_a_prod_overlay() -> None:
    assert set(OVERLAYS) >= {"dev", "prod"}


@pytest.mark.parametrize("version", VERSIONS)
def test_every_resource_passes_strict_schema_validation(rendered: Manifests, version: str) -> None:
    checked = 0
    for doc in rendered.docs:
        if (doc["apiVersion"], doc["kind"]) in CRD_KINDS:
            continue
        try:
            _validate(doc, version)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{rendered.overlay} {doc['kind']}/{doc['metadata']['name']}: {error}")
        checked += 1
    assert checked > 20


def test_only_prometheus_operator_resources_lack_a_kubernetes_schema(rendered: Manifests) -> None:
    kinds = {(doc["apiVersion"], doc["kind"]) for doc in rendered.docs}
    for api_version, kind in kinds - CRD_KINDS:
        stub = {"apiVersion": api_version, "kind": kind, "metadata": {"name": "x"}}
        try:
            _validate(stub, "1.30.0")
        except kubernetes_validate.SchemaNotFoundError:
            pytest.fail(f"{api_version} {kind} is not a Kubernetes 1.30 resource")
        except kubernetes_validate.ValidationError:
            pass  # the schema exists; the real resource is validated above


def test_a_resource_of_an_unknown_api_version_is_reported() -> None:
    stub = {"apiVersion": "autoscaling/v2beta2", "kind": "HorizontalPodAutoscaler"}
    with pytest.raises(kubernetes_validate.SchemaNotFoundError):
        _validate({**stub, "metadata": {"name": "x"}}, "1.30.0")


def test_strict_validation_rejects_a_misspelt_field() -> None:
    deployment = copy.deepcopy(manifests("prod").get("Deployment", "players"))
    deployment["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        _validate(deployment, "1.30.0")


def test_every_namespaced_resource_lands_in_the_overlays_namespace(rendered: Manifests) -> None:
    (namespace,) = rendered.of_kind("Namespace")
    name = namespace["metadata"]["name"]
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    for doc in rendered.docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == name, doc["metadata"]["name"]
