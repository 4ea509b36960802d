"""The MAC domain: per-client lobbies over the shared store of players, verdicts and prefs.
Every piece of state is in the database, so any replica answers any call."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from argus.core.db import Database
from argus.core.errors import InvalidArgument
from argus.core.limits import check_json, check_text, excerpt
from services.players.mac import commands, lobby_store, steam_cache, store, updates
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
from services.players.mac.steam import SteamClient, SteamInfo
from services.players.mac.views import (
    ClientSummary,
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
        self.steam = SteamClient(
            api_key=settings.steam_api_key.get_secret_value(),
            base_url=settings.steam_api_base_url,
            timeout=settings.steam_timeout_seconds,
        )

    async def close(self) -> None:
        await self.steam.close()

    @property
    def _grace(self) -> float:
        return self.settings.mac_disconnect_grace_seconds

    async def _expire(self, client: str) -> None:
        """Move the players away past the grace period to the history."""
        await lobby_store.change(
            self.database, client, self._grace, lambda lobby: lobby.expire(time.time())
        )

    async def _lobby(self, session: AsyncSession, client: str) -> tuple[Lobby, str]:
        """The client's lobby and its ETag; expires who is due first (rare: a write)."""
        lobby, stamp = await lobby_store.load(session, client, self._grace)
        if stamp.expires_at is not None and stamp.expires_at <= time.time():
            await session.rollback()
            await self._expire(client)
            lobby, stamp = await lobby_store.load(session, client, self._grace)
        return lobby, stamp.etag

    async def game_etag(self, client: str) -> str:
        """The ETag of the client's lobby as `game` would answer it now (one small query)."""
        async with self.database.engine.connect() as connection:
            stamp = await lobby_store.stamp(connection, client)
        if stamp.expires_at is not None and stamp.expires_at <= time.time():
            await self._expire(client)
            async with self.database.engine.connect() as connection:
                stamp = await lobby_store.stamp(connection, client)
        return stamp.etag

    async def game(self, client: str) -> tuple[str, GameView]:
        """The client's lobby with every player's record and Steam data, and its ETag."""
        async with self.database.sessions() as session:
            lobby, etag = await self._lobby(session, client)
            ids = list(lobby.members)
            data = await store.load_players(session, ids)
            steam = await steam_cache.load(session, ids)
        views = [
            member_view(lobby, member, data[sid], steam.get(sid))
            for sid, member in lobby.members.items()
        ]
        return etag, game_view(lobby, views)

    async def clients(self, limit: int = 0) -> list[ClientSummary]:
        """Every client's lobby in brief, latest change first (operators' view)."""
        most = self.settings.mac_list_clients_max
        if limit < 0:
            raise InvalidArgument("limit must not be negative", reason="INVALID_LIMIT")
        async with self.database.sessions() as session:
            found = await lobby_store.clients(session, min(limit or most, most))
        summaries = []
        for client, modified in found:
            _, view = await self.game(client)
            verdicts = Counter(player.verdict for player in view.players)
            summaries.append(ClientSummary(client, view, dict(verdicts), modified))
        return summaries

    async def replace_lobby(self, client: str, snapshot: Snapshot) -> tuple[str, GameView]:
        """Replace the client's lobby; remember names, fetch Steam data of the newcomers."""
        if len(snapshot.players) > self.settings.mac_max_players_per_request:
            raise InvalidArgument("too many players in one snapshot")
        for player in snapshot.players:
            if not is_steam_id64(player.steam_id64):
                raise InvalidArgument(f"invalid steamID64 {excerpt(player.steam_id64)}")
            check_text(player.name, "a player name", max_length=MAX_NAME_LENGTH)
        lobby = await lobby_store.change(
            self.database, client, self._grace, lambda lobby: lobby.apply(snapshot, time.time())
        )
        LOBBY_PLAYERS.observe(len(snapshot.players))
        seen = {p.steam_id64: p.name for p in snapshot.players}
        await store.write(self.database, lambda session: store.remember_seen(session, seen))
        await self._refresh_steam(client, list(lobby.members))
        return await self.game(client)

    async def _refresh_steam(self, client: str, ids: list[str], limit: int = 0) -> None:
        """Fetch the Steam data of `ids` not fetched within the cache time (the first `limit`)."""
        client_key = await self._client_steam_key(client)
        if not (self.steam.api_key or client_key):
            return
        since = time.time() - self.settings.steam_cache_seconds
        async with self.database.sessions() as session:
            fresh = await steam_cache.fresh(session, ids, since)
        stale = [sid for sid in ids if sid not in fresh][: limit or None]
        if not stale:
            return
        fetched = await self.steam.fetch(stale, client_key)
        if fetched:
            async with self.database.sessions.begin() as session:
                await steam_cache.save(session, fetched, time.time())

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
        async with self.database.sessions() as session:
            lobby, _ = await self._lobby(session, client)
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
            await self._refresh_steam(client, wanted, self.settings.steam_max_fetch_per_lookup)
        async with self.database.sessions() as session:
            data = await store.load_players(session, wanted)
            steam = await steam_cache.load(session, wanted)
        return [self._view(lobby, data[sid], steam.get(sid)) for sid in wanted], errors

    def _view(self, lobby: Lobby, data: store.PlayerData, steam: SteamInfo | None) -> PlayerView:
        member = lobby.members.get(data.steam_id64)
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
        """Players who left the lobby, newest first; only the newest `mac_history_limit`."""
        end = min(end, self.settings.mac_history_limit)
        async with self.database.sessions() as session:
            await self._lobby(session, client)
            departures = await lobby_store.history(session, client, start, end)
            ids = [d.player.steam_id64 for d in departures]
            data = await store.load_players(session, ids)
            steam = await steam_cache.load(session, ids)
        return [
            departure_view(d, data[d.player.steam_id64], steam.get(d.player.steam_id64))
            for d in departures
        ]

    async def records(self, client: str) -> list[PlayerView]:
        """The player list: every player the user marked or wrote about."""
        async with self.database.sessions() as session:
            lobby, _ = await self._lobby(session, client)
            every = await store.all_players(session)
            steam = await steam_cache.load(session, [data.steam_id64 for data in every])
        return [
            record_view(data, steam.get(data.steam_id64), lobby.is_self(data.steam_id64))
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

    async def queue_commands(self, client: str, queued: list[dict[str, Any]]) -> int:
        check_json(queued, "the commands", max_depth=self.settings.mac_max_json_depth)
        for command in queued:
            if len(command) != 1:
                raise InvalidArgument("each command is an object with exactly one key")
        limit = self.settings.mac_command_queue_limit
        return await commands.queue(self.database, client, queued, limit)

    async def drain_commands(self, client: str, limit: int) -> list[dict[str, Any]]:
        return await commands.drain(self.database, client, limit)
