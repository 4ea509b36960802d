"""Which calls a channel retries, and the budget that keeps retries from amplifying load.

A call is retried only when it is read-only (its name says so: Get, List, Read, Lookup,
Watch, Check) and failed with UNAVAILABLE: the server was not reached, is going away, or its
database is away, and asking again changes nothing. Writes are not retried (an UNAVAILABLE
write may have committed before its answer was lost), and neither is shed work:
RESOURCE_EXHAUSTED goes back to the caller with its delay hint. Every channel also has a
retry budget (`retryThrottling`): once more than half of its tokens are spent by failures,
it stops retrying until successes refill them.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable
from typing import Any

READ_ONLY_PREFIXES = ("Get", "List", "Read", "Lookup", "Watch", "Check")
# The contracts whose read-only methods are retried.
PROTO_MODULES = (
    "argus.ocr.v1.ocr_pb2",
    "argus.players.v1.halp_pb2",
    "argus.players.v1.mac_pb2",
    "argus.players.v1.fairplay_pb2",
    "argus.fleet.v1.fleet_pb2",
)
RETRY_POLICY = {
    "maxAttempts": 3,
    "initialBackoff": "0.1s",
    "maxBackoff": "1s",
    "backoffMultiplier": 2,
    "retryableStatusCodes": ["UNAVAILABLE"],
}
# Each failed call costs a token, each success gives back 0.1: retries stop at half of 100.
# The budget is per channel, which carries every caller of a process: it must cover the calls
# in flight to a replica that dies (each fails once and is retried on another replica), and
# still stop retries when a backend is away for good (after 50 failures).
RETRY_THROTTLING = {"maxTokens": 100, "tokenRatio": 0.1}


def read_only_methods(modules: Iterable[str] = PROTO_MODULES) -> list[dict[str, str]]:
    """`{"service", "method"}` of every read-only RPC of the given generated modules."""
    names = []
    for module in modules:
        descriptor = importlib.import_module(module).DESCRIPTOR
        for service in descriptor.services_by_name.values():
            for method in service.methods:
                if method.name.startswith(READ_ONLY_PREFIXES):
                    names.append({"service": service.full_name, "method": method.name})
    return names


def service_config() -> str:
    config: dict[str, Any] = {
        "loadBalancingConfig": [{"round_robin": {}}],
        "retryThrottling": RETRY_THROTTLING,
        "methodConfig": [{"name": read_only_methods(), "retryPolicy": RETRY_POLICY}],
    }
    return json.dumps(config)
