"""Settings shared by every service. Each service subclasses `CommonSettings` once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_settings import NoDecode, SettingsConfigDict

from argus.core.trust_settings import TrustSettings


def _split_commas(value: Any) -> Any:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


CommaList = Annotated[list[str], NoDecode, BeforeValidator(_split_commas)]
"""A list setting written in the environment as `a,b,c`."""


class CommonSettings(TrustSettings):
    """What every process reads: where data lives, how it logs, how it shuts down, whom it
    trusts (`TrustSettings`)."""

    model_config = SettingsConfigDict(env_prefix="ARGUS_", extra="ignore", populate_by_name=True)

    data_dir: Path = Path("./var")
    log_level: str = "INFO"
    log_json: bool = True
    host: str = "0.0.0.0"
    shutdown_grace_seconds: float = Field(default=5.0, ge=0)
    # gRPC's default receive limit is 4 MiB; frames and screenshots may be larger.
    grpc_max_message_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    # Deadline that callers put on unary calls to other services.
    grpc_call_timeout_seconds: float = Field(default=10.0, gt=0)


class GrpcServiceSettings(CommonSettings):
    """A gRPC service: subclasses expose their own port names through these properties."""

    # How often a service checks its database; gRPC health is NOT_SERVING while it fails.
    health_probe_seconds: float = Field(default=1.0, gt=0, le=60)

    @property
    def grpc_port(self) -> int:
        raise NotImplementedError

    @property
    def metrics_port(self) -> int:
        raise NotImplementedError


def sqlite_url(data_dir: Path, name: str) -> str:
    """The embedded default database of a service."""
    return f"sqlite+aiosqlite:///{(data_dir / f'{name}.db').resolve()}"
