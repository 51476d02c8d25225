"""The quiz chart (issue 22): a PNG a lead reads on a phone, after /stats (admins) and
after a weekly digest whose week had quizzes; text alone for a team without answers;
labels in the chat's language; drawn once per change of the data it shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from matplotlib.text import Text
from telegram.error import BadRequest

from bot import chartdraw, charts
from bot.strings import EN, VI, Strings
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support.charts import draw_in_thread
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.strings import shows
from tests.telegram.test_quiz_bot import ANNA, BINH, GROUP, fill_a_year

UTC = dt.UTC
TODAY = dt.date(2026, 11, 23)  # the fixture clock's day (a Monday, Ho Chi Minh City)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header; fails for anything that is not a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def sample(weeks_with_answers: int = 8, principles: int = 5) -> charts.ChartData:
    mondays = charts.mondays(TODAY)
    weeks = tuple(charts.Week(m, 40 + n, 200 + n, 130 + 5 * n) if n >= 8 - weeks_with_answers
                  else charts.Week(m, 0, 0, 0) for n, m in enumerate(mondays))
    hardest = tuple(charts.Principle(f"Lắng nghe trọn vẹn rồi mới đáp lời khách hàng {n}",
                                     10 * n + 5, 40) for n in range(principles))
    return charts.ChartData(weeks, hardest, 5)


def texts(data: charts.ChartData, s: Strings) -> list[Text]:
    return [t for t in chartdraw.figure(data, s).findobj(Text) if t.get_text()]


def labels(s: Strings) -> set[str]:
    return {s.chart_title.format(weeks=8), s.chart_people, s.chart_accuracy, s.chart_weeks,
            s.chart_hardest.format(weeks=8)}


# --- the image -------------------------------------------------------------------------

def test_the_chart_is_a_png_a_phone_shows_without_scaling() -> None:
    png = chartdraw.draw(sample(), VI)
    width, height = png_size(png)
    assert width == charts.WIDTH_PX == 1080
    assert 1000 < height < 2000  # portrait, one screen or a little more
    assert len(png) < 1_000_000


@pytest.mark.parametrize("s", [VI, EN])
def test_every_label_is_in_the_chats_language_and_in_a_font_with_diacritics(
        s: Strings) -> None:
    other = EN if s is VI else VI
    data = sample()
    shown = {t.get_text() for t in texts(data, s)}
    assert labels(s) <= shown
    assert not labels(other) & shown
    week = data.weeks[-1]
    assert s.chart_week.format(day=week.monday.day, month=week.monday.month) in shown
    assert s.chart_hardest_row.format(accuracy=13, answered=40) in shown  # 5/40 = 12.5
    # Every text is set in DejaVu Sans (matplotlib's own, with Vietnamese diacritics).
    assert {t.get_fontname() for t in texts(data, s)} == {"DejaVu Sans"}


def test_a_team_without_principles_with_enough_answers_is_told_so_on_the_chart() -> None:
    shown = {t.get_text() for t in texts(sample(weeks_with_answers=1, principles=0), VI)}
    assert VI.chart_no_hardest.format(count=5) in shown
    assert chartdraw.draw(sample(weeks_with_answers=1, principles=0), VI)[:4] == b"\x89PNG"


def test_a_long_principle_is_shortened_to_one_line() -> None:
    data = sample(principles=1)
    long = charts.Principle("Khách hàng " * 20, 1, 10)
    shown = [t.get_text() for t in texts(charts.ChartData(data.weeks, (long,), 5), VI)]
    [label] = [t for t in shown if t.startswith("Khách hàng")]
    assert label.endswith("…") and len(label) <= charts.LABEL_CHARS


def test_hardest_principles_are_the_lowest_accuracy_with_enough_answers() -> None:
    tips = [("a", 1, 10), ("b", 1, 4), ("c", 2, 20), ("d", 9, 10), ("gone", 0, 50)]
    got = charts.hardest(tips, {"a": "A", "b": "B", "c": "C", "d": "D"}, limit=2)
    # c and a are both 10 %: more answers first; b has too few; "gone" has no tip now.
    assert [(p.label, p.percent) for p in got] == [("C", 10), ("A", 10)]


# --- the cache -------------------------------------------------------------------------

async def test_an_unchanged_teams_image_is_not_drawn_again_and_the_cache_is_bounded() -> None:
    drawn: list[charts.ChartData] = []

    async def renderer(data: charts.ChartData, s: Strings) -> bytes:
        drawn.append(data)
        return f"png {len(drawn)}".encode()

    cache = charts.ChartCache(renderer, size=2)
    data = sample()
    first = await cache.image(1, data, VI)
    assert await cache.image(1, sample(), VI) == first  # equal data: the same image
    assert len(drawn) == 1
    assert await cache.image(1, data, EN) != first  # another language: drawn again
    changed = charts.ChartData((*data.weeks[:-1], charts.Week(data.weeks[-1].monday, 48,
                                                              208, 171)), data.hardest, 5)
    await cache.image(1, changed, EN)
    assert len(drawn) == 3
    await cache.image(2, data, VI)
    await cache.image(3, data, VI)
    assert len(cache) == 2  # chat 1, the least recently asked, left
    await cache.image(1, changed, EN)
    assert len(drawn) == 6
    assert await cache.image(4, sample(weeks_with_answers=0), VI) is None  # nothing drawn
    assert len(drawn) == 6


async def test_a_chart_that_failed_is_left_out_and_tried_again_next_time() -> None:
    outcomes: list[bytes | None] = [None, b"png"]

    async def renderer(data: charts.ChartData, s: Strings) -> bytes:
        found = outcomes.pop(0)
        if found is None:
            raise charts.ChartFailed("timeout")
        return found

    cache = charts.ChartCache(renderer)
    assert await cache.image(1, sample(), VI) is None  # the text goes alone
    assert await cache.image(1, sample(), VI) == b"png"  # not remembered as failed
    assert cache.drawn == 1


# --- through Telegram ------------------------------------------------------------------

def spy_on_labels(bot: RunningBot) -> list[set[str]]:
    """Record the texts of every chart the bot draws (drawn in a thread of the test's:
    the worker process has tests of its own, tests/test_chartworker.py)."""
    return draw_in_thread(bot.services.charts)


@pytest.mark.process  # the chart's worker process
async def test_an_admins_stats_come_with_the_chart_and_a_members_without(
        api: FakeBotAPI, bot: RunningBot) -> None:
    await fill_a_year(bot, GROUP, people=30, days=70)
    api.set_chat_member(GROUP, ANNA, "administrator")
    text = await say(api, GROUP, "/stats", chat_type="supergroup", user_id=ANNA)
    assert shows(text, VI.stats_title_group)
    await api.wait_until(lambda: len(api.photos(GROUP)) == 1, timeout=20)
    [photo] = api.photos(GROUP)
    assert png_size(photo.data) == (photo.width, photo.height)
    assert photo.width == 1080
    cache, worker = bot.services.charts.cache, bot.services.charts.worker
    # The same data again: the same image, not drawn a second time.
    await say(api, GROUP, "/stats", chat_type="supergroup", user_id=ANNA)
    await api.wait_until(lambda: len(api.photos(GROUP)) == 2, timeout=10)
    assert api.photos(GROUP)[1].data == photo.data
    assert (cache.drawn, worker.started) == (1, 1)
    # A member is told the statistics are for admins, and gets no chart.
    refused = await say(api, GROUP, "/stats", chat_type="supergroup", user_id=BINH)
    assert shows(refused, VI.stats_admin_only)
    await bot.settle(api)
    assert len(api.photos(GROUP)) == 2
    assert api.calls("sendPhoto", ok=False) == []


async def test_a_group_that_refuses_photos_gets_the_text_and_no_error(
        api: FakeBotAPI, bot: RunningBot) -> None:
    await fill_a_year(bot, GROUP, people=5, days=14)
    spy_on_labels(bot)
    api.set_chat_member(GROUP, ANNA, "administrator")
    api.fail("sendPhoto", GROUP, kind="error", status=400,
             description="Bad Request: not enough rights to send photos to the chat")
    text = await say(api, GROUP, "/stats", chat_type="supergroup", user_id=ANNA)
    assert shows(text, VI.stats_title_group)
    await api.wait_until(lambda: len(api.calls("sendPhoto")) == 1, timeout=10)
    await bot.settle(api)
    assert api.photos(GROUP) == [] and api.messages(GROUP)[-1].text == text


async def test_a_team_without_quiz_answers_gets_the_text_alone(api: FakeBotAPI,
                                                              bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ANNA, "administrator")
    text = await say(api, GROUP, "/stats", chat_type="supergroup", user_id=ANNA)
    assert shows(text, VI.stats_title_group)
    await bot.settle(api)
    assert api.photos(GROUP) == [] and api.calls("sendPhoto") == []


async def test_an_english_speaking_admin_gets_english_labels(api: FakeBotAPI,
                                                            bot: RunningBot) -> None:
    await fill_a_year(bot, GROUP, people=10, days=30)
    seen = spy_on_labels(bot)
    api.set_chat_member(GROUP, ANNA, "administrator")
    text = await say(api, GROUP, "/stats", chat_type="supergroup", user_id=ANNA,
                     language_code="en")
    assert shows(text, EN.stats_title_group)
    await api.wait_until(lambda: len(api.photos(GROUP)) == 1, timeout=10)
    [shown] = seen
    assert labels(EN) <= shown and not labels(VI) & shown


async def test_the_digest_of_a_week_with_quizzes_brings_the_chart(
        api: FakeBotAPI, bot: RunningBot) -> None:
    await fill_a_year(bot, GROUP, people=12, days=40)  # up to Sunday 22 November
    seen = spy_on_labels(bot)
    api.set_chat_member(GROUP, ANNA, "administrator")
    await say(api, GROUP, "/subscribe 8h", chat_type="supergroup", user_id=ANNA)
    await say(api, GROUP, "/digest t2 9h", chat_type="supergroup", user_id=ANNA,
              language_code="en")
    bot.clock.set(dt.datetime(2026, 11, 23, 2, 0, tzinfo=UTC))  # Monday 09:00
    assert (await bot.tick())["digest"].sent == 1
    digest = [m for m in api.messages(GROUP) if shows(m.text, VI.digest_header)]
    assert len(digest) == 1
    [photo] = api.photos(GROUP)
    assert photo.message_id > digest[0].message_id and photo.width == 1080
    assert labels(VI) <= seen[0]  # the subscription's language
    # The next week had no quiz: the digest comes alone.
    bot.clock.set(dt.datetime(2026, 11, 30, 2, 0, tzinfo=UTC))
    assert (await bot.tick())["digest"].sent == 1
    assert len(api.photos(GROUP)) == 1


async def test_a_chart_that_cannot_be_sent_never_fails_the_digest(
        api: FakeBotAPI, bot: RunningBot) -> None:
    await fill_a_year(bot, GROUP, people=5, days=14)
    api.set_chat_member(GROUP, ANNA, "administrator")
    await say(api, GROUP, "/subscribe 8h", chat_type="supergroup", user_id=ANNA)
    await say(api, GROUP, "/digest t2 9h", chat_type="supergroup", user_id=ANNA)
    async def renderer(data: charts.ChartData, s: Strings) -> bytes:
        return b"not an image"

    bot.services.charts.cache.renderer = renderer
    bot.clock.set(dt.datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
    assert (await bot.tick())["digest"].sent == 1
    assert [m for m in api.messages(GROUP) if shows(m.text, VI.digest_header)]
    assert api.photos(GROUP) == [] and len(api.calls("sendPhoto", ok=False)) == 1


# --- the fake's sendPhoto ----------------------------------------------------------------

async def test_fake_api_refuses_photos_telegram_refuses(api: FakeBotAPI,
                                                        bot: RunningBot) -> None:
    tg: Any = bot.app.bot  # type: ignore[attr-defined]
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    for data in (b"not an image", header + (9000).to_bytes(4, "big") + (2000).to_bytes(4, "big"),
                 header + (4000).to_bytes(4, "big") + (100).to_bytes(4, "big")):
        with pytest.raises(BadRequest):
            await tg.send_photo(4244, data)
    assert api.photos(4244) == []
    good = chartdraw.draw(sample(), EN)
    await tg.send_photo(4244, good, caption="<b>8</b> weeks")
    [photo] = api.photos(4244)
    assert (photo.data, photo.width, photo.caption) == (good, 1080, "8 weeks")
