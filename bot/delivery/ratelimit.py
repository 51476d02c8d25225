"""Staying under Telegram's limits before Telegram has to say so.

Telegram allows about 30 messages a second overall, 20 a minute to one group and about
one a second to one chat. One ``SendLimiter`` per process holds the budget for every
message the bot sends (daily broadcast and interactive replies alike), so the two never
add up to more than ``BOT_MAX_MESSAGES_PER_SECOND``. Windows are sliding, so no
one-second window ever holds more than the limit, not only on average.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from collections.abc import Callable

GROUP_PER_MINUTE = 20
CHAT_INTERVAL = 1.0
# Sends are spaced evenly rather than granted in bursts: a burst granted at once reaches
# Telegram smeared over some milliseconds, and the next burst's head then falls into the
# same second. The margin absorbs network jitter: 2 % (about 20 ms) for one process, at
# 0.98 of the limit; replicas' jitter adds up, so they keep 10 % (about 100 ms).
SPACING_MARGIN = 1.02
REPLICA_SPACING_MARGIN = 1.10
_YIELD = 0.002  # seconds a waiter steps aside for an earlier one whose turn it is


class _Window:
    """At most ``limit`` events in any ``period`` seconds."""

    __slots__ = ("events", "limit", "period")

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self.events: deque[float] = deque()

    def wait_time(self, now: float) -> float:
        while self.events and now - self.events[0] >= self.period:
            self.events.popleft()
        if len(self.events) < self.limit:
            return 0.0
        return self.events[0] + self.period - now

    def take(self, now: float) -> None:
        self.events.append(now)


class SendLimiter:
    """Overall, per-group and per-chat budgets; ``acquire`` waits for all three."""

    def __init__(self, per_second: float | None, *, group_per_minute: int = GROUP_PER_MINUTE,
                 chat_interval: float = CHAT_INTERVAL, margin: float = SPACING_MARGIN,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.enabled = per_second is not None
        self.overall = _Window(max(1, int(per_second or 1)), 1.0)
        self.spacing = margin / per_second if per_second else 0.0
        self.rate = per_second / margin if per_second else None  # messages a second
        self._next_free = 0.0
        self.group_per_minute = group_per_minute
        self.chat_interval = chat_interval
        self.clock = clock
        self._groups: dict[int, _Window] = {}
        self._chats: dict[int, _Window] = {}
        self._tickets = itertools.count()
        self._line: dict[int, int | None] = {}  # ticket → chat, in the order of arrival

    def _chat_windows(self, chat_id: int) -> list[_Window]:
        windows = []
        if self.chat_interval > 0:
            windows.append(self._chats.setdefault(chat_id, _Window(1, self.chat_interval)))
        if chat_id < 0 and self.group_per_minute:
            windows.append(self._groups.setdefault(chat_id, _Window(self.group_per_minute, 60.0)))
        return windows

    def line_up(self, chat_id: int | None = None) -> int:
        """Join the line for the budget: a ticket for ``try_acquire``, then ``leave``."""
        ticket = next(self._tickets)
        self._line[ticket] = chat_id
        return ticket

    def leave(self, ticket: int) -> None:
        self._line.pop(ticket, None)

    def try_acquire(self, chat_id: int | None = None, ticket: int | None = None) -> float:
        """Count one more message (to ``chat_id``) if it may go out now and return 0.0;
        otherwise count nothing and return how many seconds to wait before trying again.

        Checking and counting happen with no await in between, so two tasks never both
        take the last slot. With a ``ticket`` the budget goes in the order of the line:
        an earlier waiter whose chat may be sent to now goes first (answers go out in
        the order their questions came, whatever order the waiters wake up in).
        """
        if not self.enabled:
            return 0.0
        now = self.clock()
        windows = self._chat_windows(chat_id) if chat_id is not None else []
        delay = max([self.overall.wait_time(now), self._next_free - now,
                     *(w.wait_time(now) for w in windows)])
        if delay > 0:
            return delay
        if ticket is not None:
            for earlier, chat in self._line.items():
                if earlier >= ticket:
                    break
                if chat is None or all(w.wait_time(now) <= 0 for w in self._chat_windows(chat)):
                    return _YIELD  # its turn: it is about to wake up and take it
        # Keep to the schedule: a waiter wakes a little after its turn (the event loop's
        # latency, about a millisecond in forty), and counting the next turn from the
        # wake-up would lose that much every send (the rate fell to 0.92 of the limit).
        # Late by more than a fraction of the spacing (idle, or the loop was held up),
        # start afresh from now rather than catch up in a burst.
        late = now - self._next_free
        self._next_free = (self._next_free if 0 <= late <= self.spacing / 4 else now) \
            + self.spacing
        self.overall.take(now)
        for window in windows:
            window.take(now)
        self._forget_idle(now)
        return 0.0

    async def acquire(self, chat_id: int | None = None) -> None:
        """Wait in line until one more message may go out (to ``chat_id``), then count it.

        Waiting happens between tries, so a chat that must wait (a busy group) never
        holds up messages to other chats.
        """
        if not self.enabled:
            return
        ticket = self.line_up(chat_id)
        try:
            while (delay := self.try_acquire(chat_id, ticket)) > 0:
                await asyncio.sleep(delay)
        finally:
            self.leave(ticket)

    def _forget_idle(self, now: float) -> None:
        if len(self._chats) > 10_000:
            self._chats = {k: w for k, w in self._chats.items() if w.wait_time(now) > 0}
        if len(self._groups) > 10_000:
            self._groups = {k: w for k, w in self._groups.items() if w.wait_time(now) > 0}
