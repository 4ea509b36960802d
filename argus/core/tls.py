"""TLS for gRPC: server credentials (optionally requiring client certificates) and the
client side (verify the server against a CA, present our own certificate for mTLS)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import grpc

from argus.core.errors import ConfigurationError
from argus.core.trust_settings import TrustSettings


class TlsConfigError(ConfigurationError):
    """A TLS setting that cannot work: half a key pair, or a file that cannot be read."""


def _read(path: str, setting: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise TlsConfigError(f"ARGUS_{setting}: cannot read {path!r}: {exc.strerror}") from exc


def _key_pair(settings: TrustSettings) -> tuple[bytes, bytes] | None:
    cert, key = settings.grpc_tls_cert_file, settings.grpc_tls_key_file
    if bool(cert) != bool(key):
        raise TlsConfigError(
            "ARGUS_GRPC_TLS_CERT_FILE and ARGUS_GRPC_TLS_KEY_FILE are set together or not at all"
        )
    if not cert:
        return None
    return _read(key, "GRPC_TLS_KEY_FILE"), _read(cert, "GRPC_TLS_CERT_FILE")


def server_credentials(settings: TrustSettings) -> grpc.ServerCredentials | None:
    """TLS credentials of a gRPC server, or None for plaintext (no certificate configured)."""
    pair = _key_pair(settings)
    client_ca = settings.grpc_tls_client_ca_file
    if pair is None:
        if client_ca:
            raise TlsConfigError("ARGUS_GRPC_TLS_CLIENT_CA_FILE needs a server certificate")
        return None
    roots = _read(client_ca, "GRPC_TLS_CLIENT_CA_FILE") if client_ca else None
    return grpc.ssl_server_credentials(
        [pair], root_certificates=roots, require_client_auth=roots is not None
    )


@dataclass(frozen=True)
class ClientTls:
    """How a client verifies servers: a CA bundle (None: the system's roots), and optionally
    its own certificate and key for servers that require client certificates."""

    ca: bytes | None = None
    cert: bytes | None = None
    key: bytes | None = None

    @classmethod
    def from_files(cls, ca_file: str | None = None) -> ClientTls:
        return cls(ca=_read(ca_file, "GRPC_TLS_CA_FILE") if ca_file else None)

    def credentials(self) -> grpc.ChannelCredentials:
        return grpc.ssl_channel_credentials(
            root_certificates=self.ca, private_key=self.key, certificate_chain=self.cert
        )


def client_tls(settings: TrustSettings) -> ClientTls | None:
    """The TLS of calls to other services: on when ARGUS_GRPC_TLS_CA_FILE is set."""
    if not settings.grpc_tls_ca_file:
        return None
    pair = _key_pair(settings)
    key, cert = pair if pair is not None else (None, None)
    return ClientTls(ca=_read(settings.grpc_tls_ca_file, "GRPC_TLS_CA_FILE"), cert=cert, key=key)
