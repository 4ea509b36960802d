"""Settings of trust between processes: run mode, secrets policy, the internal credential, TLS."""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings


class TrustSettings(BaseSettings):
    """Mixed into `CommonSettings`: every process reads them (environment prefix ARGUS_)."""

    # "production": no generated secrets (fleet needs ARGUS_JWT_SECRET) and loopback callers
    # are not trusted as internal ones; "development" (the default) keeps `make run` working.
    mode: Literal["development", "production"] = "development"
    # Accept placeholder or short secrets (CHANGE-ME, the example Secret's values); tests only.
    allow_weak_secrets: bool = False
    # Shared by the services and the gateway: sent as metadata on every internal call, it proves
    # a caller is one of ours. Empty: in development, loopback callers count as internal.
    internal_secret: SecretStr = SecretStr("")
    # gRPC servers: serve TLS with this certificate chain and key (PEM files).
    grpc_tls_cert_file: str = ""
    grpc_tls_key_file: str = ""
    # gRPC servers: require client certificates signed by this CA (mTLS).
    grpc_tls_client_ca_file: str = ""
    # gRPC clients: connect over TLS, verifying servers against this CA; they present the
    # certificate and key above when both are set.
    grpc_tls_ca_file: str = ""
    # gRPC servers with TLS: also serve the health service alone in plaintext on this port, for
    # probes that cannot speak TLS (Kubernetes' native gRPC probe); 0: none.
    grpc_health_port: int = 0
