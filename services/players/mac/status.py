"""Parse the output of TF2's `status` (and `g15_dumpplayer`) commands into a lobby snapshot."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.players.mac.g15 import G15Dump, apply_dump, parse_line
from services.players.mac.lobby_types import (
    STEAM_ID64_BASE,
    GameInfo,
    GameMode,
    LobbyPlayer,
    Snapshot,
)

_HEADER = re.compile(r"^(?P<key>[a-z/]+)\s*:\s?(?P<value>.*)$")
_ROW = re.compile(
    r'^#\s*(?P<userid>\d+)\s+"(?P<name>.*)"\s+\[U:1:(?P<account>\d+)\]\s+'
    r"(?P<connected>\d+(?::\d{1,2}){1,2})\s+(?P<ping>\d+)\s+(?P<loss>\d+)\s+(?P<state>[a-z]+)"
    r"(?:\s+\S+)?\s*$"
)
_BOT_ROW = re.compile(r'^#\s*\d+\s+".*"\s+BOT\b')
_COLUMNS = re.compile(r"^#\s*userid\s+name\s+uniqueid\b")
_PLAYERS = re.compile(
    r"^(?P<humans>\d+) humans?, (?P<bots>\d+) bots? \((?P<max>\d+)(?:/\d+)? max\)"
)
_IGNORED_KEYS = {"version", "steamid", "account", "edicts", "sourcetv", "replay", "tags"}
_STATES = {"active": "Active", "spawning": "Spawning", "connecting": "Spawning"}
_MODES = {
    "arena": "Arena",
    "cp": "Control Points",
    "ctf": "Capture the Flag",
    "koth": "King of the Hill",
    "mvm": "Mann vs. Machine",
    "pass": "PASS Time",
    "pd": "Player Destruction",
    "pl": "Payload",
    "plr": "Payload Race",
    "rd": "Robot Destruction",
    "sd": "Special Delivery",
    "tc": "Territorial Control",
    "tr": "Training",
}
_MAX_LINE = 4096
# Numbers travel as int32: a row claiming more is not a real `status` row.
_MAX_NUMBER = 2**31 - 1


@dataclass
class ParsedStatus:
    snapshot: Snapshot
    skipped: list[str] = field(default_factory=list)
    bots: int = 0
    # Lines of `status` read; none with a g15_dumpplayer dump: the dump came alone.
    status_lines: int = 0
    dump: G15Dump = field(default_factory=G15Dump)

    @property
    def dump_only(self) -> bool:
        return not self.status_lines and bool(self.dump.lines)


def connected_seconds(text: str) -> int:
    """`mm:ss` or `h:mm:ss` as seconds."""
    seconds = 0
    for part in text.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


def game_mode(map_name: str, hostname: str, tags: str) -> GameMode:
    """Guess the game mode from the map prefix; Valve servers are matchmaking and vanilla."""
    prefix = map_name.split("_", 1)[0].lower() if "_" in map_name else ""
    valve = hostname.startswith("Valve Matchmaking Server") or "valve" in tags.split(",")
    return GameMode(type=_MODES.get(prefix, ""), matchmaking=valve, vanilla=valve)


def parse_status(text: str) -> ParsedStatus:
    """Everything `status` output tells about the lobby, plus the lines it could not read."""
    parsed = ParsedStatus(Snapshot())
    headers: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if len(line) > _MAX_LINE:
            parsed.skipped.append(raw[:_MAX_LINE])
        elif _parse_line(line, parsed, headers):
            parsed.status_lines += 1
        elif not parse_line(line, parsed.dump):
            parsed.skipped.append(raw)
    snapshot = parsed.snapshot
    snapshot.gamemode = game_mode(snapshot.map, snapshot.hostname, headers.get("tags", ""))
    apply_dump(snapshot, parsed.dump)
    snapshot.players_only = parsed.dump_only
    return parsed


def _parse_line(line: str, parsed: ParsedStatus, headers: dict[str, str]) -> bool:
    if line.startswith("#"):
        return _parse_row(line, parsed)
    match = _HEADER.match(line)
    if match is None:
        return False
    key, value = match["key"], match["value"].strip()
    headers[key] = value
    snapshot = parsed.snapshot
    if key == "hostname":
        snapshot.hostname = value
    elif key == "udp/ip":
        snapshot.ip = value.split()[0] if value else ""
    elif key == "map":
        snapshot.map = value.split()[0] if value else ""
    elif key == "players":
        counts = _PLAYERS.match(value)
        if counts is None or max(int(v) for v in counts.groupdict().values()) > _MAX_NUMBER:
            return False
        snapshot.num_players = int(counts["humans"])
        snapshot.max_players = int(counts["max"])
    else:
        return key in _IGNORED_KEYS
    return True


def _parse_row(line: str, parsed: ParsedStatus) -> bool:
    if _COLUMNS.match(line):
        return True
    if _BOT_ROW.match(line):
        parsed.bots += 1
        return True
    row = _ROW.match(line)
    if row is None or int(row["account"]) >= 2**32:
        return False
    info = GameInfo(
        userid=row["userid"],
        ping=int(row["ping"]),
        loss=int(row["loss"]),
        state=_STATES.get(row["state"], "Active"),
        time=connected_seconds(row["connected"]),
    )
    if max(info.ping, info.loss, info.time) > _MAX_NUMBER:
        return False
    steam_id64 = str(STEAM_ID64_BASE + int(row["account"]))
    parsed.snapshot.players.append(LobbyPlayer(steam_id64, row["name"], info))
    return True
