"""One client's lobby across snapshots: who is joining, who left, who is gone for good."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from services.players.mac.lobby_types import GameMode, LobbyPlayer, Snapshot

JOINING = "Joining"
RECENTLY_DISCONNECTED = "Recently Disconnected"


@dataclass
class Member:
    """A player in the lobby, with what the lifecycle adds to the game's view of them."""

    player: LobbyPlayer
    joining: bool = True
    missing_since: float | None = None

    @property
    def tags(self) -> list[str]:
        if self.missing_since is not None:
            return [RECENTLY_DISCONNECTED]
        return [JOINING] if self.joining else []


@dataclass
class Departure:
    player: LobbyPlayer
    left_at: float


@dataclass
class Lobby:
    """The lobby of one MAC client. Players who stay away past the grace period leave it as
    departures, which the caller keeps in the history."""

    grace_seconds: float
    hostname: str = ""
    map: str = ""
    ip: str = ""
    max_players: int = 0
    num_players: int | None = None
    gamemode: GameMode = field(default_factory=GameMode)
    self_steam_id64: str = ""
    members: dict[str, Member] = field(default_factory=dict)

    def apply(self, snapshot: Snapshot, now: float) -> list[Departure]:
        """Replace the lobby with `snapshot`, keeping the lifecycle of each player."""
        if snapshot.players_only:
            self.complete(snapshot)
        self.hostname, self.map, self.ip = snapshot.hostname, snapshot.map, snapshot.ip
        self.max_players, self.gamemode = snapshot.max_players, snapshot.gamemode
        self.num_players = snapshot.num_players
        if snapshot.self_steam_id64:
            self.self_steam_id64 = snapshot.self_steam_id64
        for player in snapshot.players:
            if player.is_self:
                self.self_steam_id64 = player.steam_id64
        seen = set()
        for player in snapshot.players:
            seen.add(player.steam_id64)
            info = replace(player.game_info, last_seen=int(now))
            incoming = LobbyPlayer(player.steam_id64, player.name, info)
            member = self.members.get(player.steam_id64)
            if member is None:
                self.members[player.steam_id64] = Member(incoming)
            else:
                member.player, member.joining, member.missing_since = incoming, False, None
        for steam_id64, member in self.members.items():
            if steam_id64 not in seen and member.missing_since is None:
                member.missing_since = now
                member.player.game_info.state = "Disconnected"
        return self.expire(now)

    def complete(self, snapshot: Snapshot) -> None:
        """Fill a snapshot of players alone (a g15_dumpplayer dump) with the server as known
        and what `status` last said of each player (connected time, loss, state)."""
        snapshot.hostname, snapshot.map, snapshot.ip = self.hostname, self.map, self.ip
        snapshot.max_players, snapshot.gamemode = self.max_players, self.gamemode
        for player in snapshot.players:
            member = self.members.get(player.steam_id64)
            if member is None:
                continue
            known, info = member.player.game_info, player.game_info
            info.time, info.loss = known.time, known.loss
            info.userid = info.userid or known.userid
            if known.state != "Disconnected":
                info.state = known.state

    def expire(self, now: float) -> list[Departure]:
        """Players missing for the grace period leave the lobby: the departures, newest last."""
        gone = [
            steam_id64
            for steam_id64, member in self.members.items()
            if member.missing_since is not None and now - member.missing_since >= self.grace_seconds
        ]
        return [Departure(self.members.pop(steam_id64).player, now) for steam_id64 in gone]

    def next_expiry(self) -> float | None:
        """When the first missing player leaves; None when nobody is missing."""
        missing = [m.missing_since for m in self.members.values() if m.missing_since is not None]
        return min(missing) + self.grace_seconds if missing else None

    def is_self(self, steam_id64: str) -> bool:
        return bool(self.self_steam_id64) and steam_id64 == self.self_steam_id64

    def present_count(self) -> int:
        if self.num_players is not None:
            return self.num_players
        return sum(1 for member in self.members.values() if member.missing_since is None)

    def find_by_name(self, name: str) -> Member | None:
        for member in self.members.values():
            if member.player.name == name:
                return member
        return None
