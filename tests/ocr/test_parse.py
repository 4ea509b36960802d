"""What the parser makes of text as Tesseract tends to read it."""

from __future__ import annotations

import pytest

from services.ocr.parse import ParsedCount, ParsedRow, parse_count, parse_row


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[ABCD] capt_capslock", ParsedRow(name="capt_capslock", crew_tag="ABCD")),
        ("CliffordGTAV", ParsedRow(name="CliffordGTAV", crew_tag="")),
        ("[2S YW] viper_tiny", ParsedRow(name="viper_tiny", crew_tag="2SYW")),
        ("K303] rex-mike", ParsedRow(name="rex-mike", crew_tag="K303")),
        ("[FESUY] big6102", ParsedRow(name="big6102", crew_tag="ESUY")),
        ("._ [U2QZ] zeroduke8077", ParsedRow(name="zeroduke8077", crew_tag="U2QZ")),
        ("Roman. Lucky.Byte", ParsedRow(name="Roman.Lucky.Byte", crew_tag="")),
        ("_storm_9493 .", ParsedRow(name="storm_9493", crew_tag="")),
    ],
)
def test_rows_split_into_crew_tag_and_name(text: str, expected: ParsedRow) -> None:
    assert parse_row(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GTA Online (Public, 27)", ParsedCount(count=27, lobby_type="Public")),
        ("GTA Online (Invite Only, 3)", ParsedCount(count=3, lobby_type="Invite Only")),
        ("GTA Online (Soto, 13)", ParsedCount(count=13, lobby_type="Solo")),
        ("GTAOnline(ClosedCrew,32)", ParsedCount(count=32, lobby_type="Closed Crew")),
        ("GTA Online (Public, 2O)", ParsedCount(count=20, lobby_type="Public")),
        ("GTA Online (Crew Only. 1l)", ParsedCount(count=11, lobby_type="Crew Only")),
    ],
)
def test_banners_give_count_and_lobby_type(text: str, expected: ParsedCount) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["", "GTA Online", "capt_capslock", "(Public, )"])
def test_text_without_a_count_gives_nothing(text: str) -> None:
    assert parse_count(text) is None


def test_a_crew_tag_whose_closing_bracket_was_lost_is_still_split() -> None:
    assert parse_row("_[PN1 ravengold") == ParsedRow(name="ravengold", crew_tag="PN1")
