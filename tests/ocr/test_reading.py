"""Player lists and counts read through a real OCR server from generated screenshots."""

from __future__ import annotations

import pytest

from argus.ocr.v1 import ocr_pb2, ocr_pb2_grpc
from tests.support.screenshots import inverted, player_count, player_list, scaled

LIST_SEEDS = range(100, 106)
COUNT_SEEDS = range(200, 206)
NAME_ACCURACY_FLOOR = 0.95
# Random crew tags mix O/0 and I/1, which some fonts draw almost alike.
TAG_ACCURACY_FLOOR = 0.85


async def test_player_lists_are_read_row_by_row_with_names_and_crew_tags(
    ocr: ocr_pb2_grpc.OcrServiceStub,
) -> None:
    names = tags = total = 0
    for seed in LIST_SEEDS:
        shot = player_list(seed)
        reply = await ocr.ReadPlayerList(ocr_pb2.ReadPlayerListRequest(image=shot.data))
        assert reply.engine == "tesserocr"
        assert [row.row for row in reply.rows] == list(range(len(shot.names)))
        total += len(shot.names)
        names += sum(row.name == name for row, name in zip(reply.rows, shot.names, strict=True))
        tags += sum(row.crew_tag == t for row, t in zip(reply.rows, shot.crew_tags, strict=True))
    assert names / total >= NAME_ACCURACY_FLOOR, f"{names}/{total} names read exactly"
    assert tags / total >= TAG_ACCURACY_FLOOR, f"{tags}/{total} crew tags read exactly"


async def test_a_crew_tag_is_split_from_the_name_without_its_brackets(
    ocr: ocr_pb2_grpc.OcrServiceStub,
) -> None:
    shot = player_list(7, rows=6, fmt="PNG", tag_share=1.0)
    reply = await ocr.ReadPlayerList(ocr_pb2.ReadPlayerListRequest(image=shot.data))
    assert len(reply.rows) == 6
    for row in reply.rows:
        assert row.crew_tag and "[" not in row.crew_tag and "]" not in row.crew_tag
        assert "]" in row.text and row.name in row.text.replace(" ", "")
        assert 0 < row.confidence <= 100
    assert (
        sum(row.crew_tag == tag for row, tag in zip(reply.rows, shot.crew_tags, strict=True)) >= 5
    )


async def test_player_counts_and_lobby_types_are_read_exactly(
    ocr: ocr_pb2_grpc.OcrServiceStub,
) -> None:
    for seed in COUNT_SEEDS:
        shot = player_count(seed)
        reply = await ocr.ReadPlayerCount(ocr_pb2.ReadPlayerCountRequest(image=shot.data))
        assert (reply.found, reply.count, reply.lobby_type) == (True, shot.count, shot.lobby_type)
        assert str(shot.count) in reply.raw_text
        assert reply.engine == "tesserocr"


async def test_an_image_without_a_banner_answers_found_false(
    ocr: ocr_pb2_grpc.OcrServiceStub,
) -> None:
    shot = player_list(3, rows=3, fmt="PNG", tag_share=0.0)
    reply = await ocr.ReadPlayerCount(ocr_pb2.ReadPlayerCountRequest(image=shot.data))
    assert (reply.found, reply.count, reply.lobby_type) == (False, 0, "")


async def test_dark_text_on_a_light_ground_is_read_as_well(
    ocr: ocr_pb2_grpc.OcrServiceStub,
) -> None:
    shot = player_list(4, fmt="PNG")
    reply = await ocr.ReadPlayerList(ocr_pb2.ReadPlayerListRequest(image=inverted(shot.data)))
    assert [row.name for row in reply.rows] == list(shot.names)
    banner = player_count(4, fmt="PNG")
    count = await ocr.ReadPlayerCount(ocr_pb2.ReadPlayerCountRequest(image=inverted(banner.data)))
    assert (count.count, count.lobby_type) == (banner.count, banner.lobby_type)


@pytest.mark.parametrize("factor", [0.8, 3.0])
async def test_screenshots_at_other_resolutions_are_read_as_well(
    ocr: ocr_pb2_grpc.OcrServiceStub, factor: float
) -> None:
    shot = player_list(300, fmt="PNG")
    reply = await ocr.ReadPlayerList(ocr_pb2.ReadPlayerListRequest(image=scaled(shot.data, factor)))
    read = [row.name for row in reply.rows]
    assert sum(a == b for a, b in zip(read, shot.names, strict=True)) >= len(shot.names) - 1
    banner = player_count(300, fmt="PNG")
    count = await ocr.ReadPlayerCount(
        ocr_pb2.ReadPlayerCountRequest(image=scaled(banner.data, factor))
    )
    assert (count.count, count.lobby_type) == (banner.count, banner.lobby_type)
