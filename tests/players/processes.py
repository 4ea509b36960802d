"""Players replicas as real processes on one database, to kill one of them."""

from __future__ import annotations

import os
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.halp.conftest import SESSIONS, TOKEN
from tests.live.processes import BIN, kill, wait_serving
from tests.support.databases import TestDatabase
from tests.support.servers import free_port


def players_env(port: int, db: TestDatabase, data_dir: Path, ocr_target: str) -> dict[str, str]:
    return {
        **os.environ,
        "ARGUS_HOST": "127.0.0.1",
        "ARGUS_PLAYERS_PORT": str(port),
        "ARGUS_PLAYERS_METRICS_PORT": "0",
        "ARGUS_PLAYERS_DATABASE_URL": db.url,
        "ARGUS_PLAYERS_DATABASE_SCHEMA": db.schema,
        "ARGUS_DATA_DIR": str(data_dir),
        "ARGUS_OCR_TARGET": ocr_target,
        "ARGUS_HALP_SESSIONS": ",".join(SESSIONS),
        "ARGUS_HALP_TOKENS": TOKEN,
        # Room for the 200 commands of the draining test (the default keeps the newest 100).
        "ARGUS_MAC_COMMAND_QUEUE_LIMIT": "1000",
        "ARGUS_LOG_LEVEL": "WARNING",
        "ARGUS_SHUTDOWN_GRACE_SECONDS": "0",
    }


@dataclass
class Replicas:
    """Two players processes; `target` balances over both, as a gateway would be configured."""

    ports: tuple[int, int]
    processes: list[subprocess.Popen[bytes]]

    @property
    def target(self) -> str:
        first, second = self.ports
        return f"ipv4:127.0.0.1:{first},127.0.0.1:{second}"

    def address(self, index: int) -> str:
        return f"127.0.0.1:{self.ports[index]}"


@asynccontextmanager
async def players_replicas(
    db: TestDatabase, data_dir: Path, ocr_target: str
) -> AsyncIterator[Replicas]:
    """Two `argus serve players` processes on `db`, each with a data directory of its own."""
    ports = (free_port(), free_port())
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for index, port in enumerate(ports):
            env = players_env(port, db, data_dir / f"replica-{index}", ocr_target)
            process = subprocess.Popen([str(BIN / "argus"), "serve", "players"], env=env)
            processes.append(process)
            await wait_serving(f"127.0.0.1:{port}", process)
        yield Replicas(ports, processes)
    finally:
        for process in processes:
            kill(process)
