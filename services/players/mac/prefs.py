"""MAC preferences: the known keys of `internal` (alias `mac`), free-form other namespaces."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

INTERNAL = "internal"
EXTERNAL = "external"
ALIASES = {"mac": INTERNAL}
NO_SUCH_KEY = "A key of that name does not exist."
# Secrets are kept per client, in a namespace no request can name.
SECRETS = "internal/"


def secret_namespace(client: str) -> str:
    return SECRETS + client


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


@dataclass
class PrefUpdate:
    """A checked update: what is stored (canonical namespaces) and what is answered."""

    store: dict[str, dict[str, Any]] = field(default_factory=dict)
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, Any] = field(default_factory=dict)

    def refuse(self, namespace: str, key: str, reason: str) -> None:
        """Take back a key of a free-form namespace, answering why."""
        for accepted in (self.store, self.changes):
            values = accepted.get(namespace, {})
            values.pop(key, None)
            if not values:
                accepted.pop(namespace, None)
        self.errors.setdefault(namespace, {})[key] = reason


def canonical(namespace: str) -> str:
    return ALIASES.get(namespace, namespace)


def visible_prefs(stored: Iterable[StoredPref], client: str) -> dict[str, dict[str, Any]]:
    """Every namespace, with this client's own secrets in `internal`; `mac` mirrors it."""
    internal = {key: spec.default for key, spec in KEYS.items() if not spec.secret}
    prefs: dict[str, dict[str, Any]] = {INTERNAL: internal, EXTERNAL: {}}
    mine = secret_namespace(client)
    for pref in stored:
        if pref.namespace == mine:
            internal[pref.key] = pref.value
        elif not pref.namespace.startswith(SECRETS):
            prefs.setdefault(pref.namespace, {})[pref.key] = pref.value
    prefs["mac"] = dict(internal)
    return prefs


def check_prefs(body: Any, max_bytes: int, client: str) -> PrefUpdate:
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
        if name.startswith(SECRETS):
            update.errors[namespace] = "A namespace of that name is reserved."
            continue
        for key, value in values.items():
            reason = _reason(name, key, value, max_bytes)
            if reason:
                update.errors.setdefault(namespace, {})[key] = reason
            else:
                secret = name == INTERNAL and KEYS[key].secret
                target = secret_namespace(client) if secret else name
                update.store.setdefault(target, {})[key] = value
                update.changes.setdefault(namespace, {})[key] = value
    return update


class MergedTooLarge(ValueError):
    """A value that, merged with what is stored, would pass the size limit."""

    def __init__(self, namespace: str, key: str) -> None:
        super().__init__(f"{namespace}.{key}")
        self.namespace, self.key = namespace, key


def merge_patch(current: Any, change: Any) -> Any:
    """`change` over `current` as a JSON merge patch (RFC 7386), as the MAC backend merges.

    Objects merge key by key at every depth, `null` removes a key, anything else replaces.
    """
    if not isinstance(change, dict):
        return change
    merged = dict(current) if isinstance(current, dict) else {}
    for key, value in change.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def merger(max_bytes: int) -> Callable[[str, str, Any, Any], Any]:
    """A merge of a stored value with its change that refuses results over `max_bytes`."""

    def merge(namespace: str, key: str, current: Any, change: Any) -> Any:
        merged = merge_patch(current, change)
        # Only a merge can grow a value past what the request's own check let through.
        if isinstance(merged, dict) and len(repr(merged)) > max_bytes:
            raise MergedTooLarge(namespace, key)
        return merged

    return merge


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
