"""A SA-MP filterscript written to the 2009 document, played over plain HTTP/1.0 sockets.

SA-MP's `HTTP()` native takes a URL without scheme (`host/path`), sends a bare HTTP/1.0 GET
and hands the script the response code and body. `SampFilterscript` mirrors such a script:
open a session on init, add each player on connect, remove it on disconnect, poll
get_incidents and kick whoever is listed, ping to keep the session, destroy it on exit."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from argus.players.v1 import fairplay_pb2 as pb
from tests.fairplay.conftest import FairPlayStack


async def samp_http_get(url: str) -> tuple[int, str]:
    """What SA-MP's HTTP(index, HTTP_GET, url, "", callback) does: one HTTP/1.0 request."""
    parts = urlsplit(f"//{url}")
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
    request = (
        f"GET {parts.path} HTTP/1.0\r\nAccept: */*\r\nUser-Agent: SAMP/0.3\r\n"
        f"Host: {parts.netloc}\r\n\r\n"
    )
    writer.write(request.encode())
    await writer.drain()
    raw = await reader.read()
    writer.close()
    await writer.wait_closed()
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, body.decode()


@dataclass
class SampFilterscript:
    """The script's state and callbacks; `kicked` records Kick(playerid) calls."""

    host: str
    token: str = ""
    uses_fairplay: dict[int, bool] = field(default_factory=dict)
    kicked: list[int] = field(default_factory=list)

    async def query(self, path: str) -> str:
        status, body = await samp_http_get(f"{self.host}{path}")
        assert status == 200, (path, status)
        assert not body.startswith("-"), (path, body)  # the script treats -1..-4 as failures
        return body

    async def on_filterscript_init(self) -> None:
        assert await self.query("/is_alive/") == "1"
        self.token = await self.query("/create_session/gtasa-samp/")

    async def on_player_connect(self, playerid: int, ip: str) -> None:
        self.uses_fairplay[playerid] = (
            await self.query(f"/add_user/{self.token}/{playerid}/{ip}/") == "1"
        )

    async def on_player_disconnect(self, playerid: int) -> None:
        assert await self.query(f"/delete_user/{self.token}/{playerid}/") == "1"
        self.uses_fairplay.pop(playerid)

    async def check_incidents_timer(self) -> None:
        body = await self.query(f"/get_incidents/{self.token}/")
        for playerid in (int(item) for item in body.split(",") if item):
            self.kicked.append(playerid)
            await self.on_player_disconnect(playerid)

    async def keep_alive_timer(self) -> None:
        assert await self.query(f"/ping/{self.token}/") == "1"

    async def on_filterscript_exit(self) -> None:
        assert await self.query(f"/destroy_session/{self.token}/") == "1"


async def test_a_samp_filterscript_sees_and_kicks_the_players_with_incidents(
    stack: FairPlayStack,
) -> None:
    script = SampFilterscript(host=stack.url.removeprefix("http://"))
    await script.on_filterscript_init()
    await stack.register("pc-of-honest", "192.168.1.10")
    await stack.register("pc-of-cheater", "192.168.1.12")

    await script.on_player_connect(0, "192.168.1.10")
    await script.on_player_connect(1, "192.168.1.11")
    await script.on_player_connect(2, "192.168.1.12")
    assert script.uses_fairplay == {0: True, 1: False, 2: True}

    await script.check_incidents_timer()
    assert script.kicked == []

    await stack.stub.ReportIncident(
        pb.ReportIncidentRequest(client_id="pc-of-cheater", kind="aimbot", detail="silent aim")
    )
    await script.keep_alive_timer()
    await script.check_incidents_timer()
    assert script.kicked == [2]
    assert sorted(script.uses_fairplay) == [0, 1]

    await script.on_player_disconnect(1)
    await script.on_player_connect(2, "192.168.1.13")
    await script.check_incidents_timer()
    assert script.kicked == [2]

    await script.on_filterscript_exit()
    status, body = await samp_http_get(f"{script.host}/get_incidents/{script.token}/")
    assert (status, body) == (200, "-4")
