"""Checks of player updates in both shapes: seed (namespaced) and MAC client (flat)."""

from __future__ import annotations

import json
from typing import Any

from argus.core.limits import excerpt
from services.players.mac.lobby_types import is_steam_id64
from services.players.mac.store import PlayerChange
from services.players.reputation.verdicts import normalise_verdict

MAC = "mac"
# Keys the MAC client sends next to the namespaces; they belong to `mac`.
FLAT_KEYS = {"localVerdict", "verdict", "customData", "tags", "tag", "convicted"}
# Player fields of the responses: a namespace of that name would hide them.
RESERVED = {
    "name",
    "steamID64",
    "isSelf",
    "localVerdict",
    "verdict",
    "convicted",
    "tags",
    "previousNames",
    "friends",
    "friendsIsPublic",
    "customData",
    "steamInfo",
    "gameInfo",
    "created",
    "modified",
    "lastSeen",
}


# The seed's bulk form: {"localVerdict": {"<steamID64>": "verdict", ...}}.
BULK_KEYS = ("localVerdict", "verdict", "tag")


def expand_bulk(body: dict[str, Any]) -> dict[str, Any]:
    """Per-player updates, with the seed's bulk verdict objects spread over their players."""
    expanded: dict[str, Any] = {k: v for k, v in body.items() if k not in BULK_KEYS}
    for key in BULK_KEYS:
        bulk = body.get(key)
        if not isinstance(bulk, dict):
            if key in body:
                expanded[key] = bulk
            continue
        for steam_id64, verdict in bulk.items():
            entry = expanded.get(steam_id64)
            entry = dict(entry) if isinstance(entry, dict) else {}
            mac = entry.get(MAC)
            entry[MAC] = {**(mac if isinstance(mac, dict) else {}), "verdict": verdict}
            expanded[steam_id64] = entry
    return expanded


class UpdateError(ValueError):
    """Why one player's update was refused."""


def check_update(steam_id64: str, body: Any, max_bytes: int) -> PlayerChange:
    """The change requested for one player, or UpdateError with the reason."""
    if not is_steam_id64(steam_id64):
        raise UpdateError("Invalid steamID64.")
    if not isinstance(body, dict):
        raise UpdateError("Expected an object of namespaces.")
    mac = {key: value for key, value in body.items() if key in FLAT_KEYS}
    nested = body.get(MAC, {})
    if not isinstance(nested, dict):
        raise UpdateError("The mac namespace must be an object.")
    mac.update(nested)
    change = _mac_change(mac)
    for namespace, values in body.items():
        if namespace in FLAT_KEYS or namespace == MAC:
            continue
        if namespace in RESERVED or len(namespace) > 64:
            raise UpdateError(f"Reserved or invalid namespace {excerpt(namespace)}.")
        if not isinstance(values, dict):
            raise UpdateError(f"Namespace {excerpt(namespace)} must be an object.")
        change.namespaces[namespace] = values
    if len(json.dumps(body, default=str)) > max_bytes:
        raise UpdateError(f"Update larger than {max_bytes} bytes.")
    return change


def _mac_change(mac: dict[str, Any]) -> PlayerChange:
    change = PlayerChange()
    for key, value in mac.items():
        if key in ("verdict", "localVerdict"):
            verdict = normalise_verdict(value)
            if verdict is None:
                raise UpdateError(f"Unknown verdict {excerpt(value)}.")
            change.verdict = verdict
        elif key in ("tags", "tag"):
            if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
                raise UpdateError("Tags must be a list of strings.")
            change.tags = list(dict.fromkeys(value))
        elif key == "customData":
            if not isinstance(value, dict):
                raise UpdateError("customData must be an object.")
            change.custom_data = value
        elif key == "convicted":
            if not isinstance(value, bool):
                raise UpdateError("convicted must be true or false.")
            if change.verdict is None:
                change.verdict = value
        else:
            raise UpdateError(f"A key of that name does not exist in mac: {excerpt(key)}.")
    return change
