"""Stopping the platform while browsers watch: every feed ends cleanly and nothing logs an
error, a traceback or a token."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
from pathlib import Path

import httpx
import socketio
import websockets

from tests.support.up import platform_env, start_up, wait_healthy


def _admin_token(url: str, data_dir: Path) -> str:
    lines = (data_dir / "credentials.env").read_text().splitlines()
    kept = dict(line.split("=", 1) for line in lines if "=" in line)
    body = {"username": "admin", "password": kept["ARGUS_FLEET_ADMIN_PASSWORD"]}
    reply = httpx.post(f"{url}/api/v1/login/", json=body)
    return str(reply.json()["data"]["token"])


async def _watch_then_stop(url: str, token: str, up: subprocess.Popen[str]) -> dict[str, object]:
    """Open an SSE stream, a WebSocket and a Socket.IO client; stop `up`; how each ended."""
    ended: dict[str, object] = {}
    async with httpx.AsyncClient(timeout=30) as http:
        async with http.stream("GET", f"{url}/api/v1/live/alerts/sse?token={token}") as sse:
            lines = sse.aiter_lines()
            assert await anext(lines) == "retry: 1000"
            assert await anext(lines) == ": watching"
            ws_url = url.replace("http", "ws") + f"/api/v1/live/alerts/ws?token={token}"
            async with websockets.connect(ws_url) as ws:
                sio = socketio.AsyncClient(reconnection=False)
                await sio.connect(url, namespaces=["/alert"], transports=["websocket"])
                ack = await sio.call("get_alert", {"token": token}, namespace="/alert")
                assert ack["code"] == 200
                up.send_signal(signal.SIGTERM)
                ended["sse"] = [line async for line in lines]  # ends without an error
                try:
                    await asyncio.wait_for(ws.recv(), 10)
                except websockets.ConnectionClosed as closed:
                    ended["websocket"] = closed.rcvd.code if closed.rcvd else None
                await asyncio.wait_for(sio.wait(), 10)
                ended["socketio"] = "disconnected"
                await sio.disconnect()  # frees the client's HTTP session
    return ended


def test_stopping_the_gateway_ends_sse_websocket_and_socketio_feeds_cleanly(
    tmp_path: Path,
) -> None:
    env = platform_env(tmp_path / "data")
    up = start_up(env, tmp_path, stdout=subprocess.DEVNULL)
    try:
        wait_healthy(env["ARGUS_GATEWAY_PORT"])
        url = f"http://127.0.0.1:{env['ARGUS_GATEWAY_PORT']}"
        token = _admin_token(url, tmp_path / "data")
        ended = asyncio.run(_watch_then_stop(url, token, up))
        _, logs = up.communicate(timeout=30)
    finally:
        if up.poll() is None:
            up.kill()
            up.communicate()
    assert up.returncode == 0
    assert ended == {"sse": [""], "websocket": 1012, "socketio": "disconnected"}
    gateway = [json.loads(line) for line in logs.splitlines() if '"service": "gateway"' in line]
    assert [entry["msg"] for entry in gateway if entry["level"] in ("error", "critical")] == []
    assert "Traceback" not in logs
    assert token not in logs  # the WebSocket's query is not logged
