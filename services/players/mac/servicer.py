"""MAC: the MegaAntiCheat API v1 (lobby, players, verdicts, tags, preferences)."""

from __future__ import annotations

import grpc

from argus.core.errors import ArgusError
from argus.core.internal_auth import is_internal_caller, require_internal_caller
from argus.core.lru import LruCache
from argus.core.peers import peer_address
from argus.core.structs import from_struct, to_struct
from argus.players.v1 import mac_pb2, mac_pb2_grpc
from services.players.context import PlayersContext
from services.players.mac import convert
from services.players.mac.clients import identify
from services.players.mac.metrics import CLIENTS_REFUSED
from services.players.mac.service import MacDomain
from services.players.mac.views import GameView

# The gateway forwards the HTTP caller's address under this metadata key; believed only from
# callers that prove they are internal (the gateway), else anyone could claim to be loopback.
CLIENT_ADDRESS = "x-argus-client-address"


class MacServicer(mac_pb2_grpc.MacServiceServicer):
    """Translates RPCs to the MAC domain; the caller's token picks its lobby."""

    def __init__(self, ctx: PlayersContext) -> None:
        self.ctx = ctx
        self.domain = MacDomain(ctx.settings, ctx.database)
        # client -> its last rendered Game, reused while the lobby's ETag stays the same.
        self.games: LruCache[str, mac_pb2.Game] = LruCache(ctx.settings.mac_game_cache_entries)

    async def stop(self) -> None:
        await self.domain.close()

    def _client(self, context: grpc.aio.ServicerContext) -> str:
        metadata = {key: value for key, value in context.invocation_metadata() or ()}
        claimed = metadata.get(CLIENT_ADDRESS)
        try:
            address = peer_address(context.peer()) if claimed is None else ""
            # A claim we cannot believe leaves the address unknown: never loopback.
            if claimed is not None and is_internal_caller(context, self.ctx.settings):
                address = str(claimed)
            return identify(
                str(metadata.get("authorization", "")), address, self.ctx.settings.mac_tokens
            )
        except ArgusError:
            CLIENTS_REFUSED.inc()
            raise

    def _rendered(self, client: str, etag: str, view: GameView) -> mac_pb2.Game:
        game = convert.game_pb(view)
        game.etag = etag
        self.games.put(client, game)
        return game

    async def GetGame(
        self, request: mac_pb2.GetGameRequest, context: grpc.aio.ServicerContext
    ) -> mac_pb2.Game:
        client = self._client(context)
        etag = await self.domain.game_etag(client)
        if request.if_none_match == etag:
            return mac_pb2.Game(etag=etag, not_modified=True)
        cached = self.games.get(client)
        if cached is not None and cached.etag == etag:
            return cached
        return self._rendered(client, *await self.domain.game(client))

    async def ReplaceLobby(
        self, request: mac_pb2.LobbySnapshot, context: grpc.aio.ServicerContext
    ) -> mac_pb2.Game:
        client = self._client(context)
        etag, view = await self.domain.replace_lobby(client, convert.snapshot(request))
        return self._rendered(client, etag, view)

    async def SubmitStatus(
        self, request: mac_pb2.SubmitStatusRequest, context: grpc.aio.ServicerContext
    ) -> mac_pb2.SubmitStatusResponse:
        parsed = await self.domain.submit_status(
            self._client(context), request.text, request.self_steam_id64
        )
        return mac_pb2.SubmitStatusResponse(
            understood=convert.snapshot_pb(parsed.snapshot), skipped=parsed.skipped
        )

    async def LookupPlayers(
        self, request: mac_pb2.LookupPlayersRequest, context: grpc.aio.ServicerContext
    ) -> mac_pb2.LookupPlayersResponse:
        players, errors = await self.domain.lookup(
            self._client(context),
            list(request.steam_id64),
            list(request.name),
            records=request.include_records,
        )
        return mac_pb2.LookupPlayersResponse(
            players=[convert.player_pb(p) for p in players], errors=errors
        )

    async def UpdatePlayers(
        self, request: mac_pb2.UpdatePlayersRequest, context: grpc.aio.ServicerContext
    ) -> mac_pb2.UpdatePlayersResponse:
        self._client(context)
        body = {sid: from_struct(update) for sid, update in request.updates.items()}
        return mac_pb2.UpdatePlayersResponse(errors=await self.domain.update_players(body))

    async def GetPrefs(
        self, request: mac_pb2.GetPrefsRequest, context: grpc.aio.ServicerContext
    ) -> mac_pb2.Prefs:
        prefs = await self.domain.prefs(self._client(context))
        return mac_pb2.Prefs(prefs=to_struct(prefs))

    async def UpdatePrefs(
        self, request: mac_pb2.UpdatePrefsRequest, context: grpc.aio.ServicerContext
    ) -> mac_pb2.UpdatePrefsResponse:
        client = self._client(context)
        update = await self.domain.update_prefs(client, from_struct(request.changes))
        return mac_pb2.UpdatePrefsResponse(
            changes=to_struct(update.changes), errors=to_struct(update.errors)
        )

    async def ListHistory(
        self, request: mac_pb2.ListHistoryRequest, context: grpc.aio.ServicerContext
    ) -> mac_pb2.PlayerList:
        end = min(request.to, 2**31)
        start = min(getattr(request, "from"), end)
        players = await self.domain.history(self._client(context), start, end)
        return mac_pb2.PlayerList(players=[convert.player_pb(p) for p in players])

    async def ListPlayerRecords(
        self, request: mac_pb2.ListPlayerRecordsRequest, context: grpc.aio.ServicerContext
    ) -> mac_pb2.PlayerList:
        players = await self.domain.records(self._client(context))
        return mac_pb2.PlayerList(players=[convert.player_pb(p) for p in players])

    async def QueueCommands(
        self, request: mac_pb2.QueueCommandsRequest, context: grpc.aio.ServicerContext
    ) -> mac_pb2.QueueCommandsResponse:
        commands = [from_struct(command) for command in request.commands]
        queued = await self.domain.queue_commands(self._client(context), commands)
        return mac_pb2.QueueCommandsResponse(queued=queued)

    async def DrainCommands(
        self, request: mac_pb2.DrainCommandsRequest, context: grpc.aio.ServicerContext
    ) -> mac_pb2.DrainCommandsResponse:
        commands = await self.domain.drain_commands(self._client(context), request.max)
        return mac_pb2.DrainCommandsResponse(commands=[to_struct(c) for c in commands])

    async def ListClients(
        self, request: mac_pb2.ListClientsRequest, context: grpc.aio.ServicerContext
    ) -> mac_pb2.ListClientsResponse:
        require_internal_caller(context, self.ctx.settings)
        summaries = await self.domain.clients(request.limit)
        return mac_pb2.ListClientsResponse(clients=[convert.client_pb(s) for s in summaries])
