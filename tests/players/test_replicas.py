"""Two players processes on one database behind one gateway with a round-robin target."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import grpc
import httpx

from argus.players.v1 import halp_pb2, halp_pb2_grpc, mac_pb2, mac_pb2_grpc
from services.ocr.server import build as build_ocr
from tests.halp.conftest import SEED_NAMES, TOKEN, player_list_png
from tests.live.processes import kill
from tests.mac.status_samples import full_lobby
from tests.players.processes import Replicas, players_replicas
from tests.support.databases import TestDatabase
from tests.support.screenshots import player_count
from tests.support.servers import gateway, grpc_service, ocr_settings, players_gateway_settings


@dataclass
class Stack:
    replicas: Replicas
    http: httpx.AsyncClient
    channels: tuple[grpc.aio.Channel, grpc.aio.Channel]

    def mac(self, index: int) -> mac_pb2_grpc.MacServiceStub:
        return mac_pb2_grpc.MacServiceStub(self.channels[index])

    def halp(self, index: int) -> halp_pb2_grpc.HalpServiceStub:
        return halp_pb2_grpc.HalpServiceStub(self.channels[index])


@asynccontextmanager
async def stack(db: TestDatabase, tmp_path: Path) -> AsyncIterator[Stack]:
    """OCR in-process, two players processes, a gateway whose players target names both."""
    async with grpc_service(build_ocr(ocr_settings(tmp_path))) as ocr:
        async with players_replicas(db, tmp_path, f"127.0.0.1:{ocr.port}") as replicas:
            settings = players_gateway_settings(tmp_path, replicas.target)
            async with (
                gateway(settings) as url,
                httpx.AsyncClient(base_url=url, timeout=30) as http,
                grpc.aio.insecure_channel(replicas.address(0)) as first,
                grpc.aio.insecure_channel(replicas.address(1)) as second,
            ):
                yield Stack(replicas, http, (first, second))


async def test_a_status_fed_through_one_replica_is_served_by_the_other(
    db: TestDatabase, tmp_path: Path
) -> None:
    async with stack(db, tmp_path) as platform:
        request = mac_pb2.SubmitStatusRequest(text=full_lobby(12))
        await platform.mac(0).SubmitStatus(request)
        game = await platform.mac(1).GetGame(mac_pb2.GetGameRequest())
        assert len(game.players) == 12 and game.etag
        replies = [await platform.http.get("/mac/game/v1") for _ in range(6)]
        assert {r.status_code for r in replies} == {200}
        assert {len(r.json()["players"]) for r in replies} == {12}
        assert {r.headers["etag"] for r in replies} == {f'"{game.etag}"'}


async def test_an_upload_stored_through_one_replica_is_downloaded_through_the_other(
    db: TestDatabase, tmp_path: Path
) -> None:
    async with stack(db, tmp_path) as platform:
        images = halp_pb2.OcrImages(
            player_list=player_list_png(SEED_NAMES), count_image=player_count(7, fmt="PNG").data
        )
        request = halp_pb2.SubmitPlayerCountRequest(session="clifford", ocr=images)
        auth = (("authorization", TOKEN),)
        stored = await platform.halp(0).SubmitPlayerCount(request, metadata=auth)
        upload = await platform.halp(1).GetUpload(
            halp_pb2.GetUploadRequest(name=stored.player_list_upload), metadata=auth
        )
        assert upload.data == images.player_list and upload.content_type == "image/png"
        for _ in range(2):  # through the gateway, from each replica in turn
            reply = await platform.http.get(
                f"/uploads/{stored.count_upload}", params={"auth": TOKEN}
            )
            assert reply.status_code == 200 and reply.content == images.count_image


async def test_200_commands_drained_through_both_replicas_come_out_exactly_once(
    db: TestDatabase, tmp_path: Path
) -> None:
    async with stack(db, tmp_path) as platform:
        sent = [{"say": f"message {n}"} for n in range(200)]
        for start in range(0, 200, 20):
            reply = await platform.http.post(
                "/mac/commands/v1", json={"commands": sent[start : start + 20]}
            )
            assert reply.json() == {"queued": 20}

        async def drain(index: int) -> list[str]:
            got: list[str] = []
            while True:
                reply = await platform.mac(index).DrainCommands(mac_pb2.DrainCommandsRequest(max=3))
                if not reply.commands:
                    return got
                got += [command["say"] for command in reply.commands]

        # Each replica serves one drain on its own (both take a share, whatever the
        # scheduling), then six drainers race across the two.
        request = mac_pb2.DrainCommandsRequest(max=3)
        first = [await platform.mac(index).DrainCommands(request) for index in (0, 1)]
        assert [len(reply.commands) for reply in first] == [3, 3]
        drained = [[command["say"] for reply in first for command in reply.commands]]
        drained += await asyncio.gather(*(drain(n % 2) for n in range(6)))
    every = [say for part in drained for say in part]
    assert sorted(every, key=lambda say: int(say.split()[1])) == [c["say"] for c in sent]


async def test_a_replica_killed_while_8_clients_poll_the_lobby_costs_no_5xx(
    db: TestDatabase, tmp_path: Path
) -> None:
    async with stack(db, tmp_path) as platform:
        await platform.mac(1).SubmitStatus(mac_pb2.SubmitStatusRequest(text=full_lobby(24)))
        statuses: list[tuple[float, int]] = []
        killed_at: list[float] = []

        async def poll(until: float) -> None:
            etag = ""
            while time.monotonic() < until:
                headers = {"if-none-match": etag} if etag else {}
                reply = await platform.http.get("/mac/game/v1", headers=headers)
                statuses.append((time.monotonic(), reply.status_code))
                etag = reply.headers.get("etag", "")

        async def kill_first_replica() -> None:
            await asyncio.sleep(1.0)
            kill(platform.replicas.processes[0])
            killed_at.append(time.monotonic())

        until = time.monotonic() + 4.0
        await asyncio.gather(*(poll(until) for _ in range(8)), kill_first_replica())
    assert {code for _, code in statuses} <= {200, 304}
    assert any(at > killed_at[0] for at, _ in statuses)
