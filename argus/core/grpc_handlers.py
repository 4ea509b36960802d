"""One server interceptor for every service: request ids, domain errors -> status, metrics.

Servicers raise `argus.core.errors.ArgusError` subclasses; this module aborts the call with
the matching `grpc.StatusCode`, the message, and a google.rpc.ErrorInfo detail holding the
error's reason. Streaming handlers are written as async generators.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from argus.core import grpc_metrics as m
from argus.core.errors import ArgusError, InvalidArgument, Unavailable
from argus.core.logging import REQUEST_ID_HEADER, new_request_id, request_id_var
from argus.core.outage import is_outage

log = logging.getLogger("argus.grpc")

ERROR_DOMAIN = "argus"


def status_for(error: ArgusError) -> grpc.Status:
    """The rich status (code, message, ErrorInfo) that carries a domain error to the caller."""
    info = error_details_pb2.ErrorInfo(
        reason=error.reason or error.code, domain=ERROR_DOMAIN, metadata=error.metadata
    )
    detail = any_pb2.Any()
    detail.Pack(info)
    status = status_pb2.Status(
        code=code_pb2.Code.Value(error.code), message=error.message, details=[detail]
    )
    return rpc_status.to_status(status)


def error_reason(error: grpc.aio.AioRpcError | grpc.RpcError) -> str:
    """The ErrorInfo reason of a failed call, or "" when it carries none."""
    try:
        status = rpc_status.from_call(error)  # type: ignore[arg-type]
    except ValueError:
        return ""
    if status is None:
        return ""
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info.reason
    return ""


class _Undecodable:
    """What the server got instead of a request message: bytes that do not parse as one."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name


def _tolerant(deserializer: Callable[[bytes], Any] | None) -> Callable[[bytes], Any] | None:
    """A deserializer that answers `_Undecodable` instead of raising on bad bytes."""
    if deserializer is None:
        return None
    type_name = getattr(getattr(deserializer, "__self__", None), "__name__", "request")

    def deserialize(data: bytes) -> Any:
        try:
            return deserializer(data)
        except Exception:
            return _Undecodable(type_name)

    return deserialize


def _decoded(request: Any) -> Any:
    """`request`, or INVALID_ARGUMENT (our internals unsaid) when its bytes did not parse."""
    if isinstance(request, _Undecodable):
        raise InvalidArgument(
            f"the request is not a valid {request.type_name} message", reason="UNDECODABLE_REQUEST"
        )
    return request


def _rpc_type(handler: grpc.RpcMethodHandler) -> str:
    if handler.request_streaming and handler.response_streaming:
        return "bidi_stream"
    if handler.request_streaming:
        return "client_stream"
    if handler.response_streaming:
        return "server_stream"
    return "unary"


class _Series:
    """The metric series of one method, looked up once instead of on every call."""

    def __init__(self, labels: tuple[str, str, str]) -> None:
        self.labels = labels
        self.started = m.STARTED.labels(*labels)
        self.seconds = m.HANDLING_SECONDS.labels(*labels)
        self.received = m.MSG_RECEIVED.labels(*labels)  # created at zero for every method
        self.sent = m.MSG_SENT.labels(*labels)
        self._handled: dict[str, Any] = {}

    def handled(self, code: str) -> Any:
        child = self._handled.get(code)
        if child is None:
            child = self._handled[code] = m.HANDLED.labels(*self.labels, code)
        return child


class _Call:
    """Bookkeeping of one RPC: labels, timing, the request id, the final code."""

    def __init__(self, series: _Series, metadata: Any) -> None:
        self.series = series
        self.labels = series.labels
        self.start = time.perf_counter()
        self.request_id = ""
        for key, value in metadata or ():
            if key == REQUEST_ID_HEADER:
                self.request_id = value
        self.request_id = self.request_id or new_request_id()
        series.started.inc()

    def finish(self, code: str) -> None:
        elapsed = time.perf_counter() - self.start
        self.series.handled(code).inc()
        self.series.seconds.observe(elapsed)
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "rpc %s/%s %s",
                self.labels[1],
                self.labels[2],
                code,
                extra={"grpc_code": code, "duration_ms": round(elapsed * 1000, 3)},
            )


def _code_name(context: grpc.aio.ServicerContext) -> str:
    code = context.code()
    if code is None:
        return "OK"
    if isinstance(code, grpc.StatusCode):
        return code.name
    for known in grpc.StatusCode:
        if known.value[0] == code:
            return known.name
    return "UNKNOWN"


async def _fail(call: _Call, context: grpc.aio.ServicerContext, exc: BaseException) -> None:
    """Finish a call that raised: record its code and abort with the right status."""
    if isinstance(exc, asyncio.CancelledError):
        call.finish("CANCELLED")
        raise exc
    if not isinstance(exc, ArgusError | grpc.aio.AbortError) and is_outage(exc):
        log.warning("%s/%s: a dependency is unreachable: %r", call.labels[1], call.labels[2], exc)
        exc = Unavailable("the service's database is unreachable", reason="DATABASE_UNAVAILABLE")
    if isinstance(exc, ArgusError):
        call.finish(exc.code)
        status = status_for(exc)
        await context.abort(status.code, status.details, status.trailing_metadata)
    if isinstance(exc, grpc.aio.AbortError):
        call.finish(_code_name(context))
        raise exc
    if isinstance(exc, NotImplementedError):
        # The generated base servicer's answer for an RPC nobody implemented yet.
        call.finish("UNIMPLEMENTED")
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, f"{call.labels[2]} is not implemented")
    call.finish("UNKNOWN")
    log.exception("unhandled error in %s/%s", call.labels[1], call.labels[2])
    await context.abort(grpc.StatusCode.UNKNOWN, "internal error")


def _wrap_unary_response(behavior: Callable[..., Awaitable[Any]], series: _Series):

    async def wrapper(request: Any, context: grpc.aio.ServicerContext) -> Any:
        call = _Call(series, context.invocation_metadata())
        token = request_id_var.set(call.request_id)
        try:
            response = await behavior(_incoming(request, series), context)
            call.finish(_code_name(context))
            return response
        except BaseException as exc:
            await _fail(call, context, exc)
            raise
        finally:
            request_id_var.reset(token)

    return wrapper


def _wrap_stream_response(behavior: Callable[..., Any], series: _Series):

    async def wrapper(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
        call = _Call(series, context.invocation_metadata())
        token = request_id_var.set(call.request_id)
        try:
            result = behavior(_incoming(request, series), context)
            if inspect.isasyncgen(result):
                async for item in result:
                    series.sent.inc()
                    yield item
            else:
                await result
            call.finish(_code_name(context))
        except BaseException as exc:
            await _fail(call, context, exc)
            raise
        finally:
            request_id_var.reset(token)

    return wrapper


def _incoming(request: Any, series: _Series) -> Any:
    """What the behaviour reads: a client's stream counted message by message, else the one
    message, decoded."""
    if series.labels[0] in ("client_stream", "bidi_stream"):
        return _count_received(request, series)
    return _decoded(request)


async def _count_received(iterator: AsyncIterator[Any], series: _Series):
    async for item in iterator:
        series.received.inc()
        yield _decoded(item)


class ServerInterceptor(grpc.aio.ServerInterceptor):
    """Wraps each method's handler once: the wrapped handler is kept for its next calls."""

    def __init__(self) -> None:
        self._wrapped: dict[str, tuple[grpc.RpcMethodHandler, grpc.RpcMethodHandler]] = {}

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        if handler is None:
            return handler
        cached = self._wrapped.get(handler_call_details.method)
        if cached is not None and cached[0] is handler:
            return cached[1]
        wrapped = _wrap(handler, handler_call_details.method)
        self._wrapped[handler_call_details.method] = (handler, wrapped)
        return wrapped


def _wrap(handler: grpc.RpcMethodHandler, full_method: str) -> grpc.RpcMethodHandler:
    service, _, method = full_method.lstrip("/").rpartition("/")
    series = _Series((_rpc_type(handler), service, method))
    kind = series.labels[0]
    kwargs = {
        "request_deserializer": _tolerant(handler.request_deserializer),
        "response_serializer": handler.response_serializer,
    }
    if kind == "unary":
        return grpc.unary_unary_rpc_method_handler(
            _wrap_unary_response(handler.unary_unary, series), **kwargs
        )
    if kind == "client_stream":
        return grpc.stream_unary_rpc_method_handler(
            _wrap_unary_response(handler.stream_unary, series), **kwargs
        )
    if kind == "server_stream":
        return grpc.unary_stream_rpc_method_handler(
            _wrap_stream_response(handler.unary_stream, series), **kwargs
        )
    return grpc.stream_stream_rpc_method_handler(
        _wrap_stream_response(handler.stream_stream, series), **kwargs
    )
