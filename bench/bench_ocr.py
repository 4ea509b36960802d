"""OCR benchmark: our engine (tesserocr loaded once per worker) vs the pytesseract baseline
(one tesseract process per image), on the same generated player-list screenshots; then the
accuracy of our engine on the generated corpus.

Both engines run the same preprocessing and parsing, so the ratio measures the engine.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.ocr.limits import ImageLimits  # noqa: E402
from services.ocr.reader import OcrReader  # noqa: E402
from services.ocr.settings import OcrSettings  # noqa: E402
from tests.support.screenshots import player_count, player_list  # noqa: E402

SPEED_IMAGES = 12
RATE_ROUNDS = 2
OURS_REPEAT = 3
ACCURACY_LISTS = 40
ACCURACY_COUNTS = 40
LIST_SEED, COUNT_SEED = 50_000, 60_000
GOALS = {"speed": 5.0, "names": 0.98, "counts": 1.0}


def reader(engine: str, workers: int) -> OcrReader:
    """Our engine as the service runs it by default (with its second opinion); the baseline
    as it is."""
    limits = ImageLimits(max_bytes=8 * 1024 * 1024, max_pixels=16_000_000)
    defaults = OcrSettings()
    ours = engine == "tesserocr"
    made = OcrReader(
        engine=engine,
        workers=workers,
        tessdata="",
        language="eng",
        limits=limits,
        max_pending=256,
        second_opinion=defaults.ocr_second_opinion if ours else "none",
        unsure_below=defaults.ocr_second_opinion_below,
    )
    made.warm_up()
    return made


async def timed(ocr: OcrReader, image: bytes) -> float:
    start = time.perf_counter()
    await ocr.read_player_list(image)
    return time.perf_counter() - start


async def rate(ocr: OcrReader, images: list[bytes]) -> float:
    """Images/s with every worker busy."""
    start = time.perf_counter()
    await asyncio.gather(*(ocr.read_player_list(image) for image in images))
    return len(images) / (time.perf_counter() - start)


async def speed(images: list[bytes], workers: int) -> dict[str, tuple[float, float]]:
    """p50 latency (one image at a time) and images/s of both engines. The engines take turns
    (image by image, then round by round), so a busy machine slows both alike."""
    engines = {name: reader(name, workers) for name in ("tesserocr", "pytesseract")}
    try:
        for ocr in engines.values():
            await ocr.read_player_list(images[0])  # warm up
        latencies: dict[str, list[float]] = {name: [] for name in engines}
        for image in images:
            for name, ocr in engines.items():
                latencies[name].append(await timed(ocr, image))
        rates: dict[str, list[float]] = {name: [] for name in engines}
        for _ in range(RATE_ROUNDS):
            for name, ocr in engines.items():
                # Each engine works for a comparable time: ours reads the set several times.
                batch = images * (OURS_REPEAT if name == "tesserocr" else 1)
                rates[name].append(await rate(ocr, batch))
    finally:
        for ocr in engines.values():
            ocr.close()
    return {
        name: (statistics.median(latencies[name]), statistics.mean(rates[name])) for name in engines
    }


async def accuracy(workers: int) -> dict[str, tuple[int, int]]:
    ocr = reader("tesserocr", workers)
    lists = [player_list(LIST_SEED + i) for i in range(ACCURACY_LISTS)]
    counts = [player_count(COUNT_SEED + i) for i in range(ACCURACY_COUNTS)]
    try:
        read_lists = await asyncio.gather(*(ocr.read_player_list(s.data) for s in lists))
        read_counts = await asyncio.gather(*(ocr.read_player_count(s.data) for s in counts))
    finally:
        ocr.close()
    names = tags = rows = total = 0
    for shot, read in zip(lists, read_lists, strict=True):
        total += len(shot.names)
        rows += min(len(read), len(shot.names))
        for row, name, tag in zip(read, shot.names, shot.crew_tags, strict=False):
            names += row.name == name
            tags += row.crew_tag == tag
    exact = sum(
        r.found and (r.count, r.lobby_type) == (s.count, s.lobby_type)
        for s, r in zip(counts, read_counts, strict=True)
    )
    return {
        "rows found": (rows, total),
        "names exact": (names, total),
        "crew tags exact": (tags, total),
        "counts exact": (exact, len(counts)),
    }


async def main() -> None:
    workers = os.cpu_count() or 1
    images = [player_list(LIST_SEED + i).data for i in range(SPEED_IMAGES)]
    print(f"player-list screenshots: {len(images)} images, {workers} workers per engine")
    measured = await speed(images, workers)
    ours, base = measured["tesserocr"], measured["pytesseract"]
    print(f"{'engine':<28}{'p50 latency':>14}{'images/s':>12}")
    print(f"{'tesserocr (ours)':<28}{ours[0] * 1000:>11.1f} ms{ours[1]:>12.2f}")
    print(f"{'pytesseract (baseline)':<28}{base[0] * 1000:>11.1f} ms{base[1]:>12.2f}")
    latency_ratio, rate_ratio = base[0] / ours[0], ours[1] / base[1]
    print(
        f"ratio: {latency_ratio:.1f}x lower p50 latency, {rate_ratio:.1f}x more images/s "
        f"(goal >= {GOALS['speed']:.0f}x)"
    )
    print(f"\naccuracy on the generated corpus ({ACCURACY_LISTS} lists, {ACCURACY_COUNTS} counts):")
    for label, (good, total) in (await accuracy(workers)).items():
        print(f"  {label:<18}{good:>5}/{total:<5}{good / total:>8.1%}")
    print(f"goals: names >= {GOALS['names']:.0%}, counts {GOALS['counts']:.0%}")


if __name__ == "__main__":
    asyncio.run(main())
