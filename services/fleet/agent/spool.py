"""The agent's on-disk spool: frames stay here until the server acknowledges them.

A small SQLite file per device. A frame is written before it is sent and deleted only when its
sequence number is acknowledged, so a crash, a killed agent or a lost connection loses nothing.
The next sequence number is kept here too; a fresh spool starts from the current time in
microseconds, so a device whose spool was wiped never reuses an acknowledged number.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS frames (
    sequence INTEGER PRIMARY KEY,
    alert_id INTEGER NOT NULL,
    frame_index INTEGER NOT NULL,
    taken_at_us INTEGER NOT NULL,
    image BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class SpooledFrame:
    sequence: int
    alert_id: int
    frame_index: int
    taken_at: datetime
    image: bytes


def spool_path(directory: Path, mac: str) -> Path:
    """The spool file of one device inside `directory`."""
    return directory / f"{re.sub(r'[^0-9A-Za-z]+', '-', mac).strip('-') or 'device'}.spool"


class Spool:
    """Unacknowledged frames of one device, durable across agent restarts."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str | None) -> None:
        if value is None:
            self._db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self._db.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def _next_sequence(self) -> int:
        stored = self.get_meta("next_sequence")
        return int(stored) if stored is not None else time.time_ns() // 1000

    def add(self, *, alert_id: int, frame_index: int, taken_at: datetime, image: bytes) -> int:
        """Store a frame durably and return its sequence number."""
        sequence = self._next_sequence()
        taken_us = int(taken_at.timestamp() * 1_000_000)
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute(
                "INSERT INTO frames VALUES (?, ?, ?, ?, ?)",
                (sequence, alert_id, frame_index, taken_us, image),
            )
            self.set_meta("next_sequence", str(sequence + 1))
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return sequence

    def remove(self, sequences: Iterable[int]) -> None:
        """Forget acknowledged (or definitively rejected) frames."""
        rows = [(s,) for s in sequences]
        if rows:
            self._db.executemany("DELETE FROM frames WHERE sequence = ?", rows)

    def pending(self, after: int = -1, limit: int = 64) -> list[SpooledFrame]:
        """Frames not yet acknowledged, oldest first, with a sequence above `after`."""
        rows = self._db.execute(
            "SELECT sequence, alert_id, frame_index, taken_at_us, image FROM frames "
            "WHERE sequence > ? ORDER BY sequence LIMIT ?",
            (after, limit),
        ).fetchall()
        return [
            SpooledFrame(
                sequence=row[0],
                alert_id=row[1],
                frame_index=row[2],
                taken_at=datetime.fromtimestamp(row[3] / 1_000_000, tz=UTC),
                image=bytes(row[4]),
            )
            for row in rows
        ]

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM frames").fetchone()[0])

    def __iter__(self) -> Iterator[SpooledFrame]:
        after = -1
        while batch := self.pending(after):
            yield from batch
            after = batch[-1].sequence
