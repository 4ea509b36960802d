"""`GET /uploads/<name>` serves stored screenshots and nothing outside their folder."""

from __future__ import annotations

import grpc
import pytest

from argus.players.v1 import halp_pb2, halp_pb2_grpc
from tests.halp.conftest import TOKEN, Halp

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def stored(halp: Halp) -> str:
    """A file in the upload folder, and a secret next to the folder that must stay private."""
    folder = halp.data_dir / "halp-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "0123abcd_playerlist.png").write_bytes(PNG)
    (halp.data_dir / "secret.png").write_bytes(PNG + b"secret")
    return "0123abcd_playerlist.png"


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
        "/uploads/0123abcd_playerlist.png%00.txt",
    ],
)
async def test_names_that_leave_the_folder_or_do_not_exist_answer_404(
    halp: Halp, stored: str, path: str
) -> None:
    reply = await halp.client.get(path, params={"auth": TOKEN})
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
