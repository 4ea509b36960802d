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


class _Call:
    """Bookkeeping of one RPC: labels, timing, the request id, the final code."""

    def __init__(self, labels: tuple[str, str, str], metadata: Any) -> None:
        self.labels = labels
        self.start = time.perf_counter()
        incoming = dict(metadata or ())
        self.request_id = incoming.get(REQUEST_ID_HEADER) or new_request_id()
        m.STARTED.labels(*labels).inc()

    def finish(self, code: str) -> None:
        elapsed = time.perf_counter() - self.start
        m.HANDLED.labels(*self.labels, code).inc()
        m.HANDLING_SECONDS.labels(*self.labels).observe(elapsed)
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


def _wrap_unary_response(behavior: Callable[..., Awaitable[Any]], labels: tuple[str, str, str]):
    async def wrapper(request: Any, context: grpc.aio.ServicerContext) -> Any:
        call = _Call(labels, context.invocation_metadata())
        token = request_id_var.set(call.request_id)
        try:
            if labels[0] == "client_stream":
                request = _count_received(request, labels)
            else:
                request = _decoded(request)
            response = await behavior(request, context)
            call.finish(_code_name(context))
            return response
        except BaseException as exc:
            await _fail(call, context, exc)
            raise
        finally:
            request_id_var.reset(token)

    return wrapper


def _wrap_stream_response(behavior: Callable[..., Any], labels: tuple[str, str, str]):
    async def wrapper(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
        call = _Call(labels, context.invocation_metadata())
        token = request_id_var.set(call.request_id)
        try:
            if labels[0] == "bidi_stream":
                request = _count_received(request, labels)
            else:
                request = _decoded(request)
            result = behavior(request, context)
            if inspect.isasyncgen(result):
                async for item in result:
                    m.MSG_SENT.labels(*labels).inc()
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


async def _count_received(iterator: AsyncIterator[Any], labels: tuple[str, str, str]):
    async for item in iterator:
        m.MSG_RECEIVED.labels(*labels).inc()
        yield _decoded(item)


class ServerInterceptor(grpc.aio.ServerInterceptor):
    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(handler_call_details)
        if handler is None:
            return handler
        service, _, method = handler_call_details.method.lstrip("/").rpartition("/")
        labels = (_rpc_type(handler), service, method)
        if labels[0] != "client_stream" and labels[0] != "bidi_stream":
            m.MSG_RECEIVED.labels(*labels)  # create the series at zero
        kwargs = {
            "request_deserializer": _tolerant(handler.request_deserializer),
            "response_serializer": handler.response_serializer,
        }
        if labels[0] == "unary":
            return grpc.unary_unary_rpc_method_handler(
                _wrap_unary_response(handler.unary_unary, labels), **kwargs
            )
        if labels[0] == "client_stream":
            return grpc.stream_unary_rpc_method_handler(
                _wrap_unary_response(handler.stream_unary, labels), **kwargs
            )
        if labels[0] == "server_stream":
            return grpc.unary_stream_rpc_method_handler(
                _wrap_stream_response(handler.unary_stream, labels), **kwargs
            )
        return grpc.stream_stream_rpc_method_handler(
            _wrap_stream_response(handler.stream_stream, labels), **kwargs
        )
