"""WebSocket and server-sent-event feeds of alert events, and a truck's live MJPEG view."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Annotated

import grpc
from fastapi import APIRouter, Header, Path, Query, WebSocket, WebSocketDisconnect
from fastapi.responses import StreamingResponse
from starlette.responses import Response

from argus.core.tokens import presented_token
from argus.fleet.v1 import fleet_pb2
from services.gateway.backends import Backends, BackendsDep
from services.gateway.errors import BackendError
from services.gateway.live.resume import MAX_EVENT_ID, FeedLost, ResumingWatch
from services.gateway.live.watch import event_json
from services.gateway.routes.fleet_envelope import credentials

log = logging.getLogger("argus.gateway.live")

router = APIRouter(prefix="/api/v1/live", tags=["fleet live"])

BOUNDARY = "argusframe"
PART_HEADERS = f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\n\r\n".encode()
# A comment line now and then keeps proxies from closing an idle event stream.
SSE_KEEPALIVE_SECONDS = 15.0

TokenQuery = Annotated[str, Query(description="user token (browsers cannot set headers)")]
TruckQuery = Annotated[
    int, Query(ge=0, le=2**63 - 1, description="only this truck's events; 0: all")
]
TruckPath = Annotated[int, Path(ge=1, le=2**63 - 1)]
AfterQuery = Annotated[
    int | None,
    Query(ge=0, le=MAX_EVENT_ID, description="replay the events after this id, then go live"),
]
# What the MJPEG view waits before asking again for a frame the fleet service could not give.
FRAME_RETRY_SECONDS = 0.5
# What an EventSource waits before reconnecting, in milliseconds (the SSE `retry:` field).
SSE_RETRY_MS = 1000


def _last_event_id(header: str | None, query: int | None) -> int | None:
    """The EventSource's `Last-Event-ID` (a reconnection), else `after_event_id`."""
    if header is not None and header.strip().isdigit():
        return min(int(header.strip()), MAX_EVENT_ID)
    return query


@router.get("/alerts/sse", summary="Alert events as server-sent events (resumable)")
async def alerts_sse(
    backends: BackendsDep,
    token: TokenQuery = "",
    truck_id: TruckQuery = 0,
    after_event_id: AfterQuery = None,
    authorization: Annotated[str | None, Header()] = None,
    last_event_id: Annotated[str | None, Header(max_length=40)] = None,
) -> Response:
    after = _last_event_id(last_event_id, after_event_id)
    watch = ResumingWatch(
        backends, presented_token(token, authorization=authorization), truck_id, after=after
    )
    await watch.open()
    return StreamingResponse(
        _sse(watch),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _sse(watch: ResumingWatch) -> AsyncIterator[str]:
    yield f"retry: {SSE_RETRY_MS}\n: watching\n\n"
    stream = watch.events("sse").__aiter__()
    next_event: asyncio.Task[fleet_pb2.AlertEvent] | None = None
    try:
        while True:
            next_event = next_event or asyncio.ensure_future(stream.__anext__())
            done, _ = await asyncio.wait({next_event}, timeout=SSE_KEEPALIVE_SECONDS)
            if not done:
                yield ": keepalive\n\n"
                continue
            try:
                event = next_event.result()
            except StopAsyncIteration:
                return  # the gateway is stopping: end the stream cleanly
            except FeedLost as exc:
                body = {"code": exc.status, "error": exc.message, "reason": exc.reason}
                yield f"event: error\ndata: {json.dumps(body)}\n\n"
                return
            next_event = None
            body = event_json(event)
            yield f"id: {event.id}\nevent: {body['kind']}\ndata: {json.dumps(body)}\n\n"
    finally:
        if next_event is not None:
            next_event.cancel()
        watch.cancel()


@router.websocket("/alerts/ws")
async def alerts_ws(
    websocket: WebSocket,
    token: TokenQuery = "",
    truck_id: TruckQuery = 0,
    after_event_id: AfterQuery = None,
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    backends: Backends = websocket.app.state.backends
    watch = ResumingWatch(
        backends,
        presented_token(token, authorization=authorization),
        truck_id,
        after=after_event_id,
    )
    try:
        await watch.open()
    except BackendError as exc:
        # Refused before the handshake: the browser sees the HTTP status (403).
        await websocket.close(code=1008, reason=exc.message[:120])
        return
    await websocket.accept()
    pump = asyncio.create_task(_forward(websocket, watch))
    try:
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect:
        pass
    finally:
        pump.cancel()
        await asyncio.gather(pump, return_exceptions=True)
        watch.cancel()


async def _forward(websocket: WebSocket, watch: ResumingWatch) -> None:
    try:
        async for event in watch.events("websocket"):
            await websocket.send_json(event_json(event))
    except FeedLost as exc:
        code = 1008 if exc.status in (401, 403) else 1011
        await websocket.close(code=code, reason=exc.message[:120])


@router.get(
    "/trucks/{truck_id}/mjpeg",
    summary="A truck's newest frames as an MJPEG stream (multipart/x-mixed-replace)",
    response_class=StreamingResponse,
)
async def truck_mjpeg(
    truck_id: TruckPath,
    backends: BackendsDep,
    token: TokenQuery = "",
    authorization: Annotated[str | None, Header()] = None,
) -> Response:
    user_token = presented_token(token, authorization=authorization)
    watch = ResumingWatch(backends, user_token, truck_id)
    await watch.open()
    return StreamingResponse(
        _mjpeg(backends, watch, user_token, truck_id),
        media_type=f"multipart/x-mixed-replace; boundary={BOUNDARY}",
        headers={"Cache-Control": "no-cache"},
    )


async def _mjpeg(
    backends: Backends, watch: ResumingWatch, token: str, truck_id: int
) -> AsyncIterator[bytes]:
    """The newest frame now, then again each time frames arrive; a slow viewer skips frames.
    Across a fleet restart the view stays open: the watch resumes, and the frames added
    meanwhile are announced by its replay."""
    fresh = asyncio.Event()
    fresh.set()

    async def listen() -> None:
        try:
            async for event in watch.events("mjpeg"):
                if event.kind == fleet_pb2.ALERT_EVENT_KIND_FRAME_ADDED:
                    fresh.set()
        except FeedLost as exc:
            log.info("MJPEG view ended: %s", exc.reason)

    listener = asyncio.create_task(listen())
    last_id = 0
    try:
        while not listener.done() or fresh.is_set():
            await _wait_either(fresh, listener)
            fresh.clear()
            try:
                frame = await _last_frame(backends, token, truck_id)
            except grpc.aio.AioRpcError:
                # The fleet service is away: ask again shortly, while the watch resumes.
                if not listener.done():
                    await asyncio.sleep(FRAME_RETRY_SECONDS)
                    fresh.set()
                continue
            if frame is None or frame.id == last_id:
                continue
            # Browsers show a part once they have read the next part's headers, so those follow
            # each image at once (hence no Content-Length: the next image is not known yet).
            opening = b"" if last_id else PART_HEADERS
            last_id = frame.id
            yield opening + frame.image + b"\r\n" + PART_HEADERS
    finally:
        listener.cancel()
        await asyncio.gather(listener, return_exceptions=True)
        watch.cancel()


async def _wait_either(fresh: asyncio.Event, listener: asyncio.Task[None]) -> None:
    waiter = asyncio.ensure_future(fresh.wait())
    try:
        await asyncio.wait({waiter, listener}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()


async def _last_frame(backends: Backends, token: str, truck_id: int) -> fleet_pb2.Frame | None:
    try:
        return await backends.fleet.GetLastStatus(
            fleet_pb2.GetLastStatusRequest(truck_id=truck_id), metadata=credentials(token)
        )
    except grpc.aio.AioRpcError as exc:
        if exc.code() == grpc.StatusCode.NOT_FOUND:
            return None
        raise
