"""Domain values <-> argus.players.v1 MAC messages."""

from __future__ import annotations

from argus.core.times import optional_timestamp
from argus.players.v1 import mac_pb2
from services.players.mac.lobby_types import GameInfo, GameMode, LobbyPlayer, Snapshot
from services.players.mac.steam import SteamInfo
from services.players.mac.views import ClientSummary, GameView, PlayerView


def game_info_pb(info: GameInfo) -> mac_pb2.GameInfo:
    return mac_pb2.GameInfo(
        userid=info.userid,
        team=info.team,
        ping=info.ping,
        loss=info.loss,
        state=info.state,
        kills=info.kills,
        deaths=info.deaths,
        time=info.time,
        last_seen=info.last_seen,
        alive=info.alive,
    )


def steam_info_pb(info: SteamInfo) -> mac_pb2.SteamInfo:
    return mac_pb2.SteamInfo(
        name=info.name,
        profile_url=info.profile_url,
        pfp=info.pfp,
        pfp_hash=info.pfp_hash,
        profile_visibility=info.profile_visibility,
        time_created=info.time_created,
        country_code=info.country_code,
        vac_bans=info.vac_bans,
        game_bans=info.game_bans,
        days_since_last_ban=info.days_since_last_ban or 0,
        has_days_since_last_ban=info.days_since_last_ban is not None,
        fetched=info.fetched,
    )


def player_pb(view: PlayerView) -> mac_pb2.Player:
    data = view.data
    player = mac_pb2.Player(
        steam_id64=data.steam_id64,
        name=view.name,
        is_self=view.is_self,
        local_verdict=view.verdict,
        convicted=data.convicted,
        tags=view.tags,
        previous_names=view.previous_names,
        steam_info=steam_info_pb(view.steam),
    )
    if data.custom_data:
        player.custom_data.update(data.custom_data)
    if data.namespaces:
        player.namespaces.update(data.namespaces)
    if view.game_info is not None:
        player.game_info.CopyFrom(game_info_pb(view.game_info))
    else:
        # Record times matter for records only; the lobby is polled every second or two.
        for name, value in (
            ("created", data.created),
            ("modified", data.modified),
            ("last_seen", data.last_seen),
        ):
            stamp = optional_timestamp(value)
            if stamp is not None:
                getattr(player, name).CopyFrom(stamp)
    return player


def gamemode_pb(gamemode: GameMode) -> mac_pb2.GameMode:
    return mac_pb2.GameMode(
        type=gamemode.type, matchmaking=gamemode.matchmaking, vanilla=gamemode.vanilla
    )


def game_pb(view: GameView) -> mac_pb2.Game:
    return mac_pb2.Game(
        hostname=view.hostname,
        map=view.map,
        ip=view.ip,
        max_players=view.max_players,
        num_players=view.num_players,
        gamemode=gamemode_pb(view.gamemode),
        players=[player_pb(player) for player in view.players],
    )


def snapshot_pb(snapshot: Snapshot) -> mac_pb2.LobbySnapshot:
    return mac_pb2.LobbySnapshot(
        hostname=snapshot.hostname,
        map=snapshot.map,
        ip=snapshot.ip,
        max_players=snapshot.max_players,
        gamemode=gamemode_pb(snapshot.gamemode),
        players=[
            mac_pb2.LobbyPlayer(
                steam_id64=p.steam_id64,
                name=p.name,
                game_info=game_info_pb(p.game_info),
                is_self=p.is_self,
            )
            for p in snapshot.players
        ],
        self_steam_id64=snapshot.self_steam_id64,
    )


def _game_info(info: mac_pb2.GameInfo) -> GameInfo:
    return GameInfo(
        userid=info.userid,
        team=info.team,
        ping=info.ping,
        loss=info.loss,
        state=info.state or "Active",
        kills=info.kills,
        deaths=info.deaths,
        time=info.time,
        alive=info.alive,
    )


def snapshot(message: mac_pb2.LobbySnapshot) -> Snapshot:
    return Snapshot(
        hostname=message.hostname,
        map=message.map,
        ip=message.ip,
        max_players=message.max_players,
        gamemode=GameMode(
            message.gamemode.type, message.gamemode.matchmaking, message.gamemode.vanilla
        ),
        players=[
            LobbyPlayer(p.steam_id64, p.name, _game_info(p.game_info), p.is_self)
            for p in message.players
        ],
        self_steam_id64=message.self_steam_id64,
    )


def client_pb(summary: ClientSummary) -> mac_pb2.ClientLobby:
    return mac_pb2.ClientLobby(
        client=summary.client,
        hostname=summary.game.hostname,
        map=summary.game.map,
        players=len(summary.game.players),
        verdicts=summary.verdicts,
        updated_at=optional_timestamp(summary.updated_at),
    )
