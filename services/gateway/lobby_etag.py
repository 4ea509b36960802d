"""GET /mac/game/v1 with an ETag: `304 Not Modified` while the lobby is unchanged.

The gateway keeps the last body it rendered for each caller (token and address) and asks the
players service whether that body's ETag is still current; the players service checks it
against the database, so the answer is right whichever replica answers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from fastapi import Request, Response

from argus.core.lru import LruCache
from argus.players.v1 import mac_pb2
from services.gateway.backends import Backends


def _caller(metadata: tuple[tuple[str, str], ...]) -> str:
    return hashlib.sha256(repr(metadata).encode()).hexdigest()


def _matches(header: str, etag: str) -> bool:
    """Whether an If-None-Match header names `etag` (weak or strong, or `*`)."""
    for candidate in header.split(","):
        candidate = candidate.strip().removeprefix("W/")
        if candidate == "*" or candidate == etag:
            return True
    return False


def _cache(request: Request, size: int) -> LruCache[str, tuple[str, bytes]]:
    state = request.app.state
    if not hasattr(state, "mac_games"):
        state.mac_games = LruCache(size)
    cache: LruCache[str, tuple[str, bytes]] = state.mac_games
    return cache


async def conditional_game(
    request: Request,
    backends: Backends,
    metadata: tuple[tuple[str, str], ...],
    shape: Callable[[mac_pb2.Game], Any],
) -> Response:
    """The caller's lobby as JSON with its ETag, or 304 when If-None-Match still holds."""
    stub = backends.mac
    cache = _cache(request, backends.settings.gateway_mac_game_cache_entries)
    caller = _caller(metadata)
    held = cache.get(caller)
    asked = request.headers.get("if-none-match", "")
    known = held[0] if held else asked.strip().removeprefix("W/").strip('"')
    game = await stub.GetGame(mac_pb2.GetGameRequest(if_none_match=known), metadata=metadata)
    etag = f'"{game.etag}"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if asked and _matches(asked, etag):
        return Response(status_code=304, headers=headers)
    if game.not_modified and held is not None and held[0] == game.etag:
        return Response(held[1], media_type="application/json", headers=headers)
    if game.not_modified:  # an If-None-Match the HTTP caller spelled unusually: ask in full
        game = await stub.GetGame(mac_pb2.GetGameRequest(), metadata=metadata)
        headers["ETag"] = f'"{game.etag}"'
    body = json.dumps(
        shape(game), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    ).encode()
    cache.put(caller, (game.etag, body))
    return Response(body, media_type="application/json", headers=headers)
