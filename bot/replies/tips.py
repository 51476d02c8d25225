"""Tips in a conversation: /start and /help, a question in words, /tip, /search, the
buttons under a tip (👍/👎 with their counts, another tip, the source), inline mode and
the daily tip's message.

What a message asks is decided by ``bot.replies.lookup.understand`` (small talk, a topic
named, or a search); this module only words the answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Sequence
from html import escape

from bot.corpus import Corpus, Tip, Topic
from bot.render import source_details, tip_html
from bot.replies.lookup import understand
from bot.replies.reply import (
    CB_HELP,
    CB_MORE,
    CB_RANDOM,
    CB_SOURCE,
    CB_TIP,
    CB_TOPIC_TIP,
    CB_VOTE,
    MAX_QUERY_CHARS,
    Button,
    InlineItem,
    Reply,
    clip,
)
from bot.search import Hit, SearchIndex
from bot.strings import LANGUAGES, Strings
from bot.text import normalize
from bot.text.smalltalk import SmallTalk

SEARCH_LIMIT = 5
INLINE_LIMIT = 10
NEAR_TOPICS = 3


class TipReplies:
    """A conversation about tips over one corpus and its search index."""

    corpus: Corpus
    index: SearchIndex
    bot_username: str
    rng: random.Random

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

    def start(self, s: Strings, first_name: str = "") -> Reply:
        name = escape(normalize.display_name(first_name, limit=40)) or s.welcome_no_name
        buttons = ((Button(s.btn_tip_now, CB_RANDOM),),
                   (Button(s.btn_search_help, f"{CB_HELP}:search"),
                    Button(s.btn_subscribe_help, f"{CB_HELP}:subscribe")))
        return Reply(s.welcome.format(name=name), buttons)

    def help(self, s: Strings) -> Reply:
        return Reply(s.help.format(bot=escape(self.bot_username)),
                     ((Button(s.btn_tip_now, CB_RANDOM),),))

    def tip(self, query: str, s: Strings) -> Reply:
        """``/tip``: a random tip, one of a topic the words name, or the best match."""
        query = query.strip()
        if not normalize.tokens(query):
            return self.tip_reply(self.random_tip(), s)
        answer = understand(query[:MAX_QUERY_CHARS], self.index, limit=SEARCH_LIMIT,
                            topics=self.corpus.topics)
        if answer.topic is not None:
            return self._topic_tip(answer.topic, s) or self.no_results(query, s)
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
        lines = [escape(s.results_header.format(query=clip(query)))]
        if len(query) > MAX_QUERY_CHARS:
            lines.append(f"<i>{escape(s.query_too_long)}</i>")
        buttons = []
        for n, hit in enumerate(hits, 1):
            lines.append(f"\n<b>{n}.</b> {escape(hit.tip.principle)}")
            buttons.append((Button(f"{n}. {clip(hit.tip.principle, 40)}",
                                   f"{CB_TIP}:{hit.tip.id}"),))
        return Reply("\n".join(lines), tuple(buttons))

    def no_results(self, query: str, s: Strings) -> Reply:
        """Nothing fits: say so plainly, then offer the nearest topics, not the words
        that just failed (suggesting "khiếu nại" to someone who typed it helps nobody)."""
        topics = self.near_topics(query)
        buttons = [(Button("📂 " + s.pick(vi=t.name, en=t.name_en),
                           f"{CB_TOPIC_TIP}:{t.id}"),) for t in topics]
        buttons.append((Button(s.btn_random, CB_RANDOM),))
        text = (f"{escape(s.no_results.format(query=clip(query)))}\n"
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

    def _topic_tip(self, topic: Topic, s: Strings) -> Reply | None:
        """One of the topic's tips under its name; ``None`` for a topic without tips."""
        pool = [t for t in self.corpus.tips if topic.id in t.topics]
        if not pool:
            return None
        name = s.pick(vi=topic.name, en=topic.name_en)
        return self.tip_reply(self.rng.choice(pool), s, heading=s.topic_heading.format(name=name))

    def _best_with_others(self, hits: Sequence[Hit], query: str, s: Strings) -> Reply:
        best = hits[0].tip
        note = f"<i>{escape(s.query_too_long)}</i>\n\n" if len(query) > MAX_QUERY_CHARS else ""
        buttons = list(self.tip_buttons(best, s))
        buttons.extend((Button(f"➡️ {clip(h.tip.principle, 40)}", f"{CB_TIP}:{h.tip.id}"),)
                       for h in hits[1:3])
        return Reply(note + tip_html(best, s), tuple(buttons), tip_id=best.id)

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
            reply = self._topic_tip(topic, s) if topic is not None else None
            return reply or Reply(escape(s.unknown_button),
                                  ((Button(s.btn_random, CB_RANDOM),),))
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
            title=clip(title, 100),
            description=clip(tip.passage, 120),
            html=tip_html(tip, s),
        )

    def daily(self, tip: Tip, s: Strings) -> Reply:
        """The daily message: today's principle, the passage, the source, "another tip"."""
        return Reply(f"{s.tip_of_day}\n\n{tip_html(tip, s)}", self.tip_buttons(tip, s),
                     tip_id=tip.id)
