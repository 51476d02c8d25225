"""Team subscriptions and the daily tip, end to end through the fake Bot API.

A real Application over HTTP, a real SQLite file, and an injected clock: the tests move
the clock and run the scheduler's tick instead of waiting for 08:30.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from bot import schedule
from bot.strings import EN, VI
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.strings import shows, values

UTC = dt.UTC
ADMIN, MEMBER = 9001, 9002
GROUP = -100555


def daily_messages(api: FakeBotAPI, chat_id: int) -> list[str]:
    return [m.text for m in api.messages(chat_id)
            if shows(m.text, VI.tip_of_day) or shows(m.text, EN.tip_of_day)]


async def test_subscribe_confirms_time_zone_and_next_delivery(api: FakeBotAPI,
                                                              bot: RunningBot) -> None:
    text = await say(api, 42, "/subscribe 8h30")
    # The zone in words (giờ Việt Nam), not its IANA name.
    assert "08:30" in text and schedule.describe_zone("Asia/Ho_Chi_Minh", VI) in text
    assert "Asia/Ho_Chi_Minh" not in text
    assert "08:30 Thứ Hai, 23/11/2026" in text  # 07:00 now: today at 08:30
    text = await say(api, 42, "/subscribe 20:15 +07:00")
    assert values(text, VI.sub_updated) == {
        "when": VI.schedule_every_day.format(time="20:15", zone="UTC+07:00"),
        "next": "20:15 Thứ Hai, 23/11/2026"}
    status = values(await say(api, 42, "/status"), VI.status_on)
    assert status is not None and status["count"] == "0" and "20:15" in status["when"]


async def test_default_time_is_eight(api: FakeBotAPI, bot: RunningBot) -> None:
    text = await say(api, 42, "/subscribe")
    assert "08:00" in text


async def test_bad_time_and_zone_get_clear_vietnamese_errors(api: FakeBotAPI,
                                                             bot: RunningBot) -> None:
    assert values(await say(api, 42, "/subscribe 25h"), VI.sub_bad_time) == {"value": "25h"}
    assert values(await say(api, 42, "/subscribe 8h Mars/Base"), VI.sub_bad_timezone) == {
        "value": "Mars/Base"}
    days_error = await say(api, 42, "/subscribe sáng mai")
    assert values(days_error, VI.sub_bad_days) == {"value": "sáng mai"}
    assert shows(await say(api, 42, "/status"), VI.status_off)  # nothing was stored


async def test_am_pm_zone_words_and_a_bare_minus_one(api: FakeBotAPI, bot: RunningBot) -> None:
    def stored() -> tuple[str, str]:
        with sqlite3.connect(bot.settings.db_path) as db:
            return db.execute("SELECT time_of_day, timezone FROM subscriptions "
                              "WHERE chat_id = 44").fetchone()

    assert "20:00" in await say(api, 44, "/subscribe 8pm")
    assert stored() == ("20:00", "Asia/Ho_Chi_Minh")
    assert "00:00" in await say(api, 44, "/subscribe 12am")
    assert "07:00" in await say(api, 44, "/subscribe 7h giờ Bangkok")
    assert stored() == ("07:00", "Asia/Bangkok")
    await say(api, 44, "/subscribe gio viet nam 8am")
    assert stored() == ("08:00", "Asia/Ho_Chi_Minh")
    refused = await say(api, 44, "/subscribe -1")
    assert "“-1”" in refused and "UTC-1" in refused
    assert stored() == ("08:00", "Asia/Ho_Chi_Minh")  # nothing changed


async def test_english_user_gets_english_confirmation(api: FakeBotAPI, bot: RunningBot) -> None:
    text = await say(api, 43, "/subscribe 9:00", language_code="en")
    assert shows(text, EN.sub_confirm) and "09:00" in text


async def test_unsubscribe_and_status(api: FakeBotAPI, bot: RunningBot) -> None:
    assert shows(await say(api, 42, "/unsubscribe"), VI.unsub_none)
    await say(api, 42, "/subscribe 8h")
    assert shows(await say(api, 42, "/unsubscribe"), VI.unsub_done)
    assert shows(await say(api, 42, "/status"), VI.status_off)


async def test_only_admins_manage_group_subscriptions(api: FakeBotAPI, bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ADMIN, "administrator")
    api.set_chat_member(GROUP, MEMBER, "member")
    refused = await say(api, GROUP, "/subscribe 8h30", chat_type="supergroup", user_id=MEMBER)
    assert shows(refused, VI.sub_admin_only)
    ok = await say(api, GROUP, "/subscribe@cskh_test_bot 8h30", chat_type="supergroup",
                   user_id=ADMIN)
    assert shows(ok, VI.sub_confirm)
    assert shows(await say(api, GROUP, "/unsubscribe", chat_type="supergroup", user_id=MEMBER),
                 VI.sub_admin_only)
    assert shows(await say(api, GROUP, "/status", chat_type="supergroup", user_id=MEMBER),
                 VI.status_on)


async def test_group_creator_and_anonymous_admin_count_as_admins(api: FakeBotAPI,
                                                                 bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ADMIN, "creator")
    assert shows(await say(api, GROUP, "/subscribe 9h", chat_type="supergroup",
                           user_id=ADMIN), VI.sub_confirm)
    # An anonymous admin's message comes from the group itself.
    text = await say(api, GROUP, "/subscribe 10h", chat_type="supergroup",
                     sender_chat_id=GROUP)
    assert "10:00" in text


async def test_channel_subscribes_through_a_channel_post(api: FakeBotAPI,
                                                         bot: RunningBot) -> None:
    channel = -100777
    before = len(api.messages(channel))
    api.channel_post(channel, "/subscribe 7h")
    await api.wait_until(lambda: len(api.messages(channel)) > before, timeout=10)
    assert "07:00" in api.messages(channel)[-1].text


async def test_one_principle_per_local_day_at_its_time(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 42, "/subscribe 8h30")
    bot.clock.set(dt.datetime(2026, 11, 23, 1, 29, tzinfo=UTC))  # 08:29 local
    assert (await bot.tick()).sent == 0
    bot.clock.set(dt.datetime(2026, 11, 23, 1, 30, tzinfo=UTC))  # 08:30 local
    assert (await bot.tick()).sent == 1
    for minutes in (1, 60, 600):  # later the same day: nothing more
        bot.clock.set(dt.datetime(2026, 11, 23, 1, 30, tzinfo=UTC) + dt.timedelta(minutes=minutes))
        assert (await bot.tick()).sent == 0
    assert len(daily_messages(api, 42)) == 1
    message = api.messages(42)[-1]
    assert "💡" in message.text and f"— {VI.source_label}:" in message.text
    assert any(d.startswith("more:") for d in message.callback_data)
    bot.clock.set(dt.datetime(2026, 11, 24, 1, 30, tzinfo=UTC))  # next day
    assert (await bot.tick()).sent == 1
    status = values(await say(api, 42, "/status"), VI.status_on)
    assert status is not None and status["count"] == "2"


async def test_zones_and_midnight(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 50, "/subscribe 0h15")  # 00:15 in Ho Chi Minh City = 17:15 UTC
    await say(api, 51, "/subscribe 18h America/New_York")  # 23:00 UTC in November
    bot.clock.set(dt.datetime(2026, 11, 23, 17, 15, tzinfo=UTC))
    report = await bot.tick()
    assert report.sent == 1 and len(daily_messages(api, 50)) == 1
    bot.clock.set(dt.datetime(2026, 11, 23, 23, 0, tzinfo=UTC))
    assert (await bot.tick()).sent == 1 and len(daily_messages(api, 51)) == 1
    bot.clock.set(dt.datetime(2026, 11, 24, 17, 14, tzinfo=UTC))
    assert (await bot.tick()).sent == 0


async def test_rotation_walks_every_tip_before_repeating(api: FakeBotAPI, bot: RunningBot,
                                                         corpus) -> None:  # type: ignore[no-untyped-def]
    await say(api, 60, "/subscribe 8h")
    await say(api, 61, "/subscribe 8h")
    first = dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    n = len(corpus.tips)
    for day in range(n):
        bot.clock.set(first + dt.timedelta(days=day))
        await bot.tick()
    with sqlite3.connect(bot.settings.db_path) as db:
        a = [r[0] for r in db.execute(
            "SELECT tip_id FROM deliveries WHERE chat_id = 60 ORDER BY local_date")]
        b = [r[0] for r in db.execute(
            "SELECT tip_id FROM deliveries WHERE chat_id = 61 ORDER BY local_date")]
    assert len(a) == n and sorted(a) == sorted(t.id for t in corpus.tips)
    assert a != b  # each team has its own order


async def test_catch_up_inside_grace_and_skip_after(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 70, "/subscribe 8h30")
    # Down at 08:30, back at 10:00 (inside the 3 h grace): the tip goes out at once.
    bot.clock.set(dt.datetime(2026, 11, 23, 3, 0, tzinfo=UTC))
    assert (await bot.tick()).sent == 1
    # Next day: down from before 08:30 until 12:00 (past the grace): that day is skipped.
    bot.clock.set(dt.datetime(2026, 11, 24, 5, 0, tzinfo=UTC))
    report = await bot.tick()
    assert report.sent == 0 and report.skipped == 1
    # Down for three days: no flood of stale tips, just the next day's one.
    bot.clock.set(dt.datetime(2026, 11, 28, 1, 45, tzinfo=UTC))
    assert (await bot.tick()).sent == 1
    assert len(daily_messages(api, 70)) == 2


async def test_subscribing_after_todays_tip_does_not_send_twice(api: FakeBotAPI,
                                                                bot: RunningBot) -> None:
    await say(api, 71, "/subscribe 8h")
    bot.clock.set(dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC))
    assert (await bot.tick()).sent == 1
    text = await say(api, 71, "/subscribe 20h")  # later today, but today's tip is done
    assert "24/11/2026" in text
    bot.clock.set(dt.datetime(2026, 11, 23, 13, 0, tzinfo=UTC))
    assert (await bot.tick()).sent == 0


async def test_retry_after_waits_and_resends_the_same_message(api: FakeBotAPI,
                                                              bot: RunningBot) -> None:
    for chat in (80, 81, 82):
        await say(api, chat, "/subscribe 8h")
    api.fail("sendMessage", chat_id=81, kind="retry_after", retry_after=1)
    bot.clock.set(dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC))
    report = await bot.tick()
    assert report.sent == 3 and report.flood_waits == 1
    for chat in (80, 81, 82):
        assert len(daily_messages(api, chat)) == 1
    failed = [c for c in api.calls("sendMessage", chat_id=81) if c.failed]
    assert len(failed) == 1


async def test_blocked_and_missing_chats_are_deactivated(api: FakeBotAPI,
                                                         bot: RunningBot) -> None:
    for chat in (90, 91, 92):
        await say(api, chat, "/subscribe 8h")
    api.fail("sendMessage", chat_id=90, kind="forbidden")
    api.fail("sendMessage", chat_id=91, kind="chat_not_found")
    bot.clock.set(dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC))
    report = await bot.tick()
    assert report.sent == 1 and report.failed == 2
    # The user of chat 90 unblocks the bot and asks: the bot says why tips stopped.
    assert shows(await say(api, 90, "/status"), VI.status_blocked)
    with sqlite3.connect(bot.settings.db_path) as db:
        active = dict(db.execute("SELECT chat_id, active FROM subscriptions"))
    assert active == {90: 0, 91: 0, 92: 1}
    bot.clock.set(dt.datetime(2026, 11, 24, 1, 0, tzinfo=UTC))
    assert (await bot.tick()).sent == 1  # only 92 is still subscribed


async def test_bot_removed_from_group_stops_the_subscription(api: FakeBotAPI,
                                                             bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ADMIN, "administrator")
    await say(api, GROUP, "/subscribe 8h", chat_type="supergroup", user_id=ADMIN)
    api.my_chat_member(GROUP, "kicked", chat_type="supergroup", old_status="member")
    await api.wait_until(lambda: _active(bot, GROUP) == 0, timeout=10)
    bot.clock.set(dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC))
    assert (await bot.tick()).sent == 0


def _active(bot: RunningBot, chat_id: int) -> int | None:
    with sqlite3.connect(bot.settings.db_path) as db:
        row = db.execute("SELECT active FROM subscriptions WHERE chat_id = ?",
                         (chat_id,)).fetchone()
    return row[0] if row else None


async def test_migrated_group_gets_its_tip_at_the_new_id(api: FakeBotAPI, bot: RunningBot) -> None:
    old, new = -4001, -1004001
    api.set_chat_member(old, ADMIN, "administrator")
    await say(api, old, "/subscribe 8h", chat_type="group", user_id=ADMIN)
    api.fail("sendMessage", chat_id=old, kind="migrate", migrate_to_chat_id=new)
    bot.clock.set(dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC))
    report = await bot.tick()
    assert report.sent == 1 and report.migrated == 1
    assert len(daily_messages(api, new)) == 1
    assert _active(bot, new) == 1 and _active(bot, old) is None


async def test_migrate_service_message_moves_the_subscription(api: FakeBotAPI,
                                                              bot: RunningBot) -> None:
    old, new = -4002, -1004002
    api.set_chat_member(old, ADMIN, "administrator")
    await say(api, old, "/subscribe 8h", chat_type="group", user_id=ADMIN)
    api.migrate(old, new)
    await api.wait_until(lambda: _active(bot, new) == 1, timeout=10)
    bot.clock.set(dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC))
    assert (await bot.tick()).sent == 1
    assert len(daily_messages(api, new)) == 1 and not daily_messages(api, old)


async def test_network_errors_retry_with_backoff(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 95, "/subscribe 8h")
    api.fail("sendMessage", chat_id=95, kind="server_error", times=2)
    bot.services.broadcaster.sleep = _no_sleep
    bot.clock.set(dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC))
    report = await bot.tick()
    assert report.sent == 1
    assert len(daily_messages(api, 95)) == 1


async def _no_sleep(seconds: float) -> None:
    return None


async def test_restart_rebuilds_the_schedule_from_the_database(
        api: FakeBotAPI, bot: RunningBot, corpus, index) -> None:  # type: ignore[no-untyped-def]
    from bot.telegram.app import started
    from bot.telegram.context import services_of

    await say(api, 99, "/subscribe 8h30")
    # A second process on the same database file, as after a restart.
    async with started(bot.settings, corpus, index, clock=bot.clock) as app:
        bot.clock.set(dt.datetime(2026, 11, 23, 1, 31, tzinfo=UTC))
        report = await services_of(app).broadcaster.tick()
        assert report.sent == 1
        assert (await bot.tick()).sent == 0  # the first process does not send it again
    assert len(daily_messages(api, 99)) == 1


async def test_working_days_in_any_order_and_next_delivery_honours_them(
        api: FakeBotAPI, bot: RunningBot) -> None:
    # Friday 27 November 2026, 09:00 local: today's 08:30 is past, the weekend is off.
    bot.clock.set(dt.datetime(2026, 11, 27, 2, 0, tzinfo=UTC))
    text = await say(api, 300, "/subscribe t2-t6 8h30")
    assert "Thứ Hai đến Thứ Sáu" in text and "08:30 Thứ Hai, 30/11/2026" in text
    text = await say(api, 300, "/subscribe thứ 2, thứ 4, thứ 6")  # only days: time kept
    assert "08:30" in text and "Thứ Hai, Thứ Tư, Thứ Sáu" in text
    status = await say(api, 300, "/status")
    status_values = values(status, VI.status_on)
    assert status_values is not None
    assert status_values["when"] == VI.schedule_some_days.format(
        days="Thứ Hai, Thứ Tư, Thứ Sáu", time="08:30", zone=schedule.describe_zone(
            "Asia/Ho_Chi_Minh", VI))
    text = await say(api, 301, "/subscribe mon-fri 9:00", language_code="en")
    assert "Monday to Friday" in text


async def test_weekend_days_get_no_tip(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 302, "/subscribe 8h t2-t6")
    sent = []
    for day in range(7):  # Monday 23 … Sunday 29 November 2026
        bot.clock.set(dt.datetime(2026, 11, 23 + day, 1, 0, tzinfo=UTC))
        sent.append((await bot.tick()).sent)
    assert sent == [1, 1, 1, 1, 1, 0, 0]


async def test_wrong_day_word_changes_nothing(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 303, "/subscribe 8h t2-t6")
    assert values(await say(api, 303, "/subscribe t9"), VI.sub_bad_days) == {"value": "t9"}
    status = values(await say(api, 303, "/status"), VI.status_on)
    assert status is not None and status["when"] == VI.schedule_some_days.format(
        days="Thứ Hai đến Thứ Sáu", time="08:00", zone=schedule.describe_zone(
            "Asia/Ho_Chi_Minh", VI))


async def test_pause_by_days_then_resumes_by_itself_without_catch_up(
        api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 400, "/subscribe 8h")  # Monday 23/11, 07:00 local
    text = await say(api, 400, "/pause 3")
    assert values(text, VI.pause_until) == {"until": "25/11/2026",
                                            "next": "08:00 Thứ Năm, 26/11/2026"}
    paused = VI.status_paused_until.format(until="25/11/2026")
    assert paused in await say(api, 400, "/status")
    sent = []
    for day in range(5):  # Mon … Fri at 08:00 local
        bot.clock.set(dt.datetime(2026, 11, 23 + day, 1, 0, tzinfo=UTC))
        sent.append((await bot.tick()).sent)
    assert sent == [0, 0, 0, 1, 1]
    assert paused not in await say(api, 400, "/status")


async def test_pause_until_a_date_respects_working_days(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 401, "/subscribe 8h t2-t6")
    text = await say(api, 401, "/pause 27/11")  # through Friday: back on Monday 30/11
    pause = values(text, VI.pause_until)
    assert pause is not None and pause["until"] == "27/11/2026"
    assert pause["next"].endswith("Thứ Hai, 30/11/2026")
    await say(api, 402, "/subscribe 8h")
    text = await say(api, 402, "/pause 2027-02-20")
    assert "20/02/2027" in text and "21/02/2027" in text


async def test_pause_until_resume_and_resume_at_once(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 403, "/subscribe 8h")
    assert shows(await say(api, 403, "/pause"), VI.pause_forever)
    status = await say(api, 403, "/status")
    assert shows(status, VI.status_paused_forever) and "—" in status
    for day in range(3):
        bot.clock.set(dt.datetime(2026, 11, 23 + day, 1, 0, tzinfo=UTC))
        assert (await bot.tick()).sent == 0
    # Wednesday 25/11 at 09:00 local: today's 08:00 is gone and is not caught up.
    bot.clock.set(dt.datetime(2026, 11, 25, 2, 0, tzinfo=UTC))
    text = await say(api, 403, "/resume")
    assert "26/11/2026" in text
    assert (await bot.tick()).sent == 0
    bot.clock.set(dt.datetime(2026, 11, 26, 1, 0, tzinfo=UTC))
    assert (await bot.tick()).sent == 1
    assert shows(await say(api, 403, "/resume"), VI.resume_not_paused)


async def test_pause_bad_input_and_admin_only(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 404, "/subscribe 8h")
    assert values(await say(api, 404, "/pause mai nha"), VI.pause_bad) == {"value": "mai nha"}
    assert values(await say(api, 404, "/pause 31/2"), VI.pause_bad) == {"value": "31/2"}
    assert shows(await say(api, 405, "/pause 3"), VI.unsub_none)
    api.set_chat_member(GROUP, MEMBER, "member")
    assert shows(await say(api, GROUP, "/pause", chat_type="supergroup", user_id=MEMBER),
                 VI.sub_admin_only)


async def test_topics_toggle_by_admins_and_rotation_covers_exactly_them(
        api: FakeBotAPI, bot: RunningBot, corpus) -> None:  # type: ignore[no-untyped-def]
    api.set_chat_member(GROUP, ADMIN, "administrator")
    api.set_chat_member(GROUP, MEMBER, "member")
    await say(api, GROUP, "/subscribe 8h", chat_type="supergroup", user_id=ADMIN)
    text = await say(api, GROUP, "/topics", chat_type="supergroup", user_id=MEMBER)
    assert values(text, VI.topics_header) == {"chosen": VI.topics_all}
    menu = api.messages(GROUP)[-1]
    assert "topic:hau-mai" in menu.callback_data and "topic:*" in menu.callback_data
    # A member's press is refused with an alert and changes nothing.
    api.press_button(GROUP, menu.message_id, "topic:hau-mai", user_id=MEMBER)
    calls = await api.wait_for_calls("answerCallbackQuery", 1)
    assert calls[-1].params.get("show_alert") in (True, "true")
    for topic in ("hau-mai", "khach-kho"):
        api.press_button(GROUP, menu.message_id, f"topic:{topic}", user_id=ADMIN)
    await api.wait_until(lambda: "Hậu mãi" in api.message(GROUP, menu.message_id).text
                         and "Khách hàng khó" in api.message(GROUP, menu.message_id).text)
    chosen = {"hau-mai", "khach-kho"}
    pool = {t.id for t in corpus.tips if chosen & set(t.topics)}
    days = len(pool)
    for day in range(days * 2):
        bot.clock.set(dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC) + dt.timedelta(days=day))
        await bot.tick()
    with sqlite3.connect(bot.settings.db_path) as db:
        sent = [r[0] for r in db.execute("SELECT tip_id FROM deliveries WHERE chat_id = ? "
                                         "ORDER BY local_date", (GROUP,))]
    assert set(sent) == pool
    assert sorted(sent[:days]) == sorted(pool) and sorted(sent[days:]) == sorted(pool)


async def test_choosing_all_topics_again(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 410, "/subscribe 8h")
    await say(api, 410, "/topics")
    menu = api.messages(410)[-1]
    api.press_button(410, menu.message_id, "topic:thai-do")
    await api.wait_until(lambda: "✅" in str(api.message(410, menu.message_id).reply_markup))
    api.press_button(410, menu.message_id, "topic:*")
    await api.wait_until(lambda: values(api.message(410, menu.message_id).text,
                                        VI.topics_header) == {"chosen": VI.topics_all})
    with sqlite3.connect(bot.settings.db_path) as db:
        assert db.execute("SELECT topics FROM subscriptions WHERE chat_id = 410").fetchone() == (
            "",)


async def test_tip_topic_any_way_it_is_typed(api: FakeBotAPI, bot: RunningBot,
                                             corpus) -> None:  # type: ignore[no-untyped-def]
    loyalty = {t.principle for t in corpus.tips if "trung-thanh" in t.topics}
    for words in ("lòng trung thành", "long trung thanh", "lòng trung thàn", "loyalty"):
        text = await say(api, 420, f"/tip {words}")
        assert VI.topic_heading.format(name="Lòng trung thành") in text, words
        assert any(p in text for p in loyalty)
    text = await say(api, 420, "/tip Disney")  # not a topic: keyword lookup as before
    assert not shows(text, VI.topic_heading) and "Disney" in text
