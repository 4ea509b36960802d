"""The OpenAPI document declares the statuses each route answers and the streams' media types."""

from __future__ import annotations

from typing import Any

import pytest

from services.gateway.app import create_app
from services.gateway.settings import GatewaySettings


@pytest.fixture(scope="module")
def paths() -> dict[str, Any]:
    document = create_app(GatewaySettings()).openapi()  # type: ignore[call-arg]
    return dict(document["paths"])


def statuses(paths: dict[str, Any], path: str, method: str) -> set[str]:
    return set(paths[path][method]["responses"])


def test_serverapi_routes_declare_their_error_statuses_in_the_envelope(
    paths: dict[str, Any],
) -> None:
    declared = statuses(paths, "/api/v1/truck/list/", "get")
    assert {"200", "400", "401", "403", "404", "409", "413", "429", "503"} <= declared
    assert "422" not in declared
    envelope = paths["/api/v1/login/"]["post"]["responses"]["401"]["content"]
    assert envelope["application/json"]["schema"]["required"] == ["code", "status_code", "data"]
    assert {"201", "400", "401"} <= statuses(paths, "/api/v1/alert/", "post")
    assert "200" not in statuses(paths, "/api/v1/alert/", "post")


def test_mac_and_halp_routes_declare_their_errors_in_their_own_shapes(
    paths: dict[str, Any],
) -> None:
    assert {"400", "401", "403", "413", "429", "503"} <= statuses(paths, "/mac/game/v1", "get")
    halp = paths["/submit_playercount"]["post"]["responses"]
    assert {"400", "403", "413", "503"} <= set(halp)
    assert "text/plain" in halp["403"]["content"]
    assert "503" in statuses(paths, "/healthz", "get")


def test_live_streams_declare_their_media_types(paths: dict[str, Any]) -> None:
    sse = paths["/api/v1/live/alerts/sse"]["get"]["responses"]["200"]["content"]
    assert set(sse) == {"text/event-stream"}
    mjpeg = paths["/api/v1/live/trucks/{truck_id}/mjpeg"]["get"]["responses"]["200"]["content"]
    assert set(mjpeg) == {"multipart/x-mixed-replace"}
