"""Quiz polls, answers, the daily quiz's setting and its claims, on both back-ends."""

from __future__ import annotations

import datetime as dt

from bot.models import QuizPoll
from bot.storage import Storage

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 23)
TEAM, NEW = -500, -1000500


def poll(poll_id: str = "p1", chat_id: int = TEAM, day: dt.date = DAY) -> QuizPoll:
    return QuizPoll(poll_id, chat_id, "dh08", ("kh01", "dh08", "nv03"), 1, day, 77, False)


async def test_answers_one_per_person_changed_and_retracted(store: Storage) -> None:
    await store.quiz_polls.record(poll(), T0)
    await store.quiz_polls.record(poll(), T0)  # recorded once
    stored = await store.quiz_polls.get("p1")
    assert stored == poll()
    assert await store.quiz_polls.get("unknown") is None
    await store.quiz_answers.record(stored, 1, "Anna", 1, T0)
    await store.quiz_answers.record(stored, 2, "Bình", 0, T0)
    # Changed:
    await store.quiz_answers.record(stored, 2, "Bình Lê", 1, T0 + dt.timedelta(seconds=5))
    await store.quiz_answers.record(stored, 3, "Chi", 2, T0)
    assert await store.quiz_answers.retract("p1", 3)
    assert not await store.quiz_answers.retract("p1", 3)
    answers = await store.quiz_answers.of_chat(TEAM)
    assert [(a.user_id, a.name, a.chosen, a.correct, a.tip_id, a.local_date)
            for a in answers] == [(1, "Anna", 1, True, "dh08", DAY),
                                  (2, "Bình Lê", 1, True, "dh08", DAY)]
    assert [a.user_id for a in await store.quiz_answers.of_chat(TEAM, user_id=2)] == [2]
    assert await store.quiz_answers.of_chat(TEAM, since=DAY + dt.timedelta(days=1)) == []
    assert [p.poll_id for p in await store.quiz_polls.of_chat(TEAM)] == ["p1"]


async def test_daily_quiz_setting_due_only_with_an_active_subscription(store: Storage) -> None:
    await store.subscriptions.start(TEAM, dt.time(8), "Asia/Ho_Chi_Minh", T0, seed=1)
    assert await store.quiz_settings.set_daily(TEAM, dt.time(16), T0, T0)
    assert await store.quiz_settings.daily_time(TEAM) == dt.time(16)
    [due] = await store.quiz_settings.due(T0)
    assert (due.subscription.chat_id, due.time_of_day, due.updated_at) == (TEAM, dt.time(16), T0)
    await store.quiz_settings.set_due(TEAM, T0 + dt.timedelta(days=1))
    assert await store.quiz_settings.due(T0) == []
    await store.quiz_settings.set_due(TEAM, T0)
    await store.subscriptions.stop(TEAM, "unsubscribed")
    assert await store.quiz_settings.due(T0) == []
    assert await store.quiz_settings.set_daily(TEAM, None, None, T0)
    assert not await store.quiz_settings.set_daily(TEAM, None, None, T0)
    assert await store.quiz_settings.daily_time(TEAM) is None


async def test_quiz_claims_are_exactly_once_with_leases(store: Storage) -> None:
    await store.subscriptions.start(TEAM, dt.time(8), "UTC", T0, seed=1)
    await store.quiz_settings.set_daily(TEAM, dt.time(16), T0, T0)
    lease = T0 + dt.timedelta(minutes=2)
    claim = await store.quiz_sends.claim(TEAM, DAY, "dh08", "a", lease, T0)
    assert claim is not None and claim.attempts == 1
    assert await store.quiz_sends.claim(TEAM, DAY, "kh01", "b", lease, T0) is None  # live lease
    later = T0 + dt.timedelta(minutes=5)  # "a" died: "b" takes over, keeping the tip
    taken = await store.quiz_sends.claim(TEAM, DAY, "kh01", "b", later + dt.timedelta(minutes=2),
                                         later)
    assert taken is not None and (taken.tip_id, taken.attempts) == ("dh08", 2)
    assert not await store.quiz_sends.extend_lease(claim, later)  # no longer "a"'s
    assert await store.quiz_sends.extend_lease(taken, later + dt.timedelta(minutes=3))
    await store.quiz_sends.sent_many([(taken, poll("p9"), T0 + dt.timedelta(days=1))], later)
    assert await store.quiz_sends.status(TEAM, DAY) == "sent"
    assert await store.quiz_polls.get("p9") is not None
    much_later = T0 + dt.timedelta(hours=5)
    assert await store.quiz_sends.claim(TEAM, DAY, "dh08", "c", much_later, much_later) is None
    nxt = DAY + dt.timedelta(days=1)
    failed = await store.quiz_sends.claim(TEAM, nxt, "kh01", "c", lease, T0)
    assert failed is not None
    await store.quiz_sends.failed(failed, "Bad Request: poll can't be sent", None)
    assert await store.quiz_sends.history(TEAM) == [(DAY, "dh08", "sent"), (nxt, "kh01", "failed")]


async def test_a_group_that_becomes_a_supergroup_keeps_its_quizzes(store: Storage) -> None:
    await store.subscriptions.start(TEAM, dt.time(8), "UTC", T0, seed=1)
    await store.quiz_settings.set_daily(TEAM, dt.time(16), T0, T0)
    await store.quiz_polls.record(poll(), T0)
    stored = await store.quiz_polls.get("p1")
    assert stored is not None
    await store.quiz_answers.record(stored, 1, "Anna", 1, T0)
    await store.quiz_sends.claim(TEAM, DAY, "dh08", "a", T0, T0)
    await store.migrate_chat(TEAM, NEW)
    counts = await store.count_by_chat(NEW)
    assert {k: counts[k] for k in ("quiz_polls", "quiz_answers", "quiz_settings",
                                   "quiz_sends")} == dict.fromkeys(
        ("quiz_polls", "quiz_answers", "quiz_settings", "quiz_sends"), 1)
    assert [a.user_id for a in await store.quiz_answers.of_chat(NEW)] == [1]
    moved = await store.quiz_polls.get("p1")
    assert moved is not None and moved.chat_id == NEW
