"""`GET /uploads/<name>` serves the screenshots stored in the database, and nothing else."""

from __future__ import annotations

import grpc
import pytest

from argus.core.db import Database, create_engine
from argus.players.v1 import halp_pb2, halp_pb2_grpc
from services.players.halp.uploads import Uploads
from tests.halp.conftest import TOKEN, Halp

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
async def stored(halp: Halp) -> str:
    """A screenshot in the database, and a secret file in the data directory that must stay
    private."""
    (halp.data_dir / "secret.png").write_bytes(PNG + b"secret")
    database = Database(create_engine(halp.db.url))
    try:
        return await Uploads(database).save(PNG, "playerlist")
    finally:
        await database.close()


async def test_a_stored_upload_is_served_with_its_content_type(halp: Halp, stored: str) -> None:
    reply = await halp.client.get(f"/uploads/{stored}", params={"auth": TOKEN})
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "image/png"
    assert reply.content == PNG


async def test_an_upload_needs_a_valid_token(halp: Halp, stored: str) -> None:
    reply = await halp.client.get(f"/uploads/{stored}")
    assert (reply.status_code, reply.text) == (403, "Invalid Auth")
    reply = await halp.client.get(f"/uploads/{stored}", headers={"auth": "wrong"})
    assert (reply.status_code, reply.text) == (403, "Invalid Auth")


async def test_a_form_token_on_a_get_is_accepted_as_the_documentation_says(
    halp: Halp, stored: str
) -> None:
    reply = await halp.client.request(
        "GET",
        f"/uploads/{stored}",
        content=f"auth={TOKEN}",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert reply.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/uploads/..%2Fsecret.png",
        "/uploads/%2E%2E%2Fsecret.png",
        "/uploads/..%5Csecret.png",
        "/uploads/%2Fetc%2Fpasswd",
        "/uploads/.hidden.png",
        "/uploads/missing_playerlist.png",
        "/uploads/{stored}%00.txt",
    ],
)
async def test_names_that_leave_the_folder_or_do_not_exist_answer_404(
    halp: Halp, stored: str, path: str
) -> None:
    reply = await halp.client.get(path.format(stored=stored), params={"auth": TOKEN})
    assert reply.status_code == 404
    assert b"secret" not in reply.content


@pytest.mark.parametrize("name", ["../secret.png", "/etc/passwd", "..", "", "a/../../secret.png"])
async def test_the_grpc_upload_read_refuses_paths_outside_the_folder(
    halp: Halp, stored: str, name: str
) -> None:
    async with grpc.aio.insecure_channel(halp.platform.players_target) as channel:
        stub = halp_pb2_grpc.HalpServiceStub(channel)
        with pytest.raises(grpc.aio.AioRpcError) as failure:
            await stub.GetUpload(
                halp_pb2.GetUploadRequest(name=name), metadata=(("authorization", TOKEN),)
            )
    assert failure.value.code() == grpc.StatusCode.NOT_FOUND
