"""A real browser (Debian's Chromium, headless) on the gateway's live page sees alerts happen."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, async_playwright, expect

from services.fleet.server import build
from tests.fleet.conftest import ADMIN, Api, fleet_gateway, fleet_overrides, jpeg
from tests.support.databases import TestDatabase
from tests.support.servers import fleet_settings, grpc_service

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium(path: Path = CHROMIUM) -> Path:
    """The browser binary; a missing one fails the test (never skips) and says how to get it."""
    if not path.is_file():
        pytest.fail(
            f"Chromium is missing ({path}): `make install-test` installs it "
            "(Debian package chromium, with apt).",
            pytrace=False,
        )
    return path


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[Page]:
    """A fresh headless Chromium tab with its own profile; fails on any console error."""
    errors: list[str] = []
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile",
            executable_path=chromium(),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            tab = context.pages[0] if context.pages else await context.new_page()
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
            yield tab
        finally:
            await context.close()
    assert errors == []


async def watch(page: Page, base_url: str, username: str, token: str) -> None:
    await page.goto(f"{base_url}/live")
    await page.fill("#username", username)
    await page.fill("#token", token)
    await page.click("#watch")


async def close_alert(api: Api, device: dict[str, object], alert_id: int) -> None:
    body = {"token": device["token"], "alert_id": alert_id, "alert_end": "2020-02-19 13:00:00"}
    reply = await api.client.put("/api/v1/alert/", json=body)
    assert reply.status_code == 200, reply.text


async def test_a_browser_tab_on_the_live_page_sees_each_new_alert_as_it_happens(
    sqlite_api: Api, page: Page
) -> None:
    device = await sqlite_api.jetson()
    await watch(page, str(sqlite_api.client.base_url), ADMIN[0], await sqlite_api.login())
    await expect(page.locator("#status")).to_have_text(f"Watching alerts as {ADMIN[0]}.")
    # The vendored client upgrades to a WebSocket: the page's security policy allows it.
    await page.wait_for_function("() => socket.io.engine.transport.name === 'websocket'")

    first = await sqlite_api.open_alert(device, "Unsafe", "2020-02-19 12:59:02")
    row = page.locator(f"#alert-{first}")
    await expect(row.locator(".state")).to_have_text("open")
    await expect(row.locator(".truck")).to_have_text(f"truck {device['truck_id']}")
    await expect(row.locator(".behavior")).to_have_text("Unsafe")
    await expect(row.locator(".time")).to_have_text("2020-02-19T12:59:02")

    second = await sqlite_api.open_alert(device, "Single Hand", "2020-02-19 13:05:00")
    await expect(page.locator("#alerts tbody tr")).to_have_count(2)
    await expect(page.locator("#alerts tbody tr").first).to_have_id(f"alert-{second}")

    await close_alert(sqlite_api, device, first)
    await expect(row.locator(".state")).to_have_text("closed 2020-02-19T13:00:00")
    await expect(page.locator(f"#alert-{second} .state")).to_have_text("open")


async def test_a_bad_token_shows_the_refusal_text(sqlite_api: Api, page: Page) -> None:
    await watch(page, str(sqlite_api.client.base_url), ADMIN[0], "not-a-token")
    status = page.locator("#status.error")
    await expect(status).to_contain_text("Refused (401): invalid token")
    await page.wait_for_function("() => !socket.connected")
    await expect(page.locator("#alerts tbody tr")).to_have_count(0)


async def test_the_page_says_when_the_alert_feed_stops_and_recovers_by_itself(
    sqlite_db: TestDatabase, tmp_path: Path, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGUS_GATEWAY_LIVE_OUTAGE_SECONDS", "1")
    async with (
        fleet_gateway(tmp_path, sqlite_db) as (url, fleet),
        httpx.AsyncClient(base_url=url) as client,
    ):
        api = Api(client)
        device = await api.jetson()
        await watch(page, url, ADMIN[0], await api.login())
        await expect(page.locator("#status")).to_have_text(f"Watching alerts as {ADMIN[0]}.")
        await fleet.server.stop(0)
        status = page.locator("#status.error")
        await expect(status).to_contain_text("The alert feed is unavailable (503: alert feed")
        await expect(status).to_contain_text("retrying...")
        # The same fleet comes back on its port: the page watches again, untouched.
        spec = build(fleet_settings(tmp_path, sqlite_db, **fleet_overrides()))
        async with grpc_service(spec, port=fleet.port):
            await expect(page.locator("#status")).to_have_text(
                f"Watching alerts as {ADMIN[0]}.", timeout=15_000
            )
            alert_id = await api.open_alert(device)
            await expect(page.locator(f"#alert-{alert_id} .state")).to_have_text("open")
            await page.evaluate("socket.disconnect()")  # before the gateway goes away


async def test_the_live_view_of_an_alerts_truck_shows_its_newest_frame(
    sqlite_api: Api, page: Page
) -> None:
    device = await sqlite_api.jetson()
    await watch(page, str(sqlite_api.client.base_url), ADMIN[0], await sqlite_api.login())
    await expect(page.locator("#status")).to_have_text(f"Watching alerts as {ADMIN[0]}.")
    alert_id = await sqlite_api.open_alert(device)
    reply = await sqlite_api.frame(device, alert_id, jpeg(80, 60))
    assert reply.status_code == 200, reply.text

    await page.click(f"#alert-{alert_id} button.view")
    await expect(page.locator("#viewer-title")).to_have_text(f"Truck {device['truck_id']}, live")
    await expect(page.locator("#mjpeg")).to_have_js_property("naturalWidth", 80)
    await expect(page.locator("#viewer-status")).to_have_text("")


async def test_the_page_and_its_vendored_socketio_client_are_served(sqlite_api: Api) -> None:
    page = await sqlite_api.client.get("/live")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<script src="/api/v1/live/static/socket.io.min.js">' in page.text

    client = await sqlite_api.client.get("/api/v1/live/static/socket.io.min.js")
    assert client.status_code == 200
    assert client.text.startswith("/*!\n * Socket.IO v4.8.1\n")
    assert "Released under the MIT License." in client.text[:200]

    missing = await sqlite_api.client.get("/api/v1/live/static/page.py")
    assert missing.status_code == 404
    assert missing.json()["reason"] == "NOT_FOUND"


def test_a_missing_browser_fails_the_test_and_says_make_install_installs_it(
    tmp_path: Path,
) -> None:
    with pytest.raises(pytest.fail.Exception, match="`make install-test` installs it"):
        chromium(tmp_path / "no-chromium")
