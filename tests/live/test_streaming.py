"""StreamFrames: acknowledged after commit, idempotent on (device, sequence), own truck only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import grpc

from argus.fleet.v1 import fleet_pb2
from services.fleet.agent.sources import read_images, image_files
from services.fleet.convert import timestamp
from tests.live.conftest import (
    Fleet,
    admin_token,
    agent,
    auth,
    image_folder,
    jpeg,
    register,
    stored_sequences,
)

NOW = datetime(2026, 1, 2, 3, 4, 5)


async def test_the_agent_streams_a_folder_as_one_alert_and_a_user_lists_its_frames(
    fleet: Fleet, tmp_path: Path
) -> None:
    folder = image_folder(tmp_path / "images", 12)
    device, out = agent(fleet.target, "aa:bb:cc:00:00:01", tmp_path)
    await device.stream(read_images(image_files(folder)), behavior="Unsafe")
    await device.close()

    assert device.stats.acked == 12 and device.stats.rejected == 0
    assert device.spool.count() == 0
    token = await admin_token(fleet.stub)
    alerts = await fleet.stub.ListAlerts(fleet_pb2.ListAlertsRequest(), metadata=auth(token))
    [alert] = alerts.alerts
    assert alert.behavior == "Unsafe" and not alert.started
    frames = await fleet.stub.ListFrames(
        fleet_pb2.ListFramesRequest(alert_id=alert.id), metadata=auth(token)
    )
    assert frames.page.total_items == 12
    assert sorted(f.frame_index for f in frames.frames) == [7, 8, 9, 10, 11]
    assert "done: 12 frames acknowledged" in out.getvalue()
