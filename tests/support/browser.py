"""A real browser for the tests: Debian's Chromium, driven by Playwright's Python package.

Playwright's async API runs on the test's own event loop, beside the bot and the fake
Bot API, so a page can call the bot's web server while the test waits on the page.
It drives the system's browser (``/usr/bin/chromium``, from Debian's ``chromium``
package: ``.ci/run`` installs it); nothing here, nor anywhere in the tests, downloads
a browser (no ``playwright install``).

``browser`` (a fixture) opens pages as a phone does: 360 CSS pixels wide, in the light or
the dark colour scheme (``prefers-color-scheme``; a Mini App is also told its scheme
by Telegram's theme parameters, which the test puts in the URL). ``Browser.shoot``
saves a full-page screenshot of each scheme under ``tests/artifacts/`` (git-ignored:
kept for a person to look at, never compared pixel by pixel).

Every page records what went wrong in it: uncaught errors, console errors, refused
requests (a Content-Security-Policy violation is a console error), so that a test can
assert that a page worked, not only that it showed some text.

Without Chromium or Playwright the browser tests are skipped with the reason; under CI
(``CI`` set) they fail instead, since CI installs both.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
WIDTH = 360  # CSS pixels: a small phone, as Telegram opens a Mini App on it
HEIGHT = 740
SCALE = 2  # device pixels per CSS pixel: screenshots 720 px wide, as sharp as a phone's
Scheme = Literal["light", "dark"]
SCHEMES: tuple[Scheme, ...] = ("light", "dark")


def chromium_path() -> str | None:
    """Debian's Chromium (``BOT_TEST_CHROMIUM`` names another build), or ``None``."""
    named = os.environ.get("BOT_TEST_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it: .ci/run)", pytrace=False)
    pytest.skip(reason)


@dataclass
class Tab:
    """A page and what went wrong in it so far."""

    page: Any  # playwright.async_api.Page (the package is optional: typed loosely)
    scheme: Scheme
    errors: list[str] = field(default_factory=list)

    def watch(self) -> None:
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        self.page.on("console", self._console)
        self.page.on("response", self._response)
        self.page.on("requestfailed", lambda req: self.errors.append(
            f"failed: {req.method} {req.url} ({req.failure})"))

    def _console(self, message: Any) -> None:
        # A response's error status is logged as well, without its address: _response
        # has it with the address.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console: {message.text}")

    def _response(self, response: Any) -> None:
        # The browser asks for /favicon.ico by itself; inside Telegram nothing shows it.
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.errors.append(f"{response.status}: {response.request.method} {response.url}")


# WCAG 2.1's contrast ratio between each visible text and the background it is drawn on
# (the first ancestor with an opaque background; white if none), per element that holds
# text of its own. Large text (24 px, or 18.66 px bold) needs 3:1, the rest 4.5:1.
_CONTRAST = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] === 1)) return c;
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || Number(style.opacity) === 0) continue;
    const [l1, l2] = [lum(rgb(style.color)), lum(background(el))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < need && !(el.disabled || el.closest("[disabled], :disabled"))) {
      low.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`
               + `${el.className ? "." + el.className : ""} ${ratio.toFixed(2)}:1 `
               + `"${el.textContent.trim().slice(0, 30)}"`);
    }
  }
  return low;
}"""


async def low_contrast(tab: Tab) -> list[str]:
    """The texts on the page with less contrast than WCAG AA asks, as they are drawn
    now (in the tab's scheme and theme); empty when all are readable."""
    found: list[str] = await tab.page.evaluate(_CONTRAST)
    return found


class Browser:
    def __init__(self, chromium: Any, name: str) -> None:
        self.chromium = chromium
        self.name = name  # the test's: the screenshots' file names start with it
        self.contexts: list[Any] = []

    async def open(self, url: str, scheme: Scheme = "light", *,
                   locale: str = "vi-VN") -> Tab:
        """``url`` in a new phone-sized window of its own (no shared storage), loaded."""
        context = await self.chromium.new_context(
            viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=SCALE,
            color_scheme=scheme, locale=locale, is_mobile=True, has_touch=True)
        self.contexts.append(context)
        tab = Tab(await context.new_page(), scheme)
        tab.watch()
        await tab.page.goto(url, wait_until="load")
        return tab

    async def screenshot(self, tab: Tab, label: str = "") -> Path:
        """The whole page (not only the first screen) as a PNG in ``tests/artifacts/``."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = "-".join(p for p in (self.name, label, tab.scheme) if p)
        path = ARTIFACTS / f"{stem}.png"
        await tab.page.screenshot(path=str(path), full_page=True)
        return path

    async def both_schemes(self, tab: Tab, label: str = "") -> dict[Scheme, Path]:
        """Screenshots of the page as it is, in light and then dark (``prefers-color-
        scheme`` switched in place: for a page that cannot be opened twice, as one
        behind a one-time link); the tab is left in its own scheme."""
        shots: dict[Scheme, Path] = {}
        own = tab.scheme
        for scheme in SCHEMES:
            await tab.page.emulate_media(color_scheme=scheme)
            tab.scheme = scheme
            shots[scheme] = await self.screenshot(tab, label)
        await tab.page.emulate_media(color_scheme=own)
        tab.scheme = own
        return shots

    async def shoot(self, url: str | Callable[[Scheme], str], label: str = "", *,
                    ready: Callable[[Tab], Any] | None = None) -> dict[Scheme, Path]:
        """Open ``url`` (or ``url(scheme)``) in the light and the dark scheme and save a
        screenshot of each; ``ready(tab)`` is awaited before each (what to wait for)."""
        shots: dict[Scheme, Path] = {}
        for scheme in SCHEMES:
            tab = await self.open(url(scheme) if callable(url) else url, scheme)
            if ready is not None:
                await ready(tab)
            shots[scheme] = await self.screenshot(tab, label)
        return shots

    async def close(self) -> None:
        for context in self.contexts:
            await context.close()


@pytest.fixture()
async def browser(request: pytest.FixtureRequest) -> AsyncIterator[Browser]:
    """Headless Chromium for one test (``@pytest.mark.process``: it starts Chromium)."""
    executable = chromium_path()
    if executable is None:
        named = os.environ.get("BOT_TEST_CHROMIUM")
        _unavailable(f"BOT_TEST_CHROMIUM={named} is not a file" if named else
                     "no Chromium here: `apt-get install chromium` to run the browser tests")
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        _unavailable("Playwright is not installed: `pip install -e '.[dev]'`")
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)[:120]
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=executable)
        browser = Browser(chromium, name)
        try:
            yield browser
        finally:
            await browser.close()
            await chromium.close()
