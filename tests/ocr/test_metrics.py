"""The OCR service's domain metrics move with the images it reads."""

from __future__ import annotations

import grpc
import pytest
from prometheus_client import REGISTRY

from argus.ocr.v1 import ocr_pb2, ocr_pb2_grpc
from tests.support.screenshots import player_count, player_list


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_reads_count_images_by_result_and_time_them_by_operation(
    ocr: ocr_pb2_grpc.OcrServiceStub,
) -> None:
    list_op, count_op = {"operation": "read_player_list"}, {"operation": "read_player_count"}
    before = {
        "ok": _sample("argus_ocr_images_total", **list_op, result="ok"),
        "invalid": _sample("argus_ocr_images_total", **list_op, result="invalid"),
        "timed": _sample("argus_ocr_duration_seconds_count", **list_op),
        "count_ok": _sample("argus_ocr_images_total", **count_op, result="ok"),
        "rows": _sample("argus_ocr_rows_total"),
        "bytes": _sample("argus_ocr_image_bytes_total", **list_op),
    }
    shot = player_list(11, rows=5, fmt="PNG")
    reply = await ocr.ReadPlayerList(ocr_pb2.ReadPlayerListRequest(image=shot.data))
    with pytest.raises(grpc.aio.AioRpcError):
        await ocr.ReadPlayerList(ocr_pb2.ReadPlayerListRequest(image=b"garbage"))
    await ocr.ReadPlayerCount(ocr_pb2.ReadPlayerCountRequest(image=player_count(11).data))

    assert _sample("argus_ocr_images_total", **list_op, result="ok") == before["ok"] + 1
    assert _sample("argus_ocr_images_total", **list_op, result="invalid") == before["invalid"] + 1
    assert _sample("argus_ocr_duration_seconds_count", **list_op) == before["timed"] + 2
    assert _sample("argus_ocr_images_total", **count_op, result="ok") == before["count_ok"] + 1
    assert _sample("argus_ocr_rows_total") == before["rows"] + len(reply.rows)
    assert _sample("argus_ocr_image_bytes_total", **list_op) == before["bytes"] + len(
        shot.data
    ) + len(b"garbage")
    assert _sample("argus_ocr_workers") >= 1
    assert _sample("argus_ocr_in_flight") == 0
