"""A lobby as the JSON its database row holds, and back."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from services.players.mac.lobby import Lobby, Member
from services.players.mac.lobby_types import GameInfo, GameMode, LobbyPlayer

_GAME_INFO = {f.name for f in fields(GameInfo)}


def _member(member: Member) -> dict[str, Any]:
    player = member.player
    return {
        "id": player.steam_id64,
        "name": player.name,
        "info": asdict(player.game_info),
        "joining": member.joining,
        "missingSince": member.missing_since,
    }


def encode(lobby: Lobby) -> dict[str, Any]:
    return {
        "hostname": lobby.hostname,
        "map": lobby.map,
        "ip": lobby.ip,
        "maxPlayers": lobby.max_players,
        "numPlayers": lobby.num_players,
        "gamemode": asdict(lobby.gamemode),
        "self": lobby.self_steam_id64,
        "members": [_member(member) for member in lobby.members.values()],
    }


def _decode_member(item: dict[str, Any]) -> Member:
    info = GameInfo(**{k: v for k, v in item.get("info", {}).items() if k in _GAME_INFO})
    return Member(
        LobbyPlayer(item["id"], item.get("name", ""), info),
        joining=bool(item.get("joining", False)),
        missing_since=item.get("missingSince"),
    )


def decode(state: dict[str, Any] | None, grace_seconds: float) -> Lobby:
    """The lobby a row holds; an empty lobby for a client without a row."""
    lobby = Lobby(grace_seconds=grace_seconds)
    if not state:
        return lobby
    lobby.hostname, lobby.map, lobby.ip = state["hostname"], state["map"], state["ip"]
    lobby.max_players, lobby.num_players = state["maxPlayers"], state["numPlayers"]
    lobby.gamemode = GameMode(**state.get("gamemode", {}))
    lobby.self_steam_id64 = state.get("self", "")
    for item in state.get("members", []):
        member = _decode_member(item)
        lobby.members[member.player.steam_id64] = member
    return lobby
