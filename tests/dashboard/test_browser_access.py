"""The dashboard's accessibility and safety in a real browser (issue 22: "labels, keyboard
use and contrast are accessible", "inserted into the page as text, never as HTML"):
every text readable against its background (WCAG AA) in the page's own colours and in
Telegram's themes, light and dark; a tip edited with the keyboard alone; every control
named; markup in a tip or a name shown as text and never run; Telegram's theme followed
when it changes.

Setup as in ``test_browser.py``: the real bot on the fake Bot API serves the page, which
Chromium opens as Telegram opens a Mini App.
"""

from __future__ import annotations

import pytest

from bot.models import QuizPoll
from bot.strings import VI
from bot.telegram import dashboard
from tests.conftest import TOKEN, RunningBot
from tests.conftest import reply_to as say
from tests.dashboard.conftest import ADMIN, GROUP
from tests.dashboard.test_browser import (
    PORT,
    THEMES,
    TIP,
    a_team_that_quizzes,
    loaded,
    pytestmark,  # noqa: F401 (the same settings and the process mark)
)
from tests.support import webapp
from tests.support.browser import Browser, Scheme, low_contrast
from tests.support.charts import draw_in_thread
from tests.support.fake_bot_api import FakeBotAPI

Palette = str  # "page": the page's own colours; "telegram": Telegram's theme parameters

def url(bot: RunningBot, palette: Palette, scheme: Scheme) -> str:
    team = dashboard.page_url(bot.settings, GROUP).partition("?t=")[2]
    return webapp.page_url(f"http://127.0.0.1:{PORT}", TOKEN, ADMIN, team,
                           theme=THEMES[scheme] if palette == "telegram" else None)


@pytest.mark.parametrize(("palette", "scheme"), [
    (p, s) for p in ("page", "telegram") for s in ("light", "dark")])
async def test_every_text_is_readable_on_its_background(
        api: FakeBotAPI, bot: RunningBot, browser: Browser, palette: Palette,
        scheme: Scheme) -> None:
    await a_team_that_quizzes(api, bot)
    draw_in_thread(bot.services.charts)  # the chart is test_browser.py's
    tab = await browser.open(url(bot, palette, scheme), scheme)
    await loaded(tab)
    await tab.page.get_by_role("button", name=f"{VI.dash_page_edit}: {TIP[0]}").click()
    assert await low_contrast(tab) == []  # the admin's whole page, the tip form open


async def test_a_tip_is_edited_with_the_keyboard_alone(
        api: FakeBotAPI, bot: RunningBot, browser: Browser) -> None:
    await a_team_that_quizzes(api, bot)
    draw_in_thread(bot.services.charts)
    tab = await browser.open(url(bot, "page", "light"))
    await loaded(tab)
    page = tab.page
    focused = "() => document.activeElement && (document.activeElement.getAttribute(" \
              "'aria-label') || document.activeElement.id || document.activeElement.name)"

    async def tab_to(name: str) -> None:
        for _ in range(120):
            await page.keyboard.press("Tab")
            if await page.evaluate(focused) == name:
                return
        raise AssertionError(f"{name!r} cannot be reached with the Tab key")

    await tab_to(f"{VI.dash_page_edit}: {TIP[0]}")
    outline = await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # where the focus is can be seen
    await page.keyboard.press("Enter")
    assert await page.evaluate(focused) == "principle"  # the form opens at its first field
    await page.keyboard.press("Control+A")
    await page.keyboard.type("Gọi lại đúng giờ")
    await tab_to("tip-save")
    await page.keyboard.press("Enter")
    await page.wait_for_selector("#tip-form", state="hidden")
    assert "Gọi lại đúng giờ" in await page.text_content("#tips")
    assert tab.errors == []


async def test_every_control_has_a_name_a_screen_reader_reads(
        api: FakeBotAPI, bot: RunningBot, browser: Browser) -> None:
    await a_team_that_quizzes(api, bot)
    draw_in_thread(bot.services.charts)
    tab = await browser.open(url(bot, "page", "light"))
    await loaded(tab)
    await tab.page.get_by_role("button", name=f"{VI.dash_page_edit}: {TIP[0]}").click()
    unnamed = await tab.page.evaluate("""() => [...document.querySelectorAll(
        "button, input, textarea, select, img")].filter(e => e.getClientRects().length)
        .filter(e => !(e.getAttribute("aria-label") || (e.labels && e.labels.length
                       && e.labels[0].textContent.trim()) || e.textContent.trim()
                       || e.getAttribute("alt")))
        .map(e => e.outerHTML.slice(0, 80))""")
    assert unnamed == []


async def test_html_in_a_tip_and_a_name_is_shown_as_text_and_never_run(
        api: FakeBotAPI, bot: RunningBot, browser: Browser) -> None:
    """What people typed reaches the page as text: markup in a tip or a name shows as
    the characters typed, builds no element and runs nothing."""
    await a_team_that_quizzes(api, bot)
    draw_in_thread(bot.services.charts)
    evil = '<img src="x" onerror="window.ran=1"><b>Chào</b>'
    saved = await say(api, GROUP, f"/addtip {evil} | Nội dung {evil}",
                      chat_type="supergroup", user_id=ADMIN)
    assert "Chào" in saved
    storage, now = bot.services.storage, bot.clock()
    tip = bot.services.corpus.tips[0].id
    poll = QuizPoll("evil", GROUP, tip, (tip, "x", "y"), 0, now.date(), 1, False)
    await storage.quiz_polls.record(poll, now)
    await storage.quiz_answers.record(poll, 99, evil, 0, now)  # a name as Telegram gave it
    tab = await browser.open(url(bot, "page", "light"))
    await loaded(tab)
    page = tab.page
    assert evil in await page.text_content("#tips")
    assert evil in await page.text_content("#board")
    assert await page.locator("main img[src='x'], main b").count() == 0
    assert await page.evaluate("() => window.ran === undefined")
    assert tab.errors == []


async def test_the_page_follows_telegrams_theme_when_it_changes(
        api: FakeBotAPI, bot: RunningBot, browser: Browser) -> None:
    """Telegram tells an open Mini App when its user switches between light and dark."""
    await a_team_that_quizzes(api, bot)
    draw_in_thread(bot.services.charts)
    tab = await browser.open(url(bot, "telegram", "light"))
    await loaded(tab)
    background = "() => getComputedStyle(document.body).backgroundColor"
    assert await tab.page.evaluate(background) == "rgb(255, 255, 255)"
    await tab.page.evaluate("theme => window.Telegram.WebView.receiveEvent('theme_changed',"
                            " {theme_params: theme})", THEMES["dark"])
    assert await tab.page.evaluate(background) == "rgb(23, 33, 43)"  # DARK's #17212b
    assert tab.errors == []
