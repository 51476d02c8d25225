"""Who counts on a chat's leaderboard: its members, asked once per person and chat.

A quiz poll can be forwarded anywhere, and whoever sees the forward can answer it: the
answer reaches the bot as an answer to the team's poll. Only members of the poll's chat
count there (``bot.services.quizzes.Quizzes.answer``). Telegram says who is a member
(``getChatMember``, behind ``Lookup``); the answer is remembered for ``ttl`` seconds for
at most ``size`` (chat, person) pairs, the least recently used forgotten first, so a
quiz answered by a thousand people asks a thousand times, not once per answer, and the
memory stays bounded. When Telegram cannot say (an error), the answer counts and
nothing is remembered: a member's answer is not lost to a network hiccup, and the next
answer asks again.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

# Telegram's answer for (chat, user): a member, not one, or None when it could not say.
Lookup = Callable[[int, int], Awaitable[bool | None]]

TTL = 3600.0  # a person who joins is counted within the hour
SIZE = 20_000  # (chat, person) pairs remembered; about 2 MB


class Members:
    """The cached membership rule for quiz answers."""

    def __init__(self, ttl: float = TTL, size: int = SIZE,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.size = size
        self.clock = clock
        self._known: OrderedDict[tuple[int, int], tuple[bool, float]] = OrderedDict()

    async def member(self, chat_id: int, user_id: int, lookup: Lookup) -> bool:
        """Is ``user_id`` a member of ``chat_id``? A private chat has one member: its
        user (ids of private chats are the user's; groups and channels are negative)."""
        if chat_id > 0:
            return chat_id == user_id
        key = (chat_id, user_id)
        now = self.clock()
        known = self._known.get(key)
        if known is not None and known[1] > now:
            self._known.move_to_end(key)
            return known[0]
        found = await lookup(chat_id, user_id)
        if found is None:
            return True
        self._known[key] = (found, now + self.ttl)
        self._known.move_to_end(key)
        while len(self._known) > self.size:
            self._known.popitem(last=False)
        return found

    def __len__(self) -> int:
        return len(self._known)
