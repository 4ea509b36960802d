"""One rule for instants: aware UTC inside, Timestamps on the wire, legacy text at the edges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argus.core.times import (
    epoch_seconds,
    epoch_timestamp,
    from_timestamp,
    iso_z,
    naive_utc,
    optional_timestamp,
    utc,
    utc_timestamp,
)

offsets = st.integers(min_value=-23 * 60, max_value=23 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.datetimes(
    min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=offsets
)


@given(moments)
def test_an_aware_time_survives_a_timestamp_round_trip_as_the_same_instant(
    moment: datetime,
) -> None:
    back = from_timestamp(utc_timestamp(moment))
    assert back == moment
    assert back.tzinfo is UTC


@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
def test_a_zone_less_time_is_taken_as_utc(moment: datetime) -> None:
    assert from_timestamp(utc_timestamp(moment)) == moment.replace(tzinfo=UTC)
    assert utc(moment) == moment.replace(tzinfo=UTC)
    assert naive_utc(utc(moment)) == moment


def test_a_time_outside_the_years_once_in_utc_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="out of range"):
        utc_timestamp(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))))


def test_an_unset_time_stays_unset() -> None:
    assert optional_timestamp(None) is None


def test_the_z_form_names_utc_and_shows_microseconds_only_when_there_are_some() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert iso_z(utc_timestamp(datetime(2024, 5, 1, 14, 0, tzinfo=plus_two))) == (
        "2024-05-01T12:00:00Z"
    )
    assert iso_z(utc_timestamp(datetime(2024, 5, 1, 12, 0, 0, 5000))) == (
        "2024-05-01T12:00:00.005000Z"
    )


@given(st.floats(min_value=0, max_value=253_402_300_799, allow_nan=False))
def test_epoch_seconds_survive_a_timestamp_round_trip_to_the_microsecond(seconds: float) -> None:
    back = epoch_seconds(epoch_timestamp(seconds))
    assert abs(back - seconds) <= max(1e-6, abs(seconds) * 1e-15)


def test_epoch_seconds_count_from_1970_in_utc() -> None:
    assert from_timestamp(epoch_timestamp(1.5)) == datetime(1970, 1, 1, 0, 0, 1, 500000, tzinfo=UTC)
