"""The MAC domain: per-client lobbies over the shared store of players, verdicts and prefs."""

from __future__ import annotations

import time
from typing import Any

from argus.core.db import Database
from argus.core.errors import InvalidArgument
from argus.core.limits import check_json, check_text, excerpt
from services.players.mac import store, updates
from services.players.mac.lobby import Lobby
from services.players.mac.lobby_types import Snapshot, is_steam_id64
from services.players.mac.metrics import LOBBY_PLAYERS, STATUS_LINES, VERDICT_UPDATES
from services.players.mac.prefs import (
    MergedTooLarge,
    PrefUpdate,
    StoredPref,
    check_prefs,
    merger,
    secret_namespace,
    visible_prefs,
)
from services.players.mac.settings import MacSettings
from services.players.mac.status import ParsedStatus, parse_status
from services.players.mac.steam import SteamClient
from services.players.mac.views import (
    GameView,
    PlayerView,
    annotated,
    departure_view,
    game_view,
    member_view,
    record_view,
)

NOT_IN_GAME = "Player not found in game."
MAX_NAME_LENGTH = 256  # the column's width
INVALID_ID = "Invalid steamID64."


class MacDomain:
    def __init__(self, settings: MacSettings, database: Database) -> None:
        self.settings = settings
        self.database = database
        self.lobbies: dict[str, Lobby] = {}
        self.steam = SteamClient(
            api_key=settings.steam_api_key.get_secret_value(),
            base_url=settings.steam_api_base_url,
            cache_seconds=settings.steam_cache_seconds,
            timeout=settings.steam_timeout_seconds,
        )

    async def close(self) -> None:
        await self.steam.close()

    def lobby(self, client: str) -> Lobby:
        lobby = self.lobbies.get(client)
        if lobby is None:
            lobby = Lobby(
                grace_seconds=self.settings.mac_disconnect_grace_seconds,
                history_limit=self.settings.mac_history_limit,
                command_limit=self.settings.mac_command_queue_limit,
            )
            self.lobbies[client] = lobby
        lobby.expire(time.time())
        return lobby

    async def game(self, client: str) -> GameView:
        lobby = self.lobby(client)
        # A snapshot may replace the members while the records load.
        members = list(lobby.members.items())
        async with self.database.sessions() as session:
            data = await store.load_players(session, [sid for sid, _ in members])
        views = [
            member_view(lobby, member, data[sid], self.steam.cached(sid)) for sid, member in members
        ]
        return game_view(lobby, views)

    async def replace_lobby(self, client: str, snapshot: Snapshot) -> GameView:
        """Replace the client's lobby; remember names, fetch Steam data of the newcomers."""
        if len(snapshot.players) > self.settings.mac_max_players_per_request:
            raise InvalidArgument("too many players in one snapshot")
        for player in snapshot.players:
            if not is_steam_id64(player.steam_id64):
                raise InvalidArgument(f"invalid steamID64 {excerpt(player.steam_id64)}")
            check_text(player.name, "a player name", max_length=MAX_NAME_LENGTH)
        lobby = self.lobby(client)
        lobby.apply(snapshot, time.time())
        LOBBY_PLAYERS.observe(len(snapshot.players))
        seen = {p.steam_id64: p.name for p in snapshot.players}
        await store.write(self.database, lambda session: store.remember_seen(session, seen))
        await self.steam.refresh(lobby.members, await self._client_steam_key(client))
        return await self.game(client)

    async def _client_steam_key(self, client: str) -> str:
        """The Steam API key the client set in its preferences, if the deployment has none."""
        if self.steam.api_key:
            return ""
        async with self.database.sessions() as session:
            key = await store.load_pref(session, secret_namespace(client), "steamApiKey")
        return key if isinstance(key, str) else ""

    async def submit_status(self, client: str, text: str, self_id: str) -> ParsedStatus:
        if len(text.encode()) > self.settings.mac_max_status_bytes:
            raise InvalidArgument(
                f"status text larger than {self.settings.mac_max_status_bytes} bytes"
            )
        if self_id and not is_steam_id64(self_id):
            raise InvalidArgument(f"invalid steamID64 {excerpt(self_id)}")
        check_json(text, "status text", max_depth=1)
        parsed = parse_status(text)
        if parsed.dump_only:
            self.lobby(client).complete(parsed.snapshot)
        STATUS_LINES.labels("skipped").inc(len(parsed.skipped))
        STATUS_LINES.labels("player").inc(len(parsed.snapshot.players))
        parsed.snapshot.self_steam_id64 = self_id
        for player in parsed.snapshot.players:
            player.is_self = player.steam_id64 == self_id
        await self.replace_lobby(client, parsed.snapshot)
        return parsed

    async def lookup(
        self, client: str, ids: list[str], names: list[str], *, records: bool
    ) -> tuple[list[PlayerView], dict[str, str]]:
        """Players asked for by id or name: those in game (or any record with `records`)."""
        if len(ids) + len(names) > self.settings.mac_max_players_per_request:
            raise InvalidArgument("too many players in one request")
        lobby = self.lobby(client)
        errors: dict[str, str] = {}
        wanted: list[str] = []
        for sid in ids:
            if not is_steam_id64(sid):
                errors[sid] = INVALID_ID
            elif sid in lobby.members or records:
                wanted.append(sid)
            else:
                errors[sid] = NOT_IN_GAME
        for name in names:
            member = lobby.find_by_name(name)
            if member is None:
                errors[name] = NOT_IN_GAME
            else:
                wanted.append(member.player.steam_id64)
        wanted = list(dict.fromkeys(wanted))
        if records:  # the web UI's lookup: missing or stale Steam profiles are fetched
            key = await self._client_steam_key(client)
            limit = self.settings.steam_max_fetch_per_lookup
            await self.steam.refresh(wanted, key, limit=limit)
        async with self.database.sessions() as session:
            data = await store.load_players(session, wanted)
        return [self._view(lobby, data[sid]) for sid in wanted], errors

    def _view(self, lobby: Lobby, data: store.PlayerData) -> PlayerView:
        member = lobby.members.get(data.steam_id64)
        steam = self.steam.cached(data.steam_id64)
        if member is not None:
            return member_view(lobby, member, data, steam)
        return record_view(data, steam, lobby.is_self(data.steam_id64))

    async def update_players(self, body: dict[str, Any]) -> dict[str, str]:
        """Apply each player's update that passes its checks; the reasons of the others."""
        if len(body) > self.settings.mac_max_players_per_request:
            raise InvalidArgument("too many players in one request")
        check_json(body, "the update", max_depth=self.settings.mac_max_json_depth)
        errors: dict[str, str] = {}
        changes: dict[str, store.PlayerChange] = {}
        for sid, update in updates.expand_bulk(body).items():
            try:
                changes[sid] = updates.check_update(
                    sid, update, self.settings.mac_max_namespace_bytes
                )
            except updates.UpdateError as exc:
                errors[sid] = str(exc)
        if changes:
            await store.write(self.database, lambda s: store.apply_changes(s, changes))
            VERDICT_UPDATES.inc(sum(1 for c in changes.values() if c.verdict is not None))
        return errors

    async def history(self, client: str, start: int, end: int) -> list[PlayerView]:
        lobby = self.lobby(client)
        departures = list(lobby.history)[start:end]
        async with self.database.sessions() as session:
            data = await store.load_players(session, [d.player.steam_id64 for d in departures])
        return [
            departure_view(d, data[d.player.steam_id64], self.steam.cached(d.player.steam_id64))
            for d in departures
        ]

    async def records(self, client: str) -> list[PlayerView]:
        """The player list: every player the user marked or wrote about."""
        lobby = self.lobby(client)
        async with self.database.sessions() as session:
            every = await store.all_players(session)
        return [
            record_view(data, self.steam.cached(data.steam_id64), lobby.is_self(data.steam_id64))
            for data in every
            if annotated(data)
        ]

    async def prefs(self, client: str) -> dict[str, dict[str, Any]]:
        async with self.database.sessions() as session:
            rows = await store.load_prefs(session)
        stored = [StoredPref(r.namespace, r.key, r.value) for r in rows]
        return visible_prefs(stored, client)

    async def update_prefs(self, client: str, body: Any) -> PrefUpdate:
        """Check the change and merge it into the stored preferences."""
        check_json(body, "the preferences", max_depth=self.settings.mac_max_json_depth)
        limit = self.settings.mac_max_namespace_bytes
        update = check_prefs(body, limit, client)
        merge = merger(limit)
        while update.store:
            try:
                await store.write(
                    self.database, lambda s: store.save_prefs(s, update.store, client, merge)
                )
                break
            except MergedTooLarge as exc:
                update.refuse(
                    exc.namespace, exc.key, f"Value larger than {limit} bytes once merged."
                )
        return update

    def queue_commands(self, client: str, commands: list[dict[str, Any]]) -> int:
        check_json(commands, "the commands", max_depth=self.settings.mac_max_json_depth)
        for command in commands:
            if len(command) != 1:
                raise InvalidArgument("each command is an object with exactly one key")
        return self.lobby(client).queue(commands)

    def drain_commands(self, client: str, limit: int) -> list[dict[str, Any]]:
        return self.lobby(client).drain(limit)
