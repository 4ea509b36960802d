"""Schemathesis over the gateway's OpenAPI document: no 5xx, and every answer is declared.

Each route group gets its credentials (a fleet JWT, a MAC bearer token, a HALP token), so the
fuzzer reaches past authentication. Examples per operation are bounded to keep the whole run
to a few minutes on a small machine.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from services.gateway.app import create_app
from services.gateway.settings import GatewaySettings
from tests.fuzz.conftest import FuzzPlatform

# Endless streams and the browser page are tested elsewhere; a fuzzer would wait forever.
STREAMS = r"^/(api/v1/live/(alerts/sse|trucks/.*/mjpeg|static/.*)|live)$"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _document() -> dict[str, Any]:
    """The gateway's OpenAPI document, as `/openapi.json` serves it (no server needed)."""
    document: dict[str, Any] = create_app(GatewaySettings()).openapi()  # type: ignore[call-arg]
    return document


schema = schemathesis.openapi.from_dict(_document()).exclude(path_regex=STREAMS)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_route_answers_5xx_or_anything_undeclared(
    case: schemathesis.Case, fuzz_platform: FuzzPlatform
) -> None:
    case.call_and_validate(
        base_url=fuzz_platform.url,
        headers=fuzz_platform.headers(case.path),
        checks=CHECKS,
        timeout=30,
    )
