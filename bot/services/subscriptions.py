"""A chat's daily tip: subscribe, stop, pause, resume, working days, topics, the digest.

The decisions the Telegram commands and the offline console share: what a partial
``/subscribe`` keeps (``/subscribe t2-t6`` keeps the time), when the next tip is due,
and that a day already delivered (or claimed by a replica) is never delivered again
when the time changes or a pause ends: one rule for the daily tip and the daily quiz
(``next_open_due``), which follows the subscription. Who may ask is the caller's business.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot import schedule
from bot.models import Subscription, utcnow
from bot.storage import Storage
from bot.storage.claims import ClaimRepository
from bot.strings import Strings

Clock = Callable[[], dt.datetime]


class NotSubscribed(LookupError):
    """The chat has no active subscription, which this request needs."""


class NotPaused(ValueError):
    """``resume`` on a subscription that is not paused (or whose pause is over)."""


@dataclass(frozen=True, slots=True)
class Subscribed:
    """The outcome of ``subscribe``: the stored subscription, and whether it was a change."""

    subscription: Subscription
    updated: bool  # an active subscription got new settings (not a new or renewed one)


class Subscriptions:
    """The subscription decisions over one ``Storage``, at the time ``clock`` says."""

    def __init__(self, storage: Storage, *, default_timezone: str,
                 topics: Sequence[str] = (), clock: Clock = utcnow) -> None:
        self.storage = storage
        self.default_timezone = default_timezone
        self.topic_ids = tuple(topics)
        self.clock = clock
        # Updates run concurrently: two quick taps on the topics menu must not both
        # toggle the set they read.
        self._locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    # --- reading --------------------------------------------------------------------
    async def get(self, chat_id: int) -> Subscription | None:
        """The chat's subscription, active or stopped (``/status`` shows both)."""
        return await self.storage.subscriptions.get(chat_id)

    async def active(self, chat_id: int) -> Subscription:
        """The chat's active subscription; ``NotSubscribed`` if there is none."""
        sub = await self.storage.subscriptions.get(chat_id)
        if sub is None or not sub.active:
            raise NotSubscribed(chat_id)
        return sub

    def today(self, sub: Subscription) -> dt.date:
        """The calendar day it is now where the chat's tips arrive."""
        return schedule.local_date(self.clock(), sub.timezone)

    async def next_deliveries(self, chat_id: int, count: int = 3) -> list[dt.datetime]:
        """The instants of the next ``count`` daily tips (UTC); none if not subscribed.

        Follows the stored next due time, then the working days and the pause; a chat
        paused until ``/resume`` has none.
        """
        sub = await self.storage.subscriptions.get(chat_id)
        first = self.next_delivery(sub)
        if sub is None or first is None:
            return []
        moments = [first]
        while len(moments) < count:
            last = moments[-1]
            moments.append(schedule.next_due(
                last, sub.time_of_day, sub.timezone, days=sub.days,
                paused_until=sub.paused_until, after=schedule.local_date(last, sub.timezone)))
        return moments

    @staticmethod
    def next_delivery(sub: Subscription | None) -> dt.datetime | None:
        """The next daily tip's instant (UTC); ``None`` when none is coming."""
        if sub is None or not sub.active or sub.next_due_utc is None or \
                sub.next_due_utc >= schedule.PAUSED_FOREVER_DUE:
            return None
        return sub.next_due_utc

    # --- changing -------------------------------------------------------------------
    async def subscribe(self, chat_id: int, args: Sequence[str], s: Strings, *,
                        created_by: int | None = None) -> Subscribed:
        """Subscribe, or change the time, zone or days: whatever is not given is kept.

        ``args`` are the words after ``/subscribe`` in any order (``8h30``,
        ``Asia/Bangkok``, ``t2-t6``); raises ``schedule.ScheduleError`` on one it cannot
        read. The reply language becomes ``s``' for the daily tips.
        """
        at, tz_name, rest = schedule.split_arguments(args)
        days = schedule.parse_days(" ".join(rest)) if rest else None
        existing = await self.storage.subscriptions.get(chat_id)
        at = at or (existing.time_of_day if existing else schedule.DEFAULT_TIME)
        tz_name = tz_name or (existing.timezone if existing else self.default_timezone)
        days = days or (existing.days if existing else schedule.ALL_DAYS)
        now = self.clock()
        due = await self._next_due(chat_id, now, at, tz_name, days,
                                   existing.paused_until if existing else None)
        sub = await self.storage.subscriptions.start(
            chat_id, at, tz_name, due, seed=secrets.randbits(31), days=days,
            language=s.lang, created_by=created_by, now=now)
        await self._follow_quiz(sub, now)
        return Subscribed(sub, updated=existing is not None and existing.active)

    async def unsubscribe(self, chat_id: int) -> bool:
        """Stop the daily tip (kept for ``/status``); False if there was none to stop."""
        return await self.storage.subscriptions.stop(chat_id, "unsubscribed")

    async def pause(self, chat_id: int, text: str) -> Subscription:
        """Pause until ``/resume`` (``""``), for N days, or through a date.

        Paused days are never caught up: the next tip is the first working day after.
        """
        sub = await self.active(chat_id)
        until = schedule.parse_pause(text, self.today(sub))
        return await self._reschedule(sub, until)

    async def resume(self, chat_id: int) -> Subscription:
        """End a pause now; ``NotPaused`` if there is none to end."""
        sub = await self.active(chat_id)
        if sub.paused_until is None or sub.paused_until <= self.today(sub):
            raise NotPaused(chat_id)
        return await self._reschedule(sub, None)

    async def set_digest(self, chat_id: int, args: Sequence[str]) -> Subscription | None:
        """Turn the weekly digest on (``t2 9h``) or off (``off``; returns ``None``).

        Raises ``schedule.ScheduleError`` (kind ``digest``) on anything else.
        """
        sub = await self.active(chat_id)
        try:
            choice = schedule.parse_digest(args)
        except schedule.ScheduleError:
            raise schedule.ScheduleError("digest", " ".join(args)) from None
        if choice is None:
            await self.storage.subscriptions.set_digest(chat_id, -1, None, None)
            return None
        day, at = choice
        due = schedule.next_slot(self.clock(), at, sub.timezone, days=1 << day).due_utc
        await self.storage.subscriptions.set_digest(chat_id, day, at, due)
        return await self.active(chat_id)

    async def topics(self, chat_id: int) -> tuple[str, ...]:
        """The topics the daily tips come from; empty means all."""
        return (await self.active(chat_id)).topics

    async def toggle_topic(self, chat_id: int, topic_id: str) -> tuple[str, ...]:
        """Add or remove one topic (``*``: back to all); returns the chosen set.

        An unknown topic changes nothing. Serialised per chat, so two quick taps
        toggle two topics rather than both toggling the set they read.
        """
        async with self._locks[chat_id]:
            chosen = (await self.active(chat_id)).topics
            if topic_id == "*":
                updated: tuple[str, ...] = ()
            elif topic_id not in self.topic_ids:
                return chosen
            else:
                flipped = set(chosen) ^ {topic_id}
                updated = tuple(t for t in self.topic_ids if t in flipped)
            await self.storage.subscriptions.set_topics(chat_id, updated)
            return updated

    # --- the one next-due decision --------------------------------------------------
    async def _next_due(self, chat_id: int, now: dt.datetime, at: dt.time, tz_name: str,
                        days: int, paused_until: dt.date | None) -> dt.datetime:
        return await next_open_due(self.storage.tip_sends, chat_id, now, at, tz_name, days,
                                   paused_until)

    async def _follow_quiz(self, sub: Subscription, now: dt.datetime) -> None:
        """The daily quiz keeps its subscription's zone, days and pause: when they change,
        its next one is promised again by the same rule as the tip's."""
        at = await self.storage.quiz_settings.daily_time(sub.chat_id)
        if at is None:
            return
        await self.storage.quiz_settings.set_due(sub.chat_id, await next_open_due(
            self.storage.quiz_sends, sub.chat_id, now, at, sub.timezone, sub.days,
            sub.paused_until))

    async def _reschedule(self, sub: Subscription, paused_until: dt.date | None
                          ) -> Subscription:
        """Store a pause (or its end) and the next slot it leaves; nothing is caught up."""
        now = self.clock()
        due = await self._next_due(sub.chat_id, now, sub.time_of_day, sub.timezone,
                                   sub.days, paused_until)
        await self.storage.subscriptions.set_pause(sub.chat_id, paused_until, due, now=now)
        changed = await self.active(sub.chat_id)
        await self._follow_quiz(changed, now)
        return changed


async def next_open_due(sends: ClaimRepository, chat_id: int, now: dt.datetime, at: dt.time,
                        tz_name: str, days: int, paused_until: dt.date | None) -> dt.datetime:
    """The one next-due rule of a daily push (the tip: ``tip_sends``; the quiz:
    ``quiz_sends``): its next slot on a day of the chat that nothing was claimed for yet
    (a day sent, being sent, failed or rejected is over: a claim is taken once), or the far
    future while paused until ``/resume``.

    One per calendar day of the chat, the claim's day. Today's may be over already; and
    after a move to a zone behind the old one, tomorrow's may be too (Monday's tip went at
    07:00 in Ho Chi Minh City, when it was still Sunday at UTC-12): such a day is passed
    over here, so the time promised is the time it comes. A slot before the promise (one
    that passed before a move to a zone ahead) is never made up: the engines skip it.
    """
    if paused_until == schedule.PAUSED_INDEFINITELY:
        return schedule.PAUSED_FOREVER_DUE
    after: dt.date | None = None
    for _ in range(3):  # a zone moves a day by at most 26 hours: two days at most
        slot = schedule.next_slot(now, at, tz_name, days=days, paused_until=paused_until,
                                  after=after)
        if await sends.status(chat_id, slot.local_date) is None:
            break
        after = slot.local_date
    return slot.due_utc
