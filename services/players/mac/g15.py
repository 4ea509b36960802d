"""Parse the output of TF2's `g15_dumpplayer`: teams, scores, deaths, alive and ping by slot."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.players.mac.lobby_types import (
    STEAM_ID64_BASE,
    TEAM_BLU,
    GameInfo,
    LobbyPlayer,
    Snapshot,
)

# `m_iScore[4] integer (7)`, `m_szName[1] string (Lust)`, `m_bAlive[0] bool (false)`;
# the dump's other properties (`m_iFOV integer (0)`, vectors...) have the same shape.
_PROPERTY = re.compile(
    r"^(?P<name>[A-Za-z_][\w.]*)(?:\[(?P<slot>\d{1,3})\])?\s+"
    r"(?P<type>integer|float|bool|string|vector)\s+\((?P<value>.*)\)$"
)
_HEADERS = {"g15_dumpplayer", "(localplayer)", "(playerresource)"}
# Slots 0..101: servers hold at most 100 players.
MAX_SLOT = 101
_INTEGERS = {
    "m_iPing": "ping",
    "m_iScore": "score",
    "m_iDeaths": "deaths",
    "m_iTeam": "team",
    "m_iAccountID": "account",
    "m_iUserID": "userid",
}
_BOOLS = {"m_bAlive": "alive", "m_bValid": "valid", "m_bConnected": "connected"}
_READ = {"m_szName", *_INTEGERS, *_BOOLS}
# Largest value believed: teams 0-3, account numbers 32 bits, the rest fit the API's int32.
_INT32_MAX = 2**31 - 1
_LIMITS = {"m_iTeam": TEAM_BLU, "m_iAccountID": 2**32 - 1}
_BARE = re.compile(r"^m_[\w.]+$")


@dataclass
class G15Player:
    """What the player resource says about one slot; None where it said nothing."""

    name: str | None = None
    ping: int | None = None
    score: int | None = None
    deaths: int | None = None
    team: int | None = None
    account: int | None = None
    userid: int | None = None
    alive: bool | None = None
    valid: bool | None = None
    connected: bool | None = None

    @property
    def steam_id64(self) -> str:
        return str(STEAM_ID64_BASE + self.account) if self.account else ""


@dataclass
class G15Dump:
    slots: dict[int, G15Player] = field(default_factory=dict)
    lines: int = 0

    def players(self) -> list[G15Player]:
        """Valid slots of real players (a user id and an account), in slot order."""
        return [
            player
            for _, player in sorted(self.slots.items())
            if player.valid and player.userid and player.steam_id64
        ]


def parse_line(line: str, dump: G15Dump) -> bool:
    """Read one line of the dump into `dump`; False when it is not a line of the dump."""
    match = _PROPERTY.match(line)
    if match is None:
        # The dump also holds headers and properties printed without a value.
        known = line in _HEADERS or _BARE.match(line) is not None
        dump.lines += known
        return known
    dump.lines += 1
    name, slot = match["name"], match["slot"]
    if name not in _READ:
        return True  # the local player's own properties: nothing the lobby shows
    if slot is None or int(slot) > MAX_SLOT:
        return False
    return _store(dump.slots.setdefault(int(slot), G15Player()), match)


def _store(player: G15Player, match: re.Match[str]) -> bool:
    name, value = match["name"], match["value"]
    if name == "m_szName":
        player.name = value
    elif name in _INTEGERS:
        if not (value.isascii() and value.isdigit()) or len(value) > 10:
            return False
        number = int(value)
        if number > _LIMITS.get(name, _INT32_MAX):
            return False
        setattr(player, _INTEGERS[name], number)
    elif name in _BOOLS:
        if value not in ("true", "false"):
            return False
        setattr(player, _BOOLS[name], value == "true")
    return True


def _fill(info: GameInfo, player: G15Player) -> None:
    """What the dump knows overrides what `status` said (it is the newer of the two)."""
    for target, value in (
        ("team", player.team),
        ("ping", player.ping),
        ("kills", player.score),
        ("deaths", player.deaths),
        ("alive", player.alive),
    ):
        if value is not None:
            setattr(info, target, value)


def apply_dump(snapshot: Snapshot, dump: G15Dump) -> None:
    """Fill the snapshot's players from the dump; players only the dump lists are added."""
    by_id = {player.steam_id64: player for player in snapshot.players}
    for g15 in dump.players():
        known = by_id.get(g15.steam_id64)
        if known is None:
            known = LobbyPlayer(g15.steam_id64, g15.name or "", GameInfo(userid=str(g15.userid)))
            snapshot.players.append(known)
            by_id[g15.steam_id64] = known
        _fill(known.game_info, g15)
