"""Scoring what an OCR reader made of a generated player list against its ground truth.

A name counts as read exactly when a row read from the screenshot holds it (I/l folded, see
`same_name`); as matched when a row's best roster name at HALP's threshold is that name, the
way `/read_player_list` matches; a crew tag when the row that read the name exactly read the tag
too. Rows are paired by content, so one extra or missing row does not shift the rest.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from services.players.halp.matching import best_matches
from tests.support.hard_screenshots import hard_name, same_name
from tests.support.screenshots import PlayerListShot

THRESHOLD = 85
ROSTER_DECOYS = 300


@dataclass
class Tally:
    """Counts over a corpus; `total` is the number of names shown."""

    total: int = 0
    rows: int = 0
    exact: int = 0
    matched: int = 0
    tags: int = 0

    def __iadd__(self, other: Tally) -> Tally:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))
        return self

    def share(self, what: str) -> float:
        return getattr(self, what) / self.total if self.total else 0.0


def decoys(seed: int) -> list[str]:
    """Roster names of players who are not in the screenshot (a lobby's roster is larger)."""
    rng = random.Random(seed)
    return [hard_name(rng) for _ in range(ROSTER_DECOYS)]


def score(shot: PlayerListShot, read: Sequence[tuple[str, str]], roster: Iterable[str]) -> Tally:
    """How many of the shot's names and tags the rows `read` ((name, crew_tag) each) hold."""
    names = list(shot.names)
    full_roster = list(dict.fromkeys([*names, *roster]))
    tally = Tally(total=len(names), rows=min(len(read), len(names)))
    unused = list(read)
    for name, tag in zip(names, shot.crew_tags, strict=True):
        hit = next((row for row in unused if same_name(row[0], name)), None)
        if hit is not None:
            unused.remove(hit)
            tally.exact += 1
            tally.tags += hit[1] == tag
    best = best_matches([row[0] for row in read], full_roster)
    found = {match for match, chance in best if chance >= THRESHOLD}
    tally.matched = sum(name in found for name in names)
    return tally
