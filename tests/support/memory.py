"""Resident memory of another process, from /proc (Linux)."""

from __future__ import annotations

from pathlib import Path


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(f"{field} not in /proc/{pid}/status")


def reset_peak(pid: int) -> int:
    """Make the process's peak resident size its current one; returns that size in bytes."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")
    return _status_kib(pid, "VmRSS") * 1024


def peak(pid: int) -> int:
    """The most resident memory the process has held since the last reset, in bytes."""
    return _status_kib(pid, "VmHWM") * 1024
