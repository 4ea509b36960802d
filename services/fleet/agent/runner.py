"""The agent: log in, keep a stream up with backoff, spool frames, open and close the alert."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TextIO

import grpc

from argus.core.grpc_client import create_channel
from argus.core.grpc_handlers import error_reason
from argus.core.times import utc_timestamp
from argus.core.tls import ClientTls
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.fleet.agent.link import Link, LinkLost, Stats
from services.fleet.agent.spool import Spool

OPEN_ALERT_KEY = "open_alert"


class AgentError(Exception):
    """A failure the user must act on; `exit_code` is what the command returns."""

    exit_code = 1


class AuthRefused(AgentError):
    exit_code = 3


class GaveUp(AgentError):
    exit_code = 4


@dataclass
class AgentConfig:
    server: str
    mac: str
    password: str
    # Empty: a new device's truck is named after its mac; a known one keeps its name.
    name: str = ""
    window: int = 64
    spool_limit: int = 1000
    backoff_initial: float = 0.2
    backoff_max: float = 10.0
    # Seconds without a working connection before giving up; 0: never.
    give_up_after: float = 300.0
    max_message_bytes: int = 16 * 1024 * 1024
    # Registration mode `secret`: what a new device presents to register.
    enrollment_secret: str = ""
    # Connect over TLS, verifying the server (a CA bundle, or the system's roots); None: plaintext.
    tls: ClientTls | None = None


class Agent:
    """Streams frames through the spool; survives server restarts without loss or duplicates."""

    def __init__(self, config: AgentConfig, spool: Spool, out: TextIO) -> None:
        self.config = config
        self.spool = spool
        self.out = out
        self.stats = Stats()
        self.truck_id = 0
        self._token = ""
        self._link: Link | None = None
        self._link_up = asyncio.Event()
        self._channel = create_channel(
            config.server, max_message_bytes=config.max_message_bytes, tls=config.tls
        )
        self._stub = fleet_pb2_grpc.FleetServiceStub(self._channel)
        self._fatal: asyncio.Task[None] | None = None

    def say(self, message: str) -> None:
        print(message, file=self.out, flush=True)

    async def close(self) -> None:
        await self._channel.close()

    async def login(self) -> None:
        """RegisterDevice: a new device gets a truck; a known one a fresh token."""
        request = fleet_pb2.RegisterDeviceRequest(
            mac=self.config.mac,
            password=self.config.password,
            name=self.config.name,
            enrollment_secret=self.config.enrollment_secret,
        )
        try:
            reply = await self._stub.RegisterDevice(request, timeout=10)
        except grpc.aio.AioRpcError as exc:
            if exc.code() in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED):
                raise AuthRefused(
                    f"the server refused mac {self.config.mac} with this password "
                    f"({exc.details()}); check --password"
                ) from exc
            if exc.code() == grpc.StatusCode.INVALID_ARGUMENT:
                raise AgentError(f"the server rejected the registration: {exc.details()}") from exc
            raise
        self._token = reply.token
        if reply.truck_id != self.truck_id:
            self.say(f"registered as device {reply.id} of truck {reply.truck_id}")
        if reply.pending:
            self.say(
                "this device waits for an admin's approval (argus device approve "
                f"{self.config.mac}); frames stay spooled until then"
            )
        self.truck_id = reply.truck_id

    async def _connect_once(self) -> Link:
        if not self._token:
            await self.login()
        metadata = (("authorization", f"Bearer {self._token}"),)
        call = self._stub.StreamFrames(metadata=metadata)
        return Link(call, self.spool, self.stats, self.config.window)

    async def _supervise(self) -> None:
        """Keep one stream up; reconnect with exponential backoff and jitter after failures."""
        delay = self.config.backoff_initial
        down_since: float | None = None
        reason = ""
        while True:
            link: Link | None = None
            try:
                link = await self._connect_once()
                self._link = link
                self._link_up.set()
                await link.run()
            except (grpc.aio.AioRpcError, LinkLost) as exc:
                reason = _describe(exc)
                if isinstance(exc, grpc.aio.AioRpcError):
                    if exc.code() == grpc.StatusCode.UNAUTHENTICATED:
                        self._token = ""
                    elif exc.code() == grpc.StatusCode.PERMISSION_DENIED and (
                        error_reason(exc) != "DEVICE_NOT_APPROVED"
                    ):  # not yet approved: retried with backoff, frames stay spooled
                        raise AuthRefused(
                            f"the server refused the stream: {exc.details()}"
                        ) from exc
            finally:
                self._link_up.clear()
                self._link = None
            if link is not None and link.acked_any:
                delay, down_since = self.config.backoff_initial, None
            now = time.monotonic()
            down_since = down_since or now
            limit = self.config.give_up_after
            if limit and now - down_since > limit:
                raise GaveUp(
                    f"no working connection to {self.config.server} for {limit:.0f} s "
                    f"(last error: {reason}); {self.spool.count()} frames stay spooled in "
                    f"{self.spool.path} and are sent on the next run"
                )
            wait = delay * (0.5 + random.random() / 2)
            self.say(f"connection lost ({reason}); retrying in {wait:.1f} s")
            await asyncio.sleep(wait)
            delay = min(delay * 2, self.config.backoff_max)

    async def _alert_request(self, **item: object) -> fleet_pb2.AlertResult:
        """Send an alert request on the live stream, again on a new one if it drops.

        The request id stays the same across attempts (and is unique to this device across
        runs), so the server opens the alert once however often the request is resent.
        """
        request_id = time.time_ns() // 1000
        while True:
            await self._wait_link()
            link = self._link
            if link is None:
                continue
            try:
                return await link.request(request_id, **item)
            except LinkLost:
                continue

    async def _wait_link(self) -> None:
        assert self._fatal is not None
        waiter = asyncio.ensure_future(self._link_up.wait())
        await asyncio.wait({waiter, self._fatal}, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        if self._fatal.done():
            self._fatal.result()

    async def open_alert(self, behavior: str) -> int:
        now = _whole_seconds()
        request = fleet_pb2.OpenAlertRequest(
            truck_id=self.truck_id, alert_init=utc_timestamp(now), behavior=behavior
        )
        result = await self._alert_request(open_alert=request)
        if result.error_code:
            raise AgentError(f"the server refused to open the alert: {result.error_message}")
        alert = result.alert
        self.spool.set_meta(OPEN_ALERT_KEY, str(alert.id))
        self.say(f"opened alert {alert.id} ({behavior})")
        return int(alert.id)

    async def close_alert(self, alert_id: int) -> None:
        request = fleet_pb2.CloseAlertRequest(
            alert_id=alert_id, alert_end=utc_timestamp(_whole_seconds())
        )
        result = await self._alert_request(close_alert=request)
        # FAILED_PRECONDITION: closed already (an earlier attempt whose answer was lost);
        # NOT_FOUND: an alert of an earlier run the server does not know (any more).
        if result.error_code and result.error_code not in ("FAILED_PRECONDITION", "NOT_FOUND"):
            raise AgentError(
                f"the server refused to close alert {alert_id}: {result.error_message}"
            )
        self.spool.set_meta(OPEN_ALERT_KEY, None)
        self.say(f"closed alert {alert_id}")

    def spool_frame(self, *, alert_id: int, frame_index: int, image: bytes) -> None:
        self.spool.add(
            alert_id=alert_id, frame_index=frame_index, taken_at=datetime.now(UTC), image=image
        )
        if self._link is not None:
            self._link.wake.set()

    async def drained(self) -> None:
        """Wait until every spooled frame is acknowledged (or rejected for good)."""
        while True:
            link = self._link
            if link is not None:
                link.flush_acks()
            if self.spool.count() == 0:
                return
            await self._wait_link()
            await asyncio.sleep(0.02)

    async def _produce(self, images: Iterator[bytes], alert_id: int, fps: float) -> None:
        interval = 1.0 / fps if fps > 0 else 0.0
        next_at = time.monotonic()
        index = 0
        # Reading and decoding (video) happen off the event loop, which keeps serving acks.
        while (image := await asyncio.to_thread(next, images, None)) is not None:
            while self.spool.count() >= self.config.spool_limit:
                await self._wait_link()
                await asyncio.sleep(0.02)
                if self._link is not None:
                    self._link.flush_acks()
            self.spool_frame(alert_id=alert_id, frame_index=index, image=image)
            index += 1
            if interval:
                next_at += interval
                await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            else:
                await asyncio.sleep(0)

    async def stream(self, images: Iterator[bytes], *, behavior: str = "", fps: float = 0) -> None:
        """The whole run: leftovers of an earlier run first, then these frames."""
        progress = Progress(self)
        supervisor = asyncio.create_task(self._supervise())
        reporter = asyncio.create_task(progress.run())
        self._fatal = supervisor
        try:
            await self._finish_earlier_run()
            alert_id = await self.open_alert(behavior) if behavior else 0
            await self._produce(images, alert_id, fps)
            await self.drained()
            if alert_id:
                await self.close_alert(alert_id)
        finally:
            for task in (supervisor, reporter):
                task.cancel()
            await asyncio.gather(supervisor, reporter, return_exceptions=True)
            progress.final()

    async def _finish_earlier_run(self) -> None:
        leftover = self.spool.count()
        if leftover:
            self.say(f"resending {leftover} frames not acknowledged in an earlier run")
        await self._wait_link()
        await self.drained()
        earlier_alert = self.spool.get_meta(OPEN_ALERT_KEY)
        if earlier_alert:
            await self.close_alert(int(earlier_alert))


class Progress:
    """Prints sent/acked counts and the rate about every two seconds, and a summary."""

    def __init__(self, agent: Agent, every: float = 2.0) -> None:
        self.agent = agent
        self.every = every
        self.started = time.monotonic()

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            s = self.agent.stats
            rate = s.acked / max(time.monotonic() - self.started, 1e-9)
            self.agent.say(
                f"sent {s.sent}  acked {s.acked}  spooled {self.agent.spool.count()}  "
                f"rejected {s.rejected}  {rate:.1f} frames/s"
            )

    def final(self) -> None:
        s = self.agent.stats
        elapsed = time.monotonic() - self.started
        self.agent.say(
            f"done: {s.acked} frames acknowledged in {elapsed:.1f} s "
            f"({s.acked / max(elapsed, 1e-9):.1f} frames/s), {s.rejected} rejected, "
            f"{self.agent.spool.count()} still spooled"
        )
        for line in s.rejections[:10]:
            self.agent.say(line)


def _whole_seconds() -> datetime:
    """Now, to the second: alert times in the seed's resolution."""
    return datetime.now(UTC).replace(microsecond=0)


def _describe(exc: Exception) -> str:
    if isinstance(exc, grpc.aio.AioRpcError):
        return f"{exc.code().name}: {exc.details()}"
    return str(exc)
