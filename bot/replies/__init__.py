"""What the bot says, decided without Telegram.

The Telegram adapter and the offline console both turn a user's input into a call
here and render the ``Reply`` they get back, so the behaviour a content editor sees in
``python -m bot chat`` is the behaviour users get in Telegram. Replies are Telegram
HTML (every dynamic value escaped) and stay within Telegram's limits: 4096 characters
a message, 64 bytes of callback data a button.

Callers use ``Replies`` and the names below; the modules, from the bottom up:

* ``reply`` — ``Reply``, ``Button``, ``InlineItem``, the limits and every callback verb.
* ``topics`` — the words that name a topic, and the ``/topics`` menu.
* ``lookup`` — the one place that decides what a message asks: small talk, a topic
  named, a search, or nothing we know.
* ``tips`` — tips in a conversation: /start, /help, /tip, /search, a question in words,
  the buttons under a tip (votes, another, the source), inline mode, the daily tip.
* ``subscriptions`` — the daily tip's schedule: /subscribe, /status, /pause, /resume.
* ``stats`` — /stats (votes, unanswered questions) and the weekly digest.
* ``team_tips`` — /addtip and /mytips.
* ``commands`` — the commands both front ends share, their aliases and answers.

``Replies`` is one object over those per-feature classes, so a caller holds one thing
and a team's view (``for_chat``) carries every feature with it.
"""

from __future__ import annotations

import contextlib
import random
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.corpus import Corpus, Tip
from bot.replies.reply import (
    CB_DELETE,
    CB_EXPORT,
    CB_HELP,
    CB_MISS,
    CB_MORE,
    CB_MYTIPS,
    CB_RANDOM,
    CB_SOURCE,
    CB_TIP,
    CB_TOPIC,
    CB_TOPIC_TIP,
    CB_VOTE,
    MAX_CALLBACK_BYTES,
    MAX_QUERY_CHARS,
    Button,
    InlineItem,
    Reply,
)
from bot.replies.stats import StatsReplies
from bot.replies.subscriptions import ScheduleReplies
from bot.replies.team_tips import MYTIPS_PER_PAGE, TeamTipReplies
from bot.replies.tips import INLINE_LIMIT, NEAR_TOPICS, SEARCH_LIMIT, TipReplies
from bot.replies.topics import TopicReplies
from bot.search import SearchIndex, TeamTips, team_view

__all__ = [
    "CB_DELETE", "CB_EXPORT", "CB_HELP", "CB_MISS", "CB_MORE", "CB_MYTIPS", "CB_RANDOM",
    "CB_SOURCE", "CB_TIP", "CB_TOPIC", "CB_TOPIC_TIP", "CB_VOTE", "INLINE_LIMIT",
    "MAX_CALLBACK_BYTES", "MAX_QUERY_CHARS", "MAX_TEAM_VIEWS", "MYTIPS_PER_PAGE",
    "NEAR_TOPICS", "SEARCH_LIMIT", "Button", "InlineItem", "Replies", "Reply",
]

# Team views kept in memory (each a few hundred kB for a team of 200 tips).
MAX_TEAM_VIEWS = 1024


@dataclass
class Replies(TipReplies, TopicReplies, ScheduleReplies, StatsReplies, TeamTipReplies):
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
