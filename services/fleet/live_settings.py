"""Settings of streamed frames and live events (environment prefix ARGUS_)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings


class FleetLiveSettings(BaseSettings):
    """Bounds of StreamFrames and WatchAlerts."""

    # Frames one stream holds between reading and acknowledging; a slow database makes the
    # server stop reading, and HTTP/2 flow control slows the device down.
    fleet_stream_max_in_flight: int = Field(default=128, ge=1, le=100_000)
    # Most frames committed in one transaction.
    fleet_stream_batch_frames: int = Field(default=64, ge=1, le=10_000)
    # How streamed images are checked: "decode" with OpenCV, as the REST path does, or
    # "structure": a whole JPEG/PNG file, without decoding the pixels (about half the CPU).
    fleet_stream_image_check: Literal["decode", "structure"] = "decode"
    # Live events queued for one watcher; a watcher further behind reads the event table
    # until it has caught up.
    fleet_watch_queue_events: int = Field(default=1000, ge=1, le=1_000_000)
    # How long alert events stay in the outbox, i.e. how far back a watch can resume.
    fleet_event_retention_seconds: float = Field(default=7 * 86_400.0, ge=60)
    # A replica reads the outbox at least this often, even without a wake-up (NOTIFY lost).
    fleet_event_poll_seconds: float = Field(default=2.0, gt=0, le=300)
