"""Realistic outputs of TF2's `status` console command, written for the tests."""

from __future__ import annotations

from services.players.mac.lobby_types import STEAM_ID64_BASE

CASUAL = """\
hostname: Valve Matchmaking Server (Virginia srcds1002-iad1 #29)
version : 8604597/24 8604597 secure
udp/ip  : 169.254.188.37:19283
steamid : [G:1:9523157] (90168413547378645)
account : not logged in  (No account specified)
map     : pl_badwater at: 0 x, 0 y, 0 z
tags    : hidden,increased_maxplayers,payload,valve
players : 4 humans, 0 bots (24 max)
edicts  : 1033 used of 2048 max
# userid name                uniqueid            connected ping loss state
#    345 "Bob"               [U:1:123456789]     1:02:33   65    0 active
#    346 "a b c"             [U:1:2]             05:12     80    0 spawning
#    347 "He said "hi""      [U:1:3]             00:07     45    2 active
#    348 "Łukasz ☭ 日本"      [U:1:1000]          12:00    110    0 active
"""

COMMUNITY_WITH_BOTS = """\
hostname: Uncletopia | Chicago | 2
version : 8604597/24 8604597 secure
udp/ip  : 203.0.113.7:27015  (public ip: 203.0.113.7)
steamid : [A:1:123:456] (90000000000000000)
account : not logged in  (No account specified)
map     : koth_viaduct at: 0 x, 0 y, 0 z
tags    : alltalk,nocrits
players : 2 humans, 2 bots (32 max)
edicts  : 700 used of 2048 max
# userid name                uniqueid            connected ping loss state  adr
#      2 "SourceTV"          BOT                                       active
#      3 "Heavy Bot"         BOT                                       active
#     17 "Alice"             [U:1:40]            47:11      30    0 active 203.0.113.50:27005
#     18 "Carol"             [U:1:41]            1:47:11    33    0 active 203.0.113.51:27005
"""

TRUNCATED = """\
hostname: Valve Matchmaking Server (Frankfurt srcds2004-fra2 #51)
udp/ip  : 169.254.10.10:4567
map     : ctf_2fort at: 0 x, 0 y, 0 z
players : 3 humans, 0 bots (24 max)
# userid name                uniqueid            connected ping loss state
#    500 "Dave"              [U:1:500]           10:00     50    0 active
#    501 "Eve"               [U:1:501]           10:00     55    0 act
#    502 "Tru
"""


def steam_id(account: int) -> str:
    return str(STEAM_ID64_BASE + account)


def full_lobby(count: int = 100, *, first_account: int = 10_000) -> str:
    """A status output of `count` human players (plus one bot)."""
    rows = [
        f'#  {100 + i:5d} "Player number {i}"  [U:1:{first_account + i}]  '
        f"{i % 60:02d}:{i % 60:02d}  {40 + i % 80:4d}  0 active"
        for i in range(count)
    ]
    return "\n".join(
        [
            "hostname: Valve Matchmaking Server (Washington srcds1001-sea1 #7)",
            "udp/ip  : 169.254.1.2:27015",
            "map     : cp_process_final at: 0 x, 0 y, 0 z",
            "tags    : cp,valve",
            f"players : {count} humans, 1 bots ({count} max)",
            "# userid name                uniqueid            connected ping loss state",
            '#      2 "SourceTV"          BOT                                       active',
            *rows,
        ]
    )


# The local player's part of a g15_dumpplayer dump (shortened), as TF2 prints it.
_G15_LOCAL = """\
g15_dumpplayer
(localplayer)

m_Shared.m_nPlayerState integer (0)
m_Shared.m_flCloakMeter float (100.000000)
m_Shared.m_flItemChargeMeter[0] float (100.000000)
m_nMuzzleFlashParity
m_Local.m_vecPunchAngle vector (0.000000 0.000000 0.000000)
pl.deadflag bool (false)
m_iAmmo[1] integer (19)
m_iTeamNum integer (3)
m_szName[0] string ()
(playerresource)
"""


def g15_dump(*slots: tuple[int, str, int, int, int, int, int, bool]) -> str:
    """A g15_dumpplayer output: per slot (userid, name, account, team, score, deaths, ping,
    alive); slot 0 and one unconnected slot are there too, as in the game's dump."""
    table = [(0, "", 0, 0, 0, 0, 0, False), *slots, (0, "unconnected", 0, 0, 0, 0, 0, False)]
    lines = [_G15_LOCAL.rstrip("\n")]
    columns = (
        ("m_szName", "string", lambda row: row[1]),
        ("m_iPing", "integer", lambda row: row[6]),
        ("m_iScore", "integer", lambda row: row[4]),
        ("m_iDeaths", "integer", lambda row: row[5]),
        ("m_bConnected", "bool", lambda row: str(row[0] > 0).lower()),
        ("m_iTeam", "integer", lambda row: row[3]),
        ("m_bAlive", "bool", lambda row: str(row[7]).lower()),
        ("m_iAccountID", "integer", lambda row: row[2]),
        ("m_bValid", "bool", lambda row: str(row[0] > 0).lower()),
        ("m_iUserID", "integer", lambda row: row[0]),
    )
    for prop, kind, value in columns:
        lines += [f"{prop}[{index}] {kind} ({value(row)})" for index, row in enumerate(table)]
    return "\n".join(lines) + "\n"


# CASUAL's players as the dump sees them a moment later: teams, scores, who is alive.
CASUAL_G15 = g15_dump(
    (345, "Bob", 123456789, 2, 7, 3, 61, True),
    (346, "a b c", 2, 3, 2, 5, 85, False),
    (347, 'He said "hi"', 3, 3, 0, 0, 44, True),
    (348, "Łukasz ☭ 日本", 1000, 1, 0, 0, 120, False),
)
