"""The daily tip's schedule in replies: /subscribe, /status, /pause, /resume, the digest's
day and time, and what is wrong with a time, a zone or days someone typed.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from bot import schedule
from bot.corpus import Tip
from bot.models import Subscription
from bot.replies.reply import Reply, clip
from bot.strings import Strings


class ScheduleReplies:
    """What the bot says about a chat's subscription; the decisions are ``bot.schedule``'s
    and ``bot.services.subscriptions``'."""

    @staticmethod
    def when(sub: Subscription, s: Strings) -> str:
        """``Mỗi ngày lúc 08:00 (giờ Việt Nam)``, ``Thứ Hai đến Thứ Sáu, lúc 08:30 (…)``."""
        at, zone = sub.time_of_day.strftime("%H:%M"), schedule.describe_zone(sub.timezone, s)
        if sub.days == schedule.ALL_DAYS:
            return s.schedule_every_day.format(time=at, zone=zone)
        return s.schedule_some_days.format(days=schedule.describe_days(sub.days, s),
                                           time=at, zone=zone)

    def subscribed(self, sub: Subscription, s: Strings, *, updated: bool) -> Reply:
        assert sub.next_due_utc is not None
        template = s.sub_updated if updated else s.sub_confirm
        text = template.format(
            when=escape(self.when(sub, s)),
            next=escape(schedule.describe_moment(sub.next_due_utc, sub.timezone, s)))
        if schedule.misses_summer_time(sub.timezone):
            text += "\n\n" + s.zone_fixed_offset_note.format(zone=escape(sub.timezone))
        return Reply(text)

    def status(self, sub: Subscription | None, s: Strings, today: dt.date | None = None,
               next_tip: Tip | None = None) -> Reply:
        """``today`` (the chat's local day) hides a pause that is already over;
        ``next_tip`` (given to admins) is what the chat gets next."""
        if sub is None or (not sub.active and sub.stopped_reason != "blocked"):
            return Reply(s.status_off)
        if not sub.active:
            return Reply(s.status_blocked)
        assert sub.next_due_utc is not None
        pause = ""
        if sub.paused_until == schedule.PAUSED_INDEFINITELY:
            pause = "\n" + s.status_paused_forever
        elif sub.paused_until is not None and (today is None or sub.paused_until > today):
            last = sub.paused_until - dt.timedelta(days=1)
            pause = "\n" + s.status_paused_until.format(until=f"{last:%d/%m/%Y}")
        upcoming = "—" if sub.next_due_utc >= schedule.PAUSED_FOREVER_DUE else escape(
            schedule.describe_moment(sub.next_due_utc, sub.timezone, s))
        coming = "" if next_tip is None or upcoming == "—" else "\n" + s.status_next_tip.format(
            principle=escape(next_tip.principle))
        return Reply(s.status_on.format(
            when=escape(self.when(sub, s)), next=upcoming,
            count=sub.delivered_count) + coming + pause + self._digest_line(sub, s))

    def _digest_line(self, sub: Subscription, s: Strings) -> str:
        if sub.digest_day < 0 or sub.digest_time is None:
            return ""
        return "\n" + s.status_digest.format(day=s.weekdays[sub.digest_day],
                                             time=sub.digest_time.strftime("%H:%M"))

    def schedule_error(self, error: schedule.ScheduleError, s: Strings) -> Reply:
        template = {"time": s.sub_bad_time, "timezone": s.sub_bad_timezone,
                    "days": s.sub_bad_days, "pause": s.pause_bad,
                    "digest": s.digest_bad}.get(
            error.kind, s.sub_bad_days)
        return Reply(template.format(value=escape(clip(error.value, 40))))

    def paused(self, sub: Subscription, s: Strings) -> Reply:
        if sub.paused_until == schedule.PAUSED_INDEFINITELY or sub.next_due_utc is None:
            return Reply(s.pause_forever)
        assert sub.paused_until is not None
        last = sub.paused_until - dt.timedelta(days=1)
        return Reply(s.pause_until.format(
            until=f"{last:%d/%m/%Y}",
            next=escape(schedule.describe_moment(sub.next_due_utc, sub.timezone, s))))

    def resumed(self, sub: Subscription, s: Strings) -> Reply:
        assert sub.next_due_utc is not None
        return Reply(s.resume_done.format(
            next=escape(schedule.describe_moment(sub.next_due_utc, sub.timezone, s))))

    def digest_on(self, sub: Subscription, s: Strings) -> Reply:
        assert sub.digest_time is not None and sub.digest_next_due_utc is not None
        return Reply(s.digest_on.format(
            day=s.weekdays[sub.digest_day], time=sub.digest_time.strftime("%H:%M"),
            zone=escape(schedule.describe_zone(sub.timezone, s)),
            next=escape(schedule.describe_moment(sub.digest_next_due_utc, sub.timezone, s))))
