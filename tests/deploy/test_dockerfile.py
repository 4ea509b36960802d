"""The Dockerfile builds the image the manifests expect: command, user, ports, Tesseract."""

from __future__ import annotations

import json
import re
import shlex

import pytest
from dockerfile_parse import DockerfileParser

from tests.deploy.manifests import GRPC_SERVICES, ROOT, SERVICES, manifests, service_settings

BUILD_TOOLS = ("build-essential", "gcc", "g++", "make", "libtesseract-dev", "python3-dev", "git")


def _stages() -> list[list[dict[str, str]]]:
    """Instructions of each stage, in order; comments dropped."""
    stages: list[list[dict[str, str]]] = []
    for instruction in DockerfileParser(path=str(ROOT / "Dockerfile")).structure:
        if instruction["instruction"] == "FROM":
            stages.append([])
        if stages and instruction["instruction"] != "COMMENT":
            stages[-1].append(instruction)
    return stages


def _values(stage: list[dict[str, str]], name: str) -> list[str]:
    return [i["value"] for i in stage if i["instruction"] == name]


@pytest.fixture
def final() -> list[dict[str, str]]:
    return _stages()[-1]


def test_the_image_is_built_in_stages_from_a_slim_python() -> None:
    parser = DockerfileParser(path=str(ROOT / "Dockerfile"))
    assert len(_stages()) >= 2
    assert all(re.fullmatch(r"python:3\.1\d+-slim(-\w+)?", image) for image in parser.parent_images)


def test_the_final_stage_installs_tesseract_and_no_build_tools(final: list[dict[str, str]]) -> None:
    runs = " ".join(_values(final, "RUN"))
    assert re.search(r"apt-get install [^&]*tesseract-ocr\b", runs)
    assert "tesseract-ocr-eng" in runs
    assert "--no-install-recommends" in runs and "rm -rf /var/lib/apt/lists/*" in runs
    words = set(shlex.split(runs.replace("&&", " ")))
    assert words.isdisjoint(BUILD_TOOLS)
    assert "pip install" not in runs, "packages are built in an earlier stage"


def test_the_image_runs_as_the_non_root_user_the_pods_run_as(final: list[dict[str, str]]) -> None:
    (user,) = _values(final, "USER")
    uid, _, gid = user.partition(":")
    runs = " ".join(_values(final, "RUN"))
    assert f"--uid {uid}" in runs and f"--gid {gid}" in runs and int(uid) > 0
    for overlay in ("dev", "prod"):
        for service in SERVICES:
            pod = manifests(overlay).get("Deployment", service)["spec"]["template"]["spec"]
            context = pod["securityContext"]
            assert (str(context["runAsUser"]), str(context["runAsGroup"])) == (uid, gid)


def test_the_container_command_is_argus_serve_the_service(final: list[dict[str, str]]) -> None:
    (entrypoint,) = _values(final, "ENTRYPOINT")
    assert json.loads(entrypoint) == ["argus"]
    for service in SERVICES:
        args = manifests("prod").container(service)["args"]
        assert [*json.loads(entrypoint), *args] == ["argus", "serve", service]


def test_the_image_exposes_the_ports_the_manifests_use(final: list[dict[str, str]]) -> None:
    (exposed,) = _values(final, "EXPOSE")
    prod = manifests("prod")
    ports = {service_settings(prod, "gateway").gateway_port}
    for service in GRPC_SERVICES:
        settings = service_settings(prod, service)
        ports |= {settings.grpc_port, settings.metrics_port}
    assert {int(port) for port in exposed.split()} == ports


def test_the_data_directory_is_the_writable_volume_of_the_pods() -> None:
    envs = DockerfileParser(path=str(ROOT / "Dockerfile")).envs
    prod = manifests("prod")
    assert envs["ARGUS_DATA_DIR"] == prod.config()["ARGUS_DATA_DIR"]
    for service in SERVICES:
        mounts = {m["mountPath"] for m in prod.container(service)["volumeMounts"]}
        assert {envs["ARGUS_DATA_DIR"], "/tmp"} <= mounts, service


def test_the_build_context_holds_only_what_the_image_copies() -> None:
    lines = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "**", "ignore everything, then re-include the sources"
    included = {line[1:].rstrip("/") for line in lines if line.startswith("!")}
    copied = set()
    for stage in _stages():
        for value in _values(stage, "COPY"):
            if not value.startswith("--from"):
                copied |= set(value.split()[:-1])
    assert copied == included
