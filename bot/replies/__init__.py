"""What the bot says, decided without Telegram.

The Telegram adapter and the offline console both turn a user's input into a call
here and render the ``Reply`` they get back, so the behaviour a content editor sees in
``python -m bot chat`` is the behaviour users get in Telegram. Replies are Telegram
HTML (every dynamic value escaped) and stay within Telegram's limits: 4096 characters
a message, 64 bytes of callback data a button.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import random
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from rapidfuzz import fuzz

from bot import schedule
from bot.corpus import Corpus, Tip, Topic
from bot.models import MAX_TEAM_TIPS, Subscription
from bot.render import fits_one_message, source_details, tip_html
from bot.replies.lookup import understand
from bot.search import Hit, SearchIndex, TeamTips, team_view
from bot.strings import LANGUAGES, Strings
from bot.teamtips.drafts import TeamTipError
from bot.text import normalize
from bot.text.smalltalk import SmallTalk

MAX_CALLBACK_BYTES = 64
MAX_QUERY_CHARS = 500  # longer questions are cut (and the user told so)
SEARCH_LIMIT = 5
INLINE_LIMIT = 10

# Callback data: a short verb and a tip id, e.g. "tip:dh08". Old buttons stay valid as
# long as the tip id exists.
CB_TIP, CB_MORE, CB_SOURCE, CB_RANDOM, CB_HELP = "tip", "more", "src", "rand", "help"
CB_TOPIC = "topic"  # "topic:<id>" toggles a topic, "topic:*" chooses all
CB_VOTE = "vote"  # "vote:+:<tip id>" / "vote:-:<tip id>"
CB_DELETE = "del"  # "del:<team tip number>:<page>" (the page the list stays on)
CB_MYTIPS = "mytips"  # "mytips:<page>": a page of /mytips
MYTIPS_PER_PAGE = 10
CB_EXPORT = "pbx"  # the team's tips as an .xlsx document (bot.telegram.handlers.playbook)
CB_MISS = "miss"  # "miss:<n>": turn the n-th most asked unanswered question into a tip
CB_TOPIC_TIP = "ttip"  # "ttip:<topic id>": a tip of that topic (offered when nothing fits)
NEAR_TOPICS = 3
# Team views kept in memory (each a few hundred kB for a team of 200 tips).
MAX_TEAM_VIEWS = 1024


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    data: str = ""  # callback data
    switch_inline: str | None = None  # opens inline mode in the current chat
    url: str = ""  # opens a link (a t.me deep link into the private chat)
    web_app: str = ""  # opens this https page as a Telegram Mini App (private chats only)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", normalize.canonical_tones(self.text))
        if len(self.data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {self.data!r}")


@dataclass(frozen=True, slots=True)
class Reply:
    html: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    edit: bool = False  # replace the message the button was on instead of sending anew
    tip_id: str | None = None  # the tip this reply shows, if any
    missed: str = ""  # a lookup that found nothing: the words, for the team's misses

    def __post_init__(self) -> None:
        # One tone-mark style in everything shown (hòa, thỏa, khỏe), whoever wrote it:
        # seeds, strings, a team's own tips, the user's words quoted back.
        object.__setattr__(self, "html", normalize.canonical_tones(self.html))
        # Telegram counts the visible text after entities, in UTF-16 units: a passage of
        # 1,000 `"` is 1,000 characters, not the 6,000 of its escaped HTML.
        if not fits_one_message(self.html):
            raise ValueError("reply over Telegram's 4096-character limit")


@dataclass(frozen=True, slots=True)
class InlineItem:
    id: str
    title: str
    description: str
    html: str
    buttons: tuple[tuple[Button, ...], ...] = ()

    def __post_init__(self) -> None:
        for name in ("title", "description", "html"):
            object.__setattr__(self, name, normalize.canonical_tones(getattr(self, name)))


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(normalize.strip_controls(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"




@dataclass
class Replies:
    """The bot's conversation logic over one corpus and its search index."""

    corpus: Corpus
    index: SearchIndex
    bot_username: str = "cskh_bot"
    rng: random.Random = field(default_factory=random.Random)
    _views: OrderedDict[tuple[tuple[str, str, str, str], ...], Replies] = field(
        default_factory=OrderedDict, repr=False)

    def for_chat(self, team: Sequence[Tip]) -> Replies:
        """The same conversation with a team's own tips added to its lookups.

        The shared index is not copied (see ``bot.search.team``); a view is cached by
        the tips' content, so it is prepared once and again only when the tips change.
        """
        if not team:
            return self
        key = tuple((t.id, t.principle, t.passage, t.source.title) for t in team)
        view = self._views.get(key)
        if view is None:
            corpus = Corpus(self.corpus.articles, (*self.corpus.tips, *team),
                            self.corpus.topics)
            index = team_view(self.index, TeamTips.build(team, self.index))
            view = Replies(corpus, index, self.bot_username, self.rng)
            self._views[key] = view
            while len(self._views) > MAX_TEAM_VIEWS:
                self._views.popitem(last=False)
        else:
            # Most recently used last. move_to_end keeps the key already stored: storing
            # this lookup's key instead left 200 new tuples per lookup for the garbage
            # collector (they do not count towards a collection, so 50,000 piled up and
            # one collection walked them all: 15-30 ms with the event loop stopped).
            with contextlib.suppress(KeyError):  # evicted meanwhile by another thread
                self._views.move_to_end(key)
        return view

    # --- tips -----------------------------------------------------------------------
    def tip_buttons(self, tip: Tip, s: Strings, votes: tuple[int, int] = (0, 0)
                    ) -> tuple[tuple[Button, ...], ...]:
        """👍 / 👎 with their counts beside "another tip", then the source."""
        up, down = votes
        return ((Button(f"👍 {up}" if up else "👍", f"{CB_VOTE}:+:{tip.id}"),
                 Button(f"👎 {down}" if down else "👎", f"{CB_VOTE}:-:{tip.id}"),
                 Button(s.btn_another, f"{CB_MORE}:{tip.id}")),
                (Button(s.btn_source, f"{CB_SOURCE}:{tip.id}"),))

    def tip_reply(self, tip: Tip, s: Strings, *, heading: str = "", edit: bool = False) -> Reply:
        return Reply(tip_html(tip, s, heading=heading), self.tip_buttons(tip, s), edit=edit,
                     tip_id=tip.id)

    def random_tip(self, exclude: str | None = None) -> Tip:
        pool = [t for t in self.corpus.tips if t.id != exclude] or list(self.corpus.tips)
        return self.rng.choice(pool)

    def tip_of_the_day(self, day: dt.date) -> Tip:
        """The same tip for everyone on a given day (inline mode's first answer)."""
        digest = hashlib.sha256(day.isoformat().encode()).digest()
        return self.corpus.tips[int.from_bytes(digest[:4], "big") % len(self.corpus.tips)]

    def search(self, query: str) -> list[Hit]:
        """Tips for ``query`` read as every other message is (small talk and pasted
        details find none)."""
        return understand(query[:MAX_QUERY_CHARS], self.index, limit=SEARCH_LIMIT).hits

    # --- commands -------------------------------------------------------------------
    def start(self, s: Strings, first_name: str = "") -> Reply:
        name = escape(normalize.display_name(first_name, limit=40)) or s.welcome_no_name
        buttons = ((Button(s.btn_tip_now, CB_RANDOM),),
                   (Button(s.btn_search_help, f"{CB_HELP}:search"),
                    Button(s.btn_subscribe_help, f"{CB_HELP}:subscribe")))
        return Reply(s.welcome.format(name=name), buttons)

    def help(self, s: Strings) -> Reply:
        return Reply(s.help.format(bot=escape(self.bot_username)),
                     ((Button(s.btn_tip_now, CB_RANDOM),),))

    def match_topic(self, query: str) -> Topic | None:
        """The topic the words name, typed any way (no diacritics, a typo, English)."""
        words = normalize.tokens(query)
        if words[:2] == ["chu", "de"]:
            words = words[2:]
        elif words[:1] == ["topic"]:
            words = words[1:]
        folded = " ".join(words)
        if not folded:
            return None
        best: tuple[float, Topic] | None = None
        for topic in self.corpus.topics:
            for name in (topic.id.replace("-", " "), topic.name, topic.name_en, *topic.aliases):
                candidate = " ".join(normalize.tokens(name))
                score = 100.0 if candidate == folded else (
                    fuzz.ratio(candidate, folded) if len(folded) >= 6 else 0.0)
                if score >= 94 and (best is None or score > best[0]):
                    best = (score, topic)
        return best[1] if best else None

    def tip(self, query: str, s: Strings) -> Reply:
        """``/tip``: a random tip, one of a topic the words name, or the best match."""
        query = query.strip()
        if not normalize.tokens(query):
            return self.tip_reply(self.random_tip(), s)
        topic = self.match_topic(query)
        if topic is not None:
            pool = [t for t in self.corpus.tips if topic.id in t.topics]
            name = s.pick(vi=topic.name, en=topic.name_en)
            return self.tip_reply(self.rng.choice(pool), s,
                                  heading=s.topic_heading.format(name=name))
        answer = understand(query[:MAX_QUERY_CHARS], self.index, limit=SEARCH_LIMIT)
        if answer.smalltalk is not None:
            return self.smalltalk(answer.smalltalk, s)
        if not answer.hits:
            return self.no_results(query, s)
        return self._best_with_others(answer.hits, query, s)

    def search_command(self, query: str, s: Strings) -> Reply:
        """``/search``: the top matches as a short list, a button per tip."""
        query = query.strip()
        if not normalize.tokens(query):
            return Reply(s.search_usage, ((Button(s.btn_random, CB_RANDOM),),))
        answer = understand(query[:MAX_QUERY_CHARS], self.index, limit=SEARCH_LIMIT)
        if answer.smalltalk is not None:
            return self.smalltalk(answer.smalltalk, s)
        hits = answer.hits
        if not hits:
            return self.no_results(query, s)
        lines = [escape(s.results_header.format(query=_clip(query)))]
        if len(query) > MAX_QUERY_CHARS:
            lines.append(f"<i>{escape(s.query_too_long)}</i>")
        buttons = []
        for n, hit in enumerate(hits, 1):
            lines.append(f"\n<b>{n}.</b> {escape(hit.tip.principle)}")
            buttons.append((Button(f"{n}. {_clip(hit.tip.principle, 40)}",
                                   f"{CB_TIP}:{hit.tip.id}"),))
        return Reply("\n".join(lines), tuple(buttons))

    def no_results(self, query: str, s: Strings) -> Reply:
        """Nothing fits: say so plainly, then offer the nearest topics, not the words
        that just failed (suggesting "khiếu nại" to someone who typed it helps nobody)."""
        topics = self.near_topics(query)
        buttons = [(Button("📂 " + s.pick(vi=t.name, en=t.name_en),
                           f"{CB_TOPIC_TIP}:{t.id}"),) for t in topics]
        buttons.append((Button(s.btn_random, CB_RANDOM),))
        text = (f"{escape(s.no_results.format(query=_clip(query)))}\n"
                f"{escape(s.near_topics)}")
        return Reply(text, tuple(buttons), missed=query.strip())

    def near_topics(self, query: str) -> list[Topic]:
        """Topics of the tips that came closest to the query, most frequent first;
        the largest topics when nothing came close at all."""
        counts: dict[str, float] = {}
        for rank, tip in enumerate(self.index.near(query, limit=6)):
            for topic in tip.topics:
                counts[topic] = counts.get(topic, 0.0) + 1.0 / (rank + 1)
        if not counts:
            for tip in self.corpus.tips:
                for topic in tip.topics:
                    counts[topic] = counts.get(topic, 0.0) + 1.0
        ranked = sorted(counts, key=lambda t: (-counts[t], t))
        topics = [self.corpus.topic(t) for t in ranked]
        return [t for t in topics if t is not None][:NEAR_TOPICS]

    def smalltalk(self, chat: SmallTalk, s: Strings) -> Reply:
        """A short friendly answer in the language the user wrote in, and a way on."""
        s = LANGUAGES.get(chat.lang or "", s)
        text = {"greeting": s.chat_greeting, "thanks": s.chat_thanks, "ack": s.chat_ack,
                "laugh": s.chat_laugh, "bye": s.chat_bye, "presence": s.chat_presence,
                "insult": s.chat_offside, "instruction": s.chat_offside,
                }.get(chat.kind, s.chat_emoji)
        if chat.kind in ("thanks", "bye"):
            return Reply(escape(text))
        return Reply(escape(text), ((Button(s.btn_tip_now, CB_RANDOM),),))

    def _best_with_others(self, hits: Sequence[Hit], query: str, s: Strings) -> Reply:
        best = hits[0].tip
        note = f"<i>{escape(s.query_too_long)}</i>\n\n" if len(query) > MAX_QUERY_CHARS else ""
        buttons = list(self.tip_buttons(best, s))
        buttons.extend((Button(f"➡️ {_clip(h.tip.principle, 40)}", f"{CB_TIP}:{h.tip.id}"),)
                       for h in hits[1:3])
        return Reply(note + tip_html(best, s), tuple(buttons), tip_id=best.id)

    # --- free text ------------------------------------------------------------------
    def text(self, text: str, s: Strings) -> Reply:
        """A plain message in a private chat (or addressed to the bot in a group)."""
        if not text.strip():
            return Reply(escape(s.empty_query), ((Button(s.btn_random, CB_RANDOM),),))
        if not normalize.tokens(text):  # emoji or punctuation only
            chat = understand(text, self.index).smalltalk
            if chat is not None:
                return self.smalltalk(chat, s)
            return Reply(escape(s.empty_query), ((Button(s.btn_random, CB_RANDOM),),))
        return self.tip(text, s)

    # --- buttons --------------------------------------------------------------------
    def button(self, data: str, s: Strings, *, private: bool = True) -> Reply:
        """A button press. ``private`` decides whether "another tip" edits in place.

        In a group, the message with the button is the team's daily tip: replacing it
        for everyone because one member wanted another would be rude, so a new message
        is sent instead.
        """
        verb, _, arg = data.partition(":")
        if verb == CB_RANDOM:
            return self.tip_reply(self.random_tip(), s)
        if verb == CB_HELP:
            text = s.search_help if arg == "search" else s.subscribe_help
            return Reply(text.format(bot=escape(self.bot_username)))
        if verb == CB_TOPIC_TIP:
            topic = self.corpus.topic(arg)
            pool = [t for t in self.corpus.tips if topic and topic.id in t.topics]
            if topic is None or not pool:
                return Reply(escape(s.unknown_button), ((Button(s.btn_random, CB_RANDOM),),))
            name = s.pick(vi=topic.name, en=topic.name_en)
            return self.tip_reply(self.rng.choice(pool), s,
                                  heading=s.topic_heading.format(name=name))
        tip = self.corpus.get(arg)
        if tip is None:
            return Reply(escape(s.unknown_button), ((Button(s.btn_random, CB_RANDOM),),))
        if verb == CB_TIP:
            return self.tip_reply(tip, s)
        if verb == CB_MORE:
            return self.tip_reply(self.random_tip(exclude=tip.id), s, edit=private)
        if verb == CB_SOURCE:
            return Reply(f"{s.source_heading}\n\n{escape(source_details(tip, s))}")
        return Reply(escape(s.unknown_button), ((Button(s.btn_random, CB_RANDOM),),))

    # --- inline mode ----------------------------------------------------------------
    def inline(self, query: str, s: Strings, today: dt.date, received: Tip | None = None
               ) -> list[InlineItem]:
        """Results for ``@bot query``; an empty query lists today's principle first.

        ``received`` is the tip the asker's chat got today, when known; otherwise
        today's principle is the same for everyone (``tip_of_the_day``).
        """
        if not normalize.tokens(query):
            first = received or self.tip_of_the_day(today)
            others = [t for t in self.corpus.tips if t.id != first.id]
            picks = [first, *random.Random(today.toordinal()).sample(others, min(4, len(others)))]
            return [self._inline_item(t, s, s.inline_tip_of_day if i == 0 else "")
                    for i, t in enumerate(picks)]
        hits = understand(query[:MAX_QUERY_CHARS], self.index, limit=INLINE_LIMIT).hits
        return [self._inline_item(h.tip, s) for h in hits]

    def _inline_item(self, tip: Tip, s: Strings, label: str = "") -> InlineItem:
        title = f"{label}: {tip.principle}" if label else tip.principle
        return InlineItem(
            id=tip.id,
            title=_clip(title, 100),
            description=_clip(tip.passage, 120),
            html=tip_html(tip, s),
        )

    # --- daily tip --------------------------------------------------------------------
    def daily(self, tip: Tip, s: Strings) -> Reply:
        """The daily message: today's principle, the passage, the source, "another tip"."""
        return Reply(f"{s.tip_of_day}\n\n{tip_html(tip, s)}", self.tip_buttons(tip, s),
                     tip_id=tip.id)

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
        return Reply(template.format(value=escape(_clip(error.value, 40))))

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

    def topics_menu(self, chosen: Sequence[str], s: Strings) -> Reply:
        """``/topics``: a toggle button per topic; none chosen means all."""
        names = {t.id: s.pick(vi=t.name, en=t.name_en) for t in self.corpus.topics}
        label = ", ".join(names[t] for t in chosen if t in names) or s.topics_all
        rows = [(Button(("✅ " if t.id in chosen else "▫️ ") + names[t.id],
                        f"{CB_TOPIC}:{t.id}"),) for t in self.corpus.topics]
        rows.append((Button(s.btn_topics_all, f"{CB_TOPIC}:*"),))
        return Reply(s.topics_header.format(chosen=escape(label)), tuple(rows), edit=True)

    def stats(self, delivered: int, voters: int, table: dict[str, tuple[int, int]],
              s: Strings, *, private: bool = False) -> Reply:
        """``/stats``: tips received, voters, the most and least helpful tips.

        ``private``: a one-person chat, so the figures are "yours", not the team's."""
        scored = sorted(((up - down, up, down, tip_id) for tip_id, (up, down) in table.items()
                         if self.corpus.get(tip_id)), key=lambda r: (-r[0], -r[1], r[3]))

        def lines(rows: list[tuple[int, int, int, str]]) -> str:
            if not rows:
                return escape(s.stats_none)
            out = []
            for _, up, down, tip_id in rows:
                tip = self.corpus.get(tip_id)
                assert tip is not None
                out.append(f"• {escape(_clip(tip.principle, 80))} (👍 {up} · 👎 {down})")
            return "\n".join(out)

        best = [r for r in scored if r[0] > 0][:3]
        worst = [r for r in reversed(scored) if r[0] < 0][:3]
        title = s.stats_title_private if private else s.stats_title_group
        return Reply(s.stats.format(title=escape(title), delivered=delivered, voters=voters,
                                    best=lines(best), worst=lines(worst)))

    def with_misses(self, stats: Reply, misses: Sequence[tuple[str, int]], s: Strings,
                    *, kept: bool = True) -> Reply:
        """``/stats`` for admins, with what the team asked that no tip answered.

        Each question gets a button that starts ``/addtip`` for it; buttons carry the
        question's rank, not its words (callback data holds 64 bytes).
        """
        if not kept:
            return Reply(f"{stats.html}\n\n{escape(s.misses_off_note)}", stats.buttons)
        if not misses:
            return Reply(f"{stats.html}\n\n{escape(s.misses_none)}", stats.buttons)
        lines = [s.misses_header]
        buttons: list[tuple[Button, ...]] = []
        for n, (query, count) in enumerate(misses, 1):
            lines.append(f"{n}. {escape(_clip(query, 80))} (×{count})")
            buttons.append((Button(s.btn_add_from_miss.format(n=n, query=_clip(query, 30)),
                                   f"{CB_MISS}:{n}"),))
        return Reply(f"{stats.html}\n\n" + "\n".join(lines), (*stats.buttons, *buttons))

    def digest_on(self, sub: Subscription, s: Strings) -> Reply:
        assert sub.digest_time is not None and sub.digest_next_due_utc is not None
        return Reply(s.digest_on.format(
            day=s.weekdays[sub.digest_day], time=sub.digest_time.strftime("%H:%M"),
            zone=escape(schedule.describe_zone(sub.timezone, s)),
            next=escape(schedule.describe_moment(sub.digest_next_due_utc, sub.timezone, s))))

    def digest(self, first: dt.date, last: dt.date, items: Sequence[tuple[Tip, int, int]],
               s: Strings) -> Reply:
        """Last week's tips with their votes, in one message."""
        head = s.digest_header.format(first=f"{first:%d/%m}", last=f"{last:%d/%m/%Y}")
        if not items:
            return Reply(f"{head}\n\n{escape(s.digest_empty)}")
        lines = [f"• {escape(_clip(tip.principle, 160))} (👍 {up} · 👎 {down})"
                 for tip, up, down in items[:14]]
        return Reply(head + "\n\n" + "\n".join(lines))

    def team_tip_saved(self, tip: Tip, count: int, s: Strings) -> Reply:
        note = s.addtip_saved.format(tip_id=escape(tip.id), count=count, limit=MAX_TEAM_TIPS)
        return Reply(f"{note}\n\n{tip_html(tip, s)}", tip_id=tip.id)

    def team_tip_error(self, error: TeamTipError, s: Strings) -> Reply:
        name = {"principle": s.field_principle, "passage": s.field_passage,
                "source": s.field_source, "short": s.field_short}.get(error.field, "")
        if error.reason == "empty":
            return Reply(s.addtip_empty.format(field=name))
        if error.reason == "too_long":
            return Reply(s.addtip_too_long.format(field=name, limit=error.limit))
        return Reply(s.addtip_usage)

    def my_tips(self, tips: Sequence[Tip], s: Strings, page: int = 1) -> Reply:
        """``/mytips``: a page of the team's tips, a delete button each, ⬅️ ➡️ between pages.

        A page past the end (its last tip just deleted) shows the last page.
        """
        if not tips:
            return Reply(s.mytips_empty)
        pages = (len(tips) + MYTIPS_PER_PAGE - 1) // MYTIPS_PER_PAGE
        page = min(max(page, 1), pages)
        lines = [s.mytips_header.format(count=len(tips), limit=MAX_TEAM_TIPS)]
        buttons: list[tuple[Button, ...]] = []
        first = (page - 1) * MYTIPS_PER_PAGE
        for n, tip in enumerate(tips[first:first + MYTIPS_PER_PAGE], first + 1):
            lines.append(f"{n}. {escape(_clip(tip.principle, 70))} <code>{escape(tip.id)}</code>")
            number = tip.id.removeprefix("team-")
            buttons.append((Button(f"🗑 {n}. {_clip(tip.principle, 30)}",
                                   f"{CB_DELETE}:{number}:{page}"),))
        if pages > 1:
            lines.append(escape(s.mytips_page.format(page=page, pages=pages)))
            nav = []
            if page > 1:
                nav.append(Button("⬅️", f"{CB_MYTIPS}:{page - 1}"))
            if page < pages:
                nav.append(Button("➡️", f"{CB_MYTIPS}:{page + 1}"))
            buttons.append(tuple(nav))
        buttons.append((Button(s.btn_export, CB_EXPORT),))
        return Reply("\n".join(lines), tuple(buttons), edit=True)
