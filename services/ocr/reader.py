"""Reads player lists and player counts: admission, preprocessing, recognition, parsing.

A pool of worker threads does the work; each thread keeps its own loaded engine. Threads are
enough for parallelism because OpenCV and Tesseract release the GIL while they compute.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from argus.core.errors import InvalidArgument, ResourceExhausted
from services.ocr import metrics
from services.ocr.engine import Engine, create_engine, find_tessdata
from services.ocr.limits import ImageLimits, admit, decode
from services.ocr.opinion import SecondOpinion, read_lines
from services.ocr.parse import COUNT_ALPHABET, ROW_ALPHABET, parse_count, parse_row
from services.ocr.preprocess import split_lines
from services.ocr.recogniser import create_recogniser
from services.ocr.words import restore_gaps

T = TypeVar("T")
# Prepared lines are dark text on white; below this is ink.
INK_LEVEL = 128
WARM_UP_SECONDS = 60.0


@dataclass(frozen=True)
class PlayerRow:
    text: str
    name: str
    crew_tag: str
    confidence: float
    row: int


@dataclass(frozen=True)
class PlayerCount:
    found: bool
    count: int
    lobby_type: str
    raw_text: str
    confidence: float


def player_rows(
    engine: Engine,
    image_bytes: bytes,
    limits: ImageLimits,
    opinion: SecondOpinion | None = None,
) -> list[PlayerRow]:
    """Every non-empty row of a player-list screenshot, top to bottom."""
    lines = split_lines(decode(image_bytes, limits))
    rows: list[PlayerRow] = []
    read = read_lines(engine, opinion, lines, ROW_ALPHABET)
    for line, (raw, confidence) in zip(lines, read, strict=True):
        text = restore_gaps(raw, line.image < INK_LEVEL)
        parsed = parse_row(text)
        if parsed.name:
            rows.append(PlayerRow(text, parsed.name, parsed.crew_tag, confidence, len(rows)))
    return rows


def player_count(
    engine: Engine,
    image_bytes: bytes,
    limits: ImageLimits,
    opinion: SecondOpinion | None = None,
) -> PlayerCount:
    """The first "(<lobby>, <count>)" banner line of an image, or found=False."""
    lines = split_lines(decode(image_bytes, limits))
    read = read_lines(engine, opinion, lines, COUNT_ALPHABET)
    for text, confidence in read:
        parsed = parse_count(text)
        if parsed is not None:
            return PlayerCount(True, parsed.count, parsed.lobby_type, text, confidence)
    raw = " ".join(text for text, _ in read)
    return PlayerCount(False, 0, "", raw, 0.0)


class OcrReader:
    """The OCR service's domain entry point: async calls served by a pool of engines."""

    def __init__(
        self,
        *,
        engine: str,
        workers: int,
        tessdata: str,
        language: str,
        limits: ImageLimits,
        max_pending: int,
        second_look: bool = True,
        second_opinion: str = "none",
        unsure_below: float = 0.0,
    ) -> None:
        self.engine_name = engine
        self.second_look = second_look
        self.second_opinion = second_opinion
        self.unsure_below = unsure_below
        self.max_pending = max_pending
        self._pending = 0
        self.limits = limits
        self._tessdata = find_tessdata(tessdata, language)
        self._language = language
        self._local = threading.local()
        self._engines: list[Engine] = []
        self._lock = threading.Lock()
        self.workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr")
        metrics.WORKERS.set(workers)

    def _engine(self) -> Engine:
        engine: Engine | None = getattr(self._local, "engine", None)
        if engine is None:
            engine = create_engine(
                self.engine_name, self._tessdata, self._language, second_look=self.second_look
            )
            self._local.engine = engine
            with self._lock:
                self._engines.append(engine)
        return engine

    def _opinion(self) -> SecondOpinion | None:
        """This worker's second opinion (each worker loads its own recogniser)."""
        if self.second_opinion == "none":
            return None
        opinion: SecondOpinion | None = getattr(self._local, "opinion", None)
        if opinion is None:
            recogniser = create_recogniser(self.second_opinion)
            opinion = SecondOpinion(recogniser, self.unsure_below)
            self._local.opinion = opinion
        return opinion

    async def _run(self, operation: str, data: bytes, work: Callable[[Engine], T]) -> T:
        metrics.IMAGE_BYTES.labels(operation).inc(len(data))
        start = time.perf_counter()
        result = "error"
        try:
            admit(data, self.limits)  # from the header, before a worker is taken
            value = await self._in_worker(operation, lambda: work(self._engine()))
            result = "not_found" if isinstance(value, PlayerCount) and not value.found else "ok"
            return value
        except InvalidArgument:
            result = "invalid"
            raise
        except ResourceExhausted:
            result = "busy"
            raise
        finally:
            metrics.IMAGES.labels(operation, result).inc()
            metrics.DURATION.labels(operation).observe(time.perf_counter() - start)

    async def _in_worker(self, operation: str, job: Callable[[], T]) -> T:
        """Run `job` on a worker. It counts as pending until the worker is done with it, even
        when the caller is gone: abandoned work never lets more in than `max_pending`."""
        if self._pending >= self.max_pending:
            raise ResourceExhausted(
                f"the OCR service is busy ({self._pending} images in progress); retry later",
                reason="OCR_BUSY",
            )
        loop = asyncio.get_running_loop()
        self._pending += 1
        metrics.IN_FLIGHT.inc()
        future = self._pool.submit(job)
        future.add_done_callback(lambda _: loop.call_soon_threadsafe(self._release))
        return await asyncio.wrap_future(future)

    def _release(self) -> None:
        self._pending -= 1
        metrics.IN_FLIGHT.dec()

    async def read_player_list(self, data: bytes) -> list[PlayerRow]:
        rows = await self._run(
            "read_player_list", data, lambda e: player_rows(e, data, self.limits, self._opinion())
        )
        metrics.ROWS.inc(len(rows))
        return rows

    async def read_player_count(self, data: bytes) -> PlayerCount:
        return await self._run(
            "read_player_count", data, lambda e: player_count(e, data, self.limits, self._opinion())
        )

    def warm_up(self) -> None:
        """Load an engine in every worker now: a broken Tesseract set-up fails at start, and
        the first calls do not pay for loading the model."""
        # The barrier holds each task until all have started, so each lands on its own thread.
        barrier = threading.Barrier(self.workers)

        def load() -> None:
            try:
                self._engine()
                self._opinion()
            except BaseException:
                barrier.abort()  # release the others at once
                raise
            barrier.wait(timeout=WARM_UP_SECONDS)

        futures = [self._pool.submit(load) for _ in range(self.workers)]
        errors = [error for error in (f.exception() for f in futures) if error is not None]
        if errors:
            raise next(
                (e for e in errors if not isinstance(e, threading.BrokenBarrierError)), errors[0]
            )

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        with self._lock:
            for engine in self._engines:
                engine.close()
            self._engines.clear()
