"""Fuzzy matching of OCR'd names against a roster, as DESIGN §5 (HALP) defines it.

matchChance = round(Indel ratio of the lower-cased strings), the rapidfuzz `fuzz.ratio`; the
subMatch pair scores the name with its crew tag removed. Scores come from one `cdist` call per
pair kind (a C++ loop over the whole matrix), not a Python loop over pairs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from services.players.halp.entities import Player, SessionMatch, Unmatched


def chance(score: float) -> int:
    """A 0..100 score rounded half up, as the legacy API prints it."""
    return math.floor(score + 0.5)


def best_matches(queries: Sequence[str], roster: Sequence[str]) -> list[tuple[str, int]]:
    """For each query, the best roster name (first on ties) and its rounded score."""
    if not roster:
        return [("", 0) for _ in queries]
    if not queries:
        return []
    scores = process.cdist(
        [query.lower() for query in queries],
        [name.lower() for name in roster],
        scorer=fuzz.ratio,
        dtype=np.float64,
    )
    best = scores.argmax(axis=1)
    return [(roster[int(j)], chance(float(scores[i, j]))) for i, j in enumerate(best)]


def unique(names: Sequence[str]) -> list[str]:
    """Names stripped, empty ones dropped, duplicates removed, first-seen order kept."""
    return list(dict.fromkeys(name.strip() for name in names if name.strip()))


def match_players(
    players: Sequence[Player], roster: Sequence[str], threshold: int, *, session: str = ""
) -> SessionMatch:
    """Split OCR'd players into matched roster names and unmatched names with their best guess."""
    names = unique(roster)
    displays = [player.display for player in players]
    bare = [player.name or player.display for player in players]
    main = best_matches(displays, names)
    sub = main if bare == displays else best_matches(bare, names)
    result = SessionMatch(session=session)
    for player, (match_name, score), (sub_name, sub_score) in zip(players, main, sub, strict=True):
        if max(score, sub_score) >= threshold and names:
            result.matched.append(match_name if score >= sub_score else sub_name)
            continue
        result.unmatched.append(
            Unmatched(
                name=player.display,
                match_chance=score,
                match_name=match_name,
                sub_match_chance=sub_score,
                sub_match_name=sub_name,
            )
        )
    result.matched = unique(result.matched)
    return result
