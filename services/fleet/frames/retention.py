"""Frame retention: frames older than ARGUS_FLEET_FRAME_RETENTION_DAYS (by the time they were
stored, not the device's clock) are deleted in the background, in small batches, so that no
transaction holds many rows and live traffic keeps flowing between batches."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from argus.core.periodic import Periodic
from services.fleet.frames import metrics
from services.fleet.frames import store as frames
from services.fleet.settings import FleetSettings

log = logging.getLogger("argus.fleet.retention")


class FramePruner:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], settings: FleetSettings) -> None:
        self.sessions = sessions
        self.days = settings.fleet_frame_retention_days
        self.batch = settings.fleet_frame_prune_batch
        self._runner = Periodic(
            "frame pruning", self._prune_and_log, every=settings.fleet_frame_prune_interval_seconds
        )

    async def prune(self) -> int:
        """Delete every frame past retention, a batch per transaction; the rows deleted."""
        if not self.days:
            return 0
        cutoff = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=self.days)
        total = 0
        while True:
            async with self.sessions() as session, session.begin():
                deleted = await frames.delete_stored_before(
                    session=session, cutoff=cutoff, limit=self.batch
                )
            total += deleted
            metrics.FRAMES_PRUNED.inc(deleted)
            if deleted < self.batch:
                return total
            await asyncio.sleep(0)  # let other work in between batches

    async def _prune_and_log(self) -> None:
        if pruned := await self.prune():
            log.info("frames pruned", extra={"frames": pruned})

    def start(self) -> None:
        if self.days:
            self._runner.start()

    async def stop(self) -> None:
        await self._runner.stop()
