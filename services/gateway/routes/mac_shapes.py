"""MAC messages as the JSON the MAC web UI and the v1 spec read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from argus.core.structs import from_struct
from argus.players.v1 import mac_pb2


def iso_time(seconds: int) -> str | None:
    """Epoch seconds as an ISO 8601 date-time in UTC (the UI reads it with `new Date`)."""
    if seconds <= 0:
        return None
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


def steam_info(info: mac_pb2.SteamInfo, steam_id64: str) -> dict[str, Any]:
    return {
        "name": info.name,
        "accountName": info.name,
        "steamID": steam_id64,
        "profileUrl": info.profile_url,
        "pfp": info.pfp,
        "pfpHash": info.pfp_hash,
        "profileVisibility": info.profile_visibility,
        "timeCreated": info.time_created,
        "countryCode": info.country_code,
        "vacBans": info.vac_bans,
        "gameBans": info.game_bans,
        "daysSinceLastBan": info.days_since_last_ban if info.has_days_since_last_ban else None,
        "fetched": iso_time(info.fetched),
    }


def game_info(info: mac_pb2.GameInfo) -> dict[str, Any]:
    return {
        "userid": info.userid,
        "team": info.team,
        "ping": info.ping,
        "loss": info.loss,
        "state": info.state,
        "disconnected": info.state == "Disconnected",
        "kills": info.kills,
        "deaths": info.deaths,
        "alive": info.alive,
        "time": info.time,
        "lastSeen": info.last_seen,
    }


def player(message: mac_pb2.Player, *, in_game: bool = True) -> dict[str, Any]:
    """One player; `in_game` False leaves out gameInfo and adds the record's timestamps."""
    custom_data = from_struct(message.custom_data)
    tags = list(message.tags)
    body: dict[str, Any] = from_struct(message.namespaces)
    body.update(
        {
            "name": message.name,
            "steamID64": message.steam_id64,
            "isSelf": message.is_self,
            "localVerdict": message.local_verdict,
            "verdict": message.local_verdict,
            "convicted": message.convicted,
            "tags": tags,
            "previousNames": list(message.previous_names),
            "friends": list(message.friends),
            "friendsIsPublic": message.friends_is_public,
            "customData": custom_data,
            "steamInfo": steam_info(message.steam_info, message.steam_id64),
            "mac": {"verdict": message.local_verdict, "tags": tags, "customData": custom_data},
        }
    )
    if in_game and message.HasField("game_info"):
        body["gameInfo"] = game_info(message.game_info)
    if not in_game:
        for key, field in (("created", "created"), ("modified", "modified")):
            body[key] = getattr(message, field).ToJsonString() if message.HasField(field) else None
        body["lastSeen"] = (
            message.last_seen.ToJsonString() if message.HasField("last_seen") else None
        )
    return body


def gamemode(message: mac_pb2.GameMode) -> dict[str, Any]:
    """`type` as the spec names it, `game_type` as the web UI reads it."""
    return {
        "type": message.type,
        "game_type": message.type,
        "matchmaking": message.matchmaking,
        "vanilla": message.vanilla,
    }


def game(message: mac_pb2.Game) -> dict[str, Any]:
    return {
        "hostname": message.hostname,
        "map": message.map,
        "ip": message.ip,
        "maxPlayers": message.max_players,
        "numPlayers": message.num_players,
        "gamemode": gamemode(message.gamemode),
        "players": [player(p) for p in message.players],
    }


def snapshot(message: mac_pb2.LobbySnapshot) -> dict[str, Any]:
    """What a status post was understood as."""
    return {
        "hostname": message.hostname,
        "map": message.map,
        "ip": message.ip,
        "maxPlayers": message.max_players,
        "gamemode": gamemode(message.gamemode),
        "players": [
            {"name": p.name, "steamID64": p.steam_id64, "gameInfo": game_info(p.game_info)}
            for p in message.players
        ],
    }
