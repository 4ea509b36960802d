"""The halp domain: auth, sessions, submissions (raw or OCR), history and matching."""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from argus.core.errors import ArgusError, InvalidArgument, NotFound, PermissionDenied
from argus.core.image_header import check_pixels
from argus.core.times import utc
from services.players.halp import metrics
from services.players.halp.entities import (
    OCR,
    RAW_COUNT,
    Images,
    OcrRead,
    SessionMatch,
    Submission,
)
from services.players.halp.matching import match_players, unique
from services.players.halp.settings import HalpSettings
from services.players.halp.store import SubmissionStore
from services.players.halp.uploads import Uploads, image_extension

# What a submission carries: a count (internal callers), the legacy form's text, or images.
Payload = int | str | Images | None

log = logging.getLogger("argus.halp")

# Digits only, and few enough that int() stays cheap; the setting caps the value itself.
_DIGITS = re.compile(r"[0-9]{1,12}")


class OcrReader(Protocol):
    async def read(self, images: Images) -> OcrRead: ...


def invalid_images(message: str) -> InvalidArgument:
    return InvalidArgument(message, reason="INVALID_IMAGES")


def _mode_of(payload: Payload) -> str:
    if isinstance(payload, Images):
        return OCR
    return RAW_COUNT if payload is not None else "none"


class HalpDomain:
    def __init__(
        self, settings: HalpSettings, store: SubmissionStore, uploads: Uploads, ocr: OcrReader
    ) -> None:
        self.settings = settings
        self.store = store
        self.uploads = uploads
        self.ocr = ocr

    def authorize(self, token: str | None) -> None:
        """PermissionDenied ("Invalid Auth") unless `token` is one of the configured tokens."""
        given = (token or "").encode()
        accepted = False
        for candidate in self.settings.halp_tokens:
            accepted |= hmac.compare_digest(given, candidate.encode())
        if not given or not accepted:
            raise PermissionDenied("Invalid Auth", reason="INVALID_AUTH")

    def check_session(self, session: str) -> None:
        if session not in self.settings.halp_sessions:
            raise NotFound("Session not found", reason="SESSION_NOT_FOUND")

    def sessions(self, token: str | None) -> list[str]:
        self.authorize(token)
        return list(self.settings.halp_sessions)

    async def restore_gauges(self) -> None:
        """Set the player-count gauge of every session from its stored latest submission."""
        for session in self.settings.halp_sessions:
            latest = await self.store.latest(session=session)
            if latest is not None:
                metrics.record_latest(session, latest.player_count, latest.submitted_at)

    async def submit(self, token: str | None, session: str, payload: Payload) -> Submission:
        """Validate and store one submission; a rejected one stores nothing."""
        mode = _mode_of(payload)
        try:
            self.authorize(token)
            self.check_session(session)
            if isinstance(payload, Images):
                submission = await self._submit_images(session, payload)
            else:
                count = self._parse_count(payload)
                submission = await self.store.create(
                    session=session, mode=RAW_COUNT, player_count=count
                )
        except ArgusError as error:
            metrics.record_submission(mode, error.reason.lower())
            log.info(
                "submission rejected: %s",
                error.message,
                extra={"mode": mode, "reason": error.reason},
            )
            raise
        metrics.record_submission(mode, "accepted")
        log.info(
            "submission stored",
            extra={"session": session, "mode": mode, "player_count": submission.player_count},
        )
        metrics.record_latest(session, submission.player_count, submission.submitted_at)
        return submission

    def _parse_count(self, payload: int | str | None) -> int:
        if payload is None or payload == "":
            raise InvalidArgument("No Playercount", reason="NO_PLAYERCOUNT")
        if isinstance(payload, str):
            if not _DIGITS.fullmatch(payload):
                raise InvalidArgument("Invalid Playercount", reason="INVALID_PLAYERCOUNT")
            payload = int(payload)
        if not 0 <= payload <= self.settings.halp_max_player_count:
            raise InvalidArgument("Invalid Playercount", reason="INVALID_PLAYERCOUNT")
        return payload

    def _check_images(self, images: Images) -> None:
        limit = self.settings.halp_max_image_bytes
        for field, data in (("playerlist", images.player_list), ("count_img", images.count_image)):
            if not data:
                raise invalid_images(f"{field} is missing or empty")
            if len(data) > limit:
                raise invalid_images(f"{field} is larger than {limit} bytes")
            if image_extension(data) is None:
                raise invalid_images(f"{field} is not a PNG or JPEG image")
        for field, data in (("playerlist", images.player_list), ("count_img", images.count_image)):
            try:  # from the header: a decompression bomb goes no further (not to OCR)
                check_pixels(data, max_pixels=self.settings.halp_max_image_pixels)
            except InvalidArgument as exc:
                raise invalid_images(f"{field}: {exc.message}") from None

    async def _submit_images(self, session: str, images: Images) -> Submission:
        self._check_images(images)
        read = await self.ocr.read(images)
        if not read.players:
            raise invalid_images("playerlist: no player names could be read")
        player_list = await self.uploads.save(images.player_list, "playerlist")
        count_image = ""
        try:
            count_image = await self.uploads.save(images.count_image, "count")
            return await self.store.create(
                session=session,
                mode=OCR,
                player_count=read.count,
                players=read.players,
                player_list_upload=player_list,
                count_upload=count_image,
            )
        except BaseException:
            await self.uploads.delete(player_list, count_image)
            raise

    async def read_player_list(
        self, token: str | None, session: str, roster: Sequence[str]
    ) -> list[SessionMatch]:
        """Match each session's latest OCR'd names against `roster` (every session when "")."""
        self.authorize(token)
        if session:
            self.check_session(session)
        names = unique(roster)
        if len(names) > self.settings.halp_max_roster_names:
            raise InvalidArgument(
                f"playerList has more than {self.settings.halp_max_roster_names} names",
                reason="INVALID_PLAYERLIST",
            )
        sessions = [session] if session else self.settings.halp_sessions
        return [await self._match_session(name, names) for name in sessions]

    async def _match_session(self, session: str, roster: list[str]) -> SessionMatch:
        latest_ocr = await self.store.latest(session=session, mode=OCR)
        players = latest_ocr.players if latest_ocr else []
        result = match_players(players, roster, self.settings.halp_match_threshold, session=session)
        latest = await self.store.latest(session=session)
        result.player_count = latest.player_count if latest else None
        return result

    async def get_upload(self, token: str | None, name: str) -> tuple[bytes, str]:
        self.authorize(token)
        return await self.uploads.read(name)

    async def history(
        self, token: str | None, session: str, *, limit: int = 0, since: datetime | None = None
    ) -> list[Submission]:
        """A session's submissions, newest first."""
        self.authorize(token)
        self.check_session(session)
        if limit < 0:
            raise InvalidArgument("limit must not be negative", reason="INVALID_LIMIT")
        limit = min(
            limit or self.settings.halp_history_default_limit, self.settings.halp_history_max_limit
        )
        if since is not None:
            since = utc(since)
        return await self.store.history(session=session, limit=limit, since=since)
