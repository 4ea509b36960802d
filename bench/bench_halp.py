"""HALP matching: 100 OCR'd names against a 10,000-name roster.

Ours (`match_players`: one rapidfuzz `process.cdist` over the whole matrix) against a plain
Python loop over the same scorer (`fuzz.ratio` on lower-cased names), measured in one run.
Run: python bench/bench_halp.py
"""

from __future__ import annotations

import random
import statistics
import string
import time
from collections.abc import Callable

from rapidfuzz import fuzz

from services.players.halp.entities import Player, SessionMatch
from services.players.halp.matching import chance, match_players

ROSTER_SIZE = 10_000
OCR_NAMES = 100
THRESHOLD = 85
ALPHABET = string.ascii_letters + string.digits + "_-"
MISREADS = {"l": "1", "O": "0", "o": "0", "S": "5", "I": "l", "B": "8", "e": "c"}


def roster_and_reads(rng: random.Random) -> tuple[list[str], list[str]]:
    """A roster of unique names and 100 reads: most are roster names, some misread."""
    roster: dict[str, None] = {}
    while len(roster) < ROSTER_SIZE:
        roster["".join(rng.choices(ALPHABET, k=rng.randint(4, 16)))] = None
    names = list(roster)
    reads = []
    for name in rng.sample(names, OCR_NAMES):
        if rng.random() < 0.3:
            name = "".join(MISREADS.get(c, c) if rng.random() < 0.3 else c for c in name)
        reads.append(name)
    return names, reads


def plain_loop(reads: list[str], roster: list[str]) -> list[tuple[str, int]]:
    """The baseline: every pair scored one by one in Python."""
    lowered = [name.lower() for name in roster]
    best = []
    for read in reads:
        query = read.lower()
        top, top_score = "", -1.0
        for name, candidate in zip(roster, lowered, strict=True):
            score = fuzz.ratio(query, candidate)
            if score > top_score:
                top, top_score = name, score
        best.append((top, chance(top_score)))
    return best


def ours(reads: list[str], roster: list[str]) -> SessionMatch:
    return match_players([Player(text=read, name=read) for read in reads], roster, THRESHOLD)


def agreeing(expected: list[tuple[str, int]], reads: list[str], result: SessionMatch) -> int:
    """Reads on which ours and the baseline agree: same verdict, same best name and score."""
    unmatched = {u.name: (u.match_name, u.match_chance) for u in result.unmatched}
    return sum(
        (name in result.matched) if score >= THRESHOLD else unmatched.get(read) == (name, score)
        for read, (name, score) in zip(reads, expected, strict=True)
    )


def timed(function: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    roster, reads = roster_and_reads(random.Random(3))
    expected = plain_loop(reads, roster)
    agree = agreeing(expected, reads, ours(reads, roster))
    ours_s = timed(lambda: ours(reads, roster), 15)
    loop_s = timed(lambda: plain_loop(reads, roster), 3)
    p50_ours, p50_loop = statistics.median(ours_s), statistics.median(loop_s)
    pairs = OCR_NAMES * ROSTER_SIZE
    print(f"matching {OCR_NAMES} OCR'd names against a {ROSTER_SIZE}-name roster ({pairs} pairs)")
    print(f"  ours (process.cdist)      p50 {p50_ours * 1000:8.1f} ms   (goal < 50 ms)")
    print(f"  baseline (Python loop)    p50 {p50_loop * 1000:8.1f} ms")
    print(f"  speed-up                  {p50_loop / p50_ours:8.1f}x")
    print(f"  same verdict, best name and score as the baseline: {agree}/{OCR_NAMES}")


if __name__ == "__main__":
    main()
