"""The browser the page tests drive (tests/support/browser.py): Debian's Chromium at a
phone's width, in light and dark, with what went wrong in a page recorded."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from tests.support.browser import SCALE, WIDTH, Browser
from tests.support.processes import free_port
from tests.test_charts import png_size

PAGE = """<!doctype html><html lang="vi"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{background:#fff;color:#111} @media (prefers-color-scheme: dark){
body{background:#111;color:#eee}}</style>
<h1>Chăm sóc khách hàng</h1><p id="width"></p>
<script>document.getElementById("width").textContent = String(innerWidth)</script>"""


@pytest.fixture()
async def site() -> AsyncIterator[str]:
    async def page(request: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html")

    async def broken(request: web.Request) -> web.Response:
        return web.Response(text="<script>null.x</script>", content_type="text/html")

    app = web.Application()
    app.router.add_get("/", page)
    app.router.add_get("/broken", broken)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@pytest.mark.process  # Chromium
async def test_a_page_is_opened_at_a_phones_width_and_shot_in_light_and_dark(
        browser: Browser, site: str) -> None:
    tab = await browser.open(site + "/")
    assert await tab.page.text_content("#width") == str(WIDTH) == "360"
    assert await tab.page.text_content("h1") == "Chăm sóc khách hàng"
    shots = await browser.shoot(site + "/")
    assert set(shots) == {"light", "dark"}
    light, dark = shots["light"].read_bytes(), shots["dark"].read_bytes()
    assert png_size(light)[0] == png_size(dark)[0] == WIDTH * SCALE
    assert light != dark  # the dark scheme reached the page
    assert shots["light"].parent.name == "artifacts"
    assert tab.errors == []


@pytest.mark.process
async def test_what_goes_wrong_in_a_page_is_recorded(browser: Browser, site: str) -> None:
    tab = await browser.open(site + "/broken")
    await tab.page.evaluate("fetch('/missing').catch(() => null)")
    await tab.page.wait_for_timeout(100)
    assert any(e.startswith("uncaught:") for e in tab.errors)
    assert f"404: GET {site}/missing" in tab.errors
