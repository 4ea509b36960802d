"""Domain errors. Domain code raises these; the gRPC layer turns them into status codes.

Each class names its gRPC status code as a string so that domain code never imports grpc.
`reason` is a stable machine-readable word (e.g. "INVALID_PLAYERCOUNT") carried to callers in
a google.rpc.ErrorInfo detail, so the gateway can answer in a legacy API's own shape.
"""

from __future__ import annotations


class ArgusError(Exception):
    code = "UNKNOWN"

    def __init__(self, message: str, *, reason: str = "", metadata: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.metadata = metadata or {}


class InvalidArgument(ArgusError):
    code = "INVALID_ARGUMENT"


class FailedPrecondition(ArgusError):
    code = "FAILED_PRECONDITION"


class NotFound(ArgusError):
    code = "NOT_FOUND"


class AlreadyExists(ArgusError):
    code = "ALREADY_EXISTS"


class Unauthenticated(ArgusError):
    code = "UNAUTHENTICATED"


class PermissionDenied(ArgusError):
    code = "PERMISSION_DENIED"


class ResourceExhausted(ArgusError):
    code = "RESOURCE_EXHAUSTED"


class Unavailable(ArgusError):
    code = "UNAVAILABLE"


class ConfigurationError(ValueError):
    """Settings a process refuses to start with (a placeholder secret, half a TLS key pair)."""
