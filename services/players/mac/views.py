"""What MAC answers about a player and a game: lobby, stored record and Steam data combined."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.players.mac.lobby import Departure, Lobby, Member
from services.players.mac.lobby_types import GameInfo, GameMode
from services.players.mac.steam import SteamInfo, from_lobby
from services.players.mac.store import PlayerData
from services.players.reputation.verdicts import effective_verdict


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


@dataclass
class GameView:
    hostname: str
    map: str
    ip: str
    max_players: int
    num_players: int
    gamemode: GameMode
    players: list[PlayerView]


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
    return PlayerView(
        data=data,
        steam=steam_or_lobby(steam, data.steam_id64, data.name),
        name=data.name,
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
