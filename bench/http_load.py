"""A lean HTTP/1.1 client for load: keep-alive connections, requests written as bytes.

The load generator shares the machine's cores with the servers it measures. httpx costs about
as much CPU per request as a server does, so under load it takes the servers' cores and every
rate becomes partly a measure of the client. This client does only what a load needs (write a
request, read the status, the headers and the body) and costs a fraction of that; both the
baseline and Argus are loaded with it. It reconnects when a server closes the connection (the
baseline's HTTP/1.0 server closes after every answer), which it pays for as a real client would.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlencode


class HttpError(RuntimeError):
    pass


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    def close(self) -> None:
        self.writer.close()


class LeanClient:
    """Connections to one server, each used by one request at a time."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._idle: list[Connection] = []
        self._host_header = f"Host: {host}:{port}\r\n".encode()

    async def get(self, path: str, params: dict[str, object] | None = None) -> tuple[int, bytes]:
        target = f"{path}?{urlencode(params)}" if params else path
        return await self.request(b"GET", target.encode())

    async def post_json(self, path: str, body: object) -> tuple[int, bytes]:
        return await self.request(b"POST", path.encode(), json.dumps(body).encode())

    async def request(self, method: bytes, target: bytes, body: bytes = b"") -> tuple[int, bytes]:
        """(status, body) of one request; a connection the server closed is opened again."""
        head = b"%s %s HTTP/1.1\r\n%s" % (method, target, self._host_header)
        if body or method == b"POST":
            head += b"Content-Type: application/json\r\nContent-Length: %d\r\n" % len(body)
        message = head + b"\r\n" + body
        connection = self._idle.pop() if self._idle else await self._open()
        try:
            try:
                status, answer, keep = await self._exchange(connection, message)
            except (ConnectionError, asyncio.IncompleteReadError):
                # A kept connection the server closed meanwhile: once more, on a new one.
                connection.close()
                connection = await self._open()
                status, answer, keep = await self._exchange(connection, message)
        except BaseException:
            connection.close()
            raise
        if keep:
            self._idle.append(connection)
        else:
            connection.close()
        return status, answer

    async def close(self) -> None:
        for connection in self._idle:
            connection.close()
        self._idle.clear()

    async def _open(self) -> Connection:
        reader, writer = await asyncio.open_connection(self.host, self.port, limit=1 << 20)
        return Connection(reader, writer)

    @staticmethod
    async def _exchange(connection: Connection, message: bytes) -> tuple[int, bytes, bool]:
        connection.writer.write(message)
        reader = connection.reader
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        version, status = lines[0].split(b" ", 2)[:2]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        keep = version == b"HTTP/1.1" and headers.get(b"connection", b"").lower() != b"close"
        if b"content-length" in headers:
            answer = await reader.readexactly(int(headers[b"content-length"]))
        elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            answer = await _chunked(reader)
        else:
            answer, keep = await reader.read(), False
        return int(status), answer, keep


async def _chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


def checked(status: int, body: bytes, what: str) -> None:
    if status != 200:
        raise HttpError(f"{what}: {status} {body[:200]!r}")
