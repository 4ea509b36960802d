"""Plain types of the halp domain, shared by its service, store, matching and servicer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Mode = Literal["rawCount", "OCR"]
RAW_COUNT: Mode = "rawCount"
OCR: Mode = "OCR"


@dataclass(frozen=True)
class Player:
    """One row of a player list as read: the whole text, the name, the crew tag if any."""

    text: str
    name: str
    crew_tag: str = ""

    @property
    def display(self) -> str:
        """The OCR'd name as the legacy API keys it: crew tag included, as GTA shows it."""
        if not self.name:
            return self.text
        return f"[{self.crew_tag}] {self.name}" if self.crew_tag else self.name


@dataclass(frozen=True)
class OcrRead:
    """What the OCR service read from the two screenshots of one submission."""

    players: list[Player]
    count: int


@dataclass(frozen=True)
class Images:
    player_list: bytes
    count_image: bytes


@dataclass
class Submission:
    id: int
    session: str
    mode: Mode
    player_count: int
    submitted_at: datetime
    players: list[Player] = field(default_factory=list)
    player_list_upload: str = ""
    count_upload: str = ""


@dataclass(frozen=True)
class Unmatched:
    name: str
    match_chance: int
    match_name: str
    sub_match_chance: int
    sub_match_name: str


@dataclass
class SessionMatch:
    session: str
    matched: list[str] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    player_count: int | None = None
