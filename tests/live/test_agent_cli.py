"""`argus-device` as a user runs it: sources, exit codes and messages one can act on."""

from __future__ import annotations

import asyncio
from pathlib import Path

import cv2
import numpy as np
import pytest

from argus.fleet.v1 import fleet_pb2
from services.fleet.agent import cli
from tests.live.conftest import Fleet, admin_token, auth, image_folder, register
from tests.support.servers import free_port


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["stream", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _video(path: Path, frames: int) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25.0, (64, 48))
    for index in range(frames):
        writer.write(np.full((48, 64, 3), index * 10 % 255, dtype=np.uint8))
    writer.release()
    return path


async def _run_async(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    return await asyncio.to_thread(_run, capsys, *args)


async def test_a_video_is_streamed_frame_by_frame_as_safe_frames(
    fleet: Fleet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    video = _video(tmp_path / "drive.avi", 10)
    code, output = await _run_async(
        capsys,
        "--server",
        fleet.target,
        "--mac",
        "aa:00:00:00:00:01",
        "--password",
        "device-pass-1",
        "--video",
        str(video),
        "--fps",
        "0",
        "--spool",
        str(tmp_path / "spool"),
    )
    assert code == 0, output
    assert "done: 10 frames acknowledged" in output
    device = await register(fleet.stub, "aa:00:00:00:00:01")
    token = await admin_token(fleet.stub)
    last = await fleet.stub.GetLastStatus(
        fleet_pb2.GetLastStatusRequest(truck_id=device.truck_id), metadata=auth(token)
    )
    assert last.safe and cv2.imdecode(np.frombuffer(last.image, np.uint8), 1).shape == (48, 64, 3)


async def test_a_wrong_password_exits_3_and_says_so(
    fleet: Fleet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await register(fleet.stub, "aa:00:00:00:00:02")
    images = image_folder(tmp_path / "images", 2)
    code, output = await _run_async(
        capsys,
        "--server",
        fleet.target,
        "--mac",
        "aa:00:00:00:00:02",
        "--password",
        "wrong-password",
        "--images",
        str(images),
        "--spool",
        str(tmp_path / "spool"),
    )
    assert code == 3
    assert "refused mac aa:00:00:00:00:02" in output and "--password" in output


def test_an_unreachable_server_exits_4_and_keeps_the_frames_spooled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    images = image_folder(tmp_path / "images", 3)
    code, output = _run(
        capsys,
        "--server",
        f"127.0.0.1:{free_port()}",
        "--mac",
        "aa:00:00:00:00:03",
        "--password",
        "device-pass-1",
        "--images",
        str(images),
        "--spool",
        str(tmp_path / "spool"),
        "--give-up-after",
        "0.3",
        "--backoff-max",
        "0.1",
    )
    assert code == 4
    assert "no working connection" in output and "sent on the next run" in output


def test_a_folder_without_images_exits_5(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    code, output = _run(
        capsys,
        "--server",
        "127.0.0.1:1",
        "--mac",
        "aa:00:00:00:00:04",
        "--password",
        "device-pass-1",
        "--images",
        str(tmp_path / "empty"),
        "--spool",
        str(tmp_path / "spool"),
    )
    assert code == 5
    assert "no .jpg, .jpeg or .png file" in output


def test_a_missing_password_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ARGUS_DEVICE_PASSWORD", raising=False)
    code, output = _run(
        capsys, "--server", "127.0.0.1:1", "--mac", "aa:00:00:00:00:05", "--images", str(tmp_path)
    )
    assert code == 2 and "--password" in output


async def test_frames_the_server_refuses_exit_6_with_the_reason(
    fleet: Fleet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    images = image_folder(tmp_path / "images", 2)
    (images / "00001.jpg").write_bytes(b"not a jpeg at all")
    code, output = await _run_async(
        capsys,
        "--server",
        fleet.target,
        "--mac",
        "aa:00:00:00:00:06",
        "--password",
        "device-pass-1",
        "--images",
        str(images),
        "--spool",
        str(tmp_path / "spool"),
    )
    assert code == 6
    assert "1 rejected" in output and "INVALID_ARGUMENT" in output
