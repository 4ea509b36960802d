"""JSON in and out of the gateway in C (orjson): the answers it renders and the request bodies
it reads, byte for byte what Starlette and FastAPI would give or accept.

`JSONAnswer` renders what `JSONResponse` renders (compact, UTF-8, keys as given). A router whose
`route_class` is `JSONBodyRoute` parses request bodies with orjson. A body orjson refuses, or
one with any number it read as a float (orjson reads an integer beyond 64 bits as a float, the
standard library as an int), goes through the standard library's parser: whatever that parser
accepts (`NaN`, UTF-16 text, huge integers) reaches validation as before, and whatever it
refuses still answers FastAPI's "JSON decode error" at the same position.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

import orjson
from fastapi import Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.responses import Response


class JSONAnswer(JSONResponse):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


class _JSONBodyRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                value = orjson.loads(body)
            except orjson.JSONDecodeError:
                value = json.loads(body)
            else:
                if _has_float(value):
                    value = json.loads(body)
            self._json = value
        return self._json


def _has_float(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_float(item) for item in value)
    return False


class JSONBodyRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()
        if self.body_field is None:
            return handle  # nothing to parse: no request of its own

        async def handler(request: Request) -> Response:
            return await handle(_JSONBodyRequest(request.scope, request.receive))

        return handler
