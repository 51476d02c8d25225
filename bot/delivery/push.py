"""What a kind of push is to the engine, and what the engine reports about it.

A plug-in (``tips``, ``quizzes``, ``digests``) implements ``Push`` over its own ``Job``
data and raises the ``SendError`` kinds from its sender; senders translate their
platform's errors into these (``bot.telegram.sender``), so the engine knows nothing of
Telegram.
"""

from __future__ import annotations

import abc
import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from bot.models import Claim
from bot.storage.claims import ClaimRepository


class SendError(Exception):
    """Base of what a sender may raise."""


class ChatGone(SendError):
    """Blocked, kicked, or the chat does not exist: stop sending there."""


class Migrated(SendError):
    def __init__(self, new_chat_id: int) -> None:
        super().__init__(f"migrated to {new_chat_id}")
        self.new_chat_id = new_chat_id


class FloodWait(SendError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Transient(SendError):
    """Network trouble, timeouts, 5xx: try again later."""


class Rejected(SendError):
    """This message cannot be sent, for good (a 400 that is not about the chat: "message
    is too long", "can't parse entities"; or nothing can be made of what the claim
    holds): sending it again would fail again."""


D = TypeVar("D")  # what a kind knows about one due chat (its subscription, its slot…)
M = TypeVar("M")  # what it sends
R = TypeVar("R")  # what a send returns (a message id, a poll)


@dataclass(frozen=True, slots=True)
class Job(Generic[D]):
    """One chat's message for one period, as decided before the claim."""

    chat_id: int
    period: dt.date  # the claim's key: the local day (or the last day of a digest's week)
    deadline: dt.datetime  # the slot plus the grace window: no retry after it
    data: D
    tip_id: str = ""  # what the claim keeps, where its table keeps it
    cycle: int = 0


@dataclass
class Due(Generic[D]):
    """A batch of due chats: every chat looked at, and those to claim and send."""

    looked_at: list[int]
    jobs: list[Job[D]]
    skipped: int = 0  # moved on without a send (past the grace, nothing to send today)


class Push(abc.ABC, Generic[D, M, R]):
    """A kind of scheduled message: who is due, what to send, how, and how to record it."""

    kind: str  # "tip", "quiz", "digest": the key of its report
    title: str  # "daily tips": for logs

    @property
    @abc.abstractmethod
    def sends(self) -> ClaimRepository:
        """Its claim table's repository (``storage.tip_sends``…): the same claim queries
        for every kind."""

    @abc.abstractmethod
    async def due(self, now: dt.datetime, grace: dt.timedelta, limit: int,
                  exclude: Sequence[int]) -> Due[D]:
        """Up to ``limit`` due chats not in ``exclude``; those whose slot is not today or
        is past ``grace`` are moved to their next slot here (``Due.skipped``)."""

    @abc.abstractmethod
    def next_due(self, job: Job[D], now: dt.datetime) -> dt.datetime:
        """When the chat is due next, once this period is done (sent or given up)."""

    @abc.abstractmethod
    async def message(self, claim: Claim, job: Job[D]) -> M:
        """What to send for a claim won (it may hold another tip than ``job``'s, after a
        takeover); raise ``Rejected`` if nothing can be sent for it."""

    @abc.abstractmethod
    async def send(self, chat_id: int, job: Job[D], message: M) -> R:
        """Send it to ``chat_id`` (the job's chat, or where it migrated to)."""

    @abc.abstractmethod
    async def record(self, done: Sequence[tuple[Claim, Job[D], R]], now: dt.datetime) -> None:
        """Record sends and move each chat to its next slot (``next_due``), atomically."""


@dataclass
class PushReport:
    due: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    rejected: int = 0  # of ``failed``: the message itself could not be sent; skipped
    retried: int = 0
    flood_waits: int = 0
    migrated: int = 0
    not_claimed: int = 0

    def __str__(self) -> str:
        return (f"due {self.due}, sent {self.sent}, skipped {self.skipped}, "
                f"failed {self.failed} ({self.rejected} rejected), retried "
                f"{self.retried}, flood waits {self.flood_waits}")


@dataclass
class TickReport(PushReport):
    """One tick: the figures over every kind, and each kind's own (``report["quiz"]``)."""

    kinds: dict[str, PushReport] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> PushReport:
        return self.kinds.get(kind, PushReport())

    def add(self, kind: str, figures: PushReport) -> None:
        self.kinds[kind] = figures
        for name in _FIGURES:
            setattr(self, name, getattr(self, name) + getattr(figures, name))


_FIGURES = tuple(f.name for f in dataclasses.fields(PushReport))
