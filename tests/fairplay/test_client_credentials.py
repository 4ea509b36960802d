"""Fair-play clients prove themselves: the enrollment secret to register, the client token
issued at registration to report; only internal callers (the internal credential) need
neither. Without this anyone reaching the players port could flag any ip."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest

from argus.core.grpc_client import create_channel
from argus.core.internal_auth import INTERNAL_CREDENTIAL_HEADER
from argus.players.v1 import fairplay_pb2 as pb
from argus.players.v1 import fairplay_pb2_grpc
from tests.fairplay.conftest import FairPlayStack, fairplay_stack
from tests.support.databases import TestDatabase

INTERNAL = "internal-" + "i" * 32
ENROLLMENT = "enrol-" + "e" * 20


@pytest.fixture
async def locked(tmp_path: Path, sqlite_db: TestDatabase) -> AsyncIterator[FairPlayStack]:
    async with fairplay_stack(
        tmp_path,
        sqlite_db,
        internal_secret=INTERNAL,
        dfairplay_client_enrollment_secret=ENROLLMENT,
    ) as running:
        yield running


async def _code(call: object) -> tuple[str, str]:
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        await call  # type: ignore[misc]
    return failure.value.code().name, failure.value.details() or ""


async def test_registering_a_client_needs_the_enrollment_secret(locked: FairPlayStack) -> None:
    for secret in ("", "wrong-secret"):
        request = pb.RegisterClientRequest(client_id="pc", ip="10.0.0.1", enrollment_secret=secret)
        code, details = await _code(locked.stub.RegisterClient(request))
        assert code == "UNAUTHENTICATED"
        assert ENROLLMENT not in details
    enrolled = await locked.stub.RegisterClient(
        pb.RegisterClientRequest(client_id="pc", ip="10.0.0.1", enrollment_secret=ENROLLMENT)
    )
    assert len(enrolled.client_token) >= 32


async def test_an_incident_needs_the_client_token_and_lands_only_on_the_clients_ip(
    locked: FairPlayStack,
) -> None:
    token = await locked.session()
    for player, ip in ((1, "10.0.0.1"), (2, "10.0.0.2")):
        await locked.call(f"/add_user/{token}/{player}/{ip}/")
    enrolled = await locked.stub.RegisterClient(
        pb.RegisterClientRequest(client_id="pc-1", ip="10.0.0.1", enrollment_secret=ENROLLMENT)
    )
    anonymous = [
        pb.ReportIncidentRequest(ip="10.0.0.2", kind="aimbot"),
        pb.ReportIncidentRequest(client_id="pc-1", kind="aimbot"),
        pb.ReportIncidentRequest(client_id="pc-1", kind="aimbot", client_token="forged"),
        # Authentication comes before the text is looked at.
        pb.ReportIncidentRequest(client_id="pc-1", kind="k" * 10_000, client_token="forged"),
    ]
    for request in anonymous:
        assert (await _code(locked.stub.ReportIncident(request)))[0] == "UNAUTHENTICATED"
    elsewhere = pb.ReportIncidentRequest(
        client_id="pc-1", ip="10.0.0.2", kind="aimbot", client_token=enrolled.client_token
    )
    assert (await _code(locked.stub.ReportIncident(elsewhere)))[0] == "PERMISSION_DENIED"
    assert await locked.call(f"/get_incidents/{token}/") == ""

    await locked.stub.ReportIncident(
        pb.ReportIncidentRequest(
            client_id="pc-1", kind="aimbot", client_token=enrolled.client_token
        )
    )
    assert await locked.call(f"/get_incidents/{token}/") == "1"


async def test_a_renewal_replaces_the_client_token(locked: FairPlayStack) -> None:
    register = pb.RegisterClientRequest(client_id="pc", ip="10.0.0.1", enrollment_secret=ENROLLMENT)
    first = await locked.stub.RegisterClient(register)
    second = await locked.stub.RegisterClient(register)
    stale = pb.ReportIncidentRequest(client_id="pc", kind="aimbot", client_token=first.client_token)
    assert (await _code(locked.stub.ReportIncident(stale)))[0] == "UNAUTHENTICATED"
    fresh = pb.ReportIncidentRequest(
        client_id="pc", kind="aimbot", client_token=second.client_token
    )
    assert (await locked.stub.ReportIncident(fresh)).id > 0


async def test_internal_callers_need_neither_but_a_wrong_internal_credential_is_refused(
    locked: FairPlayStack,
) -> None:
    target = f"127.0.0.1:{locked.players.port}"
    token = await locked.session()
    await locked.call(f"/add_user/{token}/7/10.0.0.7/")
    for credential, expected in ((INTERNAL, None), ("not-the-secret", "UNAUTHENTICATED")):
        channel = create_channel(target, metadata=((INTERNAL_CREDENTIAL_HEADER, credential),))
        async with channel:
            stub = fairplay_pb2_grpc.FairPlayServiceStub(channel)
            register = stub.RegisterClient(pb.RegisterClientRequest(client_id="x", ip="10.0.0.9"))
            report = stub.ReportIncident(pb.ReportIncidentRequest(ip="10.0.0.7", kind="aimbot"))
            if expected is None:
                assert (await register).client_token
                assert (await report).id > 0
            else:
                assert (await _code(register))[0] == expected
                assert (await _code(report))[0] == expected
    assert await locked.call(f"/get_incidents/{token}/") == "7"


async def test_without_an_enrollment_secret_only_internal_callers_register(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async with fairplay_stack(tmp_path, sqlite_db, internal_secret=INTERNAL) as stack:
        request = pb.RegisterClientRequest(client_id="pc", ip="10.0.0.1", enrollment_secret="x")
        code, details = await _code(stack.stub.RegisterClient(request))
    assert code == "UNAUTHENTICATED"
    assert "ENROLLMENT_SECRET" in details
