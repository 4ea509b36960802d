"""Certificates made in the test: a CA, server and client certificates, written as PEM files
that the ARGUS_GRPC_TLS_* settings point at."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass(frozen=True)
class Pki:
    """PEM files of one CA and a leaf certificate it issued for localhost and 127.0.0.1."""

    ca_file: Path
    cert_file: Path
    key_file: Path

    def server(self, *, require_client_certs: bool = False) -> dict[str, object]:
        """Settings of a server with this certificate (and mTLS when asked)."""
        settings: dict[str, object] = {
            "grpc_tls_cert_file": str(self.cert_file),
            "grpc_tls_key_file": str(self.key_file),
        }
        if require_client_certs:
            settings["grpc_tls_client_ca_file"] = str(self.ca_file)
        return settings

    def client(self, *, with_cert: bool = False) -> dict[str, object]:
        """Settings of a caller that verifies servers against this CA (and presents the
        certificate when asked)."""
        settings: dict[str, object] = {"grpc_tls_ca_file": str(self.ca_file)}
        if with_cert:
            settings.update(
                grpc_tls_cert_file=str(self.cert_file), grpc_tls_key_file=str(self.key_file)
            )
        return settings


def make_pki(folder: Path, name: str = "argus") -> Pki:
    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name=name)
    leaf = ca.issue_cert("localhost", "127.0.0.1", common_name=f"{name}-service")
    pki = Pki(folder / f"{name}-ca.pem", folder / f"{name}-cert.pem", folder / f"{name}-key.pem")
    ca.cert_pem.write_to_path(str(pki.ca_file))
    leaf.private_key_pem.write_to_path(str(pki.key_file))
    with pki.cert_file.open("wb") as out:
        for blob in leaf.cert_chain_pems:
            out.write(blob.bytes())
    return pki
