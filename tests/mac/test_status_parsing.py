"""Parsing TF2 `status` output: realistic lobbies, odd names, bots, truncated text, metrics."""

from __future__ import annotations

from prometheus_client import REGISTRY

from services.players.mac.status import connected_seconds, parse_status
from tests.mac.conftest import MacStack, post_status
from tests.mac.status_samples import (
    CASUAL,
    COMMUNITY_WITH_BOTS,
    TRUNCATED,
    full_lobby,
    steam_id,
)


def test_a_casual_lobby_gives_server_fields_and_every_player() -> None:
    parsed = parse_status(CASUAL)
    snapshot = parsed.snapshot
    assert snapshot.hostname == "Valve Matchmaking Server (Virginia srcds1002-iad1 #29)"
    assert snapshot.ip == "169.254.188.37:19283"
    assert snapshot.map == "pl_badwater"
    assert (snapshot.num_players, snapshot.max_players) == (4, 24)
    assert snapshot.gamemode.type == "Payload"
    assert snapshot.gamemode.matchmaking and snapshot.gamemode.vanilla
    assert parsed.skipped == []
    bob = snapshot.players[0]
    assert (bob.steam_id64, bob.name) == ("76561198083722517", "Bob")
    assert bob.game_info.userid == "345"
    assert (bob.game_info.ping, bob.game_info.loss, bob.game_info.time) == (65, 0, 3753)
    assert bob.game_info.state == "Active"


def test_names_with_spaces_quotes_and_unicode_are_read_whole() -> None:
    players = parse_status(CASUAL).snapshot.players
    assert [p.name for p in players[1:]] == ["a b c", 'He said "hi"', "Łukasz ☭ 日本"]
    assert [p.steam_id64 for p in players[1:]] == [steam_id(2), steam_id(3), steam_id(1000)]
    assert players[1].game_info.state == "Spawning"
    assert players[1].game_info.time == 312


def test_bot_rows_are_ignored_and_addresses_tolerated() -> None:
    parsed = parse_status(COMMUNITY_WITH_BOTS)
    assert [p.name for p in parsed.snapshot.players] == ["Alice", "Carol"]
    assert parsed.bots == 2
    assert parsed.snapshot.ip == "203.0.113.7:27015"
    assert parsed.snapshot.gamemode.type == "King of the Hill"
    assert not parsed.snapshot.gamemode.matchmaking
    assert parsed.snapshot.players[1].game_info.time == 6431
    assert parsed.skipped == []


def test_truncated_output_keeps_what_was_read_and_returns_the_rest_as_skipped() -> None:
    parsed = parse_status(TRUNCATED + "some console noise\n")
    assert [p.name for p in parsed.snapshot.players] == ["Dave", "Eve"]
    assert parsed.skipped == ['#    502 "Tru', "some console noise"]


def test_a_full_lobby_of_a_hundred_players_is_read() -> None:
    parsed = parse_status(full_lobby(100))
    assert len(parsed.snapshot.players) == 100
    assert parsed.snapshot.num_players == 100
    assert parsed.skipped == []


def test_connected_time_is_read_as_minutes_or_hours() -> None:
    assert connected_seconds("05:12") == 312
    assert connected_seconds("1:02:33") == 3753


async def test_posted_lines_are_counted_in_the_metrics(mac: MacStack) -> None:
    def count(outcome: str) -> float:
        value = REGISTRY.get_sample_value("argus_mac_status_lines_total", {"outcome": outcome})
        return value or 0.0

    before = count("skipped"), count("player")
    await post_status(mac, TRUNCATED)
    assert (count("skipped") - before[0], count("player") - before[1]) == (1, 2)


def test_the_players_line_of_a_listen_server_is_read_too() -> None:
    parsed = parse_status("players : 1 humans, 0 bots (24/0 max) (not hibernating)\n")
    assert (parsed.snapshot.num_players, parsed.snapshot.max_players) == (1, 24)
    assert parsed.skipped == []
