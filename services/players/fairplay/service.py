"""DFairPlay: game servers' token sessions, the players they add, and who has incidents."""

from __future__ import annotations

import asyncio
import secrets
import string
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from argus.core.db import Database
from argus.core.errors import InvalidArgument, NotFound, ResourceExhausted, Unauthenticated
from argus.core.periodic import Periodic
from services.players.fairplay import metrics, store
from services.players.fairplay import validation as valid
from services.players.fairplay.enrollment import check_client, check_enrollment
from services.players.fairplay.models import FairPlaySession, SessionPlayer
from services.players.fairplay.settings import FairPlaySettings
from services.players.reputation import clients, incidents

# Letters and digits only: a token starting with "-" would read as an error code to scripts.
TOKEN_ALPHABET = string.ascii_letters + string.digits
TOKEN_CHARS = 32  # about 190 bits


def new_token() -> str:
    """An unguessable session token."""
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_CHARS))


@dataclass(frozen=True)
class OpenSession:
    session: FairPlaySession
    players: list[SessionPlayer]


@dataclass
class FairPlayDomain:
    """The query server's operations; every token call renews its session."""

    settings: FairPlaySettings
    database: Database
    clock: Callable[[], float] = time.time
    _writer: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)
    _sweeper: Periodic = field(init=False)

    def __post_init__(self) -> None:
        self._sweeper = Periodic(
            "dfairplay sweep", self.sweep, every=self.settings.dfairplay_sweep_interval_seconds
        )

    @property
    def ttl(self) -> float:
        return self.settings.dfairplay_session_ttl

    async def create_session(self, game: str) -> tuple[str, float]:
        """Open a session for `game`; returns the token and when it expires."""
        valid.game(game)
        token = new_token()
        now = self.clock()
        async with self._write() as session:
            await store.create_session(
                session,
                token_hash=valid.token_hash(token),
                game=game,
                now=now,
                expires_at=now + self.ttl,
            )
        metrics.SESSIONS_CREATED.inc()
        return token, now + self.ttl

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncSession]:
        """A write transaction. SQLite allows one writer at a time: queueing here is much
        faster than its busy handler, which sleeps up to 100 ms between retries."""
        if self.database.dialect != "sqlite":
            async with self.database.sessions.begin() as session:
                yield session
            return
        async with self._writer, self.database.sessions.begin() as session:
            yield session

    @asynccontextmanager
    async def _token_call(self, token: str, now: float) -> AsyncIterator[tuple[AsyncSession, int]]:
        """A transaction on the live session of `token`, renewed; NotFound when it is not."""
        token_hash = valid.token_hash(token)
        async with self._write() as session:
            session_id = await store.touch(session, token_hash, now=now, expires_at=now + self.ttl)
            if session_id is not None:
                yield session, session_id
                return
            expired = await store.forget(session, token_hash)
        metrics.SESSIONS_EXPIRED.inc(int(expired))
        raise NotFound("session expired or unknown token", reason=valid.EXPIRED)

    async def ping(self, token: str) -> float:
        """Renew the session; returns its new expiry."""
        now = self.clock()
        async with self._token_call(token, now):
            return now + self.ttl

    async def destroy_session(self, token: str) -> bool:
        async with self._token_call(token, self.clock()) as (session, session_id):
            return await store.delete_session(session, session_id)

    async def add_user(self, token: str, player_id: int, ip: str) -> bool:
        """Add (or move to a new ip) a player; True when the ip runs the fair-play client."""
        valid.player_id(player_id, highest=self.settings.dfairplay_max_player_id)
        ip = valid.ip(ip)
        now = self.clock()
        async with self._token_call(token, now) as (session, session_id):
            known_ip, uses_client = await store.lookup_player(
                session, session_id, player_id, ip=ip, now=now
            )
            if known_ip is None:
                await self._check_room(session, session_id)
            if known_ip != ip:
                await store.put_player(session, session_id, player_id, ip=ip, now=now)
        metrics.PLAYERS_ADDED.labels(str(uses_client).lower()).inc()
        return uses_client

    async def _check_room(self, session: AsyncSession, session_id: int) -> None:
        most = self.settings.dfairplay_max_players_per_session
        if await store.count_players(session, session_id) >= most:
            raise ResourceExhausted(
                f"the session already holds {most} players", reason="SESSION_FULL"
            )

    async def delete_user(self, token: str, player_id: int) -> bool:
        valid.player_id(player_id, highest=self.settings.dfairplay_max_player_id)
        async with self._token_call(token, self.clock()) as (session, session_id):
            return await store.delete_player(session, session_id, player_id)

    async def get_incidents(self, token: str) -> list[int]:
        """Ids of the session's players with incidents or a cheater verdict, ascending."""
        now = self.clock()
        lookback = self.settings.dfairplay_incident_lookback_seconds
        async with self._token_call(token, now) as (session, session_id):
            found, accounts = await store.standing(session, session_id, lookback=lookback, now=now)
            if accounts:
                flagged = await clients.flagged_accounts(session, set().union(*accounts.values()))
                found |= {player for player, ids in accounts.items() if ids & flagged}
        return sorted(found)

    def _list_limit(self, limit: int) -> int:
        most = self.settings.dfairplay_list_max
        if limit < 0:
            raise InvalidArgument("limit must not be negative", reason="INVALID_LIMIT")
        return min(limit or most, most)

    async def open_sessions(self, limit: int = 0) -> list[OpenSession]:
        """The newest live sessions with their players (operators' view; no tokens)."""
        async with self.database.sessions() as session:
            rows = await store.list_open(session, now=self.clock(), limit=self._list_limit(limit))
        return [OpenSession(row, players) for row, players in rows]

    async def recent_incidents(self, limit: int = 0) -> list[incidents.Incident]:
        """The latest incidents, newest first (operators' view)."""
        async with self.database.sessions() as session:
            return await incidents.latest(session, limit=self._list_limit(limit))

    async def register_client(
        self,
        client_id: str,
        ip: str,
        account_id: str = "",
        *,
        enrollment_secret: str = "",
        internal: bool = True,
    ) -> tuple[str, float]:
        """Announce (or renew) a fair-play client on `ip`; returns its new client token and
        when the registration expires."""
        check_enrollment(
            configured=self.settings.dfairplay_client_enrollment_secret.get_secret_value(),
            presented=enrollment_secret,
            internal=internal,
        )
        valid.text(client_id, field="client_id", longest=valid.MAX_CLIENT_ID_CHARS)
        valid.text(
            account_id, field="account_id", longest=valid.MAX_ACCOUNT_ID_CHARS, required=False
        )
        ip = valid.ip(ip)
        token = new_token()
        now = self.clock()
        expires_at = now + self.settings.dfairplay_client_ttl_seconds
        async with self._write() as session:
            await clients.register(
                session,
                client_id=client_id,
                ip=ip,
                account_id=account_id or None,
                token_hash=valid.token_hash(token),
                now=now,
                expires_at=expires_at,
            )
        metrics.CLIENT_REGISTRATIONS.inc()
        return token, expires_at

    async def report_incident(
        self,
        *,
        client_id: str,
        ip: str,
        kind: str,
        detail: str,
        occurred_at: float | None,
        client_token: str = "",
        internal: bool = True,
    ) -> int:
        """Store an incident against the registered client's ip or (internal callers) any ip.
        The caller is authenticated before the incident's text is looked at."""
        if not internal and not (client_id and client_token):
            raise Unauthenticated(
                "client_id and client_token are required", reason="BAD_CLIENT_TOKEN"
            )
        if not client_id and not ip:
            raise InvalidArgument("client_id or ip is required", reason=valid.INVALID)
        now = self.clock()
        async with self._write() as session:
            if client_id:
                client = await clients.get(session, client_id, now=now)
                if client is None:
                    raise NotFound(
                        f"no live registration of client {client_id[:128]!r}",
                        reason="UNKNOWN_CLIENT",
                    )
                if not internal:
                    check_client(client, token=client_token, ip=ip)
                ip = ip or client.ip
            self._check_incident_text(kind, detail)
            incident_id = await incidents.create(
                session,
                ip=valid.ip(ip),
                client_id=client_id or None,
                kind=kind,
                detail=detail,
                # A client clock running ahead must not flag a player in the future.
                occurred_at=min(occurred_at or now, now),
                reported_at=now,
            )
        metrics.INCIDENTS_REPORTED.inc()
        return incident_id

    def _check_incident_text(self, kind: str, detail: str) -> None:
        settings = self.settings
        valid.text(kind, field="kind", longest=settings.dfairplay_incident_kind_max_chars)
        valid.text(
            detail,
            field="detail",
            longest=settings.dfairplay_incident_detail_max_chars,
            required=False,
            single_line=False,
        )

    async def sweep(self) -> None:
        """Forget expired sessions, registrations and old incidents; refresh the sessions gauge."""
        now = self.clock()
        async with self._write() as session:
            expired = await store.delete_expired(session, now=now)
            await clients.delete_expired(session, now=now)
            retention = self.settings.dfairplay_incident_retention_seconds
            await incidents.delete_older_than(session, now - retention)
            open_sessions = await store.count_open(session, now=now)
        metrics.SESSIONS_EXPIRED.inc(expired)
        metrics.SESSIONS_OPEN.set(open_sessions)

    def start(self) -> None:
        self._sweeper.start()

    async def stop(self) -> None:
        await self._sweeper.stop()
