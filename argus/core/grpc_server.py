"""The gRPC server bootstrap every service uses: health, reflection, metrics, graceful stop."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from prometheus_client import start_http_server

from argus.core import memory
from argus.core.grpc_handlers import ServerInterceptor
from argus.core.periodic import Periodic
from argus.core.settings import GrpcServiceSettings
from argus.core.tls import server_credentials

log = logging.getLogger("argus.server")

Registrar = Callable[[grpc.aio.Server], None]


@dataclass
class ServiceSpec:
    """What one process serves: servicers to register and the full names they answer to."""

    name: str
    register: Sequence[Registrar]
    service_names: Sequence[str]
    on_start: Sequence[Callable[[], Awaitable[None]]] = field(default_factory=list)
    on_stop: Sequence[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # Whether what the service needs (its database) is reachable: health follows it.
    probe: Callable[[], Awaitable[bool]] | None = None


@dataclass
class RunningServer:
    server: grpc.aio.Server
    port: int
    health: health.aio.HealthServicer
    spec: ServiceSpec
    # The plaintext health server for probes when the main port speaks TLS.
    probe: grpc.aio.Server | None = None
    # Follows the service's own probe (its database) into the health status.
    prober: Periodic | None = None

    async def stop(self, grace: float) -> None:
        """Report NOT_SERVING, let in-flight calls finish within `grace`, then run on_stop."""
        if self.prober is not None:
            await self.prober.stop()
        await self.health.enter_graceful_shutdown()
        await self.server.stop(grace)
        if self.probe is not None:
            await self.probe.stop(0)
        for hook in self.spec.on_stop:
            await hook()


def server_options(max_message_bytes: int) -> list[tuple[str, int]]:
    return [
        ("grpc.max_receive_message_length", max_message_bytes),
        ("grpc.max_send_message_length", max_message_bytes),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.http2.min_ping_interval_without_data_ms", 10_000),
    ]


def _bind(server: grpc.aio.Server, address: str, credentials: grpc.ServerCredentials | None) -> int:
    if credentials is None:
        bound = server.add_insecure_port(address)
    else:
        bound = server.add_secure_port(address, credentials)
    if bound == 0:
        raise OSError(f"cannot bind gRPC port {address}")
    return bound


async def start_probe_server(
    health_servicer: health.aio.HealthServicer, *, host: str, port: int
) -> tuple[grpc.aio.Server, int]:
    """The health service alone, in plaintext: for probes that cannot speak TLS."""
    server = grpc.aio.server()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    bound = _bind(server, f"{host}:{port}", None)
    await server.start()
    return server, bound


async def start_server(
    spec: ServiceSpec,
    *,
    host: str,
    port: int,
    max_message_bytes: int,
    credentials: grpc.ServerCredentials | None = None,
    probe_seconds: float = 1.0,
) -> RunningServer:
    """Build, bind and start a server (TLS with `credentials`); `port=0` binds a free port."""
    for hook in spec.on_start:
        await hook()
    server = grpc.aio.server(
        interceptors=[ServerInterceptor()], options=server_options(max_message_bytes)
    )
    for register in spec.register:
        register(server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    names: Iterable[str] = (
        *spec.service_names,
        health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
        reflection.SERVICE_NAME,
    )
    reflection.enable_server_reflection(tuple(names), server)
    bound = _bind(server, f"{host}:{port}", credentials)
    await server.start()
    await _set_health(health_servicer, spec, serving=True)
    log.info("serving %s", spec.name, extra={"grpc_port": bound, "tls": credentials is not None})
    running = RunningServer(server=server, port=bound, health=health_servicer, spec=spec)
    if spec.probe is not None:
        running.prober = Periodic(
            "health probe",
            ProbeFollower(running, spec.probe).check,
            every=probe_seconds,
            wait_first=True,
        )
        running.prober.start()
    return running


async def _set_health(
    servicer: health.aio.HealthServicer, spec: ServiceSpec, serving: bool
) -> None:
    status = (
        health_pb2.HealthCheckResponse.SERVING
        if serving
        else health_pb2.HealthCheckResponse.NOT_SERVING
    )
    for name in ("", *spec.service_names):
        await servicer.set(name, status)


class ProbeFollower:
    """NOT_SERVING while the probe fails (the database is away), SERVING once it passes."""

    def __init__(self, running: RunningServer, probe: Callable[[], Awaitable[bool]]) -> None:
        self.running = running
        self.probe = probe
        self.serving = True

    async def check(self) -> None:
        ok = await self.probe()
        if ok != self.serving:
            self.serving = ok
            log.warning(
                "%s %s",
                self.running.spec.name,
                "serving again" if ok else "NOT_SERVING: database unreachable",
            )
            await _set_health(self.running.health, self.running.spec, serving=ok)


def start_metrics_server(host: str, port: int) -> int:
    """Serve Prometheus /metrics over HTTP in a background thread; returns the bound port."""
    httpd, _thread = start_http_server(port, addr=host)
    return int(httpd.server_port)


async def serve(spec: ServiceSpec, settings: GrpcServiceSettings) -> None:
    """Run one service until SIGTERM or SIGINT, then stop gracefully."""
    metrics_port = start_metrics_server(settings.host, settings.metrics_port)
    running = await start_server(
        spec,
        host=settings.host,
        port=settings.grpc_port,
        max_message_bytes=settings.grpc_max_message_bytes,
        credentials=server_credentials(settings),
        probe_seconds=settings.health_probe_seconds,
    )
    if settings.grpc_health_port:
        running.probe, probe_port = await start_probe_server(
            running.health, host=settings.host, port=settings.grpc_health_port
        )
        log.info("plaintext health service on :%d", probe_port)
    log.info("metrics on :%d/metrics", metrics_port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    trimmer = Periodic("heap trim", memory.BurstTrimmer().check, every=2.0, wait_first=True)
    trimmer.start()
    await stop.wait()
    await trimmer.stop()
    log.info("stopping %s", spec.name, extra={"grace_seconds": settings.shutdown_grace_seconds})
    await running.stop(settings.shutdown_grace_seconds)
    log.info("stopped %s", spec.name)
