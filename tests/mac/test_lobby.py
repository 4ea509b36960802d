"""The lobby across snapshots: joining, recently disconnected, gone; its database row."""

from __future__ import annotations

from services.players.mac import lobby_codec
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
    lobby = Lobby(grace_seconds=30)
    lobby.apply(snap("a", "b"), now=0)
    assert tags(lobby) == {"a": [JOINING], "b": [JOINING]}
    lobby.apply(snap("a", "b", "c"), now=1)
    assert tags(lobby) == {"a": [], "b": [], "c": [JOINING]}


def test_missing_players_are_recently_disconnected_then_leave_for_the_history() -> None:
    lobby = Lobby(grace_seconds=30)
    lobby.apply(snap("a", "b"), now=0)
    lobby.apply(snap("a"), now=10)
    assert tags(lobby) == {"a": [], "b": [RECENTLY_DISCONNECTED]}
    assert lobby.members[sid("b")].player.game_info.state == "Disconnected"
    assert lobby.present_count() == 1
    assert lobby.next_expiry() == 40
    assert lobby.expire(now=39) == []
    assert "b" in tags(lobby)
    departures = lobby.expire(now=40)
    assert tags(lobby) == {"a": []}
    assert [(d.player.name, d.left_at) for d in departures] == [("b", 40)]
    assert lobby.next_expiry() is None


def test_a_player_back_within_the_grace_period_is_neither_joining_nor_disconnected() -> None:
    lobby = Lobby(grace_seconds=30)
    lobby.apply(snap("a", "b"), now=0)
    lobby.apply(snap("a"), now=5)
    lobby.apply(snap("a", "b"), now=6)
    assert tags(lobby) == {"a": [], "b": []}


def test_a_lobby_survives_its_database_row_unchanged() -> None:
    lobby = Lobby(grace_seconds=30)
    lobby.apply(snap("a", "b"), now=0)
    lobby.apply(snap("a"), now=10)
    again = lobby_codec.decode(lobby_codec.encode(lobby), grace_seconds=30)
    assert again == lobby
