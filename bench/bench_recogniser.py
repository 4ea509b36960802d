"""What the second opinion costs per line on hard screenshots, and what would make it cheaper.

Reads the lines of hard player lists (tests/support/hard_screenshots.py) and reports, for the
PP-OCRv6 recogniser as the service runs it and for alternatives the service does not use:
CPU milliseconds per line (the thread's CPU time: onnxruntime with one intra-op thread computes
on the calling thread, so other jobs on a shared machine do not count) and lines whose name is
read exactly. Then, for ways of choosing which lines go to the recogniser, how many go and how
many are read exactly: the service's rule, every line, and the ideal (only the lines
Tesseract misreads). The alternatives reach into the recogniser's internals on purpose.
Run: python bench/bench_recogniser.py [--lists 10]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import onnxruntime  # noqa: E402

from services.ocr.engine import TesserocrEngine, find_tessdata  # noqa: E402
from services.ocr.limits import ImageLimits, decode  # noqa: E402
from services.ocr.opinion import (  # noqa: E402
    SURE_IMAGE,
    SURE_IMAGE_MARGIN,
    SecondOpinion,
)
from services.ocr.parse import ROW_ALPHABET, parse_row  # noqa: E402
from services.ocr.preprocess import split_lines  # noqa: E402
from services.ocr.reader import INK_LEVEL, player_rows  # noqa: E402
from services.ocr.recogniser import HEIGHT, MIN_WIDTH, PaddleRecogniser, Read, model_path  # noqa: E402
from services.ocr.words import restore_gaps  # noqa: E402
from tests.support.hard_screenshots import hard_player_list, same_name  # noqa: E402
from tests.support.screenshots import player_list  # noqa: E402

LIST_SEED, CLEAN_SEED, LISTS, BELOW = 70_000, 50_000, 10, 90.0
LIMITS = ImageLimits(max_bytes=8 * 1024 * 1024, max_pixels=16_000_000)


@dataclass
class Line:
    image: np.ndarray  # as Tesseract reads it
    crop: np.ndarray  # as seen, what the recogniser reads
    names: tuple[str, ...]  # the shot's names
    shot: int
    tesseract: Read = ("", 0.0)


def right(line: Line, text: str) -> bool:
    name = parse_row(restore_gaps(text, line.image < INK_LEVEL)).name
    return any(same_name(name, truth) for truth in line.names)


def normalised(crop: np.ndarray, height: int = HEIGHT, squeeze: float = 1.0) -> np.ndarray:
    """The crop as the model takes it; text `height` high (padded to HEIGHT), width x `squeeze`."""
    width = max(MIN_WIDTH, round(crop.shape[1] * height / crop.shape[0] * squeeze))
    line = cv2.resize(crop, (width, height), interpolation=cv2.INTER_CUBIC)
    pad = HEIGHT - height
    line = cv2.copyMakeBorder(line, pad // 2, pad - pad // 2, 0, 0, cv2.BORDER_REPLICATE)
    line = cv2.cvtColor(line, cv2.COLOR_GRAY2BGR)
    return (line.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)


def recogniser(**options: object) -> PaddleRecogniser:
    """The service's recogniser, its session rebuilt with these session options changed."""
    rec = PaddleRecogniser()
    settings = onnxruntime.SessionOptions()
    settings.intra_op_num_threads = settings.inter_op_num_threads = 1
    settings.log_severity_level = 3
    for key, value in options.items():
        setattr(settings, key, value)
    rec._session = onnxruntime.InferenceSession(
        str(model_path()), settings, providers=["CPUExecutionProvider"]
    )
    rec._restrict(ROW_ALPHABET)
    return rec


def one_by_one(
    rec: PaddleRecogniser, height: int = HEIGHT, squeeze: float = 1.0
) -> Callable[[Sequence[Line]], list[str]]:
    def read(lines: Sequence[Line]) -> list[str]:
        run = rec._session.run
        return [
            rec._decode(run(None, {rec._input: normalised(x.crop, height, squeeze)[None]})[0][0])[0]
            for x in lines
        ]

    return read


def batched(rec: PaddleRecogniser, size: int) -> Callable[[Sequence[Line]], list[str]]:
    """Lines of similar width `size` at a time, padded to the widest, as PaddleOCR does."""

    def read(lines: Sequence[Line]) -> list[str]:
        inputs = [normalised(line.crop) for line in lines]
        order = sorted(range(len(inputs)), key=lambda i: inputs[i].shape[2])
        texts = [""] * len(inputs)
        for start in range(0, len(order), size):
            group = order[start : start + size]
            batch = np.zeros((len(group), 3, HEIGHT, inputs[group[-1]].shape[2]), np.float32)
            for k, i in enumerate(group):
                batch[k, :, :, : inputs[i].shape[2]] = inputs[i]
            probs = rec._session.run(None, {rec._input: batch})[0]
            for k, i in enumerate(group):
                texts[i] = rec._decode(probs[k])[0]
        return texts

    return read


def hard_lines(lists: int, tesseract: TesserocrEngine) -> list[Line]:
    lines = []
    for i in range(lists):
        for badges in (False, True):
            shot = hard_player_list(LIST_SEED + i + 20 * badges, badges=badges)
            for found in split_lines(decode(shot.data, LIMITS)):
                line = Line(found.image, found.crop, shot.names, 2 * i + badges)
                (line.tesseract,) = tesseract.read_lines([found.image], ROW_ALPHABET)
                lines.append(line)
    return lines


def sent_by_service(lines: Sequence[Line]) -> list[bool]:
    """The service's rule: under BELOW, or under BELOW less the margin in a surely read image."""
    chosen = []
    for shot in sorted({line.shot for line in lines}):
        own = [line.tesseract[1] for line in lines if line.shot == shot]
        sure = sum(confidence >= BELOW for confidence in own) >= SURE_IMAGE * len(own)
        bar = BELOW - SURE_IMAGE_MARGIN if sure else BELOW
        chosen += [confidence < bar for confidence in own]
    return chosen


def per_image(
    tesseract: TesserocrEngine, opinion: SecondOpinion | None, images: Sequence[bytes]
) -> float:
    """CPU seconds per image, read as the service reads it (all on this thread)."""
    player_rows(tesseract, images[0], LIMITS, opinion)
    start = time.thread_time()
    for data in images:
        player_rows(tesseract, data, LIMITS, opinion)
    return (time.thread_time() - start) / len(images)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=int, default=LISTS, help="lists each way")
    args = parser.parse_args()
    tesseract = TesserocrEngine(find_tessdata("", "eng"), "eng")
    lines = hard_lines(args.lists, tesseract)
    base = recogniser()
    readers = {
        "as the service reads (one line a run)": one_by_one(base),
        "batches of 2 similar widths": batched(base, 2),
        "batches of 4": batched(base, 4),
        "batches of 8": batched(base, 8),
        "no memory arena": one_by_one(recogniser(enable_cpu_mem_arena=False)),
        "graph optimisation extended, not all": one_by_one(
            recogniser(
                graph_optimization_level=onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
            )
        ),
        "width x 0.9": one_by_one(base, squeeze=0.9),
        "width x 0.8": one_by_one(base, squeeze=0.8),
        "text 40 px high, padded to 48": one_by_one(base, height=40),
    }
    reads: dict[str, list[str]] = {}
    widths = [normalised(line.crop).shape[2] for line in lines]
    print(
        f"{len(lines)} lines of {2 * args.lists} hard lists; model input {HEIGHT} px high, "
        f"{np.mean(widths):.0f} px wide on average"
    )
    print(f"{'recogniser':<40}{'CPU ms/line':>12}{'read right':>12}")
    for label, read in readers.items():
        read(lines[:4])  # first runs of a shape allocate
        start = time.thread_time()
        reads[label] = read(lines)
        spent = (time.thread_time() - start) / len(lines)
        good = sum(right(line, text) for line, text in zip(lines, reads[label], strict=True))
        print(f"{label:<40}{spent * 1000:>12.1f}{good:>8}/{len(lines)}")
    again = reads["as the service reads (one line a run)"]
    tess = [right(line, line.tesseract[0]) for line in lines]
    rec = [
        right(line, text) if text else t for line, text, t in zip(lines, again, tess, strict=True)
    ]
    rules = {
        f"the service's (under {BELOW:g}, {BELOW - SURE_IMAGE_MARGIN:g} in sure images)": (
            sent_by_service(lines)
        ),
        "every line": [True] * len(lines),
        "none (Tesseract alone)": [False] * len(lines),
        "ideal: only the lines Tesseract misreads": [not t for t in tess],
    }
    print(f"{'lines to the recogniser':<52}{'sent':>10}{'read right':>12}")
    for label, chosen in rules.items():
        good = sum(r if c else t for c, r, t in zip(chosen, rec, tess, strict=True))
        sent = sum(chosen)
        print(f"{label:<52}{sent:>5} {sent / len(lines):>4.0%}{good:>8}/{len(lines)}")
    hard = [hard_player_list(LIST_SEED + i, badges=bool(i % 2)).data for i in range(args.lists)]
    clean = [player_list(CLEAN_SEED + i).data for i in range(args.lists)]
    yardstick = per_image(tesseract, None, clean)
    ours = per_image(tesseract, SecondOpinion(base, BELOW), hard)
    alone = per_image(tesseract, None, hard)
    print(
        f"CPU per image: clean, Tesseract alone {yardstick * 1000:.0f} ms; hard, as the service "
        f"reads {ours * 1000:.0f} ms ({ours / yardstick:.2f}x), Tesseract alone "
        f"{alone * 1000:.0f} ms ({alone / yardstick:.2f}x)"
    )
    tesseract.close()


if __name__ == "__main__":
    main()
