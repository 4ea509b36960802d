"""Domain metrics: frames and bytes received by kind, alerts open, refused frames by reason."""

from __future__ import annotations

from base64 import b64encode

from prometheus_client import REGISTRY

from tests.fleet.conftest import T0, Api, jpeg


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_frames_bytes_and_open_alerts_are_counted(sqlite_api: Api) -> None:
    before = {
        "alert": _value("argus_frames_received_total", kind="alert"),
        "safe": _value("argus_frames_received_total", kind="safe"),
        "bytes": _value("argus_frame_bytes_total", kind="alert"),
        "rejected": _value("argus_frames_rejected_total", reason="NOT_AN_IMAGE"),
    }
    device = await sqlite_api.jetson()
    first = await sqlite_api.open_alert(device)
    await sqlite_api.open_alert(device)
    assert _value("argus_alerts_open") == 2
    image = jpeg()
    assert (await sqlite_api.frame(device, first, image)).status_code == 200
    assert (await sqlite_api.frame(device, first, b"not an image")).status_code == 400
    safe = {
        "token": device["token"],
        "truck_id": device["truck_id"],
        "frame_timestamp": T0,
        "frame": str(b64encode(image)),
    }
    assert (await sqlite_api.client.post("/api/v1/safe/", json=safe)).status_code == 200
    close = {"token": device["token"], "alert_id": first, "alert_end": T0}
    assert (await sqlite_api.client.put("/api/v1/alert/", json=close)).status_code == 200

    assert _value("argus_alerts_open") == 1
    assert _value("argus_frames_received_total", kind="alert") - before["alert"] == 1
    assert _value("argus_frames_received_total", kind="safe") - before["safe"] == 1
    assert _value("argus_frame_bytes_total", kind="alert") - before["bytes"] == len(image)
    assert _value("argus_frames_rejected_total", reason="NOT_AN_IMAGE") - before["rejected"] == 1
