"""Deleting what is older than its retention: small batches, in the background, counted.

Every replica runs the pruner; batches are short transactions deleting rows picked by age,
so replicas pruning at once only find less to do.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute

from argus.core.db import Database
from argus.core.periodic import Periodic
from services.players import metrics

log = logging.getLogger("argus.players.retention")


@dataclass(frozen=True)
class Rule:
    """Rows of `key`'s table whose `stamp` is more than `days` old are deleted."""

    key: InstrumentedAttribute  # type: ignore[type-arg]
    stamp: InstrumentedAttribute  # type: ignore[type-arg]
    days: float

    @property
    def table(self) -> str:
        return str(self.key.class_.__tablename__)


async def prune(database: Database, rule: Rule, *, batch: int, now: datetime | None = None) -> int:
    """Delete what `rule` says is too old, `batch` rows per transaction; how many went."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=rule.days)
    model = rule.key.class_
    total = 0
    while True:
        picked = select(rule.key).where(rule.stamp < cutoff).order_by(rule.stamp).limit(batch)
        async with database.sessions.begin() as session:
            result = await session.execute(
                delete(model).where(rule.key.in_(picked.scalar_subquery()))
            )
        deleted = int(result.rowcount or 0)  # type: ignore[attr-defined]
        metrics.ROWS_PRUNED.labels(rule.table).inc(deleted)
        total += deleted
        if deleted < batch:
            return total
        await asyncio.sleep(0)  # let calls in between batches


class Pruner:
    """Runs every rule every `interval` seconds until stopped."""

    def __init__(self, database: Database, rules: list[Rule], *, interval: float, batch: int):
        self.database = database
        self.rules = rules
        self.batch = batch
        self._runner = Periodic("players pruning", self.prune_all, every=interval)
        for rule in rules:
            metrics.ROWS_PRUNED.labels(rule.table)

    def start(self) -> None:
        self._runner.start()

    async def stop(self) -> None:
        await self._runner.stop()

    async def prune_all(self) -> None:
        """Every rule once; a rule that fails leaves the others to run, then fails the run."""
        failed: Exception | None = None
        for rule in self.rules:
            try:
                pruned = await prune(self.database, rule, batch=self.batch)
            except (SQLAlchemyError, OSError) as exc:
                log.warning("pruning %s failed: %s", rule.table, type(exc).__name__)
                failed = failed or exc
                continue
            if pruned:
                log.info("pruned old rows", extra={"table": rule.table, "rows": pruned})
        if failed is not None:
            raise failed
