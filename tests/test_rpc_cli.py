"""`argus grpc`: grpcurl's arguments, JSON in and out, grpcurl's error lines and exit codes."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.ocr.server import build as build_ocr
from tests.support.servers import grpc_service, ocr_settings


@pytest.fixture
async def ocr_target(tmp_path: Path) -> AsyncIterator[str]:
    async with grpc_service(build_ocr(ocr_settings(tmp_path))) as server:
        yield f"127.0.0.1:{server.port}"


async def argus_grpc(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "argus.cli",
        "grpc",
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate(stdin)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_a_unary_call_prints_the_answer_as_json(ocr_target: str) -> None:
    code, out, _ = await argus_grpc("-plaintext", ocr_target, "grpc.health.v1.Health/Check")
    assert code == 0 and json.loads(out) == {"status": "SERVING"}


async def test_requests_read_from_stdin_and_errors_shown_as_grpcurl_shows_them(
    ocr_target: str,
) -> None:
    code, out, err = await argus_grpc(
        "-d", "@", ocr_target, "argus.ocr.v1.OcrService/ReadPlayerCount", stdin=b'{"image": ""}'
    )
    assert (code, out) == (1, "")
    assert err.startswith("ERROR:\n  Code: INVALID_ARGUMENT\n  Message: the image is empty")


async def test_an_unknown_method_or_bad_json_is_a_usage_error(ocr_target: str) -> None:
    unknown = await argus_grpc(ocr_target, "argus.ocr.v1.OcrService/Nope")
    bad_json = await argus_grpc("-d", "{", ocr_target, "grpc.health.v1.Health/Check")
    assert (unknown[0], bad_json[0]) == (2, 2)
    assert unknown[2].startswith("argus grpc: ")
