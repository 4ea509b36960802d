"""OCR on hard screenshots: our reader against naive pytesseract, in one run.

The hard generator (tests/support/hard_screenshots.py) draws 13-16 px text, JPEG 55-80, scaled
0.75-1.0, slightly blurred, grey to white text on a 70-85% dark overlay over a busy scene, in
fonts the tests do not otherwise use; half the lists carry GTA's rank badge left of each name.
Naive pytesseract is `image_to_string` on the decoded image, each line parsed as ours is.
Time is per image, one image at a time on one worker; the yardstick is today's reader
(Tesseract alone) on the clean corpus (today's screenshots), which reads a clean image after
each hard one, so that both see the same load.
Run: python bench/bench_ocr_hard.py [--lists 20] [--counts 20] [--below 90] [--opinion rapidocr]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pytesseract  # noqa: E402
from PIL import Image  # noqa: E402

from services.ocr.limits import ImageLimits  # noqa: E402
from services.ocr.parse import parse_count, parse_row  # noqa: E402
from services.ocr.reader import OcrReader  # noqa: E402
from services.ocr.settings import OcrSettings  # noqa: E402
from tests.support.hard_screenshots import hard_player_count, hard_player_list  # noqa: E402
from tests.support.ocr_scoring import Tally, decoys, score  # noqa: E402
from tests.support.screenshots import CountShot, PlayerListShot, player_list  # noqa: E402

LISTS, COUNTS, CLEAN = 20, 20, 12
LIST_SEED, COUNT_SEED, CLEAN_SEED, ROSTER_SEED = 70_000, 80_000, 50_000, 90_000
GOALS = {"exact": 0.90, "matched": 0.98, "badges": 0.85, "counts": 1.0, "time": 1.5}

Rows = list[tuple[str, str]]
Count = tuple[int, str] | None


def naive_rows(data: bytes) -> Rows:
    with Image.open(io.BytesIO(data)) as image:
        text = pytesseract.image_to_string(image)
    parsed = [parse_row(line) for line in text.splitlines()]
    return [(row.name, row.crew_tag) for row in parsed if row.name]


def naive_count(data: bytes) -> Count:
    with Image.open(io.BytesIO(data)) as image:
        text = pytesseract.image_to_string(image)
    for line in text.splitlines():
        parsed = parse_count(line)
        if parsed is not None:
            return parsed.count, parsed.lobby_type
    return None


class Ours:
    def __init__(self, opinion: str, below: float) -> None:
        limits = ImageLimits(max_bytes=8 * 1024 * 1024, max_pixels=16_000_000)
        self.reader = OcrReader(
            engine="tesserocr",
            workers=1,
            tessdata="",
            language="eng",
            limits=limits,
            max_pending=8,
            second_opinion=opinion,
            unsure_below=below,
        )
        self.reader.warm_up()

    def rows(self, data: bytes) -> Rows:
        read = asyncio.run(self.reader.read_player_list(data))
        return [(row.name, row.crew_tag) for row in read]

    def count(self, data: bytes) -> Count:
        read = asyncio.run(self.reader.read_player_count(data))
        return (read.count, read.lobby_type) if read.found else None


def list_tally(shots: Sequence[PlayerListShot], reads: Sequence[object]) -> Tally:
    tally = Tally()
    for i, (shot, read) in enumerate(zip(shots, reads, strict=True)):
        tally += score(shot, read, decoys(ROSTER_SEED + i))  # type: ignore[arg-type]
    return tally


def count_share(shots: Sequence[CountShot], reads: Sequence[object]) -> float:
    good = sum(read == (s.count, s.lobby_type) for s, read in zip(shots, reads, strict=True))
    return good / len(shots)


def report(
    label: str, plain: Tally, badged: Tally, counts: float, seconds: float, clean: float
) -> None:
    print(
        f"{label:<26}{plain.share('exact'):>8.1%}{plain.share('matched'):>9.1%}"
        f"{plain.share('tags'):>7.1%}{badged.share('exact'):>9.1%}{badged.share('matched'):>9.1%}"
        f"{counts:>8.1%}{seconds * 1000:>9.0f}{clean * 1000:>9.0f}"
    )


def taking_turns(
    work: Callable[[bytes], object],
    images: Sequence[bytes],
    yardstick: Callable[[bytes], object],
    clean: Sequence[bytes],
) -> tuple[list[object], float, float]:
    """`work` on each image, each followed by `yardstick` on the next clean image, so a busy
    machine slows both alike: results, mean seconds per image of each."""
    results, spent, spent_clean = [], 0.0, 0.0
    for i, data in enumerate(images):
        start = time.perf_counter()
        results.append(work(data))
        middle = time.perf_counter()
        yardstick(clean[i % len(clean)])
        spent, spent_clean = spent + middle - start, spent_clean + time.perf_counter() - middle
    return results, spent / len(images), spent_clean / len(images)


def main() -> None:
    defaults = OcrSettings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=int, default=LISTS, help="lists each way")
    parser.add_argument("--counts", type=int, default=COUNTS, help="banners")
    parser.add_argument("--opinion", default=defaults.ocr_second_opinion)
    parser.add_argument("--below", type=float, default=defaults.ocr_second_opinion_below)
    parser.add_argument("--no-naive", action="store_true", help="skip naive pytesseract")
    args = parser.parse_args()
    plain = [hard_player_list(LIST_SEED + i, badges=False) for i in range(args.lists)]
    badged = [hard_player_list(LIST_SEED + LISTS + i, badges=True) for i in range(args.lists)]
    counts = [hard_player_count(COUNT_SEED + i) for i in range(args.counts)]
    clean = [player_list(CLEAN_SEED + i).data for i in range(CLEAN)]
    # Today's reader, Tesseract alone, reading the clean corpus is the time yardstick; it reads
    # a clean image after each hard one, whoever reads the hard ones.
    alone = Ours("none", 0.0)
    ours = Ours(args.opinion, args.below) if args.opinion != "none" else alone
    label = "ours (tesserocr)" if ours is alone else f"ours (+{args.opinion} <{args.below:g})"
    readers = [(label, ours.rows, ours.count)]
    if ours is not alone:
        readers.append(("ours, Tesseract alone", alone.rows, alone.count))
    if not args.no_naive:
        readers.append(("naive pytesseract", naive_rows, naive_count))
    results, yardsticks = {}, {}
    try:
        for name, rows, count in readers:
            plain_reads, plain_time, plain_clean = taking_turns(
                rows, [s.data for s in plain], alone.rows, clean
            )
            badged_reads, badged_time, badged_clean = taking_turns(
                rows, [s.data for s in badged], alone.rows, clean
            )
            count_reads = [count(s.data) for s in counts]
            results[name] = (
                list_tally(plain, plain_reads),
                list_tally(badged, badged_reads),
                count_share(counts, count_reads),
                (plain_time + badged_time) / 2,
            )
            yardsticks[name] = (plain_clean + badged_clean) / 2
        _, our_clean_time, clean_time = taking_turns(ours.rows, clean, alone.rows, clean)
    finally:
        ours.reader.close()
        alone.reader.close()
    print(
        f"hard corpus: {args.lists} lists ({results[label][0].total} names), {args.lists} with "
        f"rank badges ({results[label][1].total} names), {args.counts} banners; I/l folded "
        "(one glyph in these fonts)"
    )
    print(
        f"{'':<26}{'exact':>8}{'matched':>9}{'tags':>7}{'badge ex':>9}{'badge m':>9}"
        f"{'counts':>8}{'ms/img':>9}{'clean ms':>9}"
    )
    for name, (p, b, c, t) in results.items():
        report(name, p, b, c, t, yardsticks[name])
    p, b, c, t = results[label]
    naive_time = results["naive pytesseract"][3] if not args.no_naive else float("inf")
    ratio = t / yardsticks[label]
    print(
        f"clean corpus ({CLEAN} lists), taking turns: {label} {our_clean_time * 1000:.0f} "
        f"ms/image, Tesseract alone {clean_time * 1000:.0f} ms/image "
        f"({our_clean_time / clean_time:.2f}x)"
    )
    checks = (
        (f"names exact >= {GOALS['exact']:.0%}", p.share("exact") >= GOALS["exact"]),
        (f"roster names matched >= {GOALS['matched']:.0%}", p.share("matched") >= GOALS["matched"]),
        (f"exact with rank badges >= {GOALS['badges']:.0%}", b.share("exact") >= GOALS["badges"]),
        ("banners 100%", c >= GOALS["counts"]),
        (
            f"time {ratio:.2f}x today's on the clean corpus (<= {GOALS['time']}x)",
            ratio <= GOALS["time"],
        ),
        (f"time {naive_time / t:.1f}x faster than naive pytesseract", t < naive_time),
    )
    for text, met in checks:
        print(f"  {'met' if met else 'MISSED':<7}{text}")


if __name__ == "__main__":
    main()
