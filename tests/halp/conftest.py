"""HALP test helpers: the platform with sessions and tokens configured, and an HTTP client."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PIL import Image, ImageDraw, ImageFont
from prometheus_client import REGISTRY
from sqlalchemy import select

from argus.core.db import create_engine
from services.players.halp.models import HalpUpload
from tests.support.databases import TestDatabase
from tests.support.screenshots import font_path
from tests.support.servers import Platform, platform

SESSIONS = ["clifford", "spadge"]
TOKEN = "halp-test-token"
OTHER_TOKEN = "second-token"
SEED_NAMES = ["capt_capslock", "CliffordGTAV", "SpadgeVEVO", "blazeroman"]
SHADES = ((34, 34, 40), (18, 18, 22))


@dataclass
class Halp:
    platform: Platform
    client: httpx.AsyncClient
    data_dir: Path
    db: TestDatabase

    async def submit_raw(self, session: str, count: str, **extra: str) -> httpx.Response:
        form = {"auth": TOKEN, "mode": "rawCount", "session": session, "playercount": count}
        return await self.client.post("/submit_playercount", data={**form, **extra})

    async def history(self, session: str, **params: str) -> list[dict[str, object]]:
        reply = await self.client.get(
            f"/sessions/{session}/history", params={"auth": TOKEN, **params}
        )
        assert reply.status_code == 200, reply.text
        submissions: list[dict[str, object]] = reply.json()["submissions"]
        return submissions

    async def uploads(self) -> list[str]:
        """Names of the screenshots stored in the players database."""
        return await stored_uploads(self.db)


async def stored_uploads(db: TestDatabase) -> list[str]:
    engine = create_engine(db.url, schema=db.schema or None)
    try:
        async with engine.connect() as connection:
            names = await connection.scalars(select(HalpUpload.name).order_by(HalpUpload.name))
            return list(names)
    finally:
        await engine.dispose()


def halp_settings(**overrides: object) -> dict[str, object]:
    return {"halp_sessions": SESSIONS, "halp_tokens": [TOKEN, OTHER_TOKEN], **overrides}


@pytest.fixture
async def halp(tmp_path: Path, sqlite_db: TestDatabase) -> AsyncIterator[Halp]:
    """The whole platform on SQLite with two sessions and two tokens."""
    async with (
        platform(tmp_path, sqlite_db, players=halp_settings()) as running,
        httpx.AsyncClient(base_url=running.url, timeout=60) as client,
    ):
        yield Halp(running, client, tmp_path, sqlite_db)


def submissions_counted(mode: str, result: str) -> float:
    value = REGISTRY.get_sample_value(
        "argus_halp_submissions_total", {"mode": mode, "result": result}
    )
    return value or 0.0


def player_count_gauge(session: str) -> float | None:
    return REGISTRY.get_sample_value("argus_halp_player_count", {"session": session})


def last_submission_gauge(session: str) -> float | None:
    return REGISTRY.get_sample_value(
        "argus_halp_last_submission_timestamp_seconds", {"session": session}
    )


def player_list_png(names: list[str], crew_tags: list[str] | None = None) -> bytes:
    """A player-list screenshot showing exactly `names`: light text on alternating dark rows."""
    tags = crew_tags or [""] * len(names)
    size, row_h, pad, width = 20, 34, 10, 340
    image = Image.new("RGB", (width + 2 * pad, len(names) * row_h + 2 * pad), (70, 90, 120))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("DejaVuSans-Bold.ttf")), size)
    for i, (name, tag) in enumerate(zip(names, tags, strict=True)):
        top = pad + i * row_h
        draw.rectangle((pad, top, pad + width, top + row_h - 2), fill=SHADES[i % 2])
        text = f"[{tag}] {name}" if tag else name
        draw.text((pad + 8, top + (row_h - size) // 2 - 1), text, font=font, fill=(240, 240, 240))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def blank_png(width: int = 200, height: int = 40) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 20, 20)).save(out, "PNG")
    return out.getvalue()


def screenshots(player_list: bytes, count: bytes) -> dict[str, tuple[str, bytes, str]]:
    """The two files of an OCR submission, as the screenshotter sends them."""
    return {
        "playerlist": ("playerlist.png", player_list, "image/png"),
        "count_img": ("count.png", count, "image/png"),
    }
