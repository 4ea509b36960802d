"""Turn text read by Tesseract into player rows and player counts."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# What a Social Club name or crew tag can hold, plus the brackets around a tag.
NAME_CHARS = string.ascii_letters + string.digits + "_-."
ROW_ALPHABET = NAME_CHARS + "[] "
COUNT_ALPHABET = string.ascii_letters + string.digits + "(), "
MAX_TAG_LENGTH = 4
# Session types GTA Online prints in the banner; a misread one snaps to the closest.
LOBBY_TYPES = (
    "Public",
    "Invite Only",
    "Crew Only",
    "Closed Crew",
    "Friend",
    "Closed Friend",
    "Crew",
    "Solo",
)
LOBBY_MATCH_FLOOR = 60

_TAG = re.compile(r"^[^A-Za-z0-9\[]*\[?([A-Za-z0-9 ]{1,8})\]\s*(.*)$")
# A tag whose closing bracket was lost: "[ABC name".
_OPEN_TAG = re.compile(r"^[^A-Za-z0-9\[]*\[([A-Za-z0-9]{1,5})\s+(\S.*)$")
_COUNT = re.compile(r"\(?\s*([A-Za-z][A-Za-z ]*?)\s*[,.]\s*([0-9OoIlSB]{1,3})\s*(?:\)|$)")
# Letters Tesseract confuses with digits in a number that is known to be a number.
_DIGIT_FIXES = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "S": "5", "B": "8"})


@dataclass(frozen=True)
class ParsedRow:
    name: str
    crew_tag: str


@dataclass(frozen=True)
class ParsedCount:
    count: int
    lobby_type: str


def _clean_name(text: str) -> str:
    """Names hold no spaces (Tesseract's are gaps between glyphs) and start and end with a
    letter or digit (a leading or trailing stroke is a speck)."""
    return "".join(ch for ch in text if ch in NAME_CHARS).strip("-._")


def parse_row(text: str) -> ParsedRow:
    """Split `[TAG] name` into its crew tag (without brackets) and name."""
    match = _TAG.match(text.strip()) if "]" in text else _OPEN_TAG.match(text.strip())
    if match:
        tag, rest = match.group(1).replace(" ", ""), match.group(2)
        if len(tag) > MAX_TAG_LENGTH:
            tag = tag[1:]  # the opening bracket read as a letter
        return ParsedRow(name=_clean_name(rest), crew_tag=tag.upper())
    return ParsedRow(name=_clean_name(text), crew_tag="")


def parse_count(text: str) -> ParsedCount | None:
    """The lobby type and count of a "GTA Online (Public, 27)" banner, or None."""
    flat = " ".join(text.split())
    match = _COUNT.search(flat)
    if match is None:
        return None
    lobby = match.group(1)
    lobby = re.sub(r"^.*\bOnline\b\s*", "", lobby, flags=re.IGNORECASE).strip()
    digits = match.group(2).translate(_DIGIT_FIXES)
    if not digits.isdigit() or not lobby:
        return None
    return ParsedCount(count=int(digits), lobby_type=known_lobby(lobby))


def known_lobby(read: str) -> str:
    """The known lobby type closest to what was read, or the text as read when none is close."""
    best = process.extractOne(
        read.replace(" ", "").lower(),
        {kind: kind.replace(" ", "").lower() for kind in LOBBY_TYPES},
        scorer=fuzz.ratio,
        score_cutoff=LOBBY_MATCH_FLOOR,
    )
    return str(best[2]) if best else read
