"""Steam Web API: profiles (GetPlayerSummaries) and bans (GetPlayerBans), batched."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger("argus.mac.steam")
# httpx logs every request URL at INFO, and Steam wants the API key in the query string.
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).setLevel(logging.WARNING)

BATCH = 100
# After a failed request, snapshots go on without Steam for this long rather than each wait.
BACKOFF_SECONDS = 30.0
_VISIBILITY = {1: "Private", 2: "Friends Only", 3: "Public"}
# What a Steam API that is down or answers nonsense raises.
_FAILURES = (httpx.HTTPError, ValueError, TypeError, AttributeError)


@dataclass
class SteamInfo:
    name: str = ""
    profile_url: str = ""
    pfp: str = ""
    pfp_hash: str = ""
    profile_visibility: str = ""
    time_created: int = 0
    country_code: str = ""
    vac_bans: int = 0
    game_bans: int = 0
    days_since_last_ban: int | None = None
    fetched: int = 0


def profile_url(steam_id64: str) -> str:
    return f"https://steamcommunity.com/profiles/{steam_id64}/"


def from_lobby(steam_id64: str, name: str) -> SteamInfo:
    """What is known without the Steam API: the in-game name and the profile address."""
    return SteamInfo(name=name, profile_url=profile_url(steam_id64))


def _summary(info: SteamInfo, summary: dict[str, Any]) -> None:
    info.name = str(summary.get("personaname", ""))
    info.profile_url = str(summary.get("profileurl", "")) or info.profile_url
    info.pfp = str(summary.get("avatarfull", ""))
    info.pfp_hash = str(summary.get("avatarhash", ""))
    info.profile_visibility = _VISIBILITY.get(summary.get("communityvisibilitystate", 0), "")
    info.time_created = int(summary.get("timecreated", 0) or 0)
    info.country_code = str(summary.get("loccountrycode", ""))


def _bans(info: SteamInfo, bans: dict[str, Any]) -> None:
    info.vac_bans = int(bans.get("NumberOfVACBans", 0) or 0)
    info.game_bans = int(bans.get("NumberOfGameBans", 0) or 0)
    if info.vac_bans or info.game_bans:
        info.days_since_last_ban = int(bans.get("DaysSinceLastBan", 0) or 0)


class SteamClient:
    """Fetches profiles and bans; the players database caches them (mac/steam_cache.py)."""

    def __init__(self, *, api_key: str, base_url: str, timeout: float):
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        # A per-replica throttle after a failure, not state: losing it costs one request.
        self.retry_at = 0.0
        self.inflight: dict[str, asyncio.Future[dict[str, SteamInfo]]] = {}
        self.http = httpx.AsyncClient(timeout=timeout)

    async def close(self) -> None:
        await self.http.aclose()

    async def fetch(self, ids: Iterable[str], api_key: str = "") -> dict[str, SteamInfo]:
        """Fetch `ids` 100 per request, every request at once; the client's `api_key` if the
        deployment has none. Ids another call is fetching are waited for, not fetched twice.
        A failed request leaves its ids out."""
        key = self.api_key or api_key
        if not key or time.time() < self.retry_at:
            return {}
        wanted = list(dict.fromkeys(ids))
        others = {self.inflight[sid] for sid in wanted if sid in self.inflight}
        mine = [sid for sid in wanted if sid not in self.inflight]
        done: asyncio.Future[dict[str, SteamInfo]] = asyncio.get_running_loop().create_future()
        for sid in mine:
            self.inflight[sid] = done
        fetched: dict[str, SteamInfo] = {}
        try:
            fetched = await self._fetch_all(mine, key)
        finally:
            for sid in mine:
                self.inflight.pop(sid, None)
            done.set_result(fetched)
        if others:
            await asyncio.wait(others)  # never cancels the other call's fetch
        theirs = {sid: info for other in others for sid, info in other.result().items()}
        return {**{sid: theirs[sid] for sid in wanted if sid in theirs}, **fetched}

    async def _fetch_all(self, ids: list[str], key: str) -> dict[str, SteamInfo]:
        """Every batch at once, so a lookup waits about one Steam round trip, not one a batch."""
        batches = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
        results = await asyncio.gather(
            *(self._fetch(batch, key) for batch in batches), return_exceptions=True
        )
        fetched: dict[str, SteamInfo] = {}
        for result in results:
            if isinstance(result, _FAILURES):
                log.warning("steam api request failed: %s", type(result).__name__)
                self.retry_at = time.time() + BACKOFF_SECONDS
            elif isinstance(result, BaseException):
                raise result
            else:
                fetched.update(result)
        return fetched

    async def _fetch(self, batch: list[str], key: str) -> dict[str, SteamInfo]:
        params = {"steamids": ",".join(batch), "key": key}
        summaries, bans = await asyncio.gather(
            self._get("ISteamUser/GetPlayerSummaries/v0002/", params),
            self._get("ISteamUser/GetPlayerBans/v1/", params),
        )
        fetched = int(time.time())
        infos = {sid: SteamInfo(profile_url=profile_url(sid), fetched=fetched) for sid in batch}
        for summary in summaries.get("response", {}).get("players", []):
            if summary.get("steamid") in infos:
                _summary(infos[summary["steamid"]], summary)
        for ban in bans.get("players", []):
            if ban.get("SteamId") in infos:
                _bans(infos[ban["SteamId"]], ban)
        return infos

    async def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        response = await self.http.get(f"{self.base_url}/{path}", params=params)
        response.raise_for_status()
        body = response.json()
        if not isinstance(body, dict):
            raise ValueError("unexpected Steam API answer")
        return body
