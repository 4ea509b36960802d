"""Images the service refuses: each answers INVALID_ARGUMENT with a message naming the fault."""

from __future__ import annotations

import grpc
import pytest

from argus.core.grpc_handlers import error_reason
from argus.ocr.v1 import ocr_pb2, ocr_pb2_grpc
from tests.ocr.conftest import TEST_MAX_BYTES, TEST_MAX_PIXELS
from tests.support.screenshots import player_list, png_header_bomb


async def _refusal(stub: ocr_pb2_grpc.OcrServiceStub, image: bytes) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        await stub.ReadPlayerList(ocr_pb2.ReadPlayerListRequest(image=image))
    with pytest.raises(grpc.aio.AioRpcError) as count_failure:
        await stub.ReadPlayerCount(ocr_pb2.ReadPlayerCountRequest(image=image))
    assert count_failure.value.details() == failure.value.details()
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error_reason(failure.value) == "INVALID_IMAGE"
    return failure.value


async def test_an_empty_image_is_refused(ocr: ocr_pb2_grpc.OcrServiceStub) -> None:
    failure = await _refusal(ocr, b"")
    assert failure.details() == "the image is empty"


async def test_garbage_bytes_are_refused_as_not_an_image(ocr: ocr_pb2_grpc.OcrServiceStub) -> None:
    failure = await _refusal(ocr, b"this is not an image at all" * 10)
    assert failure.details() == "the image is not a PNG or JPEG file"


async def test_an_image_over_the_byte_limit_is_refused(ocr: ocr_pb2_grpc.OcrServiceStub) -> None:
    image = player_list(1, rows=3, fmt="PNG").data
    padded = image + b"\0" * (TEST_MAX_BYTES + 1 - len(image))
    failure = await _refusal(ocr, padded)
    assert failure.details() == (
        f"the image is {TEST_MAX_BYTES + 1} bytes, over the limit of {TEST_MAX_BYTES}"
    )


async def test_a_decompression_bomb_is_refused_from_its_header(
    ocr: ocr_pb2_grpc.OcrServiceStub,
) -> None:
    failure = await _refusal(ocr, png_header_bomb(30_000, 30_000))
    assert failure.details() == (
        f"the image is 30000x30000 pixels, over the limit of {TEST_MAX_PIXELS} pixels"
    )


async def test_a_truncated_png_is_refused_as_corrupt(ocr: ocr_pb2_grpc.OcrServiceStub) -> None:
    image = player_list(2, rows=4, fmt="PNG").data
    failure = await _refusal(ocr, image[: len(image) // 3])
    assert failure.details() == "the PNG image is corrupt or truncated and cannot be decoded"


async def test_formats_other_than_png_and_jpeg_are_refused(
    ocr: ocr_pb2_grpc.OcrServiceStub,
) -> None:
    gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
    failure = await _refusal(ocr, gif)
    assert failure.details() == "the image is GIF; only PNG and JPEG are accepted"
