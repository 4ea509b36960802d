"""A Steam Web API stand-in on loopback, answering in Steam's documented shape."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web

from tests.support.servers import free_port


@dataclass
class FakeSteam:
    url: str = ""
    requests: list[tuple[str, list[str]]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    # Hold each request until this many are open at once (or a few seconds pass).
    hold_until: int = 0
    open_requests: int = 0
    most_open: int = 0
    released: asyncio.Event = field(default_factory=asyncio.Event)

    async def hold(self) -> None:
        self.open_requests += 1
        self.most_open = max(self.most_open, self.open_requests)
        if self.open_requests >= self.hold_until:
            self.released.set()
        if self.hold_until:
            try:
                await asyncio.wait_for(self.released.wait(), timeout=5)
            except TimeoutError:
                pass  # the test's assertion on most_open tells what happened
        self.open_requests -= 1

    def summaries(self, ids: list[str]) -> dict:
        players = [
            {
                "steamid": sid,
                "communityvisibilitystate": 3 if int(sid) % 2 else 1,
                "profilestate": 1,
                "personaname": f"steam-{sid[-4:]}",
                "profileurl": f"https://steamcommunity.com/id/p{sid[-4:]}/",
                "avatar": "https://avatars.example/a.jpg",
                "avatarmedium": "https://avatars.example/a_medium.jpg",
                "avatarfull": f"https://avatars.example/{sid}_full.jpg",
                "avatarhash": f"hash{sid[-4:]}",
                "timecreated": 1262304000,
                "loccountrycode": "DE",
            }
            for sid in ids
        ]
        return {"response": {"players": players}}

    def bans(self, ids: list[str]) -> dict:
        return {
            "players": [
                {
                    "SteamId": sid,
                    "CommunityBanned": False,
                    "VACBanned": sid.endswith("3"),
                    "NumberOfVACBans": 1 if sid.endswith("3") else 0,
                    "DaysSinceLastBan": 42 if sid.endswith("3") else 0,
                    "NumberOfGameBans": 0,
                    "EconomyBan": "none",
                }
                for sid in ids
            ]
        }


@asynccontextmanager
async def fake_steam() -> AsyncIterator[FakeSteam]:
    steam = FakeSteam()

    async def handle(request: web.Request) -> web.Response:
        ids = request.query.get("steamids", "").split(",")
        steam.keys.add(request.query.get("key", ""))
        steam.requests.append((request.path, ids))
        await steam.hold()
        if request.path.endswith("GetPlayerSummaries/v0002/"):
            return web.json_response(steam.summaries(ids))
        return web.json_response(steam.bans(ids))

    app = web.Application()
    app.router.add_get("/ISteamUser/GetPlayerSummaries/v0002/", handle)
    app.router.add_get("/ISteamUser/GetPlayerBans/v1/", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    steam.url = f"http://127.0.0.1:{port}"
    try:
        yield steam
    finally:
        await runner.cleanup()
