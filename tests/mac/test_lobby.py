"""The lobby across snapshots: joining, recently disconnected, gone, history and commands."""

from __future__ import annotations

from services.players.mac.lobby import JOINING, RECENTLY_DISCONNECTED, Lobby
from services.players.mac.lobby_types import GameInfo, LobbyPlayer, Snapshot


def sid(name: str) -> str:
    return f"765611980000{ord(name):05d}"


def snap(*names: str) -> Snapshot:
    return Snapshot(
        hostname="h", map="cp_dustbowl", players=[LobbyPlayer(sid(n), n, GameInfo()) for n in names]
    )


def tags(lobby: Lobby) -> dict[str, list[str]]:
    return {m.player.name: m.tags for m in lobby.members.values()}


def test_new_players_are_joining_until_a_later_snapshot() -> None:
    lobby = Lobby(grace_seconds=30, history_limit=10, command_limit=10)
    lobby.apply(snap("a", "b"), now=0)
    assert tags(lobby) == {"a": [JOINING], "b": [JOINING]}
    lobby.apply(snap("a", "b", "c"), now=1)
    assert tags(lobby) == {"a": [], "b": [], "c": [JOINING]}


def test_missing_players_are_recently_disconnected_then_leave_for_the_history() -> None:
    lobby = Lobby(grace_seconds=30, history_limit=10, command_limit=10)
    lobby.apply(snap("a", "b"), now=0)
    lobby.apply(snap("a"), now=10)
    assert tags(lobby) == {"a": [], "b": [RECENTLY_DISCONNECTED]}
    assert lobby.members[sid("b")].player.game_info.state == "Disconnected"
    assert lobby.present_count() == 1
    lobby.expire(now=39)
    assert "b" in tags(lobby)
    lobby.expire(now=40)
    assert tags(lobby) == {"a": []}
    assert [d.player.name for d in lobby.history] == ["b"]


def test_a_player_back_within_the_grace_period_is_neither_joining_nor_disconnected() -> None:
    lobby = Lobby(grace_seconds=30, history_limit=10, command_limit=10)
    lobby.apply(snap("a", "b"), now=0)
    lobby.apply(snap("a"), now=5)
    lobby.apply(snap("a", "b"), now=6)
    assert tags(lobby) == {"a": [], "b": []}


def test_the_history_is_newest_first_and_bounded() -> None:
    lobby = Lobby(grace_seconds=0, history_limit=2, command_limit=10)
    lobby.apply(snap("a", "b", "c"), now=0)
    for now, remaining in enumerate([("b", "c"), ("c",), ()], start=1):
        lobby.apply(snap(*remaining), now=now)
    assert [d.player.name for d in lobby.history] == ["c", "b"]


def test_commands_drain_in_order_and_the_oldest_drop_beyond_the_limit() -> None:
    lobby = Lobby(grace_seconds=0, history_limit=2, command_limit=2)
    lobby.queue([{"say": "one"}, {"say": "two"}, {"say": "three"}])
    assert lobby.drain(1) == [{"say": "two"}]
    assert lobby.drain(0) == [{"say": "three"}]
    assert lobby.drain(0) == []
