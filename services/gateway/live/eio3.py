"""Engine.IO protocol 3, what Socket.IO 2.x clients speak (python-socketio 5 speaks only 4):
long-polling with `<length>:<packet>` payloads, WebSocket, the probe and upgrade between them,
client pings. What travels in its message packets is left to an `Endpoint`."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Callable
from typing import Any, Protocol
from urllib.parse import parse_qs

from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect

log = logging.getLogger("argus.gateway.live")

OPEN, CLOSE, PING, PONG, MESSAGE, UPGRADE, NOOP = "0123456"


class ProtocolError(Exception):
    """Input that does not follow the protocol; the request or session is refused."""


class Endpoint(Protocol):
    """What an Engine.IO session carries: the application protocol's side of one client."""

    def greeting(self) -> list[str]:
        """Messages sent right after the open packet."""

    async def message(self, data: str) -> None:
        """A message packet from the client."""

    async def closed(self) -> None:
        """The session ended (closed, expired or its WebSocket dropped)."""


def js_length(text: str) -> int:
    """The length JavaScript gives `text` (UTF-16 code units): what payload framing counts."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def encode_payload(packets: list[str]) -> str:
    return "".join(f"{js_length(packet)}:{packet}" for packet in packets)


def decode_payload(body: str) -> list[str]:
    """The packets of a `<length>:<packet>...` polling payload."""
    packets, start = [], 0
    while start < len(body):
        colon = body.find(":", start, start + 12)
        digits = body[start:colon]
        if colon < 0 or not (digits.isascii() and digits.isdigit()):
            raise ProtocolError("bad payload length")
        units, end = int(digits), colon + 1
        while units > 0 and end < len(body):
            units -= 2 if ord(body[end]) > 0xFFFF else 1
            end += 1
        if units != 0:
            raise ProtocolError("payload shorter than its length")
        packets.append(body[colon + 1 : end])
        start = end
    return packets


class Session:
    """One client: packets queued for its next poll, or its WebSocket once upgraded."""

    def __init__(self, sid: str) -> None:
        self.sid = sid
        self.endpoint: Endpoint | None = None
        self.websocket: WebSocket | None = None
        self.outbox: list[str] = []
        self.ready = asyncio.Event()
        self.polling = False
        self.upgrading = False
        self.closed = False
        self.watchdog: asyncio.TimerHandle | None = None

    async def send(self, packet: str) -> None:
        if self.closed:
            return
        if self.websocket is None:
            self.outbox.append(packet)
            self.ready.set()
            return
        try:
            await self.websocket.send_text(packet)
        except (RuntimeError, OSError, WebSocketDisconnect):
            log.debug("engine.io 3 session %s: websocket gone", self.sid)

    async def send_message(self, data: str) -> None:
        await self.send(MESSAGE + data)

    def take(self) -> list[str]:
        packets, self.outbox = self.outbox, []
        self.ready.clear()
        return packets


class Eio3Server:
    """The ASGI app of Engine.IO 3; `endpoint` makes the application side of each session."""

    def __init__(
        self,
        endpoint: Callable[[Session], Endpoint],
        *,
        cors_origins: list[str],
        ping_interval: float,
        ping_timeout: float,
        max_payload_bytes: int,
    ) -> None:
        self._endpoint = endpoint
        # No origins: CORS not handled at all; "*": every origin (python-engineio's meaning).
        self._cors = bool(cors_origins)
        self._origins = None if "*" in cors_origins else set(cors_origins)
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self.max_payload_bytes = max_payload_bytes
        self.sessions: dict[str, Session] = {}
        self._closing: set[asyncio.Task[None]] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._websocket(WebSocket(scope, receive, send))
        elif scope["type"] == "http":
            request = Request(scope, receive)
            response = await self._http(request)
            response.headers.update(self._cors_headers(request))
            await response(scope, receive, send)

    def _origin_refused(self, origin: str | None) -> bool:
        if not self._cors or origin is None or self._origins is None:
            return False
        return origin not in self._origins

    def _cors_headers(self, request: Request) -> dict[str, str]:
        """Those python-engineio sends, so both protocol generations answer alike."""
        origin, headers = request.headers.get("origin"), dict[str, str]()
        if not self._cors:
            return headers
        if origin is not None and not self._origin_refused(origin):
            headers["Access-Control-Allow-Origin"] = origin
        if request.method == "OPTIONS":
            headers["Access-Control-Allow-Methods"] = "OPTIONS, GET, POST"
        if "access-control-request-headers" in request.headers:
            headers["Access-Control-Allow-Headers"] = request.headers[
                "access-control-request-headers"
            ]
        headers["Access-Control-Allow-Credentials"] = "true"
        return headers

    async def _http(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=200)
        origin = request.headers.get("origin")
        if self._origin_refused(origin):
            return _error(f"{origin} is not an accepted origin.", 400)
        query = request.query_params
        if query.get("transport") != "polling" or "j" in query:
            return _error("Transport unknown", 400, code=0)
        sid = query.get("sid")
        if sid is None:
            if request.method != "GET":
                return _error("Bad request", 400, code=3)
            return _payload(self._open(upgrades=["websocket"]).take())
        known = self.sessions.get(sid)
        if known is None or known.websocket is not None:
            return _error("Session ID unknown", 400, code=1)
        if request.method == "GET":
            return await self._poll(known)
        if request.method == "POST":
            return await self._post(known, request)
        return _error("Bad request", 400, code=3)

    async def _poll(self, session: Session) -> Response:
        if session.polling:
            await self._close(session)
            return _error("Overlapping poll", 400, code=3)
        session.polling = True
        try:
            # A client pings every ping interval, so a live session never waits that long;
            # one that is upgrading needs its poll answered to finish the upgrade.
            if not session.upgrading:
                await asyncio.wait_for(session.ready.wait(), self.ping_interval)
        except TimeoutError:
            pass
        finally:
            session.polling = False
        packets = session.take()
        if session.closed and not packets:
            packets = [CLOSE]
        return _payload(packets or [NOOP])

    async def _post(self, session: Session, request: Request) -> Response:
        body = b""
        try:
            async for chunk in request.stream():
                body += chunk
                if len(body) > self.max_payload_bytes:
                    await self._close(session)
                    return _error("Payload too large", 413, code=3)
        except ClientDisconnect:
            return Response(status_code=400)
        try:
            packets = decode_payload(body.decode())
        except (UnicodeDecodeError, ProtocolError):
            await self._close(session)
            return _error("Bad payload", 400, code=3)
        for packet in packets:
            await self._packet(session, packet)
        return PlainTextResponse("ok", media_type="text/html")

    def _open(self, upgrades: list[str]) -> Session:
        session = Session(secrets.token_urlsafe(15))
        session.endpoint = self._endpoint(session)
        self.sessions[session.sid] = session
        handshake = {
            "sid": session.sid,
            "upgrades": upgrades,
            "pingInterval": int(self.ping_interval * 1000),
            "pingTimeout": int(self.ping_timeout * 1000),
        }
        session.outbox.append(OPEN + json.dumps(handshake, separators=(",", ":")))
        session.outbox.extend(MESSAGE + data for data in session.endpoint.greeting())
        self._alive(session)
        return session

    def _alive(self, session: Session) -> None:
        """(Re)arm the timer that ends a session whose client stopped pinging."""
        if session.watchdog is not None:
            session.watchdog.cancel()
        loop = asyncio.get_running_loop()
        delay = self.ping_interval + self.ping_timeout
        session.watchdog = loop.call_later(delay, self._expire, session)

    def _expire(self, session: Session) -> None:
        log.info("engine.io 3 session %s: no ping, closing", session.sid)
        task = asyncio.create_task(self._close(session))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def _packet(self, session: Session, packet: str) -> None:
        self._alive(session)
        kind, data = packet[:1], packet[1:]
        if kind == PING:
            await session.send(PONG + data)
        elif kind == MESSAGE and session.endpoint is not None:
            await session.endpoint.message(data)
        elif kind == CLOSE:
            await self._close(session)
        elif kind not in (PONG, NOOP, UPGRADE):
            log.info("engine.io 3 session %s: unknown packet, closing", session.sid)
            await self._close(session)

    async def _close(self, session: Session) -> None:
        if session.closed:
            return
        session.closed = True
        self.sessions.pop(session.sid, None)
        if session.watchdog is not None:
            session.watchdog.cancel()
        session.ready.set()
        if session.endpoint is not None:
            await session.endpoint.closed()
        if session.websocket is not None:
            await _close_quietly(session.websocket)

    async def _websocket(self, websocket: WebSocket) -> None:
        if self._origin_refused(websocket.headers.get("origin")):
            await websocket.close()
            return
        sid = websocket.query_params.get("sid")
        if sid is None:
            await websocket.accept()
            session = self._open(upgrades=[])
            session.websocket = websocket
            for packet in session.take():
                await session.send(packet)
        else:
            upgrading = self.sessions.get(sid)
            if upgrading is None or upgrading.websocket is not None:
                await websocket.close()
                return
            await websocket.accept()
            if not await self._upgrade(upgrading, websocket):
                return
            session = upgrading
        await self._receive(session, websocket)

    async def _upgrade(self, session: Session, websocket: WebSocket) -> bool:
        """The probe (`2probe` -> `3probe`), then `5`: the session moves to the WebSocket."""
        try:
            if await _receive_text(websocket) != PING + "probe":
                await _close_quietly(websocket)
                return False
            await websocket.send_text(PONG + "probe")
            # The client pauses polling before it upgrades: the poll it has pending must end.
            session.upgrading = True
            session.ready.set()
            if await _receive_text(websocket) != UPGRADE or session.closed:
                session.upgrading = False  # the client goes on polling
                await _close_quietly(websocket)
                return False
            self._alive(session)
            while pending := [p for p in session.take() if p != NOOP]:
                for packet in pending:
                    await websocket.send_text(packet)
        except (WebSocketDisconnect, RuntimeError, OSError):
            session.upgrading = False  # a client that lost it now too ends by its watchdog
            return False
        session.websocket = websocket
        return True

    async def _receive(self, session: Session, websocket: WebSocket) -> None:
        try:
            while not session.closed:
                text = await _receive_text(websocket)
                if text is None:
                    break
                await self._packet(session, text)
        finally:
            await self._close(session)

    async def close(self) -> None:
        """End every session (the gateway is stopping)."""
        for session in list(self.sessions.values()):
            await self._close(session)


async def _receive_text(websocket: WebSocket) -> str | None:
    """The next text frame; None once the WebSocket is closed (binary frames are not ours)."""
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return None
            if message.get("text") is not None:
                return str(message["text"])
    except (WebSocketDisconnect, RuntimeError):
        return None


async def _close_quietly(websocket: WebSocket) -> None:
    try:
        await websocket.close()
    except (RuntimeError, OSError, WebSocketDisconnect):
        pass  # already closed by the client


def _payload(packets: list[str]) -> Response:
    return PlainTextResponse(encode_payload(packets), media_type="text/plain; charset=UTF-8")


def _error(message: str, status: int, code: int = 3) -> Response:
    """Engine.IO 3's error body."""
    body = json.dumps({"code": code, "message": message})
    return Response(body, status_code=status, media_type="application/json")


class ProtocolSwitch:
    """ASGI: `EIO=3` requests to the Engine.IO 3 app, all others to python-socketio."""

    def __init__(self, current: ASGIApp, legacy: ASGIApp) -> None:
        self.current = current
        self.legacy = legacy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and _eio_version(scope) == "3":
            await self.legacy(scope, receive, send)
        else:
            await self.current(scope, receive, send)


def _eio_version(scope: Scope) -> str | None:
    query: Any = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    values = query.get("EIO")
    return str(values[0]) if values else None
