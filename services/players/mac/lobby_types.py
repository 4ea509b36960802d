"""Value types of a MAC lobby: server info, players in game, and a snapshot of both."""

from __future__ import annotations

from dataclasses import dataclass, field

TEAM_UNASSIGNED, TEAM_SPECTATOR, TEAM_RED, TEAM_BLU = 0, 1, 2, 3
STATES = ("Active", "Spawning", "Disconnected")


@dataclass
class GameMode:
    type: str = ""
    matchmaking: bool = False
    vanilla: bool = False


@dataclass
class GameInfo:
    userid: str = ""
    team: int = TEAM_UNASSIGNED
    ping: int = 0
    loss: int = 0
    state: str = "Active"
    kills: int = 0
    deaths: int = 0
    time: int = 0
    last_seen: int = 0
    # Known from g15_dumpplayer only; status output does not tell.
    alive: bool = False


@dataclass
class LobbyPlayer:
    steam_id64: str
    name: str
    game_info: GameInfo = field(default_factory=GameInfo)
    is_self: bool = False


@dataclass
class Snapshot:
    hostname: str = ""
    map: str = ""
    ip: str = ""
    max_players: int = 0
    gamemode: GameMode = field(default_factory=GameMode)
    players: list[LobbyPlayer] = field(default_factory=list)
    self_steam_id64: str = ""
    # Humans on the server as the game reported it; None: count the players.
    num_players: int | None = None
    # Players alone (a g15_dumpplayer dump): the server's fields come from the lobby.
    players_only: bool = False


STEAM_ID64_BASE = 76561197960265728
_STEAM_ID64_MAX = STEAM_ID64_BASE + 2**32 - 1


def is_steam_id64(value: object) -> bool:
    """A steamID64 of an individual account, as a decimal string."""
    if not isinstance(value, str) or not value.isdigit() or len(value) != 17:
        return False
    return STEAM_ID64_BASE < int(value) <= _STEAM_ID64_MAX
