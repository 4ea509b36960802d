"""MAC preferences: the known keys of `internal` (alias `mac`), free-form other namespaces."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

INTERNAL = "internal"
EXTERNAL = "external"
ALIASES = {"mac": INTERNAL}
NO_SUCH_KEY = "A key of that name does not exist."


def _is_str(value: Any) -> bool:
    return isinstance(value, str)


def _is_optional_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _is_port(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 65536


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_friends_usage(value: Any) -> bool:
    return value in ("None", "CheatersOnly", "All")


@dataclass(frozen=True)
class Key:
    default: Any
    valid: Callable[[Any], bool]
    expected: str
    secret: bool = False


KEYS: dict[str, Key] = {
    "steamApiKey": Key("", _is_str, "a string", secret=True),
    "rconPassword": Key("", _is_str, "a string", secret=True),
    "masterbaseKey": Key("", _is_str, "a string", secret=True),
    "tosAgreementDate": Key(None, _is_optional_str, "a date string or null"),
    "friendsApiUsage": Key("CheatersOnly", _is_friends_usage, "None, CheatersOnly or All"),
    "rconPort": Key(27015, _is_port, "a port number (1-65535)"),
    "dumbAutokick": Key(False, _is_bool, "true or false"),
    "masterbaseHost": Key("megaanticheat.com", _is_str, "a string"),
    "tf2Directory": Key("", _is_str, "a string"),
}


@dataclass(frozen=True)
class StoredPref:
    namespace: str
    key: str
    value: Any
    set_by: str


@dataclass
class PrefUpdate:
    """A checked update: what is stored (canonical namespaces) and what is answered."""

    store: dict[str, dict[str, Any]] = field(default_factory=dict)
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, Any] = field(default_factory=dict)


def canonical(namespace: str) -> str:
    return ALIASES.get(namespace, namespace)


def visible_prefs(stored: Iterable[StoredPref], client: str) -> dict[str, dict[str, Any]]:
    """Every namespace; secrets only for the client that set them. `mac` mirrors `internal`."""
    internal = {key: spec.default for key, spec in KEYS.items() if not spec.secret}
    prefs: dict[str, dict[str, Any]] = {INTERNAL: internal, EXTERNAL: {}}
    for pref in stored:
        if pref.namespace == INTERNAL:
            spec = KEYS.get(pref.key)
            if spec is None or (spec.secret and pref.set_by != client):
                continue
        prefs.setdefault(pref.namespace, {})[pref.key] = pref.value
    prefs["mac"] = dict(prefs[INTERNAL])
    return prefs


def check_prefs(body: Any, max_bytes: int) -> PrefUpdate:
    """Split a requested change into what may be stored and the per-key errors."""
    update = PrefUpdate()
    if not isinstance(body, dict):
        update.errors["body"] = "Expected an object of namespaces."
        return update
    for namespace, values in body.items():
        if not isinstance(values, dict):
            update.errors[namespace] = "A namespace must be an object."
            continue
        name = canonical(namespace)
        for key, value in values.items():
            reason = _reason(name, key, value, max_bytes)
            if reason:
                update.errors.setdefault(namespace, {})[key] = reason
            else:
                update.store.setdefault(name, {})[key] = value
                update.changes.setdefault(namespace, {})[key] = value
    return update


def _reason(namespace: str, key: str, value: Any, max_bytes: int) -> str:
    if len(namespace) > 64 or len(key) > 128:
        return "Namespace or key name too long."
    if namespace == INTERNAL:
        spec = KEYS.get(key)
        if spec is None:
            return NO_SUCH_KEY
        if not spec.valid(value):
            return f"Expected {spec.expected}."
    elif len(repr(value)) > max_bytes:
        return f"Value larger than {max_bytes} bytes."
    return ""
