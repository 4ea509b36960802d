"""Instants from outside as protobuf Timestamps, in UTC, or ValueError when out of range."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp


def utc_timestamp(moment: datetime) -> Timestamp:
    """`moment` (zone-less means UTC) as a Timestamp; ValueError when its UTC instant falls
    outside years 1-9999, as `0001-01-01T00:00:00+05:00` does."""
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:
            raise ValueError("the time is out of range once moved to UTC") from None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp
