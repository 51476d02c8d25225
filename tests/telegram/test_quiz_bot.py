"""Quizzes through the fake Bot API: /quiz, answers, the daily quiz, spaced repetition and
the leaderboard, with a real SQLite file and an injected clock."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import random
import sqlite3
import time
from collections.abc import AsyncIterator
from typing import Any

from bot.corpus import Corpus
from bot.delivery.push import TickReport
from bot.quiz import polls as quizmod
from bot.render import MAX_MESSAGE_LENGTH, telegram_length
from bot.search import SearchIndex
from bot.services import tippool
from bot.strings import EN, VI
from bot.telegram.app import started
from bot.telegram.context import services_of
from bot.telegram.quizsender import send_quiz_poll
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support.charts import draw_in_thread
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.quiz_history import write_history
from tests.support.strings import shows, values

UTC = dt.UTC
GROUP = -100700
ANNA, BINH, CHI = 8001, 8002, 8003
# 16:00 in Ho Chi Minh City (UTC+7) on Monday 23 November 2026, and on the days after.
QUIZ_TIME = dt.datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def at_day(n: int, minutes: int = 0) -> dt.datetime:
    return QUIZ_TIME + dt.timedelta(days=n, minutes=minutes)


async def tick_quizzes(bot: RunningBot) -> TickReport:
    return await bot.services.quizcaster.tick()


async def wait_polls(api: FakeBotAPI, chat_id: int, count: int,
                     bot: RunningBot | None = None) -> list[dict[str, Any]]:
    """The chat's polls once there are ``count`` (and the bot has recorded the last)."""
    await api.wait_until(lambda: len(api.polls(chat_id)) >= count, timeout=10)
    polls = api.polls(chat_id)
    if bot is not None:
        last = polls[-1]["id"]
        await api.wait_until(lambda: rows(bot, f"SELECT 1 FROM quiz_polls WHERE poll_id = "
                                               f"'{last}'"), timeout=10)
    return polls


async def answered(api: FakeBotAPI, bot: RunningBot, poll_id: str, user_id: int,
                   options: list[int], **kw: Any) -> None:
    """A user answers (or retracts, with no options); returns once it is recorded."""
    api.poll_answer(poll_id, user_id, options, **kw)
    if not rows(bot, f"SELECT 1 FROM quiz_polls WHERE poll_id = '{poll_id}'"):
        await say(api, 999_999, "/status")  # an unknown poll: nothing will be recorded
        return
    want = [(options[0],)] if options else []
    await api.wait_until(lambda: rows(bot, f"SELECT chosen FROM quiz_answers WHERE poll_id = "
                                           f"'{poll_id}' AND user_id = {user_id}") == want,
                         timeout=10)


def rows(bot: RunningBot, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(bot.settings.db_path) as db:
        return db.execute(sql).fetchall()


async def test_every_seed_tip_makes_a_poll_telegram_accepts(api: FakeBotAPI, bot: RunningBot,
                                                            corpus: Corpus) -> None:
    rng = random.Random(15)
    for strings in (VI, EN):
        for tip in corpus.tips:
            quiz = quizmod.build_quiz(tip, corpus.tips, rng, strings)
            assert quizmod.limit_problems(quiz) == []
            await send_quiz_poll(bot.app.bot, 4242, quiz, False)  # type: ignore[attr-defined]
    assert len(api.calls("sendPoll", ok=False)) == 0
    polls = api.polls(4242)
    assert len(polls) == 2 * len(corpus.tips)
    assert all(p["type"] == "quiz" and not p["is_anonymous"] for p in polls)


async def test_fake_api_refuses_polls_telegram_refuses(api: FakeBotAPI, bot: RunningBot) -> None:
    good = quizmod.Quiz("x", "passage", "Câu hỏi?", ("A", "B", "C"), 1, "Giải thích", ("a", "b",
                                                                                      "c"))
    for change in ({"question": "x" * 301}, {"options": ("A",)},
                   {"options": tuple("ABCDEFGHIJK")}, {"options": ("A", "B" * 101)},
                   {"explanation": "y" * 201}, {"correct_index": 3}):
        with contextlib.suppress(Exception):
            await send_quiz_poll(bot.app.bot, 4243,  # type: ignore[attr-defined]
                                 dataclasses.replace(good, **change), False)
    assert len(api.calls("sendPoll", ok=False)) == 6
    assert api.polls(4243) == []


async def test_three_users_answer_change_and_retract(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, GROUP, "/quiz", chat_type="supergroup", user_id=ANNA)
    [poll] = await wait_polls(api, GROUP, 1, bot)
    assert poll["type"] == "quiz" and not poll["is_anonymous"]
    right = poll["correct_option_ids"][0]
    wrong = (right + 1) % len(poll["options"])
    await answered(api, bot, poll["id"], ANNA, [right], first_name="Anna")
    await answered(api, bot, poll["id"], BINH, [wrong], first_name="Bình", last_name="<Lê>")
    await answered(api, bot, poll["id"], BINH, [right], first_name="Bình", last_name="<Lê>")
    await answered(api, bot, poll["id"], CHI, [right], first_name="Chi")
    await answered(api, bot, poll["id"], CHI, [])  # retracted
    await answered(api, bot, "no-such-poll", CHI, [0])  # ignored quietly
    assert rows(bot, "SELECT user_id, name, correct FROM quiz_answers ORDER BY user_id") == [
        (ANNA, "Anna", 1), (BINH, "Bình <Lê>", 1)]
    assert api.calls(ok=False) == []
    board = await say(api, GROUP, "/bxh", chat_type="supergroup", user_id=CHI)
    assert shows(board, VI.leaderboard_week) and shows(board, VI.leaderboard_all_time)
    lines = [values(line, VI.leaderboard_row) for line in board.splitlines()]
    ranked = [(v["rank"], v["name"], v["correct"]) for v in lines if v]
    assert ranked[:2] == [("1", "Anna", "1"), ("1", "Bình <Lê>", "1")]  # a tie shares a rank
    assert "Chi" not in board


async def test_forged_poll_answers_count_for_nothing(api: FakeBotAPI, bot: RunningBot) -> None:
    """Telegram sends one option for a quiz; several options, text or null are forgeries."""
    await say(api, GROUP, "/quiz", chat_type="supergroup", user_id=ANNA)
    [poll] = await wait_polls(api, GROUP, 1, bot)
    user = {"id": CHI, "is_bot": False, "first_name": "Chi"}
    for forged in (list(range(len(poll["options"]))), [str(poll["correct_option_ids"][0])],
                   [None], [True], [poll["correct_option_ids"][0], 0]):
        api.raw_update({"poll_answer": {"poll_id": poll["id"], "user": user,
                                        "option_ids": forged}})
    await bot.settle(api)
    assert rows(bot, f"SELECT * FROM quiz_answers WHERE user_id = {CHI}") == []
    await answered(api, bot, poll["id"], CHI, [poll["correct_option_ids"][0]])  # a real one
    assert rows(bot, f"SELECT correct FROM quiz_answers WHERE user_id = {CHI}") == [(1,)]


async def test_channel_quiz_is_anonymous_and_counts_nothing(api: FakeBotAPI,
                                                            bot: RunningBot) -> None:
    api.channel_post(-100555, "/quiz")
    [poll] = await wait_polls(api, -100555, 1)
    assert poll["is_anonymous"]
    await api.wait_until(lambda: rows(bot, "SELECT anonymous FROM quiz_polls") == [(1,)])


async def test_private_practice_shows_a_personal_streak(api: FakeBotAPI, bot: RunningBot) -> None:
    for day in range(2):
        bot.clock.set(at_day(day))
        await say(api, 77, "/quiz")
        poll = (await wait_polls(api, 77, day + 1, bot))[-1]
        before = len(api.messages(77))
        api.poll_answer(poll["id"], 77, [poll["correct_option_ids"][0]])
        await api.wait_until(lambda b=before: len(api.messages(77)) > b, timeout=10)
        streak = values(api.messages(77)[-1].text, VI.streak_personal)
        assert streak == {"days": str(day + 1)}


async def test_the_same_answer_again_shows_the_streak_once(api: FakeBotAPI,
                                                           bot: RunningBot) -> None:
    """An answer update repeated (forged, or a poll answer sent twice) changes nothing and
    is not congratulated twice; a changed answer is still recorded."""
    await say(api, 79, "/quiz")
    [poll] = await wait_polls(api, 79, 1, bot)
    right = poll["correct_option_ids"][0]
    before = len(api.messages(79))
    api.poll_answer(poll["id"], 79, [right])
    await api.wait_until(lambda: len(api.messages(79)) > before, timeout=10)
    for _ in range(3):
        api.poll_answer(poll["id"], 79, [right])
    await bot.settle(api)
    streaks = [m for m in api.messages(79) if values(m.text, VI.streak_personal)]
    assert len(streaks) == 1
    wrong = (right + 1) % len(poll["options"])
    await answered(api, bot, poll["id"], 79, [wrong])
    assert rows(bot, "SELECT correct FROM quiz_answers WHERE user_id = 79") == [(0,)]


async def test_an_english_streak_reads_one_day_then_two_days(api: FakeBotAPI,
                                                            bot: RunningBot) -> None:
    for day in range(2):
        bot.clock.set(at_day(day))
        await say(api, 78, "/quiz", language_code="en")
        poll = (await wait_polls(api, 78, day + 1, bot))[-1]
        before = len(api.messages(78))
        api.poll_answer(poll["id"], 78, [poll["correct_option_ids"][0]], language_code="en")
        await api.wait_until(lambda b=before: len(api.messages(78)) > b, timeout=10)
        text = api.messages(78)[-1].text
        assert values(text, EN.streak_personal) == {"days": str(day + 1)}
        assert ("1 day in a row" if day == 0 else "2 days in a row") in text


async def test_daily_quiz_needs_a_subscription_and_an_admin(api: FakeBotAPI,
                                                            bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ANNA, "administrator")
    assert shows(await say(api, GROUP, "/quiz daily 16h", chat_type="supergroup",
                           user_id=ANNA), VI.unsub_none)
    await say(api, GROUP, "/subscribe 8h t2-t6", chat_type="supergroup", user_id=ANNA)
    assert shows(await say(api, GROUP, "/quiz daily 16h", chat_type="supergroup",
                           user_id=CHI), VI.sub_admin_only)
    assert shows(await say(api, GROUP, "/quiz daily lúc nào đó", chat_type="supergroup",
                           user_id=ANNA), VI.quiz_daily_bad)
    on = values(await say(api, GROUP, "/quiz daily 16h", chat_type="supergroup",
                          user_id=ANNA), VI.quiz_daily_on)
    assert on is not None and on["time"] == "16:00" and on["next"].startswith("16:00 Thứ Hai")
    assert shows(await say(api, GROUP, "/quiz off", chat_type="supergroup", user_id=ANNA),
                 VI.quiz_daily_off)
    bot.clock.set(at_day(0, 1))
    assert (await tick_quizzes(bot)).sent == 0


@contextlib.asynccontextmanager
async def restarted(api: FakeBotAPI, bot: RunningBot, corpus: Corpus, index: SearchIndex
                    ) -> AsyncIterator[RunningBot]:
    """A second process on the same database file (the first one stopped)."""
    async with started(bot.settings, corpus, index, clock=bot.clock) as app:
        yield RunningBot(app, services_of(app), bot.settings, bot.clock)


async def test_daily_quiz_goes_out_once_across_a_restart_and_a_crash(
        api: FakeBotAPI, bot: RunningBot, corpus: Corpus, index: SearchIndex) -> None:
    await say(api, 300, "/subscribe 8h")
    await say(api, 300, "/quiz daily 16h")
    bot.clock.set(at_day(0, -1))
    assert (await tick_quizzes(bot)).sent == 0  # not yet
    bot.clock.set(at_day(0, 1))
    assert (await tick_quizzes(bot)).sent == 1
    bot.clock.set(at_day(0, 30))
    assert (await tick_quizzes(bot)).sent == 0
    async with restarted(api, bot, corpus, index) as second:
        assert (await tick_quizzes(second)).sent == 0  # the same day, after a restart
        # A process claimed day 2 and died before sending: the lease runs out, the
        # next tick sends that claim's tip, once.
        storage = second.services.storage
        claim = await storage.quiz_sends.claim(300, at_day(1).date(), "dh08", "dead", at_day(1, 2),
                                               at_day(1))
        assert claim is not None
        second.clock.set(at_day(1, 1))
        assert (await tick_quizzes(second)).sent == 0  # its lease still runs
        second.clock.set(at_day(1, 3))
        report = await tick_quizzes(second)
        assert (report.sent, report.retried) == (1, 1)
        second.clock.set(at_day(1, 10))
        assert (await tick_quizzes(second)).sent == 0
        # Down all afternoon and evening: day 3's quiz is skipped, never sent late.
        second.clock.set(at_day(2, 4 * 60))
        assert (await tick_quizzes(second)).sent == 0
    polls = api.polls(300)
    assert len(polls) == 2
    assert rows(bot, "SELECT local_date, tip_id, status FROM quiz_sends ORDER BY 1") == [
        ("2026-11-23", rows(bot, "SELECT tip_id FROM quiz_polls ORDER BY local_date")[0][0],
         "sent"), ("2026-11-24", "dh08", "sent")]


async def test_a_principle_answered_wrong_comes_back_after_one_then_three_days(
        api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 400, "/subscribe 8h")
    await say(api, 400, "/quiz daily 16h")
    tips: list[str] = []
    missed = ""
    for day in range(6):
        bot.clock.set(at_day(day, 1))
        assert (await tick_quizzes(bot)).sent == 1
        poll = (await wait_polls(api, 400, day + 1))[-1]
        tip = rows(bot, f"SELECT tip_id FROM quiz_polls WHERE poll_id = '{poll['id']}'")[0][0]
        tips.append(tip)
        if day == 0:
            missed = tip
        right = poll["correct_option_ids"][0]
        choice = (right + 1) % len(poll["options"]) if tip == missed and day < 5 else right
        await answered(api, bot, poll["id"], 400, [choice])
    assert tips[1] == missed  # wrong on day 0: back the next day
    assert missed not in tips[2:4]  # wrong again on day 1: three days later
    assert tips[4] == missed


async def test_leaderboard_stats_and_digest_after_a_week(api: FakeBotAPI,
                                                         bot: RunningBot) -> None:
    draw_in_thread(bot.services.charts)  # the chart's own tests: tests/test_charts.py
    api.set_chat_member(GROUP, ANNA, "administrator")
    await say(api, GROUP, "/subscribe 8h", chat_type="supergroup", user_id=ANNA)
    await say(api, GROUP, "/quiz daily 16h", chat_type="supergroup", user_id=ANNA)
    await say(api, GROUP, "/digest t2 9h", chat_type="supergroup", user_id=ANNA)
    for day in range(7):
        bot.clock.set(at_day(day, 1))
        await tick_quizzes(bot)
        poll = (await wait_polls(api, GROUP, day + 1))[-1]
        right = poll["correct_option_ids"][0]
        wrong = (right + 1) % len(poll["options"])
        await answered(api, bot, poll["id"], ANNA, [right], first_name="Anna")
        await answered(api, bot, poll["id"], BINH, [right if day % 2 else wrong],
                       first_name="Bình")
        if day < 2:
            await answered(api, bot, poll["id"], CHI, [wrong], first_name="Chi")
    board = await say(api, GROUP, "/leaderboard", chat_type="supergroup", user_id=CHI)
    week = board.split("\n\n")[0]  # Bình: right Saturday, today (Sunday) is not over
    rows = [line for line in week.splitlines() if values(line, VI.leaderboard_row)]
    lines = [values(line, VI.leaderboard_row) or {} for line in rows]
    assert [(v["rank"], v["name"], v["correct"], v["answered"]) for v in lines] == [
        ("1", "Anna", "7", "7"), ("2", "Bình", "3", "7"), ("3", "Chi", "0", "2")]
    # A streak is shown only when there is one: Chi reads no "🔥 0 ngày".
    streaks = [(values(line, VI.leaderboard_streak) or {}).get("streak") for line in rows]
    assert streaks == ["7", "1", None]
    stats = await say(api, GROUP, "/stats", chat_type="supergroup", user_id=ANNA)
    figures = values(stats, VI.quiz_figures)
    assert figures == {"people": "3", "answers": "16", "accuracy": "63"}  # 62.5
    bot.clock.set(dt.datetime(2026, 11, 30, 2, 0, tzinfo=UTC))  # Monday 09:00
    assert (await bot.tick())["digest"].sent == 1
    digest = [m.text for m in api.messages(GROUP) if shows(m.text, VI.digest_header)]
    assert values(digest[-1], VI.quiz_figures) == figures


def option_texts(poll: dict[str, Any]) -> list[str]:
    return [o["text"] if isinstance(o, dict) else str(o) for o in poll["options"]]


async def test_a_team_tip_with_a_short_form_joins_only_its_teams_quizzes(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """Issue 15: a team tip with a short form is a right answer in its team's /quiz (here
    the tip the team received today, which /quiz asks first), and never an option in
    another team's; without a short form a team tip stays out of quizzes."""
    team, other = GROUP, GROUP - 1
    api.set_chat_member(team, ANNA, "administrator")
    short = "Gọi lại trong 24 giờ, kể cả khi chưa có lời đáp"
    saved = await say(api, team, "/addtip Luôn gọi lại khách trong 24 giờ | Khách để lại số "
                                 f"thì trong 24 giờ phải có người gọi lại. | | {short}",
                      chat_type="supergroup", user_id=ANNA)
    assert shows(saved, VI.addtip_saved)
    await say(api, team, "/addtip Không có bản ngắn | Mẹo này không vào quiz.",
              chat_type="supergroup", user_id=ANNA)
    tips = await tippool.team_tips(bot.services.storage, team, VI)
    assert [t.short for t in tips] == [short, ""]
    quizzes = bot.services.quizzes
    day = await quizzes.today(team)
    for chat in (team, other):  # both chats "received" the team tip today
        claim = await bot.services.storage.tip_sends.claim(chat, day, tips[0].id, 0, "test",
                                                           bot.clock() + dt.timedelta(minutes=2),
                                                           bot.clock())
        assert claim is not None
        await bot.services.storage.tip_sends.sent(claim, 1, bot.clock() + dt.timedelta(days=1),
                                                  bot.clock())
    await say(api, team, "/quiz", chat_type="supergroup", user_id=ANNA)
    [poll] = await wait_polls(api, team, 1, bot)
    assert option_texts(poll)[poll["correct_option_ids"][0]] == short
    assert rows(bot, "SELECT tip_id FROM quiz_polls") == [(tips[0].id,)]
    built = quizzes.build(tips[0], await quizzes.pool(team, VI), random.Random(1), VI)
    assert built is not None and quizmod.limit_problems(built) == []
    # The other team never sees it, not even the tip id it "received".
    assert tips[0].id not in {t.id for t in await quizzes.pool(other, VI)}
    for n in range(1, 11):
        await say(api, other, "/quiz", chat_type="supergroup", user_id=BINH)
        await wait_polls(api, other, n, bot)
    assert all(short not in option_texts(p) for p in api.polls(other))
    assert all(not tip_id.startswith("team-")
               for (tip_id,) in rows(bot, f"SELECT tip_id FROM quiz_polls WHERE chat_id = {other}"))
    # A team tip without a short form is never the one asked.
    assert not quizmod.quizzable(tips[1])


async def test_answers_from_outside_the_chat_do_not_rank_there(api: FakeBotAPI,
                                                              bot: RunningBot) -> None:
    """Issue 19: a poll forwarded elsewhere is answered by people who are not in the team:
    their answers are not recorded, so they are not on the board; Telegram is asked once
    per person and chat, and an error from it neither crashes nor loses a member's answer."""
    dung, em = 8004, 8005
    api.set_chat_member(GROUP, dung, "left")
    api.set_chat_member(GROUP, em, "kicked")
    api.set_chat_member(GROUP, CHI, "restricted", is_member=True)  # muted, still a member
    await say(api, GROUP, "/quiz", chat_type="supergroup", user_id=ANNA)
    [poll] = await wait_polls(api, GROUP, 1, bot)
    right = poll["correct_option_ids"][0]
    await answered(api, bot, poll["id"], ANNA, [right], first_name="Anna")
    await answered(api, bot, poll["id"], CHI, [right], first_name="Chi")
    for who, name in ((dung, "Dũng"), (em, "Em"), (dung, "Dũng")):
        api.poll_answer(poll["id"], who, [right], first_name=name)

    def asked(user_id: int) -> int:
        return sum(1 for c in api.calls("getChatMember") if c.params.get("user_id") == user_id)

    await api.wait_until(lambda: asked(dung) >= 1 and asked(em) >= 1, timeout=10)
    await asyncio.sleep(0.5)  # the handlers have nothing left to do but (wrongly) record
    assert rows(bot, "SELECT user_id FROM quiz_answers ORDER BY user_id") == [(ANNA,), (CHI,)]
    assert (asked(ANNA), asked(CHI), asked(dung), asked(em)) == (1, 1, 1, 1)  # cached
    board = await say(api, GROUP, "/bxh", chat_type="supergroup", user_id=ANNA)
    names = {v["name"] for line in board.splitlines()
             if (v := values(line, VI.leaderboard_row))}
    assert names == {"Anna", "Chi"}
    # Telegram fails to answer for a new member: the answer counts, nothing crashes.
    api.fail("getChatMember", kind="server_error", times=1)
    await answered(api, bot, poll["id"], BINH, [right], first_name="Bình")
    assert api.calls(ok=False) and all(c.method == "getChatMember"
                                       for c in api.calls(ok=False))


async def test_a_team_tip_over_several_lines_is_the_daily_quiz(api: FakeBotAPI,
                                                               bot: RunningBot) -> None:
    """Issue 19: a team tip whose principle and source have line breaks (a playbook file's
    cells) makes a poll Telegram accepts, and the day's quiz goes out."""
    team = GROUP - 7
    api.set_chat_member(team, ANNA, "administrator")
    await say(api, team, "/subscribe 8h", chat_type="supergroup", user_id=ANNA)
    await say(api, team, "/quiz daily 16h", chat_type="supergroup", user_id=ANNA)
    storage = bot.services.storage
    tip_number = await storage.team_tips.add(
        team, "Gọi lại cho khách\ntrong 24 giờ,\n\nkể cả\nkhi chưa có lời đáp", "Khách để lại "
        "số\nthì trong 24 giờ phải có người gọi lại.", "Sổ tay\nCSKH\n\nchương 2\nmục 3", ANNA,
        short="Gọi lại trong 24 giờ")
    [tip] = await tippool.team_tips(storage, team, VI)
    day = at_day(0).date()
    claim = await storage.tip_sends.claim(team, day, tip.id, 0, "test", at_day(0, 2), at_day(0))
    assert tip_number is not None and claim is not None  # the team received it today
    await storage.tip_sends.sent(claim, 1, at_day(1), at_day(0))
    bot.clock.set(at_day(0, 1))
    assert (await tick_quizzes(bot)).sent == 1
    [poll] = await wait_polls(api, team, 1, bot)
    assert option_texts(poll)[poll["correct_option_ids"][0]] == "Gọi lại trong 24 giờ"
    assert "\n" not in poll["explanation"] and "Sổ tay CSKH chương 2 mục 3" in poll["explanation"]
    assert api.calls("sendPoll", ok=False) == []


async def fill_a_year(bot: RunningBot, chat_id: int, people: int = 500, days: int = 365
                      ) -> None:
    """A large team's year of daily quizzes, written straight into the bot's database
    (and the tallies the answers keep, counted once)."""
    rng = random.Random(19)
    polls, given = [], []
    for n in range(days):
        day = at_day(0).date() - dt.timedelta(days=days - n)
        moment = dt.datetime.combine(day, dt.time(9), UTC)
        polls.append((f"year-{n}", chat_id, "dh08", "a,b,c", 1, day.isoformat(), n, 0, 1,
                      moment.isoformat()))
        for user in range(1, people + 1):
            if rng.random() < 0.85:
                right = int(rng.random() < 0.7)
                given.append((f"year-{n}", chat_id, user, f"Nhân viên {user}", right, right,
                              (moment + dt.timedelta(seconds=user)).isoformat()))
    await write_history(bot.services.storage, chat_id, polls, given)


async def test_forty_leaderboards_from_one_member_do_not_hold_another_chat(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """Issue 19: 500 people × 365 days of answers; one member sends /bxh 40 times (the
    send budget off, so the boards are computed back to back). The boards are summed in
    the database, so other chats are answered at once meanwhile (the old board loaded
    every answer: 1.1 s on the event loop each, 50 s in all); the inbox keeps 20 of one
    person's commands waiting, so the rest are dropped and the chat told once."""
    await fill_a_year(bot, GROUP)
    bot.clock.set(at_day(0, 1))
    started = time.perf_counter()
    for _ in range(40):
        api.send_text(GROUP, "/bxh", chat_type="supergroup", user_id=ANNA)
    latencies = []
    for chat_id in (9101, 9102, 9103, 9104, 9105):
        before = len(api.messages(chat_id))
        asked = time.perf_counter()
        api.send_text(chat_id, "/tip")
        await api.wait_until(lambda c=chat_id, b=before: len(api.messages(c)) > b, timeout=30)
        latencies.append(time.perf_counter() - asked)
    await bot.settle(api)
    flood = time.perf_counter() - started
    texts = [m.text for m in api.messages(GROUP)]
    assert sum(shows(t, VI.slow_down) for t in texts) == 1
    boards = [t for t in texts if not shows(t, VI.slow_down)]
    assert 20 <= len(boards) <= 22, len(boards)  # a person's bound, not forty boards
    assert len(set(boards)) == 1  # the same board each time
    [board] = set(boards)
    assert shows(board, VI.leaderboard_week) and values(board.splitlines()[-1],
                                                        VI.leaderboard_more)
    assert telegram_length(board) <= MAX_MESSAGE_LENGTH
    assert max(latencies) < 1.0, (latencies, flood)
