"""The seed's walkthrough, written as its snippets are (a blocking HTTP client), end to end."""

from __future__ import annotations

import asyncio
from base64 import b64decode, b64encode
from datetime import datetime as dt
from pathlib import Path
from typing import Any

import httpx

from tests.fleet.conftest import ADMIN, fleet_gateway, jpeg
from tests.support.databases import TestDatabase

# The seed's snippets use `requests`; httpx has the same calls.
requests = httpx


def users(base: str) -> tuple[str, str]:
    """Register a user as the admin, then update it: its fresh token and name."""
    r = requests.post(
        url=f"{base}/api/v1/login/", json={"username": ADMIN[0], "password": ADMIN[1]}
    )
    admin_token = r.json()["data"]["token"]

    # Users: register a user to get a new token.
    r = requests.post(
        url=f"{base}/api/v1/user/register/",
        json={
            "cur_user": {"username": ADMIN[0], "token": admin_token},
            "new_user": {
                "username": "cristian",
                "password": "UserPass123",
                "role": "operator",
                "email": "cristian@example.com",
            },
        },
    )
    assert r.status_code == 200
    assert r.json()["code"] == 200 and r.json()["status_code"] == "Success"
    user_token = r.json()["data"]["token"]
    user_id = r.json()["data"]["id"]

    # Update user data (returns a new token).
    username = "cristian"
    r = requests.put(
        url=f"{base}/api/v1/user/register/",
        json={
            "cur_user": {"username": username, "token": user_token},
            "new_user": {"username": username, "password": "UserPass456", "email": "c@example.com"},
        },
    )
    assert r.status_code == 200
    assert r.json()["data"]["id"] == user_id
    user_token = r.json()["data"]["token"]
    return user_token, username


def jetson(base: str, images: Path) -> dict[str, Any]:
    """Register, open an alert, send a frame, close the alert: what the device did."""
    r = requests.post(
        url=f"{base}/api/v1/jetson/register/",
        json={"mac": "dc:71:96:53:16:0a", "password": "pass123", "name": "Truck-name"},
    )
    assert r.status_code == 200
    jetson_token = r.json()["data"]["token"]
    truck_id = r.json()["data"]["truck_id"]

    # Open an alert.
    alert_time = dt.now().strftime("%Y-%m-%d %H:%M:%S")
    r = requests.post(
        url=f"{base}/api/v1/alert/",
        json={
            "token": jetson_token,
            "truck_id": truck_id,
            "alert_init": alert_time,
            "behavior": "Safe",
        },
    )
    assert r.status_code == 201 and r.json()["code"] == 201
    response = r.json()
    alert_id = response["data"]["alert_id"]
    assert response["data"]["id"] == alert_id

    # Send frames, as `str(b64encode(...))`.
    frame_time = dt.now().strftime("%Y-%m-%d %H:%M:%S")
    with open(images / "alert.jpg", "rb") as f:
        frame = str(b64encode(f.read()))
    r = requests.post(
        f"{base}/api/v1/log/",
        json={
            "token": jetson_token,
            "alert_id": alert_id,
            "frame_timestamp": frame_time,
            "frame": frame,
        },
    )
    assert r.status_code == 200
    frame_id = r.json()["data"]["id"]

    # Close the alert.
    r = requests.put(
        f"{base}/api/v1/alert/",
        json={"token": jetson_token, "alert_id": alert_id, "alert_end": frame_time},
    )
    assert r.status_code == 200 and r.json()["data"]["id"] == alert_id
    return {
        "jetson_token": jetson_token,
        "truck_id": truck_id,
        "alert_id": alert_id,
        "frame_id": frame_id,
        "alert_time": alert_time,
        "frame_time": frame_time,
    }


def read_alerts(
    base: str, user_token: str, username: str, sent: dict[str, Any], images: Path
) -> None:
    """The user reads the alert and its frame back."""
    truck_id, alert_id, frame_id = sent["truck_id"], sent["alert_id"], sent["frame_id"]
    alert_time, frame_time = sent["alert_time"], sent["frame_time"]
    page = 1
    r = requests.get(f"{base}/api/v1/alert/?token={user_token}&username={username}&page={page}")
    assert r.status_code == 200
    data = r.json()["data"]
    assert (data["totalItems"], data["totalPages"], data["perPage"]) == (1, 1, 20)
    alert = r.json()["data"]["alerts"][0]
    assert alert["id"] == alert_id and alert["truck_id"] == truck_id
    assert alert["behavior"] == "Safe" and alert["started"] is False
    assert alert["alert_init"] == alert_time.replace(" ", "T")
    assert alert["alert_end"] == frame_time.replace(" ", "T")

    # Frames of the alert; the image comes back as it was sent.
    r = requests.get(
        f"{base}/api/v1/log/?token={user_token}&username={username}&page={page}&alert_id={alert_id}"
    )
    assert r.status_code == 200
    frames = r.json()["data"]["frames"]
    assert [(f["id"], f["alert_id"], f["frame_index"]) for f in frames] == [(frame_id, alert_id, 0)]
    frame_img = r.json()["data"]["frames"][0]["frame_image"]
    with open(images / "image.jpg", "wb") as fp:
        fp.write(b64decode(frame_img))
    assert (images / "image.jpg").read_bytes() == (images / "alert.jpg").read_bytes()


def safe_status(
    base: str, user_token: str, username: str, sent: dict[str, Any], images: Path
) -> None:
    """A safe frame becomes the truck's last status; the truck lists its last alert."""
    jetson_token, truck_id, alert_id = sent["jetson_token"], sent["truck_id"], sent["alert_id"]
    frame_time = dt.now().strftime("%Y-%m-%d %H:%M:%S")
    with open(images / "safe.jpg", "rb") as f:
        frame = str(b64encode(f.read()))
    r = requests.post(
        f"{base}/api/v1/safe/",
        json={
            "token": jetson_token,
            "truck_id": truck_id,
            "frame_timestamp": frame_time,
            "frame": frame,
        },
    )
    assert r.status_code == 200
    safeframe_id = r.json()["data"]["safeframe_id"]

    # The last frame of the truck: the safe frame, newest.
    r = requests.get(
        f"{base}/api/v1/truck/laststatus/?token={user_token}&username={username}&truck_id={truck_id}"
    )
    assert r.status_code == 200
    last = r.json()["data"]["frame"]
    assert (last["id"], last["truck_id"], last["frame_index"]) == (safeframe_id, truck_id, 0)
    assert last["frame_timestamp"] == frame_time.replace(" ", "T")
    assert b64decode(last["frame_image"]) == (images / "safe.jpg").read_bytes()

    # The trucks, each with its last alert.
    r = requests.get(f"{base}/api/v1/truck/list/?token={user_token}&username={username}")
    assert r.status_code == 200
    trucks = r.json()["data"]["trucks"]
    assert [(t["id"], t["name"], t["last_alert"]["id"]) for t in trucks] == [
        (truck_id, "Truck-name", alert_id)
    ]


def walkthrough(base: str, images: Path) -> None:
    """The seed's snippets in order, placeholders filled in."""
    user_token, username = users(base)
    sent = jetson(base, images)
    read_alerts(base, user_token, username, sent, images)
    safe_status(base, user_token, username, sent, images)


async def test_the_seed_walkthrough_runs_as_written(db: TestDatabase, tmp_path: Path) -> None:
    images = tmp_path / "images"
    images.mkdir()
    (images / "alert.jpg").write_bytes(jpeg(320, 240, seed=1))
    (images / "safe.jpg").write_bytes(jpeg(320, 240, seed=2))
    async with fleet_gateway(tmp_path, db) as (url, _):
        await asyncio.to_thread(walkthrough, url, images)
