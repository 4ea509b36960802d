"""Instants: aware UTC datetimes inside, protobuf Timestamps on the wire, legacy forms at edges.

One rule for every service: a datetime that crosses a boundary into our code becomes an aware
UTC datetime (a zone-less one is taken as UTC, which is what every store and legacy client
means by it). The only zone-less datetimes left are the ones written to columns stored without
a zone (`naive_utc`), and a legacy API's own text format is produced by its route.
"""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp


def utc(moment: datetime) -> datetime:
    """`moment` as an aware UTC datetime; a zone-less one is taken as UTC."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def naive_utc(moment: datetime) -> datetime:
    """`moment` in UTC without a zone: the form of columns stored without one."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def utc_timestamp(moment: datetime) -> Timestamp:
    """`moment` (zone-less means UTC) as a Timestamp; ValueError when its UTC instant falls
    outside years 1-9999, as `0001-01-01T00:00:00+05:00` does."""
    try:
        moment = naive_utc(moment)
    except OverflowError:
        raise ValueError("the time is out of range once moved to UTC") from None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def optional_timestamp(moment: datetime | None) -> Timestamp | None:
    """`utc_timestamp`, with None for None (an unset message field)."""
    return None if moment is None else utc_timestamp(moment)


def from_timestamp(stamp: Timestamp) -> datetime:
    """A Timestamp as an aware UTC datetime."""
    return stamp.ToDatetime(tzinfo=UTC)


def epoch_timestamp(seconds: float) -> Timestamp:
    """Seconds since the Unix epoch (what `time.time()` gives) as a Timestamp."""
    stamp = Timestamp()
    stamp.FromNanoseconds(int(seconds * 1e9))
    return stamp


def epoch_seconds(stamp: Timestamp) -> float:
    """A Timestamp as seconds since the Unix epoch."""
    return stamp.ToNanoseconds() / 1e9


def iso_z(stamp: Timestamp) -> str:
    """ISO 8601 in UTC with a `Z`, microseconds only when there are some."""
    return stamp.ToDatetime().isoformat() + "Z"
