"""Async SQLAlchemy engines and Alembic migrations, shared by the stateful services."""

from __future__ import annotations

import asyncio
import logging
import zlib
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from argus.core.transactions import Transactions

log = logging.getLogger("argus.db")


def normalize_url(url: str) -> str:
    """Accept plain `postgresql://` and `sqlite:///` URLs and pick the async drivers."""
    parsed = make_url(url)
    driver = {"postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg"}.get(
        parsed.drivername, parsed.drivername
    )
    if driver == "sqlite":
        driver = "sqlite+aiosqlite"
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, *, schema: str | None = None, echo: bool = False) -> AsyncEngine:
    """An engine for `url`. SQLite gets WAL, foreign keys and a busy timeout; `schema` sets the
    PostgreSQL search_path (tests isolate themselves in a schema of their own)."""
    url = normalize_url(url)
    kwargs: dict[str, Any] = {"echo": echo, "pool_pre_ping": True}
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30}
    elif schema:
        kwargs["connect_args"] = {"server_settings": {"search_path": schema}}
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")  # first: switching to WAL may have to wait
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker:  # type: ignore[type-arg]
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(script_location: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    return config


async def migrate(
    engine: AsyncEngine, script_location: Path, attributes: dict[str, Any] | None = None
) -> None:
    """Upgrade the database to every head of the migrations in `script_location`;
    `attributes` reach the migrations as `context.config.attributes` (e.g. folders to import)."""
    config = alembic_config(script_location)

    def upgrade(connection: Connection) -> None:
        config.attributes.update(attributes or {})
        config.attributes["connection"] = connection
        # Services may share one database (tests, small deployments): each keeps its own
        # version table, named after the service that owns the migrations.
        config.attributes["version_table"] = f"alembic_version_{script_location.parent.name}"
        command.upgrade(config, "heads")

    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Replicas starting together: one migrates, the others wait, then find nothing to do.
            lock = zlib.crc32(f"argus-migrations:{script_location.parent.name}".encode())
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock})
        await connection.run_sync(upgrade)
    log.info("database migrated", extra={"migrations": script_location.name})


def run_migrations_online(target_metadata: Any) -> None:
    """Body of every service's Alembic env.py: run on the connection `migrate` hands over."""
    from alembic import context

    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through argus.core.db.migrate()")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table=context.config.attributes.get("version_table", "alembic_version"),
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


class Database:
    """A service's database: the engine, its session factory and whole-transaction runner
    (`argus.core.transactions`), migrated on open."""

    def __init__(self, engine: AsyncEngine, *, readers: int = 2) -> None:
        self.engine = engine
        self.sessions = session_factory(engine)
        self.transactions = Transactions(engine, on_connect=_sqlite_pragmas, readers=readers)

    @classmethod
    async def open(
        cls,
        url: str,
        migrations: Path,
        *,
        schema: str | None = None,
        attributes: dict[str, Any] | None = None,
        readers: int = 2,
    ) -> Database:
        engine = create_engine(url, schema=schema or None)
        await migrate(engine, migrations, attributes)
        return cls(engine, readers=readers)

    async def ping(self, within: float = 2.0) -> bool:
        """Whether the database answers `SELECT 1` within `within` seconds."""
        try:
            async with asyncio.timeout(within), self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as exc:  # any failure means "not reachable now"
            log.debug("database ping failed: %r", exc)
            return False
        return True

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def close(self) -> None:
        await asyncio.to_thread(self.transactions.close)
        await self.engine.dispose()


Row = TypeVar("Row")


async def inserted(session: AsyncSession, row: Row) -> Row:
    """`row`, added in `session` and flushed: its generated id is set."""
    session.add(row)
    await session.flush()
    return row
