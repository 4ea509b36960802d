"""Alert events: what they carry, and how they travel as JSON in the outbox table."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


class EventKind(enum.StrEnum):
    OPENED = "opened"
    CLOSED = "closed"
    FRAME_ADDED = "frame_added"


@dataclass(frozen=True)
class AlertSnapshot:
    id: int
    truck_id: int
    behavior: str
    alert_init: datetime
    alert_end: datetime | None
    started: bool

    @classmethod
    def of(cls, alert: Any) -> AlertSnapshot:
        """From any object with the alert's attributes (the store's rows or domain types)."""
        return cls(
            id=int(alert.id),
            truck_id=int(alert.truck_id),
            behavior=str(alert.behavior),
            alert_init=alert.alert_init,
            alert_end=alert.alert_end,
            started=bool(alert.started),
        )


@dataclass(frozen=True)
class FrameSnapshot:
    """A stored frame without its image; alert_id 0 for a safe frame."""

    id: int
    alert_id: int
    truck_id: int
    frame_index: int
    frame_timestamp: datetime

    @classmethod
    def of(cls, frame: Any) -> FrameSnapshot:
        return cls(
            id=int(frame.id),
            alert_id=int(frame.alert_id or 0),
            truck_id=int(frame.truck_id),
            frame_index=int(frame.frame_index),
            frame_timestamp=frame.frame_timestamp,
        )


@dataclass(frozen=True)
class AlertEvent:
    kind: EventKind
    # None for a safe frame (no alert).
    alert: AlertSnapshot | None
    frame: FrameSnapshot | None = None
    at: datetime | None = None
    # The outbox id, once stored (0 before).
    id: int = 0

    @classmethod
    def of(cls, kind: EventKind, alert: Any | None, frame: Any | None = None) -> AlertEvent:
        """The event of a change made now; `alert` and `frame` as rows or snapshots."""
        return cls(
            kind,
            AlertSnapshot.of(alert) if alert is not None else None,
            FrameSnapshot.of(frame) if frame is not None else None,
            at=now(),
        )

    @property
    def truck_id(self) -> int:
        if self.alert is not None:
            return self.alert.truck_id
        return self.frame.truck_id if self.frame is not None else 0

    def to_json(self) -> str:
        # The snapshots' own fields as they are (asdict would deep-copy each; one per frame).
        data = {
            "kind": self.kind,
            "alert": None if self.alert is None else vars(self.alert),
            "frame": None if self.frame is None else vars(self.frame),
            "at": self.at,
        }
        return json.dumps(data, default=_iso)

    @classmethod
    def from_json(cls, text: str, event_id: int = 0) -> AlertEvent:
        data = json.loads(text)
        alert, frame = data.get("alert"), data.get("frame")
        if alert is not None:
            alert = AlertSnapshot(
                **{
                    **alert,
                    "alert_init": _dt(alert["alert_init"]),
                    "alert_end": _dt(alert["alert_end"]),
                }
            )
        if frame is not None:
            frame = FrameSnapshot(**{**frame, "frame_timestamp": _dt(frame["frame_timestamp"])})
        return cls(
            kind=EventKind(data["kind"]),
            alert=alert,
            frame=frame,
            at=_dt(data.get("at")),
            id=event_id,
        )


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _dt(value: str | None) -> Any:
    return None if value is None else datetime.fromisoformat(value)


def now() -> datetime:
    return datetime.now(UTC)
