"""What Socket.IO 2.x clients (like the seed's page) send over our Engine.IO 3 sessions: the
packets of Socket.IO protocol revision 4, and the `/alert` namespace served by `AlertFeed`."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import socketio

from services.gateway.live.alert_feed import NAMESPACE, AlertFeed
from services.gateway.live.eio3 import Eio3Server, ProtocolError, Session

log = logging.getLogger("argus.gateway.live")

CONNECT, DISCONNECT, EVENT, ACK, ERROR, BINARY_EVENT, BINARY_ACK = range(7)
ROOT = "/"
FEED = "socketio2"


@dataclass
class Packet:
    type: int
    nsp: str = ROOT
    id: int | None = None
    data: Any = None


def encode(packet: Packet) -> str:
    """`<type>[<nsp>,][<id>][<json>]`, as socket.io-parser 3 writes it."""
    text = str(packet.type)
    if packet.nsp != ROOT:
        text += packet.nsp + ","
    if packet.id is not None:
        text += str(packet.id)
    if packet.data is not None:
        text += json.dumps(packet.data, separators=(",", ":"))
    return text


def decode(text: str) -> Packet:
    if not text or text[0] not in "0123456":
        raise ProtocolError("unknown packet type")
    kind, index = int(text[0]), 1
    if kind in (BINARY_EVENT, BINARY_ACK):
        raise ProtocolError("binary packets are not supported")
    nsp = ROOT
    if text.startswith("/", index):
        comma = text.find(",", index)
        end = len(text) if comma < 0 else comma
        nsp = text[index:end].split("?", 1)[0]  # a client's connect query is not used
        index = end + 1
    start = index
    while index < len(text) and text[index] in "0123456789":
        index += 1
    packet_id = int(text[start:index]) if index > start else None
    try:
        data = json.loads(text[index:]) if index < len(text) else None
    except ValueError as exc:
        raise ProtocolError("packet data is not JSON") from exc
    return Packet(kind, nsp, packet_id, data)


class Sio2Client:
    """The namespaces one Socket.IO 2 client joined on its Engine.IO 3 session."""

    def __init__(self, session: Session, feed: AlertFeed) -> None:
        self.session = session
        self.feed = feed
        self.key = f"eio3:{session.sid}"
        self.namespaces = {ROOT}

    def greeting(self) -> list[str]:
        # Socket.IO 2 servers connect every client to the root namespace at once.
        return [encode(Packet(CONNECT))]

    async def message(self, data: str) -> None:
        try:
            packet = decode(data)
        except ProtocolError as exc:
            log.info("socket.io 2 client %s: %s", self.session.sid, exc)
            return
        if packet.type == CONNECT:
            await self._connect(packet.nsp)
        elif packet.type == DISCONNECT:
            self.namespaces.discard(packet.nsp)
            if packet.nsp == NAMESPACE:
                await self.feed.stop(self.key)
        elif packet.type == EVENT and packet.nsp in self.namespaces:
            await self._event(packet)

    async def _connect(self, nsp: str) -> None:
        if nsp not in (ROOT, NAMESPACE):
            await self._send(Packet(ERROR, nsp, data="Invalid namespace"))
            return
        self.namespaces.add(nsp)
        await self._send(Packet(CONNECT, nsp))

    async def _event(self, packet: Packet) -> None:
        data = packet.data if isinstance(packet.data, list) else []
        if packet.nsp != NAMESPACE or not data or data[0] != "get_alert":
            return  # no other event has a handler, as on the Engine.IO 4 server
        ack = await self.feed.get_alert(
            self.key, data[1] if len(data) > 1 else None, self._emit, FEED
        )
        if packet.id is not None:
            await self._send(Packet(ACK, NAMESPACE, packet.id, [ack]))

    async def _emit(self, event: str, body: dict[str, Any]) -> None:
        await self._send(Packet(EVENT, NAMESPACE, data=[event, body]))

    async def _send(self, packet: Packet) -> None:
        await self.session.send_message(encode(packet))

    async def closed(self) -> None:
        await self.feed.stop(self.key)


def legacy_server(feed: AlertFeed, current: socketio.AsyncServer) -> Eio3Server:
    """The Engine.IO 3 app serving Socket.IO 2 clients the shared `/alert` feed, with the
    CORS origins, ping timing and payload limit of the python-socketio server `current`."""
    origins = current.eio.cors_allowed_origins
    server = Eio3Server(
        lambda session: Sio2Client(session, feed),
        cors_origins=[origins] if isinstance(origins, str) else list(origins),
        ping_interval=float(current.eio.ping_interval),
        ping_timeout=float(current.eio.ping_timeout),
        max_payload_bytes=int(current.eio.max_http_buffer_size),
    )
    feed.serve_with(server.close)
    return server
