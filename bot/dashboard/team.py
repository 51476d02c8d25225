"""One team as the dashboard shows and changes it, without Telegram or HTTP.

Every figure comes from the services the chat's commands use (``Quizzes.board`` for /bxh,
``Charts`` for /stats' image, ``misses.top`` for /stats' questions, ``Subscriptions`` for
/subscribe /pause /resume /topics, ``Quizzes.set_daily`` for /quiz daily, and
``bot.services.teamtips`` for /addtip and /mytips), so the page and the chat never
disagree. What the page may see follows the chat: anyone in the team reads what any
member can ask for in the chat (/bxh, /status, /topics); the rest (/stats' chart, the
hardest principles and the unanswered questions, /mytips) only admins, as in the chat.

Nothing here is HTML: every text goes to the page as a JSON string and the page puts it
into the document as text.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot import schedule
from bot.corpus import Corpus
from bot.dashboard import chartfile
from bot.models import MAX_TEAM_TIPS, Subscription, TeamTipRecord
from bot.quiz import scores
from bot.services import misses, teamtips
from bot.services.charts import Charts
from bot.services.quizzes import Quizzes
from bot.services.subscriptions import NotPaused, NotSubscribed, Subscriptions
from bot.storage import Storage
from bot.strings import Both, Strings, for_language
from bot.strings.dashboard import Dashboard
from bot.teamtips import drafts

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_DAY_WORDS = ("t2", "t3", "t4", "t5", "t6", "t7", "cn")  # bit 0 = Monday, as schedule counts
MAX_PAUSE_DAYS = 365
TIP_FIELDS = ("principle", "passage", "source", "short")


class Refused(Exception):
    """A request the team's data says no to: ``status`` for HTTP, ``message`` for people."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def labels(s: Strings) -> dict[str, Any]:
    """The page's texts in ``s``' language, without the ``dash_page_`` prefix."""
    return {name.removeprefix("dash_page_"): getattr(s, name)
            for name, value in vars(Dashboard).items()
            if isinstance(value, Both) and name.startswith("dash_page_")}


@dataclass(frozen=True, slots=True)
class Backend:
    """The services one process opened over its database (the bot's, or the console's)."""

    storage: Storage
    corpus: Corpus
    quizzes: Quizzes
    charts: Charts
    subscriptions: Subscriptions


class Team:
    """One team's dashboard, for one reader (``s``: their language)."""

    def __init__(self, backend: Backend, chat_id: int, s: Strings) -> None:
        self.b = backend
        self.chat_id = chat_id
        self.s = s

    # --- reading ------------------------------------------------------------------------
    async def overview(self, *, admin: bool) -> dict[str, Any]:
        """All the page shows, in one answer; admins get /stats' and /mytips' parts.
        The parts are asked for at once (PostgreSQL answers them side by side)."""
        b, chat, s = self.b, self.chat_id, self.s
        sub = await b.subscriptions.get(chat)
        today = b.quizzes.today_of(sub)
        parts: list[Awaitable[Any]] = [self._schedule(sub), b.quizzes.board(chat, today)]
        if admin:
            parts += [b.charts.data(chat, today, s), misses.kept(b.storage, chat),
                      misses.top(b.storage, chat), b.storage.team_tips.of_chat(chat)]
        done = await asyncio.gather(*parts)
        out: dict[str, Any] = {
            "chat_id": chat, "admin": admin, "lang": s.lang, "labels": labels(s),
            "schedule": done[0],
            "topics": [{"id": t.id, "name": s.pick(vi=t.name, en=t.name_en)}
                       for t in b.corpus.topics],
            "leaderboard": _board(done[1]),
        }
        if admin:
            data, kept, asked, tips = done[2:]
            out["chart"] = not data.empty
            out["weeks"] = [{"week": s.chart_week.format(day=w.monday.day, month=w.monday.month),
                             "people": w.people, "percent": w.percent} for w in data.weeks]
            out["hardest"] = [{"label": p.label, "percent": p.percent, "answered": p.answered}
                              for p in data.hardest]
            out["misses_kept"] = kept
            out["misses"] = [{"query": q, "count": n} for q, n in asked]
            out["tips"] = [_tip(t) for t in tips]
            out["tip_limit"] = MAX_TEAM_TIPS
        return out

    async def chart(self) -> bytes | None:
        """/stats' image (from its cache when the figures have not changed), lighter."""
        png = await self.b.charts.image(self.chat_id, await self.b.quizzes.today(self.chat_id),
                                        self.s)
        return None if png is None else await chartfile.for_page(png)

    async def _schedule(self, sub: Subscription | None) -> dict[str, Any]:
        s = self.s
        if sub is None or not sub.active:
            return {"subscribed": False, "time": f"{schedule.DEFAULT_TIME:%H:%M}",
                    "days": _days(schedule.ALL_DAYS), "topics": [], "quiz": None}
        coming = self.b.subscriptions.next_delivery(sub)
        paused = sub.paused_until is not None and \
            sub.paused_until > self.b.subscriptions.today(sub)
        quiz = await self.b.storage.quiz_settings.daily_time(self.chat_id)
        return {
            "subscribed": True, "time": f"{sub.time_of_day:%H:%M}", "days": _days(sub.days),
            "zone": schedule.describe_zone(sub.timezone, s),
            "next": schedule.describe_moment(coming, sub.timezone, s) if coming else None,
            "paused": paused,
            "paused_forever": paused and sub.paused_until == schedule.PAUSED_INDEFINITELY,
            "paused_through": (f"{sub.paused_until - dt.timedelta(days=1):%d/%m/%Y}"
                               if paused and sub.paused_until else None),
            "topics": list(sub.topics), "quiz": f"{quiz:%H:%M}" if quiz else None,
        }

    # --- the team's tips: /addtip, /mytips ----------------------------------------------
    def _draft(self, body: Mapping[str, Any]) -> drafts.TeamTipDraft:
        values = {f: body.get(f, "") for f in TIP_FIELDS}
        if not all(isinstance(v, str) for v in values.values()):
            raise Refused(400, self.s.dash_error_bad_request)
        try:
            return drafts.draft(values["principle"], values["passage"], values["source"],
                                values["short"])
        except drafts.TeamTipError as exc:
            raise Refused(400, self._tip_error(exc)) from None

    def _tip_error(self, exc: drafts.TeamTipError) -> str:
        s = self.s
        name = {"principle": s.dash_page_principle, "passage": s.dash_page_passage,
                "source": s.dash_page_source, "short": s.dash_page_short}.get(exc.field, "")
        if exc.reason == "too_long":
            return s.dash_error_tip_too_long.format(field=name, limit=exc.limit)
        return s.dash_error_tip_empty.format(field=name)

    async def add_tip(self, body: Mapping[str, Any], user_id: int | None) -> dict[str, Any]:
        done = await teamtips.add(self.b.storage, self.chat_id, self._draft(body), user_id)
        if not done.added:
            raise Refused(409, self.s.dash_error_tip_already if done.already
                          else self.s.dash_error_tip_limit.format(limit=MAX_TEAM_TIPS))
        return {"number": done.added[0], "message": self.s.dash_page_saved}

    async def edit_tip(self, number: int, body: Mapping[str, Any]) -> dict[str, Any]:
        outcome = await teamtips.edit(self.b.storage, self.chat_id, number, self._draft(body))
        if outcome == "missing":
            raise Refused(404, self.s.dash_error_tip_missing)
        if outcome == "already":
            raise Refused(409, self.s.dash_error_tip_already)
        return {"number": number, "message": self.s.dash_page_saved}

    async def delete_tip(self, number: int) -> dict[str, Any]:
        if not await teamtips.delete(self.b.storage, self.chat_id, number):
            raise Refused(404, self.s.dash_error_tip_missing)
        return {"message": self.s.dash_page_deleted}

    # --- the schedule: /subscribe, /pause, /resume, /topics, /quiz daily ----------------
    async def _team_strings(self) -> Strings:
        """The team's own language: a change from the page must not switch the language
        its daily tips come in (/subscribe in the chat sets it to the asker's)."""
        sub = await self.b.subscriptions.get(self.chat_id)
        return for_language(sub.language) if sub is not None else self.s

    def _text(self, value: object) -> str:
        """A field the page sends as text, stripped; anything else is a forged call,
        refused without echoing it (Python's spelling of a list is no answer)."""
        if not isinstance(value, str):
            raise Refused(400, self.s.dash_error_bad_request)
        return value.strip()

    async def set_schedule(self, body: Mapping[str, Any], user_id: int | None
                           ) -> dict[str, Any]:
        at, days = self._text(body.get("time")), body.get("days")
        if not _HHMM.match(at):
            raise Refused(400, self.s.dash_error_time.format(value=at[:20]))
        if not isinstance(days, list) or not days or \
                not all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6
                        for d in days):
            raise Refused(400, self.s.dash_error_days)
        words = ",".join(_DAY_WORDS[d] for d in sorted(set(days)))
        try:
            await self.b.subscriptions.subscribe(self.chat_id, [at, words],
                                                 await self._team_strings(),
                                                 created_by=user_id)
        except schedule.ScheduleError:
            raise Refused(400, self.s.dash_error_time.format(value=at[:20])) from None
        return {"message": self.s.dash_page_saved}

    async def pause(self, body: Mapping[str, Any]) -> dict[str, Any]:
        days = body.get("days")
        if days in (None, ""):
            text = ""  # until resumed, as a bare /pause
        elif isinstance(days, int) and not isinstance(days, bool) and \
                1 <= days <= MAX_PAUSE_DAYS:
            text = str(days)
        else:
            raise Refused(400, self.s.dash_error_pause)
        try:
            await self.b.subscriptions.pause(self.chat_id, text)
        except NotSubscribed:
            raise Refused(409, self.s.dash_error_not_subscribed) from None
        except schedule.ScheduleError:
            raise Refused(400, self.s.dash_error_pause) from None
        return {"message": self.s.dash_page_saved}

    async def resume(self) -> dict[str, Any]:
        try:
            await self.b.subscriptions.resume(self.chat_id)
        except NotSubscribed:
            raise Refused(409, self.s.dash_error_not_subscribed) from None
        except NotPaused:
            raise Refused(409, self.s.dash_error_not_paused) from None
        return {"message": self.s.dash_page_saved}

    async def toggle_topic(self, body: Mapping[str, Any]) -> dict[str, Any]:
        topic = body.get("topic")
        if not isinstance(topic, str) or topic not in self.b.subscriptions.topic_ids:
            raise Refused(400, self.s.dash_error_topic)
        try:
            chosen = await self.b.subscriptions.toggle_topic(self.chat_id, topic)
        except NotSubscribed:
            raise Refused(409, self.s.dash_error_not_subscribed) from None
        return {"topics": list(chosen), "message": self.s.dash_page_saved}

    async def set_quiz(self, body: Mapping[str, Any]) -> dict[str, Any]:
        given = body.get("time")
        at = "" if given is None else self._text(given)
        if at == "":
            words = ["off"]
        elif _HHMM.match(at):
            words = [at]
        else:
            raise Refused(400, self.s.dash_error_time.format(value=at[:20]))
        try:
            await self.b.quizzes.set_daily(self.chat_id, words)
        except NotSubscribed:
            raise Refused(409, self.s.dash_error_not_subscribed) from None
        except schedule.ScheduleError:
            raise Refused(400, self.s.dash_error_time.format(value=words[0][:20])) from None
        return {"message": self.s.dash_page_saved}


def _days(mask: int) -> list[int]:
    return [d for d in range(7) if mask & (1 << d)]


def _tip(t: TeamTipRecord) -> dict[str, Any]:
    return {"number": t.id, "principle": t.principle, "passage": t.passage,
            "source": t.source, "short": t.short}


def _rows(board: Sequence[scores.Standing]) -> list[dict[str, Any]]:
    return [{"rank": r.rank, "name": r.name, "correct": r.correct, "answered": r.answered,
             "percent": r.percent, "streak": r.streak} for r in board]


def _board(board: scores.Leaderboard) -> dict[str, Any]:
    return {"week": _rows(board.week), "all_time": _rows(board.all_time),
            "week_people": board.week_people, "all_time_people": board.all_time_people}
