"""The `argus-device` command against a fleet process that is killed and restarted."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

from tests.live.conftest import frame_count, image_folder, stored_sequences
from tests.live.processes import BIN, fleet_process, kill, start_fleet
from tests.support.databases import TestDatabase
from tests.support.servers import free_port

FRAMES = 120


def _agent(port: int, images: Path, spool: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            str(BIN / "argus-device"),
            "stream",
            "--server",
            f"127.0.0.1:{port}",
            "--mac",
            "dc:71:96:53:16:0a",
            "--password",
            "device-pass-1",
            "--images",
            str(images),
            "--alert",
            "Unsafe",
            "--fps",
            "60",
            "--window",
            "16",
            "--spool",
            str(spool),
            "--backoff-max",
            "0.5",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


async def test_killing_the_fleet_mid_stream_loses_and_duplicates_no_frame(
    db: TestDatabase, tmp_path: Path
) -> None:
    images = image_folder(tmp_path / "images", FRAMES)
    port = free_port()
    async with fleet_process(port, db, tmp_path / "data") as fleet:
        device = _agent(port, images, tmp_path / "spool")
        while await frame_count(db) < FRAMES // 4:
            assert device.poll() is None, device.communicate()[0]
            await asyncio.sleep(0.05)
        kill(fleet[0])
        stored_before_restart = await frame_count(db)
        fleet[0] = await start_fleet(port, db, tmp_path / "data")
        output, _ = await asyncio.to_thread(device.communicate, timeout=120)

    assert device.returncode == 0, output
    assert stored_before_restart < FRAMES
    sequences = await stored_sequences(db)
    assert len(sequences) == FRAMES
    assert len(set(sequences)) == FRAMES
    assert "connection lost" in output
    assert "done: " in output and "0 rejected, 0 still spooled" in output
