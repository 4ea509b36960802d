"""/docs works offline: a browser that may reach nothing but the gateway renders the API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page, Route, async_playwright, expect

from tests.live.test_browser import CHROMIUM_ARGS, chromium
from tests.support.servers import NOWHERE, gateway, players_gateway_settings


@pytest.fixture
async def gateway_url(tmp_path: Path) -> AsyncIterator[str]:
    async with gateway(players_gateway_settings(tmp_path, NOWHERE)) as url:
        yield url


async def _offline_context(playwright: Any, profile: Path, allowed: str, blocked: list[str]) -> Any:
    """A browser that reaches only URLs starting with `allowed`; the rest is listed."""
    context = await playwright.chromium.launch_persistent_context(
        profile, executable_path=chromium(), headless=True, args=CHROMIUM_ARGS
    )

    async def only_the_gateway(route: Route) -> None:
        if route.request.url.startswith(allowed):
            await route.continue_()
        else:
            blocked.append(route.request.url)
            await route.abort()

    await context.route("**/*", only_the_gateway)
    return context


async def test_swagger_ui_renders_the_operations_with_every_request_outside_the_gateway_blocked(
    gateway_url: str, tmp_path: Path
) -> None:
    blocked: list[str] = []
    async with async_playwright() as playwright:
        context = await _offline_context(playwright, tmp_path / "profile", gateway_url, blocked)
        try:
            page: Page = context.pages[0] if context.pages else await context.new_page()
            await page.goto(f"{gateway_url}/docs")
            operations = page.locator(".opblock-summary-path")
            await expect(operations.filter(has_text="/get_sessions")).to_be_visible(timeout=20_000)
            await expect(operations.filter(has_text="/api/v1/login/")).to_be_visible()
        finally:
            await context.close()
    assert blocked == []
