"""The gateway keeps an idle keep-alive connection open longer than the proxies in front of it
(`ARGUS_GATEWAY_KEEP_ALIVE_SECONDS`), so it never closes one just as a proxy or a pooled client
reuses it."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from services.gateway.settings import GatewaySettings
from tests.support.servers import free_port, gateway

REQUEST = b"GET /openapi.json HTTP/1.1\r\nHost: gateway\r\n\r\n"


async def _idle_connection_open_after(url: str, idle: float) -> bool:
    """Send a request on a new connection, read its answer, stay idle `idle` seconds, then
    tell whether the gateway kept the connection open (a second request is answered)."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        for attempt in range(2):
            writer.write(REQUEST)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            if not head:
                return False
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            await reader.readexactly(length)
            if attempt == 0:
                await asyncio.sleep(idle)
        return True
    except (asyncio.IncompleteReadError, ConnectionError):
        return False
    finally:
        writer.close()


async def test_an_idle_connection_outlives_a_proxys_reuse_and_the_setting_bounds_it() -> None:
    default = GatewaySettings(gateway_port=free_port())  # type: ignore[call-arg]
    assert default.gateway_keep_alive_seconds > 60  # longer than common proxy idle timeouts
    short = GatewaySettings(gateway_port=free_port(), gateway_keep_alive_seconds=1)  # type: ignore[call-arg]
    async with gateway(default) as kept_url, gateway(short) as short_url:
        kept, closed = await asyncio.gather(
            # uvicorn's own default would have closed it after 5 s
            _idle_connection_open_after(kept_url, 6.0),
            _idle_connection_open_after(short_url, 3.0),
        )
    assert kept, "the gateway closed an idle connection before ARGUS_GATEWAY_KEEP_ALIVE_SECONDS"
    assert not closed, "the gateway kept a connection past ARGUS_GATEWAY_KEEP_ALIVE_SECONDS"
