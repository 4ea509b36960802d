"""The operators' console in a real browser (Debian's Chromium, headless) against the platform.

Every page load is checked for console errors and for requests that leave the gateway's
origin; `ARGUS_CONSOLE_SCREENSHOTS=<dir>` also saves a screenshot of each page there.
"""

from __future__ import annotations

import os
from base64 import b64encode
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from playwright.async_api import Page, Request, Route, async_playwright, expect

from argus.players.v1 import fairplay_pb2 as pb
from argus.players.v1 import fairplay_pb2_grpc
from tests.fleet.conftest import ADMIN, Api, fleet_overrides, jpeg
from tests.halp.conftest import SEED_NAMES, halp_settings, player_list_png, screenshots
from tests.halp.conftest import TOKEN as HALP_TOKEN
from tests.live.test_browser import CHROMIUM_ARGS, chromium
from tests.support.databases import TestDatabase
from tests.support.screenshots import player_count
from tests.support.servers import Platform, platform


class Console:
    """A signed-out browser tab on the console, and the platform behind it."""

    def __init__(self, page: Page, stack: Platform, api: Api) -> None:
        self.page = page
        self.stack = stack
        self.api = api
        self.url = stack.url
        # Console lines a test provokes on purpose (a browser logs every refused request).
        self.expected_errors: list[str] = []

    async def sign_in(self, username: str = ADMIN[0], password: str = ADMIN[1]) -> None:
        await self.page.goto(f"{self.url}/console")
        await self.page.fill("#signin-username", username)
        await self.page.fill("#signin-password", password)
        await self.page.click("#signin-submit")
        await expect(self.page.locator("#who-name")).to_have_text(username)

    async def go(self, view: str) -> None:
        await self.page.click(f'#nav a[data-view="{view}"]')

    async def shot(self, name: str) -> None:
        folder = os.environ.get("ARGUS_CONSOLE_SCREENSHOTS")
        if folder:
            await self.page.set_viewport_size({"width": 1280, "height": 820})
            await self.page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
async def console(tmp_path: Path, sqlite_db: TestDatabase) -> AsyncIterator[Console]:
    """The whole platform on SQLite and a browser tab that may only talk to the gateway."""
    errors: list[str] = []
    foreign: list[str] = []
    async with (
        platform(
            tmp_path,
            sqlite_db,
            players=halp_settings(),
            fleet=fleet_overrides(),
        ) as stack,
        httpx.AsyncClient(base_url=stack.url) as client,
        async_playwright() as playwright,
    ):
        context = await playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile",
            executable_path=chromium(),
            headless=True,
            args=CHROMIUM_ARGS,
        )

        async def only_the_gateway(route: Route, request: Request) -> None:
            if request.url.startswith(stack.url) or request.url.startswith(("data:", "blob:")):
                await route.continue_()
            else:
                foreign.append(request.url)
                await route.abort()

        try:
            await context.route("**/*", only_the_gateway)
            tab = context.pages[0] if context.pages else await context.new_page()
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
            console = Console(tab, stack, Api(client))
            yield console
        finally:
            await context.close()
    assert foreign == []
    assert [e for e in errors if e not in console.expected_errors] == []


def frame_body(device: dict[str, Any], image: bytes, at: str) -> dict[str, Any]:
    return {
        "token": device["token"],
        "truck_id": device["truck_id"],
        "frame_timestamp": at,
        "frame": b64encode(image).decode(),
    }


async def test_signing_in_shows_each_truck_and_new_alerts_arrive_live(console: Console) -> None:
    device = await console.api.jetson(name="Hauler-7")
    safe = await console.api.client.post(
        "/api/v1/safe/", json=frame_body(device, jpeg(96, 72), "2020-02-19 12:00:00")
    )
    assert safe.status_code == 200, safe.text

    await console.sign_in()
    card = console.page.locator(f"#truck-{device['truck_id']}")
    await expect(card.locator("h2")).to_have_text("Hauler-7")
    await expect(card.locator(".last-alert")).to_have_text("No alert yet")
    await expect(card.locator("img.thumb")).to_have_js_property("naturalWidth", 96)
    await expect(console.page.locator("#who-role")).to_have_text("admin")
    await console.shot("fleet")

    # The live view reads the MJPEG stream with the token in a header, and follows new frames.
    await card.locator("button.view").click()
    live = console.page.locator("#truck-live-image")
    await expect(live).to_have_js_property("naturalWidth", 96)
    newer = await console.api.client.post(
        "/api/v1/safe/", json=frame_body(device, jpeg(120, 90), "2020-02-19 12:00:05")
    )
    assert newer.status_code == 200, newer.text
    await expect(live).to_have_js_property("naturalWidth", 120)
    await expect(card.locator("img.thumb")).to_have_js_property("naturalWidth", 120)
    await console.page.click("#truck-live-close")
    await expect(console.page.locator("#truck-live")).to_be_hidden()

    first = await console.api.open_alert(device, "Single Hand", "2020-02-19 12:59:02")
    await expect(card.locator(".last-alert a")).to_have_text(f"Single Hand #{first}")
    await expect(card.locator(".last-alert .state")).to_have_text("open")

    await console.go("alerts")
    rows = console.page.locator("#alerts-table tbody tr")
    await expect(rows).to_have_count(1)
    await expect(console.page.locator('.chip[data-behavior="Single Hand"] strong')).to_have_text(
        "1"
    )
    second = await console.api.open_alert(device, "Unsafe", "2020-02-19 13:05:00")
    await expect(rows).to_have_count(2)
    await expect(rows.first).to_have_id(f"alert-{second}")
    await expect(rows.first.locator(".behavior")).to_have_text("Unsafe")
    await expect(console.page.locator('.chip[data-behavior="Unsafe"] strong')).to_have_text("1")
    await console.shot("alerts")


async def test_alert_filters_narrow_the_list_and_the_counts(console: Console) -> None:
    device = await console.api.jetson()
    await console.api.open_alert(device, "Unsafe", "2020-02-19 12:00:00")
    await console.api.open_alert(device, "Tamper", "2020-02-19 12:10:00")
    await console.api.open_alert(device, "Unsafe", "2020-02-20 08:00:00")
    await console.sign_in()
    await console.go("alerts")
    rows = console.page.locator("#alerts-table tbody tr")
    await expect(rows).to_have_count(3)

    await console.page.select_option("#filter-behavior", "Unsafe")
    await console.page.click("#alert-filters button[type=submit]")
    await expect(rows).to_have_count(2)
    await console.page.fill("#filter-since", "2020-02-20T00:00:00")
    await console.page.click("#alert-filters button[type=submit]")
    await expect(rows).to_have_count(1)
    await expect(console.page.locator('.chip[data-behavior="Tamper"] strong')).to_have_text("0")

    await console.page.select_option("#filter-state", "False")
    await console.page.click("#alert-filters button[type=submit]")
    await expect(console.page.locator("#alerts-message")).to_have_text(
        "No alert matches these filters."
    )


async def test_the_alert_page_plays_its_frames_in_order(console: Console) -> None:
    device = await console.api.jetson()
    alert_id = await console.api.open_alert(device, "Unsafe", "2020-02-19 12:59:02")
    for index in range(5):
        body = {
            "token": device["token"],
            "alert_id": alert_id,
            "frame_timestamp": f"2020-02-19 12:59:0{3 + index}",
            "frame": b64encode(jpeg(40 + index, 30, seed=index)).decode(),
            "frame_index": index,
        }
        reply = await console.api.client.post("/api/v1/log/", json=body)
        assert reply.status_code == 200, reply.text

    await console.sign_in()
    await console.page.goto(f"{console.url}/console#/alert/{alert_id}")
    await expect(console.page.locator("#alert-title")).to_have_text(f"Alert #{alert_id}: Unsafe")
    label = console.page.locator("#player-label")
    await expect(label).to_contain_text("Frame 1 of 5")
    await expect(console.page.locator("#alert-timeline .frame-step")).to_have_count(5)
    await console.shot("alert")

    # Record every frame the player shows, then play.
    await console.page.evaluate(
        """() => {
          window.shownWidths = [];
          const image = document.getElementById("player-frame");
          image.addEventListener("load", () => window.shownWidths.push(image.naturalWidth));
        }"""
    )
    await console.page.click("#player-play")
    await expect(label).to_contain_text("Frame 5 of 5")
    await expect(console.page.locator("#player-play")).to_have_text("Play")
    shown = await console.page.evaluate("() => window.shownWidths")
    assert shown == [41, 42, 43, 44]

    await console.page.click("#player-back")
    await expect(label).to_contain_text("Frame 4 of 5 · index 3")
    await console.page.fill("#player-scrubber", "2")
    await expect(label).to_contain_text("Frame 2 of 5 · index 1")


async def test_a_viewer_sees_no_close_button_and_an_operator_closes_the_alert(
    console: Console,
) -> None:
    await console.api.user("viewer", "vera")
    await console.api.user("operator", "otto")
    device = await console.api.jetson()
    alert_id = await console.api.open_alert(device, "Tamper", "2020-02-19 12:59:02")

    await console.sign_in("vera", "user-password-1")
    await console.page.goto(f"{console.url}/console#/alert/{alert_id}")
    await expect(console.page.locator("#alert-title")).to_have_text(f"Alert #{alert_id}: Tamper")
    await expect(console.page.locator("#alert-message")).to_have_text(
        "This alert has no frame yet."
    )
    await expect(console.page.locator("#alert-close")).to_be_hidden()

    await console.page.click("#sign-out")
    await expect(console.page.locator("#signin-message")).to_have_text("Signed out.")
    await console.sign_in("otto", "user-password-1")
    await console.page.goto(f"{console.url}/console#/alert/{alert_id}")
    close = console.page.locator("#alert-close")
    await expect(close).to_be_visible()
    console.page.once("dialog", lambda dialog: dialog.accept())
    await close.click()
    await expect(console.page.locator("#alert-message")).to_contain_text("Alert closed.")
    await expect(close).to_be_hidden()
    await expect(console.page.locator("#alert-timeline li").last).to_contain_text("Closed")


async def test_an_expired_token_returns_to_sign_in(tmp_path: Path, sqlite_db: TestDatabase) -> None:
    async with (
        platform(tmp_path, sqlite_db, fleet=fleet_overrides(jwt_ttl=2)) as stack,
        httpx.AsyncClient(base_url=stack.url) as client,
        async_playwright() as playwright,
    ):
        browser = await playwright.chromium.launch(
            executable_path=chromium(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = await browser.new_page()
            console = Console(page, stack, Api(client))
            await console.sign_in()
            await expect(page.locator("#signin-message")).to_have_text(
                "Your session has expired. Sign in again.", timeout=10_000
            )
            await expect(page.locator("#view-signin")).to_be_visible()
            assert await page.evaluate("() => sessionStorage.getItem('argus.token')") is None
            # A stale token left in the tab is refused the same way.
            await page.evaluate("() => sessionStorage.setItem('argus.token', 'stale.token.x')")
            await page.goto(f"{stack.url}/console#/alerts")
            await expect(page.locator("#signin-message")).to_have_text(
                "Your session has expired. Sign in again."
            )
        finally:
            await browser.close()


async def test_halp_charts_each_sessions_counts_and_matches_a_roster(console: Console) -> None:
    for count in ("12", "17"):
        form = {"auth": HALP_TOKEN, "mode": "rawCount", "session": "clifford", "playercount": count}
        reply = await console.api.client.post("/submit_playercount", data=form)
        assert reply.status_code == 200, reply.text
    banner = player_count(7, fmt="PNG")
    files = screenshots(player_list_png(SEED_NAMES), banner.data)
    form = {"auth": HALP_TOKEN, "mode": "OCR", "session": "clifford"}
    reply = await console.api.client.post("/submit_playercount", data=form, files=files, timeout=60)
    assert reply.status_code == 200, reply.text

    await console.sign_in()
    await console.go("halp")
    await expect(console.page.locator("#halp-message")).to_have_text(
        "Enter a HALP token to see its sessions."
    )
    console.expected_errors.append(
        "Failed to load resource: the server responded with a status of 403 (Forbidden)"
    )
    await console.page.fill("#halp-token", "wrong-token")
    await console.page.click("#halp-token-form button")
    await expect(console.page.locator("#halp-message")).to_have_text(
        "This HALP token is not accepted."
    )
    await console.page.fill("#halp-token", HALP_TOKEN)
    await console.page.click("#halp-token-form button")
    points = console.page.locator("#halp-clifford svg circle.point")
    await expect(points).to_have_count(3)
    counts = [await p.get_attribute("data-count") for p in await points.all()]
    assert counts == ["12", "17", str(banner.count)]
    shots = console.page.locator("#halp-clifford .shots img")
    await expect(shots).to_have_count(2)
    for shot in await shots.all():
        await expect(shot).not_to_have_js_property("naturalWidth", 0)
    await expect(console.page.locator("#halp-spadge .session-note")).to_have_text(
        "No player count submitted yet."
    )

    await console.page.fill("#halp-match-names", "CliffordGTAV\nblazeroman")
    await console.page.click("#halp-match-form button")
    result = console.page.locator("#halp-match-result")
    await expect(result.locator("h3").first).to_have_text(
        f"clifford: 2 matched, 2 unmatched · {banner.count} players counted"
    )
    await expect(result.locator("tr.matched td").nth(0)).to_have_text("CliffordGTAV")
    unmatched = result.locator("tr.unmatched")
    await expect(unmatched.first.locator("td").nth(2)).to_have_text("CliffordGTAV")
    await expect(unmatched.first.locator("td").nth(3)).to_have_text("24")
    await expect(result.locator("h3").nth(1)).to_have_text("spadge: no OCR'd player list yet")
    await console.shot("halp")


async def test_dfairplay_shows_open_sessions_their_players_and_recent_incidents(
    console: Console,
) -> None:
    token = (await console.api.client.get("/create_session/gtasa-samp/")).text
    assert (await console.api.client.get(f"/add_user/{token}/4/10.1.2.3/")).text == "0"
    async with grpc.aio.insecure_channel(console.stack.players_target) as channel:
        stub = fairplay_pb2_grpc.FairPlayServiceStub(channel)
        await stub.ReportIncident(pb.ReportIncidentRequest(ip="10.1.2.3", kind="aimbot"))

    await console.sign_in()
    await console.go("fairplay")
    sessions = console.page.locator("#fairplay-sessions tbody tr")
    await expect(sessions).to_have_count(1)
    await expect(sessions.locator("td").nth(1)).to_have_text("gtasa-samp")
    await expect(sessions.locator("td").nth(2)).to_have_text("4 (10.1.2.3)")
    assert token not in await console.page.content()
    incidents = console.page.locator("#fairplay-incidents tbody tr")
    await expect(incidents.locator("td").nth(3)).to_have_text("aimbot")
    await console.shot("fairplay")


STATUS = """hostname: Argus test server
map     : pl_upward
# userid name                uniqueid            connected ping loss state
#      2 "Alice"             [U:1:1001]          01:02       50    0 active
#      3 "Bob"               [U:1:1002]          01:03       60    0 active
#      4 "Carol"             [U:1:1003]          01:04       70    0 active
"""


async def test_mac_lists_each_client_with_its_lobby_size_and_verdicts(console: Console) -> None:
    reply = await console.api.client.post(
        "/mac/status/v1", content=STATUS, headers={"content-type": "text/plain"}
    )
    assert reply.status_code == 200, reply.text
    bob = str(76561197960265728 + 1002)
    marked = await console.api.client.post("/mac/user/v1", json={"localVerdict": {bob: "Cheater"}})
    assert marked.status_code == 200, marked.text

    await console.sign_in()
    await console.go("mac")
    rows = console.page.locator("#mac-clients tbody tr")
    await expect(rows).to_have_count(1)
    await expect(rows.locator("td").nth(0)).to_have_text("local")
    await expect(rows.locator("td").nth(1)).to_have_text("pl_upward")
    await expect(rows.locator(".players")).to_have_text("3")
    await expect(rows.locator(".verdicts")).to_have_text("Cheater 1, Player 2")
    await console.shot("mac")


async def test_the_console_page_is_served_with_a_strict_policy(console: Console) -> None:
    page = await console.api.client.get("/console")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert "unsafe-inline" not in policy
    missing = await console.api.client.get("/console/static/page.py")
    assert missing.status_code == 404


async def test_the_console_reads_refuse_a_missing_or_bad_token(console: Console) -> None:
    for headers in ({}, {"authorization": "Bearer nope"}):
        reply = await console.api.client.get("/api/v1/console/fairplay/", headers=headers)
        assert reply.status_code == 401
        assert reply.json()["status_code"] == "Error"
