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
