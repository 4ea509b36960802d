"""Security rules of the ServerAPI: tokens, roles, trucks, and what a token holds."""

from __future__ import annotations

import logging
import time
from base64 import b64encode
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest
from sqlalchemy import text

from argus.core.db import create_engine
from tests.fleet.conftest import ADMIN, SECRET, T0, Api, envelope_error, fleet_gateway, jpeg
from tests.support.databases import TestDatabase

# Within the tokens' lifetime (an hour) for the whole run: a later `exp` is refused.
SOON = int(time.time()) + 3000


def _forged(**claims: object) -> str:
    return jwt.encode(claims, SECRET, algorithm="HS256")


async def test_tokens_hold_only_subject_issuer_and_expiry(sqlite_api: Api) -> None:
    token = await sqlite_api.login()
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], issuer="argus-fleet")
    assert set(claims) == {"sub", "iss", "exp"}
    assert ADMIN[1] not in token and "argon2" not in str(claims)


async def test_passwords_are_stored_as_argon2_hashes(db: TestDatabase, api: Api) -> None:
    await api.user("viewer", "vera", "vera-password")
    await api.jetson()
    engine = create_engine(db.url, schema=db.schema)
    try:
        async with engine.connect() as connection:
            hashes = [
                row[0]
                for table in ("fleet_users", "fleet_devices")
                for row in await connection.execute(text(f"SELECT password_hash FROM {table}"))
            ]
    finally:
        await engine.dispose()
    assert len(hashes) == 3
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any("vera-password" in h or "pass123" in h for h in hashes)


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("not-a-token", "INVALID_TOKEN"),
        (
            jwt.encode(
                {"sub": "user:1", "iss": "argus-fleet", "exp": SOON},
                "another-secret-" + "y" * 40,
                algorithm="HS256",
            ),
            "INVALID_TOKEN",
        ),
        (_forged(sub="user:1", iss="someone-else", exp=SOON), "INVALID_TOKEN"),
        (_forged(sub="user:1", iss="argus-fleet"), "INVALID_TOKEN"),
        (_forged(sub="root", iss="argus-fleet", exp=SOON), "INVALID_TOKEN"),
        (_forged(sub="user:999", iss="argus-fleet", exp=SOON), "UNKNOWN_SUBJECT"),
        (
            jwt.encode(
                {"sub": "user:1", "iss": "argus-fleet", "exp": SOON}, None, algorithm="none"
            ),
            "INVALID_TOKEN",
        ),
    ],
    ids=[
        "garbage",
        "other-secret",
        "other-issuer",
        "no-expiry",
        "bad-subject",
        "unknown",
        "alg-none",
    ],
)
async def test_a_bad_token_answers_401(sqlite_api: Api, token: str, reason: str) -> None:
    reply = await sqlite_api.client.get("/api/v1/alert/", params={"token": token})
    assert envelope_error(reply, 401) == reason


async def test_an_expired_token_answers_401(sqlite_api: Api) -> None:
    past = datetime.now(UTC) - timedelta(seconds=5)
    token = _forged(sub="user:1", iss="argus-fleet", exp=past)
    reply = await sqlite_api.client.get("/api/v1/alert/", params={"token": token})
    assert envelope_error(reply, 401) == "TOKEN_EXPIRED"


async def test_a_missing_token_answers_401(sqlite_api: Api) -> None:
    assert envelope_error(await sqlite_api.client.get("/api/v1/alert/"), 401) == "TOKEN_MISSING"


async def test_a_username_that_is_not_the_tokens_answers_401(sqlite_api: Api) -> None:
    token = await sqlite_api.login()
    reply = await sqlite_api.client.get(
        "/api/v1/alert/", params={"token": token, "username": "someone-else"}
    )
    assert envelope_error(reply, 401) == "USERNAME_MISMATCH"
    reply = await sqlite_api.client.get(
        "/api/v1/alert/", params={"token": token, "username": ADMIN[0]}
    )
    assert reply.status_code == 200


async def test_a_bearer_header_works_like_the_token_field(sqlite_api: Api) -> None:
    token = await sqlite_api.login()
    reply = await sqlite_api.client.get(
        "/api/v1/truck/list/", headers={"Authorization": f"Bearer {token}"}
    )
    assert reply.status_code == 200
    assert reply.json()["data"]["trucks"] == []


@pytest.mark.parametrize("role", ["operator", "viewer"])
async def test_only_admins_register_users(sqlite_api: Api, role: str) -> None:
    token = await sqlite_api.user(role)
    body = {
        "cur_user": {"username": f"{role}-1", "token": token},
        "new_user": {"username": "mallory", "password": "mallory-pass", "role": "admin"},
    }
    reply = await sqlite_api.client.post("/api/v1/user/register/", json=body)
    assert envelope_error(reply, 403) == "ROLE_NOT_ALLOWED"
    login = await sqlite_api.client.post(
        "/api/v1/login/", json={"username": "mallory", "password": "mallory-pass"}
    )
    assert envelope_error(login, 401) == "BAD_CREDENTIALS"


async def test_viewers_read_but_cannot_change_their_account(sqlite_api: Api) -> None:
    token = await sqlite_api.user("viewer", "vera")
    assert (
        await sqlite_api.client.get("/api/v1/alert/", params={"token": token})
    ).status_code == 200
    body = {"token": token, "new_user": {"password": "new-password-1"}}
    reply = await sqlite_api.client.put("/api/v1/user/register/", json=body)
    assert envelope_error(reply, 403) == "ROLE_NOT_ALLOWED"


async def test_an_operator_cannot_raise_its_own_role(sqlite_api: Api) -> None:
    token = await sqlite_api.user("operator", "otto")
    body = {"token": token, "new_user": {"role": "admin"}}
    reply = await sqlite_api.client.put("/api/v1/user/register/", json=body)
    assert envelope_error(reply, 403) == "ROLE_NOT_ALLOWED"


async def test_an_admin_changes_another_users_role(sqlite_api: Api) -> None:
    viewer = await sqlite_api.user("viewer", "vera")
    admin = await sqlite_api.login()
    body = {"token": admin, "new_user": {"username": "vera", "role": "admin"}}
    reply = await sqlite_api.client.put("/api/v1/user/register/", json=body)
    assert reply.status_code == 200
    promoted = {"token": viewer, "new_user": {"username": "neo", "password": "neo-password"}}
    reply = await sqlite_api.client.post("/api/v1/user/register/", json=promoted)
    assert reply.status_code == 200, reply.text


async def test_a_device_acts_only_on_its_own_truck(sqlite_api: Api) -> None:
    mine = await sqlite_api.jetson("aa:aa:aa:aa:aa:01", "Truck-A")
    other = await sqlite_api.jetson("aa:aa:aa:aa:aa:02", "Truck-B")
    other_alert = await sqlite_api.open_alert(other)
    c = sqlite_api.client
    attempts = [
        c.post(
            "/api/v1/alert/",
            json={
                "token": mine["token"],
                "truck_id": other["truck_id"],
                "alert_init": T0,
                "behavior": "Safe",
            },
        ),
        c.put(
            "/api/v1/alert/",
            json={"token": mine["token"], "alert_id": other_alert, "alert_end": T0},
        ),
        sqlite_api.frame(mine, other_alert, jpeg()),
        c.post(
            "/api/v1/safe/",
            json={
                "token": mine["token"],
                "truck_id": other["truck_id"],
                "frame_timestamp": T0,
                "frame": str(b64encode(jpeg())),
            },
        ),
    ]
    for attempt in attempts:
        assert envelope_error(await attempt, 403) == "OTHER_TRUCK"
    assert await sqlite_api.frames(await sqlite_api.login(), other_alert) == []


async def test_user_and_device_tokens_are_not_interchangeable(sqlite_api: Api) -> None:
    device = await sqlite_api.jetson()
    user = await sqlite_api.login()
    as_device = dict(device, token=user)
    body = {"token": user, "truck_id": device["truck_id"], "alert_init": T0, "behavior": "Safe"}
    reply = await sqlite_api.client.post("/api/v1/alert/", json=body)
    assert envelope_error(reply, 403) == "DEVICE_TOKEN_REQUIRED"
    alert_id = await sqlite_api.open_alert(device)
    assert (
        envelope_error(await sqlite_api.frame(as_device, alert_id, jpeg()), 403)
        == "DEVICE_TOKEN_REQUIRED"
    )
    for path, params in [
        ("/api/v1/alert/", {}),
        ("/api/v1/log/", {"alert_id": alert_id}),
        ("/api/v1/truck/laststatus/", {"truck_id": device["truck_id"]}),
        ("/api/v1/truck/list/", {}),
    ]:
        reply = await sqlite_api.client.get(path, params={"token": device["token"], **params})
        assert envelope_error(reply, 403) == "USER_TOKEN_REQUIRED", path
    body = {"token": device["token"], "new_user": {"username": "x", "password": "x-password"}}
    reply = await sqlite_api.client.post("/api/v1/user/register/", json=body)
    assert envelope_error(reply, 403) == "USER_TOKEN_REQUIRED"


async def test_a_known_mac_with_the_right_password_keeps_its_truck(sqlite_api: Api) -> None:
    first = await sqlite_api.jetson()
    again = await sqlite_api.jetson()
    assert again["truck_id"] == first["truck_id"] and again["id"] == first["id"]
    assert again["token"] != first["token"]
    body = {"mac": "DC:71:96:53:16:0A", "password": "wrong-one", "name": "Truck-1"}
    reply = await sqlite_api.client.post("/api/v1/jetson/register/", json=body)
    assert envelope_error(reply, 401) == "BAD_CREDENTIALS"


async def test_a_wrong_password_or_unknown_user_cannot_log_in(sqlite_api: Api) -> None:
    for username, password in [(ADMIN[0], "wrong-password"), ("nobody", ADMIN[1])]:
        reply = await sqlite_api.client.post(
            "/api/v1/login/", json={"username": username, "password": password}
        )
        assert envelope_error(reply, 401) == "BAD_CREDENTIALS"


async def test_without_a_configured_secret_one_is_kept_private_across_restarts(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    async with fleet_gateway(tmp_path, sqlite_db, jwt_secret="") as (url, _):
        async with httpx.AsyncClient(base_url=url) as client:
            token = await Api(client).login()
    key = tmp_path / "fleet-jwt.key"
    assert key.stat().st_mode & 0o777 == 0o600
    async with fleet_gateway(tmp_path, sqlite_db, jwt_secret="") as (url, _):
        async with httpx.AsyncClient(base_url=url) as client:
            reply = await client.get("/api/v1/alert/", params={"token": token})
    assert reply.status_code == 200


async def test_no_password_or_token_reaches_the_logs(
    sqlite_api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = await sqlite_api.user("operator", "otto", "otto-secret-pw")
    device = await sqlite_api.jetson()
    await sqlite_api.client.post(
        "/api/v1/login/", json={"username": "otto", "password": "wrong-pw-1"}
    )
    await sqlite_api.client.get("/api/v1/alert/", params={"token": token + "x"})
    # The test client's own logs and uvicorn's access log (off in `argus serve`) are not ours.
    ours = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore", "uvicorn"))]
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in ours)
    assert ours
    for secret in ("otto-secret-pw", "wrong-pw-1", "pass123", token, device["token"], ADMIN[1]):
        assert secret not in logged
