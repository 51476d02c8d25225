"""The daily quiz after the chat moves to another zone, through the fake Bot API: one quiz
per calendar day of the chat (its claim's day), the time promised is the time it comes, and
a restart in between changes nothing. The daily tip keeps the same rule
(tests/services/test_subscriptions.py)."""

from __future__ import annotations

import datetime as dt

from bot.corpus import Corpus
from bot.search import SearchIndex
from bot.strings import VI
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.strings import shows, values
from tests.telegram.test_quiz_bot import restarted, rows, tick_quizzes

UTC = dt.UTC
MONDAY = dt.datetime(2026, 11, 23, tzinfo=UTC)  # 00:00 UTC, Monday 23 November 2026


def utc(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """``day`` days after Monday 23 November, at ``hour:minute`` UTC."""
    return MONDAY + dt.timedelta(days=day, hours=hour, minutes=minute)


async def quizzes_hourly(bot: RunningBot, start: dt.datetime, end: dt.datetime
                         ) -> list[dt.datetime]:
    """Tick once an hour (one minute past) from ``start`` to ``end``; when a quiz went."""
    sent: list[dt.datetime] = []
    moment = start
    while moment <= end:
        bot.clock.set(moment)
        if (await tick_quizzes(bot)).sent:
            sent.append(moment)
        moment += dt.timedelta(hours=1)
    return sent


def quiz_days(bot: RunningBot, chat_id: int) -> list[str]:
    return [day for day, in rows(bot, f"SELECT local_date FROM quiz_sends WHERE chat_id = "
                                      f"{chat_id} AND status = 'sent' ORDER BY 1")]


async def test_a_move_to_a_zone_behind_promises_the_next_day_without_a_quiz_and_keeps_it(
        api: FakeBotAPI, bot: RunningBot, corpus: Corpus, index: SearchIndex) -> None:
    """Monday's quiz went at 16:00 in Ho Chi Minh City (09:00 UTC), when it was still
    Sunday at UTC-12. Moved there, Monday 16:00 comes round again, but Monday had its
    quiz: the promise is Tuesday 16:00, and that is when the next one comes, once,
    across a restart."""
    chat = 700
    await say(api, chat, "/subscribe 7h")
    on = values(await say(api, chat, "/quiz daily 16h"), VI.quiz_daily_on)
    assert on is not None and on["next"].startswith("16:00 Thứ Hai")
    bot.clock.set(utc(0, 9, 1))
    assert (await tick_quizzes(bot)).sent == 1
    bot.clock.set(utc(0, 10))  # Sunday 22:00 at UTC-12
    assert shows(await say(api, chat, "/subscribe UTC-12"), VI.sub_updated)
    on = values(await say(api, chat, "/quiz daily 16h"), VI.quiz_daily_on)
    assert on is not None and on["next"].startswith("16:00 Thứ Ba, 24/11"), on
    sent = await quizzes_hourly(bot, utc(0, 10, 1), utc(1, 3, 1))
    async with restarted(api, bot, corpus, index) as second:
        sent += await quizzes_hourly(second, utc(1, 4, 1), utc(2, 5, 1))
    assert sent == [utc(2, 4, 1)]  # Tuesday 16:00 at UTC-12
    assert quiz_days(bot, chat) == ["2026-11-23", "2026-11-24"]
    assert len(api.polls(chat)) == 2


async def test_a_move_to_a_zone_ahead_sends_no_second_quiz_the_same_day(
        api: FakeBotAPI, bot: RunningBot, corpus: Corpus, index: SearchIndex) -> None:
    """Monday's quiz went at 08:00 in Honolulu (18:00 UTC), Tuesday 08:00 at UTC+14. An
    hour later the chat moves there: it is Tuesday 09:00, and Tuesday's 08:00 passed
    before the move. No quiz is made up for it (that would be a second one within the
    hour); the next is Wednesday 08:00, once, across a restart."""
    chat = 701
    await say(api, chat, "/subscribe 8h Pacific/Honolulu")
    on = values(await say(api, chat, "/quiz daily 8h"), VI.quiz_daily_on)
    assert on is not None and on["next"].startswith("08:00 Thứ Hai")
    bot.clock.set(utc(0, 18, 1))
    assert (await tick_quizzes(bot)).sent == 1
    bot.clock.set(utc(0, 19))  # Tuesday 09:00 at UTC+14
    assert shows(await say(api, chat, "/subscribe UTC+14"), VI.sub_updated)
    sent = await quizzes_hourly(bot, utc(0, 19, 1), utc(1, 2, 1))
    async with restarted(api, bot, corpus, index) as second:
        sent += await quizzes_hourly(second, utc(1, 3, 1), utc(1, 19, 1))
    assert sent == [utc(1, 18, 1)]  # Wednesday 08:00 at UTC+14
    assert quiz_days(bot, chat) == ["2026-11-23", "2026-11-25"]


async def test_a_pause_and_a_resume_move_the_quiz_with_the_tip(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """The quiz follows the subscription's pause at once: none while paused, and the
    first day after the pause brings it (nothing is made up for the paused days)."""
    chat = 702
    await say(api, chat, "/subscribe 7h")
    await say(api, chat, "/quiz daily 16h")
    await say(api, chat, "/pause 2")  # Monday and Tuesday
    sent = await quizzes_hourly(bot, utc(0, 1, 1), utc(2, 10, 1))
    assert sent == [utc(2, 9, 1)]  # Wednesday 16:00 in Ho Chi Minh City
    await say(api, chat, "/pause")
    bot.clock.set(utc(3, 8))
    await say(api, chat, "/resume")
    assert await quizzes_hourly(bot, utc(3, 8, 1), utc(3, 10, 1)) == [utc(3, 9, 1)]
