"""The records the bot works with: what storage returns and the core reasons about.

They live here, not in ``bot.storage``, so that scheduling, replies and delivery can
name a ``Subscription`` or a ``Claim`` without importing a database driver, and so a
test can build one by hand. Nothing here knows about SQL or Telegram: how a record is
read from a row is the storage's business (``bot/storage/``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.text import normalize

MAX_TEAM_TIPS = 200  # per chat: a playbook, not a wiki; replies quote the limit


def team_tip_key(principle: str, passage: str) -> str:
    """When two of a team's tips are the same: principle and passage, accents and case aside.

    The one rule for it: the import's preview compares tips by it, and the database
    stores it with each tip, unique per chat, so no race can store a tip twice. It is a
    digest of the folded texts because an index entry must stay small (PostgreSQL's
    limit is about 2.7 kB; a passage may be longer folded than typed).
    """
    folded = json.dumps([normalize.fold(principle), normalize.fold(passage)], ensure_ascii=False)
    return hashlib.sha256(folded.encode()).hexdigest()


def utcnow() -> dt.datetime:
    """The default clock: an aware UTC instant (every stored timestamp is UTC)."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class ChatRecord:
    """A chat the bot has talked in, and what it is now (active, left, migrated …)."""

    chat_id: int
    type: str
    title: str
    language: str
    status: str  # active | left | blocked | migrated
    migrated_to: int | None
    misses_off: bool = False  # the chat asked that lookups finding nothing not be kept


@dataclass(frozen=True, slots=True)
class Subscription:
    """A chat's daily tip: when, where, which topics, and where its rotation stands."""

    chat_id: int
    active: bool
    time_of_day: dt.time
    timezone: str
    days: int  # bit 0 = Monday … bit 6 = Sunday
    paused_until: dt.date | None  # local day the pause ends (exclusive)
    topics: tuple[str, ...]  # empty = every topic
    rotation_seed: int
    rotation_cycle: int
    next_due_utc: dt.datetime | None
    delivered_count: int
    language: str
    stopped_reason: str
    digest_day: int = -1  # 0 = Monday … 6 = Sunday; -1 = off
    digest_time: dt.time | None = None
    digest_next_due_utc: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class TeamTipRecord:
    """A tip a team wrote itself; ``id`` is its number in /mytips and in exports."""

    id: int
    chat_id: int
    principle: str
    passage: str
    source: str
    created_by: int | None
    short: str = ""  # the principle as a quiz option; "" keeps the tip out of quizzes
    situations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TeamTipsAdded:
    """What storing a batch of a team's tips did: the numbers of the tips added, how many
    the team already had (same ``team_tip_key``) and how many did not fit the limit."""

    added: tuple[int, ...]
    already: int
    no_room: int


@dataclass(frozen=True, slots=True)
class PendingImportRecord:
    """An import shown in chat ``chat_id`` for the team ``target``, waiting for a confirm
    until ``expires_at``; ``plan`` is its content as JSON (the import service's format)."""

    chat_id: int
    token: str
    target: int
    plan: str
    created_at: dt.datetime
    expires_at: dt.datetime


# How a draft ended, as its ``step``: the tip saved, or not because the team had it or
# had no room, or the admin cancelled it. Kept until the draft's expiry so that the
# message that ended it, handled again after a crash, is answered the same way.
DRAFT_SAVED, DRAFT_ALREADY, DRAFT_FULL = "saved", "already", "full"
DRAFT_CANCELLED = "cancelled"
DRAFT_ENDED = (DRAFT_SAVED, DRAFT_ALREADY, DRAFT_FULL, DRAFT_CANCELLED)


@dataclass(frozen=True, slots=True)
class AddtipDraft:
    """A tip an admin is writing step by step in ``chat_id``: the parts given so far, the
    one asked for next (``step``), until ``expires_at``. ``token`` is new at every step, so
    a time-out set for an earlier step finds nothing to end. ``message_id`` is the message
    that moved it last: handled again (after a crash), it moves nothing. Once the last
    part came, ``step`` says how it ended (``DRAFT_ENDED``) and the draft is open no more."""

    chat_id: int
    user_id: int
    step: str  # principle | passage | source | short, then one of DRAFT_ENDED
    principle: str
    passage: str
    source: str
    language: str
    token: str
    expires_at: dt.datetime
    message_id: int = 0  # the message that gave the last part (0: none yet)
    asked_id: int = 0  # the bot's message asking a step (0: not known)

    @property
    def ended(self) -> bool:
        return self.step in DRAFT_ENDED


@dataclass(frozen=True, slots=True)
class Claim:
    """A scheduled send this process now owns: a chat's daily tip or quiz (about
    ``tip_id``) for ``local_date``, or its weekly digest for the week ending then."""

    chat_id: int
    local_date: dt.date
    tip_id: str
    cycle: int
    attempts: int
    token: str = ""  # who holds it: the claimed_by value written with the claim


@dataclass(frozen=True, slots=True)
class MissRecord:
    """A question a chat asked that found no tip, counted by its normalised text.

    ``folded`` is the key the caller grouped by (so "Khách hàng giận" and "khach hang
    gian" count as one question); ``query`` is the latest wording as typed, to show.
    """

    chat_id: int
    query: str
    folded: str
    count: int
    first_seen: dt.datetime
    last_seen: dt.datetime


@dataclass(frozen=True, slots=True)
class QuizPoll:
    """A quiz poll the bot sent: ``poll_answer`` updates carry only ``poll_id``, so this
    is how an answer finds its chat, its tip and whether it was right."""

    poll_id: str
    chat_id: int
    tip_id: str
    option_tips: tuple[str, ...]  # the tip behind each option, in the poll's order
    correct: int  # index of the right option
    local_date: dt.date  # the chat's calendar day of the quiz
    message_id: int | None
    anonymous: bool  # channels: answers never arrive
    daily: bool = False


@dataclass(frozen=True, slots=True)
class QuizAnswerRecord:
    """One person's current answer to one quiz, with the quiz's day and tip."""

    poll_id: str
    chat_id: int
    user_id: int
    name: str  # as Telegram showed it, not escaped
    chosen: int
    correct: bool
    tip_id: str
    local_date: dt.date


@dataclass(frozen=True, slots=True)
class QuizTally:
    """One person's answers in a chat over a period, as the database sums them."""

    user_id: int
    correct: int
    answered: int


@dataclass(frozen=True, slots=True)
class QuizTallies:
    """What a leaderboard needs, O(people) rows: everyone's all-time and this week's
    tallies and streaks (people without a streak are absent from ``streaks``)."""

    all_time: tuple[QuizTally, ...]
    week: tuple[QuizTally, ...]
    streaks: dict[int, int]


@dataclass(frozen=True, slots=True)
class DailyQuiz:
    """A chat's daily quiz: its time, in the zone, days and pause of its subscription."""

    subscription: Subscription
    time_of_day: dt.time
    next_due_utc: dt.datetime
    updated_at: dt.datetime  # when it was set


# Updates of these kinds replace the same kind still waiting from the same person in their
# lane: someone who types five lookups in a row is answered the last (see ``bot.inbox.engine``).
COALESCING_KINDS = frozenset({"lookup", "inline"})
# An update that may open an ``/addtip`` draft (the command, the ➕ under /stats): from it on,
# and while the sender's draft in the lane is open, the sender's texts there are the tip's
# parts, so none of their lookups replaces another (``storage.inbox.store``).
OPENS_DRAFT = "addtip"


@dataclass(frozen=True, slots=True)
class InboxItem:
    """An update as the inbox keeps it: Telegram's JSON, its lane and its kind."""

    update_id: int
    lane: int  # the chat it belongs to (a person's id for what has no chat; 0 for neither)
    sender: int  # the person who sent it (0: unknown): a lane's bounds are per sender
    kind: str  # lookup | inline | addtip | other
    payload: str


@dataclass(frozen=True, slots=True)
class Stored:
    """What storing a batch of updates did."""

    new: tuple[InboxItem, ...]  # stored, to be handled
    dropped: tuple[InboxItem, ...]  # stored as dropped: their lane had too many waiting
    superseded: tuple[int, ...]  # waiting lookups replaced by a later one of their lane
    replacing: tuple[InboxItem, ...]  # the later ones
    repeats: int  # already stored: Telegram sent them again, or someone replayed them


class TeamTipFields(Protocol):
    """What a team tip is made of, wherever it comes from: a draft typed with /addtip, a
    row of a playbook file, a stored record. Storing and exporting need only this."""

    @property
    def principle(self) -> str: ...
    @property
    def passage(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def short(self) -> str: ...
    @property
    def situations(self) -> Sequence[str]: ...
