"""Hypothesis over the legacy parsers: any input is understood or refused cleanly, and what is
understood always fits the protos (no int32 overflow, no out-of-range time)."""

from __future__ import annotations

import asyncio
from base64 import b64decode, b64encode
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import example, given, settings
from hypothesis import strategies as st

from argus.core.times import utc_timestamp
from services.gateway.errors import BackendError
from services.gateway.routes import fairplay, halp
from services.gateway.routes.fleet_envelope import decode_frame, parse_time
from services.players.mac.convert import snapshot_pb
from services.players.mac.status import parse_status

INT32 = 2**31 - 1
FAST = settings(max_examples=300, deadline=None)

_number = st.one_of(st.integers(0, 120), st.integers(0, 10**12)).map(str)
_status_row = st.builds(
    lambda uid, name, account, ping, loss, minutes: (
        f'#  {uid} "{name}"  [U:1:{account}]  {minutes}:07  {ping}  {loss} active'
    ),
    _number,
    st.text(max_size=20),
    st.integers(0, 2**33),
    _number,
    _number,
    _number,
)
_status_text = st.lists(st.one_of(_status_row, st.text(max_size=80)), max_size=12).map("\n".join)


@FAST
@given(_status_text)
def test_status_text_parses_into_a_snapshot_that_fits_the_protos(text: str) -> None:
    parsed = parse_status(text)
    message = snapshot_pb(parsed.snapshot)
    for player in message.players:
        assert 0 <= player.game_info.ping <= INT32 and 0 <= player.game_info.loss <= INT32
        assert int(player.steam_id64) >= 76561197960265728
    assert len(parsed.snapshot.players) + len(parsed.skipped) + parsed.bots <= len(
        text.splitlines()
    )


@FAST
@given(st.binary(max_size=256))
def test_frames_as_bytes_literals_or_plain_base64_decode_to_their_bytes(image: bytes) -> None:
    assert decode_frame(str(b64encode(image))) == image
    assert decode_frame(b64encode(image).decode()) == image


@FAST
@given(st.text(max_size=200))
def test_any_frame_text_decodes_or_is_a_400(text: str) -> None:
    try:
        decode_frame(text)
    except BackendError as refused:
        assert refused.status == 400 and refused.reason == "INVALID_BASE64"


@FAST
@given(st.text(alphabet="ABCab01+/=\n -_é", max_size=40))
# Padding after a whole last group: the standard library takes it, the SIMD decoder does not.
@example("QUJD=")
@example("QUJD==")
@example("QUI=QUI=")
def test_the_fast_decoder_answers_as_the_standard_library(text: str) -> None:
    """Near-base64 text (padding anywhere, spaces, URL-safe letters): the same bytes or the
    same refusal as `base64.b64decode(validate=True)`."""
    try:
        expected: bytes | None = b64decode(text.strip(), validate=True)
    except ValueError:
        expected = None
    try:
        assert decode_frame(text) == expected
    except BackendError:
        assert expected is None


_offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
_moments = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59))
# The first and last days of the calendar are where an offset pushes a time out of range.
_edges = st.one_of(
    st.datetimes(max_value=datetime(1, 1, 2)), st.datetimes(min_value=datetime(9999, 12, 31))
)
_iso_times = st.builds(
    lambda moment, zone: moment.replace(tzinfo=zone).isoformat(),
    st.one_of(_moments, _edges),
    _offsets,
)


@FAST
@given(st.one_of(st.text(max_size=60), _iso_times))
def test_any_fleet_time_parses_or_is_a_400(text: str) -> None:
    try:
        parse_time(text, "alert_init")
    except BackendError as refused:
        assert refused.status == 400 and refused.reason == "INVALID_TIMESTAMP"


@FAST
@given(st.one_of(st.text(max_size=60), _iso_times, st.floats(allow_nan=False).map(str)))
def test_any_halp_since_parses_or_answers_invalid_since(text: str) -> None:
    try:
        halp._since(text)
    except BackendError as refused:
        answer = halp.error_response(refused)
        assert (answer.status_code, answer.body) == (400, b"Invalid since")


@FAST
@given(st.one_of(_moments, _edges), st.integers(-23 * 60, 23 * 60))
def test_any_time_with_an_offset_becomes_utc_or_a_value_error(
    moment: datetime, minutes: int
) -> None:
    aware = moment.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    try:
        stamp = utc_timestamp(aware)
    except ValueError:
        return
    assert stamp.ToDatetime(tzinfo=UTC) == aware


_segment = st.text(alphabet=st.characters(blacklist_characters="/"), max_size=12)


@FAST
@given(st.text(max_size=20), st.lists(_segment, max_size=5))
def test_dfairplay_paths_with_an_unknown_function_or_wrong_count_answer_their_codes(
    name: str, params: list[str]
) -> None:
    tail = "/".join(params)
    function = fairplay.FUNCTIONS.get(name)
    if function is not None and len(fairplay.split_params(tail)) == len(function.params):
        return
    expected = fairplay.UNKNOWN_FUNCTION if function is None else fairplay.WRONG_COUNT
    # These answers never reach a backend.
    assert asyncio.run(fairplay.answer(None, name, tail)) == expected  # type: ignore[arg-type]
