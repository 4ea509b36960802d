"""Helpers the benchmark scripts share: free ports, test JPEGs, the frame a Jetson posts."""

from __future__ import annotations

import socket

import cv2
import numpy as np


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def jpeg_of(size: int) -> bytes:
    """A JPEG of noise of about `size` bytes (at least that many)."""
    rng = np.random.default_rng(7)
    width = 64
    while True:
        pixels = rng.integers(0, 255, (width * 3 // 4, width, 3), dtype=np.uint8)
        _ok, encoded = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, 90])
        if len(encoded) >= size:
            return encoded.tobytes()
        width += 8


def frame_body(token: str, alert_id: int, index: int, frame: str) -> dict[str, object]:
    """The JSON a Jetson posts to /api/v1/log/; `frame` as it sends it, `str(b64encode(...))`."""
    return {
        "token": token,
        "alert_id": alert_id,
        "frame_index": index,
        "frame_timestamp": "2024-01-01 00:00:01",
        "frame": frame,
    }
