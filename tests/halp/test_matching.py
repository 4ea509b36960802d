"""Matching OCR'd names against a roster, with the numbers of the HALP documentation."""

from __future__ import annotations

from services.players.halp.entities import Player, Unmatched
from services.players.halp.matching import chance, match_players
from tests.halp.conftest import SEED_NAMES


def players(*names: str) -> list[Player]:
    return [Player(text=name, name=name) for name in names]


def test_the_documented_example_gives_24_26_and_17() -> None:
    result = match_players(players(*SEED_NAMES), ["capt_capslock"], 85)

    assert result.matched == ["capt_capslock"]
    assert result.unmatched == [
        Unmatched("CliffordGTAV", 24, "capt_capslock", 24, "capt_capslock"),
        Unmatched("SpadgeVEVO", 26, "capt_capslock", 26, "capt_capslock"),
        Unmatched("blazeroman", 17, "capt_capslock", 17, "capt_capslock"),
    ]


def test_case_does_not_change_the_score() -> None:
    result = match_players(players("CAPT_CAPSLOCK"), ["capt_capslock"], 100)
    assert result.matched == ["capt_capslock"]


def test_the_best_roster_name_is_named_and_a_misread_still_matches_over_the_threshold() -> None:
    roster = ["blazeroman", "capt_capslock", "SpadgeVEVO"]
    result = match_players(players("capt_caps1ock", "Spadg3VEV0x"), roster, 85)

    assert result.matched == ["capt_capslock"]
    (unmatched,) = result.unmatched
    assert unmatched.name == "Spadg3VEV0x"
    assert unmatched.match_name == "SpadgeVEVO"
    assert unmatched.match_chance == 76


def test_a_crew_tag_is_scored_apart_in_the_sub_match() -> None:
    row = Player(text="[DOGS] capt_capslock", name="capt_capslock", crew_tag="DOGS")
    result = match_players([row], ["capt_capslock", "dogsbody"], 85)
    assert result.matched == ["capt_capslock"]

    row = Player(text="[D0GS] blaze.", name="blaze", crew_tag="DOGS")
    (unmatched,) = match_players([row], ["capt_capslock", "blaze_x"], 85).unmatched
    assert unmatched.name == "[DOGS] blaze"
    assert (unmatched.sub_match_name, unmatched.sub_match_chance) == ("blaze_x", 83)
    assert unmatched.match_chance < unmatched.sub_match_chance


def test_an_empty_roster_leaves_every_name_unmatched_with_no_candidate() -> None:
    result = match_players(players("capt_capslock"), [" ", ""], 85)
    assert result.matched == []
    assert result.unmatched == [Unmatched("capt_capslock", 0, "", 0, "")]


def test_a_roster_name_matched_twice_is_listed_once() -> None:
    result = match_players(players("capt_capslock", "capt_capslock"), ["capt_capslock"], 85)
    assert result.matched == ["capt_capslock"]


def test_scores_round_half_up() -> None:
    assert [chance(84.4999), chance(84.5), chance(26.0869)] == [84, 85, 26]
