"""Engine choice and Tesseract data set-up, as an operator configures them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import grpc
import pytest

from argus.core.errors import FailedPrecondition
from argus.ocr.v1 import ocr_pb2, ocr_pb2_grpc
from services.ocr.engine import find_tessdata
from services.ocr.server import build
from tests.support.screenshots import player_count, player_list
from tests.support.servers import grpc_service, ocr_settings


async def test_the_pytesseract_reference_engine_is_selectable_by_a_setting(
    tmp_path: Path,
) -> None:
    settings = ocr_settings(tmp_path, ocr_engine="pytesseract", ocr_workers=1)
    shot = player_count(5, fmt="PNG")
    async with grpc_service(build(settings)) as server:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            stub = ocr_pb2_grpc.OcrServiceStub(channel)
            reply = await stub.ReadPlayerCount(ocr_pb2.ReadPlayerCountRequest(image=shot.data))
    assert reply.engine == "pytesseract"
    assert (reply.found, reply.count, reply.lobby_type) == (True, shot.count, shot.lobby_type)


async def test_concurrent_calls_each_get_their_own_image_read(
    ocr: ocr_pb2_grpc.OcrServiceStub,
) -> None:
    shots = [player_list(seed, rows=seed % 3 + 2, fmt="PNG") for seed in range(20, 26)]
    replies = await asyncio.gather(
        *(ocr.ReadPlayerList(ocr_pb2.ReadPlayerListRequest(image=s.data)) for s in shots)
    )
    assert [len(r.rows) for r in replies] == [len(s.names) for s in shots]
    for shot, reply in zip(shots, replies, strict=True):
        read = [row.name for row in reply.rows]
        assert sum(name in read for name in shot.names) >= len(shot.names) - 1


def test_the_tessdata_folder_is_found_without_configuration() -> None:
    assert (Path(find_tessdata("", "eng")) / "eng.traineddata").is_file()


def test_a_configured_tessdata_folder_without_the_language_stops_the_start(
    tmp_path: Path,
) -> None:
    with pytest.raises(FailedPrecondition) as failure:
        build(ocr_settings(tmp_path, ocr_tessdata_path=str(tmp_path)))
    assert failure.value.message == (
        f"no eng.traineddata in {tmp_path}; install tesseract-ocr-eng "
        "or set ARGUS_OCR_TESSDATA_PATH"
    )


async def test_a_corrupt_language_file_stops_the_start_with_a_clear_message(
    tmp_path: Path,
) -> None:
    (tmp_path / "eng.traineddata").write_bytes(b"not a model")
    spec = build(ocr_settings(tmp_path, ocr_tessdata_path=str(tmp_path), ocr_workers=2))
    with pytest.raises(FailedPrecondition) as failure:
        async with grpc_service(spec):
            pass
    assert failure.value.message.startswith(
        f"Tesseract cannot load eng.traineddata from {tmp_path}"
    )


async def test_calls_beyond_the_pending_limit_fail_fast_with_resource_exhausted(
    tmp_path: Path,
) -> None:
    settings = ocr_settings(tmp_path, ocr_workers=1, ocr_max_pending=1)
    image = player_list(40, rows=16, fmt="PNG").data
    async with grpc_service(build(settings)) as server:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            stub = ocr_pb2_grpc.OcrServiceStub(channel)
            outcomes = await asyncio.gather(
                *(
                    stub.ReadPlayerList(ocr_pb2.ReadPlayerListRequest(image=image))
                    for _ in range(4)
                ),
                return_exceptions=True,
            )
    refused = [o for o in outcomes if isinstance(o, grpc.aio.AioRpcError)]
    assert 1 <= len(refused) < len(outcomes)
    for failure in refused:
        assert failure.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert failure.details() == "the OCR service is busy (1 images in progress); retry later"
