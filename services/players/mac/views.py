"""What MAC answers about a player and a game: lobby, stored record and Steam data combined."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from services.players.mac.lobby import Departure, Lobby, Member
from services.players.mac.lobby_types import GameInfo, GameMode
from services.players.mac.steam import SteamInfo, from_lobby
from services.players.mac.store import PlayerData
from services.players.reputation.verdicts import PLAYER, effective_verdict


@dataclass
class PlayerView:
    data: PlayerData
    steam: SteamInfo
    name: str
    is_self: bool = False
    game_info: GameInfo | None = None
    lobby_tags: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return effective_verdict(self.data.local_verdict, self.data.convicted)

    @property
    def tags(self) -> list[str]:
        return list(dict.fromkeys([*self.data.tags, *self.lobby_tags]))

    @property
    def previous_names(self) -> list[str]:
        """Names seen before, without the current one (the UI shows any as a tooltip)."""
        return [name for name in self.data.previous_names if name != self.name]


@dataclass
class GameView:
    hostname: str
    map: str
    ip: str
    max_players: int
    num_players: int
    gamemode: GameMode
    players: list[PlayerView]


@dataclass(frozen=True)
class ClientSummary:
    """A client's lobby in brief, for operators."""

    client: str
    game: GameView
    verdicts: dict[str, int]
    updated_at: datetime


def steam_or_lobby(steam: SteamInfo | None, steam_id64: str, name: str) -> SteamInfo:
    return steam if steam is not None else from_lobby(steam_id64, name)


def member_view(
    lobby: Lobby, member: Member, data: PlayerData, steam: SteamInfo | None
) -> PlayerView:
    player = member.player
    return PlayerView(
        data=data,
        steam=steam_or_lobby(steam, player.steam_id64, player.name),
        name=player.name,
        is_self=lobby.is_self(player.steam_id64),
        game_info=player.game_info,
        lobby_tags=member.tags,
    )


def departure_view(departure: Departure, data: PlayerData, steam: SteamInfo | None) -> PlayerView:
    player = departure.player
    return PlayerView(
        data=data,
        steam=steam_or_lobby(steam, player.steam_id64, player.name),
        name=player.name,
        game_info=player.game_info,
    )


def record_view(data: PlayerData, steam: SteamInfo | None, is_self: bool = False) -> PlayerView:
    """A player out of game: named as last seen, else by their Steam profile."""
    return PlayerView(
        data=data,
        steam=steam_or_lobby(steam, data.steam_id64, data.name),
        name=data.name or (steam.name if steam is not None else ""),
        is_self=is_self,
    )


def game_view(lobby: Lobby, players: list[PlayerView]) -> GameView:
    return GameView(
        hostname=lobby.hostname,
        map=lobby.map,
        ip=lobby.ip,
        max_players=lobby.max_players,
        num_players=lobby.present_count(),
        gamemode=lobby.gamemode,
        players=players,
    )


def _is_empty(value: Any) -> bool:
    """Nothing a user wrote: null, "", or lists and objects holding only such values."""
    if isinstance(value, dict):
        return all(_is_empty(item) for item in value.values())
    if isinstance(value, list):
        return all(_is_empty(item) for item in value)
    return value is None or value == ""


def annotated(data: PlayerData) -> bool:
    """Whether the user marked the player (a verdict, tags) or wrote about them (alias, note...)."""
    return (
        data.local_verdict != PLAYER
        or data.convicted
        or bool(data.tags)
        or not _is_empty(data.custom_data)
        or not _is_empty(data.namespaces)
    )
