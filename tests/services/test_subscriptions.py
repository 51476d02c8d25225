"""Subscription decisions on a real SQLite file, at a clock the test moves."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import schedule
from bot.services.subscriptions import NotPaused, NotSubscribed, Subscriptions
from bot.storage import Storage
from bot.strings import EN, VI

UTC = dt.UTC
HCM = "Asia/Ho_Chi_Minh"  # UTC+7, no daylight saving
TOPICS = ("a", "b", "c")


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture()
def clock() -> Clock:
    return Clock(dt.datetime(2026, 11, 23, 0, 0, tzinfo=UTC))  # Monday, 07:00 in HCM


@pytest.fixture()
def subs(storage: Storage, clock: Clock) -> Subscriptions:
    return Subscriptions(storage, default_timezone=HCM, topics=TOPICS, clock=clock)


def local(moment: dt.datetime) -> str:
    return moment.astimezone(schedule.zone(HCM)).strftime("%a %d/%m %H:%M")


async def test_subscribe_defaults_then_keeps_what_is_not_given(subs: Subscriptions) -> None:
    first = await subs.subscribe(1, [], VI, created_by=7)
    sub = first.subscription
    assert not first.updated and sub.active and sub.language == "vi"
    assert (sub.time_of_day, sub.timezone, sub.days) == (dt.time(8), HCM, schedule.ALL_DAYS)
    assert sub.next_due_utc is not None and local(sub.next_due_utc) == "Mon 23/11 08:00"
    again = await subs.subscribe(1, ["t2-t6"], EN)  # days only: time and zone kept
    assert again.updated and again.subscription.time_of_day == dt.time(8)
    assert again.subscription.days == 0b0011111 and again.subscription.language == "en"
    moved = await subs.subscribe(1, ["Asia/Bangkok", "9h30"], VI)
    assert moved.subscription.timezone == "Asia/Bangkok"
    assert moved.subscription.days == 0b0011111


async def test_subscribe_rejects_what_it_cannot_read(subs: Subscriptions) -> None:
    with pytest.raises(schedule.ScheduleError):
        await subs.subscribe(1, ["25h"], VI)
    assert await subs.get(1) is None


async def test_a_day_already_delivered_is_not_delivered_again(
        subs: Subscriptions, storage: Storage, clock: Clock) -> None:
    await subs.subscribe(1, ["7h"], VI)  # 07:00 local: due now
    now = clock()
    assert await storage.tip_sends.claim(1, dt.date(2026, 11, 23), "t1", 0, "me",
                                         now + dt.timedelta(minutes=2), now) is not None
    # Moving the time later today must not bring a second tip today.
    sub = (await subs.subscribe(1, ["20h"], VI)).subscription
    assert sub.next_due_utc is not None and local(sub.next_due_utc) == "Tue 24/11 20:00"
    # Another chat, nothing claimed: later today is still today.
    other = (await subs.subscribe(2, ["20h"], VI)).subscription
    assert other.next_due_utc is not None and local(other.next_due_utc) == "Mon 23/11 20:00"


async def test_a_day_whose_tip_failed_is_not_promised_again(
        subs: Subscriptions, storage: Storage, clock: Clock) -> None:
    """A day whose claim ended failed (or rejected) is over: its row is never claimed
    again, so promising a later slot that day meant a tip that never came."""
    await subs.subscribe(1, ["7h"], VI)
    now = clock()
    claim = await storage.tip_sends.claim(1, dt.date(2026, 11, 23), "t1", 0, "me",
                                          now + dt.timedelta(minutes=2), now)
    assert claim is not None
    await storage.tip_sends.failed(claim, "network down all morning", None)
    sub = (await subs.subscribe(1, ["20h"], VI)).subscription
    assert sub.next_due_utc is not None and local(sub.next_due_utc) == "Tue 24/11 20:00"


async def test_a_day_delivered_under_the_old_zone_is_not_promised_under_the_new_one(
        subs: Subscriptions, storage: Storage, clock: Clock) -> None:
    """A tip is one per calendar day of the chat (its period). Monday's went at 07:00 in
    Ho Chi Minh City, which is still Sunday at UTC-12; moved there, the next slot falls
    on Monday again, which had its tip: the promise is Tuesday, and Tuesday it comes
    (promising Monday meant a tip that was then silently not sent)."""
    await subs.subscribe(1, ["7h"], VI)
    now = clock()
    assert await storage.tip_sends.claim(1, dt.date(2026, 11, 23), "t1", 0, "me",
                                         now + dt.timedelta(minutes=2), now) is not None
    clock.now = now + dt.timedelta(hours=3)  # 15:00 on Sunday 22 at UTC-12
    sub = (await subs.subscribe(1, ["11h", "UTC-12"], VI)).subscription
    assert sub.next_due_utc == dt.datetime(2026, 11, 24, 23, 0, tzinfo=UTC)  # Tue 11:00


async def test_unsubscribe_says_whether_there_was_one(subs: Subscriptions) -> None:
    assert not await subs.unsubscribe(1)
    await subs.subscribe(1, [], VI)
    assert await subs.unsubscribe(1)
    sub = await subs.get(1)
    assert sub is not None and not sub.active
    with pytest.raises(NotSubscribed):
        await subs.pause(1, "")


async def test_pause_for_days_then_resume(subs: Subscriptions) -> None:
    await subs.subscribe(1, ["8h30"], VI)
    paused = await subs.pause(1, "3")
    assert paused.paused_until == dt.date(2026, 11, 26)
    assert paused.next_due_utc is not None and local(paused.next_due_utc) == "Thu 26/11 08:30"
    resumed = await subs.resume(1)
    assert resumed.paused_until is None
    assert resumed.next_due_utc is not None and local(resumed.next_due_utc) == "Mon 23/11 08:30"
    with pytest.raises(NotPaused):
        await subs.resume(1)


async def test_pause_until_resume_has_no_next_delivery(subs: Subscriptions) -> None:
    await subs.subscribe(1, [], VI)
    await subs.pause(1, "")
    assert await subs.next_deliveries(1) == []
    with pytest.raises(schedule.ScheduleError):
        await subs.pause(1, "not a date")


async def test_next_deliveries_follow_working_days_and_pause(subs: Subscriptions,
                                                            clock: Clock) -> None:
    clock.now = dt.datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # Friday 09:00 local
    await subs.subscribe(1, ["t2-t6", "8h30"], VI)
    assert [local(m) for m in await subs.next_deliveries(1, 3)] == [
        "Mon 30/11 08:30", "Tue 01/12 08:30", "Wed 02/12 08:30"]
    await subs.pause(1, "1/12")  # through Tuesday
    assert [local(m) for m in await subs.next_deliveries(1, 2)] == [
        "Wed 02/12 08:30", "Thu 03/12 08:30"]
    assert await subs.next_deliveries(2) == []


async def test_topics_toggle_in_corpus_order_and_star_means_all(subs: Subscriptions) -> None:
    with pytest.raises(NotSubscribed):
        await subs.toggle_topic(1, "a")
    await subs.subscribe(1, [], VI)
    assert await subs.topics(1) == ()
    assert await subs.toggle_topic(1, "c") == ("c",)
    assert await subs.toggle_topic(1, "a") == ("a", "c")
    assert await subs.toggle_topic(1, "nope") == ("a", "c")
    assert await subs.toggle_topic(1, "c") == ("a",)
    assert await subs.toggle_topic(1, "*") == ()
    assert await subs.topics(1) == ()


async def test_digest_on_and_off(subs: Subscriptions) -> None:
    with pytest.raises(NotSubscribed):
        await subs.set_digest(1, ["t2", "9h"])
    await subs.subscribe(1, [], VI)
    sub = await subs.set_digest(1, ["t2", "9h"])
    assert sub is not None and (sub.digest_day, sub.digest_time) == (0, dt.time(9))
    assert sub.digest_next_due_utc is not None
    assert local(sub.digest_next_due_utc) == "Mon 23/11 09:00"
    with pytest.raises(schedule.ScheduleError) as error:
        await subs.set_digest(1, ["t2", "t3", "9h"])
    assert error.value.kind == "digest"
    assert await subs.set_digest(1, ["off"]) is None
    after = await subs.get(1)
    assert after is not None and after.digest_day == -1
