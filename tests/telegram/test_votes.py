"""👍/👎 votes, their counts on the buttons, /stats, and the rotation that listens."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3

from bot.strings import VI
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.strings import shows, values

UTC = dt.UTC
GROUP = -100900
ANNA, BINH, CHI = 7001, 7002, 7003


def vote_labels(api: FakeBotAPI, chat_id: int, message_id: int) -> list[str]:
    message = api.message(chat_id, message_id)
    assert message is not None
    return [b["text"] for b in message.buttons if b.get("callback_data", "").startswith("vote:")]


async def tip_message(api: FakeBotAPI, chat_id: int, words: str, **kw: object) -> int:
    await say(api, chat_id, f"/tip {words}", **kw)
    return api.messages(chat_id)[-1].message_id


async def test_tip_answers_carry_vote_buttons_beside_another_tip(api: FakeBotAPI,
                                                                 bot: RunningBot) -> None:
    await say(api, 42, "/tip Disney")
    data = api.messages(42)[-1].callback_data
    assert data[:3] == ["vote:+:dh08", "vote:-:dh08", "more:dh08"]


async def test_two_users_changed_and_withdrawn_votes(api: FakeBotAPI, bot: RunningBot) -> None:
    mid = await tip_message(api, GROUP, "Disney", chat_type="supergroup", user_id=ANNA)
    api.press_button(GROUP, mid, "vote:+:dh08", user_id=ANNA)
    api.press_button(GROUP, mid, "vote:+:dh08", user_id=BINH)
    await api.wait_for_calls("answerCallbackQuery", 2)
    await bot.services.edits.drain()
    await api.wait_until(lambda: vote_labels(api, GROUP, mid) == ["👍 2", "👎"])
    api.press_button(GROUP, mid, "vote:-:dh08", user_id=BINH)  # changed
    await api.wait_for_calls("answerCallbackQuery", 3)
    await bot.services.edits.drain()
    await api.wait_until(lambda: vote_labels(api, GROUP, mid) == ["👍 1", "👎 1"])
    api.press_button(GROUP, mid, "vote:+:dh08", user_id=ANNA)  # taken back
    calls = await api.wait_for_calls("answerCallbackQuery", 4)
    assert calls[-1].params.get("text") == VI.vote_removed
    await bot.services.edits.drain()
    await api.wait_until(lambda: vote_labels(api, GROUP, mid) == ["👍", "👎 1"])
    with sqlite3.connect(bot.settings.db_path) as db:
        assert db.execute("SELECT user_id, value FROM votes").fetchall() == [(BINH, -1)]


async def test_burst_of_thirty_clicks_is_a_few_edits(api: FakeBotAPI, bot: RunningBot) -> None:
    mid = await tip_message(api, GROUP, "Disney", chat_type="supergroup", user_id=ANNA)
    for user in range(30):
        api.press_button(GROUP, mid, "vote:+:dh08", user_id=20_000 + user)
    await api.wait_for_calls("answerCallbackQuery", 30, timeout=15)
    await bot.services.edits.drain()
    await api.wait_until(lambda: vote_labels(api, GROUP, mid) == ["👍 30", "👎"])
    edits = api.calls("editMessageReplyMarkup")
    assert 1 <= len(edits) <= 4
    times = sorted(c.time for c in edits)
    assert all(b - a >= 0.9 for a, b in itertools.pairwise(times))


async def test_stats_counts_deliveries_votes_and_voters(api: FakeBotAPI, bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ANNA, "administrator")
    api.set_chat_member(GROUP, CHI, "member")
    await say(api, GROUP, "/subscribe 8h", chat_type="supergroup", user_id=ANNA)
    for day in range(3):
        bot.clock.set(dt.datetime(2026, 11, 23 + day, 1, 0, tzinfo=UTC))
        await bot.tick()
    daily = [m for m in api.messages(GROUP) if shows(m.text, VI.tip_of_day)]
    assert len(daily) == 3
    tips = [m.callback_data[0].split(":")[2] for m in daily]
    for user in (ANNA, BINH, CHI):
        api.press_button(GROUP, daily[0].message_id, f"vote:+:{tips[0]}", user_id=user)
    api.press_button(GROUP, daily[1].message_id, f"vote:-:{tips[1]}", user_id=BINH)
    await api.wait_for_calls("answerCallbackQuery", 4)
    assert shows(await say(api, GROUP, "/stats", chat_type="supergroup", user_id=CHI),
                 VI.stats_admin_only)
    stats = values(await say(api, GROUP, "/stats", chat_type="supergroup", user_id=ANNA),
                   VI.stats)
    assert stats is not None and (stats["delivered"], stats["voters"]) == ("3", "3")
    assert "👍 3 · 👎 0" in stats["best"] and "👍 0 · 👎 1" in stats["worst"]


async def test_a_downvoted_tip_comes_later_in_the_next_cycle(api: FakeBotAPI, bot: RunningBot,
                                                             corpus) -> None:  # type: ignore[no-untyped-def]
    await say(api, 500, "/subscribe 8h")
    n = len(corpus.tips)
    start = dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    for day in range(n):  # the whole first cycle
        bot.clock.set(start + dt.timedelta(days=day))
        await bot.tick()
    with sqlite3.connect(bot.settings.db_path) as db:
        first = [r[0] for r in db.execute(
            "SELECT tip_id FROM deliveries WHERE chat_id = 500 ORDER BY local_date")]
    disliked = first[0]
    daily = [m for m in api.messages(500) if shows(m.text, VI.tip_of_day)]
    api.press_button(500, daily[0].message_id, f"vote:-:{disliked}")
    await api.wait_for_calls("answerCallbackQuery", 1)
    for day in range(n, 2 * n):
        bot.clock.set(start + dt.timedelta(days=day))
        await bot.tick()
    with sqlite3.connect(bot.settings.db_path) as db:
        second = [r[0] for r in db.execute(
            "SELECT tip_id FROM deliveries WHERE chat_id = 500 ORDER BY local_date")][n:]
    assert sorted(second) == sorted(first)  # never dropped
    assert second[-1] == disliked  # and last of its cycle


async def test_weekly_digest_lists_last_weeks_tips_with_their_votes(
        api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 600, "/subscribe 8h")  # Monday 23/11/2026
    text = await say(api, 600, "/digest t2 9h")
    on = values(text, VI.digest_on)
    assert on is not None and (on["day"], on["time"]) == ("Thứ Hai", "09:00")
    assert on["next"] == "09:00 Thứ Hai, 23/11/2026"  # today
    status = await say(api, 600, "/status")
    assert VI.status_digest.format(day="Thứ Hai", time="09:00") in status
    start = dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 08:00 local
    for day in range(7):
        bot.clock.set(start + dt.timedelta(days=day))
        await bot.tick()
    daily = [m for m in api.messages(600) if shows(m.text, VI.tip_of_day)]
    assert len(daily) == 7
    first_tip = daily[0].callback_data[0].split(":")[2]
    for user in (1, 2):
        api.press_button(600, daily[0].message_id, f"vote:+:{first_tip}", user_id=user)
    await api.wait_for_calls("answerCallbackQuery", 2)
    bot.clock.set(dt.datetime(2026, 11, 30, 2, 0, tzinfo=UTC))  # Monday 09:00 local
    report = await bot.tick()
    assert report["digest"].sent == 1
    digest = [m.text for m in api.messages(600) if shows(m.text, VI.digest_header)]
    assert len(digest) == 1
    week = values(digest[0].split("\n")[0], VI.digest_header.split("\n")[0])
    assert week is not None and week["first"].startswith("23/11") and week["last"] == "29/11/2026"
    lines = [line for line in digest[0].splitlines() if line.startswith("• ")]
    assert len(lines) == 7
    assert lines[0].endswith("(👍 2 · 👎 0)")
    assert len(digest[0]) <= 4096
    bot.clock.set(dt.datetime(2026, 11, 30, 3, 0, tzinfo=UTC))
    assert (await bot.tick())["digest"].sent == 0  # once a week


async def test_digest_is_off_by_default_and_can_be_turned_off(api: FakeBotAPI,
                                                              bot: RunningBot) -> None:
    await say(api, 601, "/subscribe 8h")
    bot.clock.set(dt.datetime(2026, 11, 30, 2, 0, tzinfo=UTC))
    assert (await bot.tick())["digest"].sent == 0
    await say(api, 601, "/digest mon 9:00")
    assert shows(await say(api, 601, "/digest off"), VI.digest_off)
    bot.clock.set(dt.datetime(2026, 12, 7, 2, 0, tzinfo=UTC))
    assert (await bot.tick())["digest"].sent == 0
    assert values(await say(api, 601, "/digest hôm nào đó"), VI.digest_bad) is not None
    assert values(await say(api, 601, "/digest t2-t6 9h"), VI.digest_bad) is not None  # one day
