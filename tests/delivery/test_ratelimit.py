"""The send budget: no window over the limit, busy chats do not hold up others."""

from __future__ import annotations

import asyncio
import itertools
import time

from bot.delivery.ratelimit import SendLimiter


async def timestamps(limiter: SendLimiter, chats: list[int]) -> list[float]:
    stamps: list[float] = []

    async def one(chat: int) -> None:
        await limiter.acquire(chat)
        stamps.append(time.monotonic())

    await asyncio.gather(*(one(c) for c in chats))
    return sorted(stamps)


def max_in_any_window(stamps: list[float], period: float) -> int:
    return max(sum(1 for t in stamps if s <= t < s + period) for s in stamps)


async def test_overall_rate_never_exceeds_the_limit_in_any_second() -> None:
    limiter = SendLimiter(20, chat_interval=0, group_per_minute=0)
    stamps = await timestamps(limiter, list(range(1, 61)))
    assert max_in_any_window(stamps, 0.999) <= 20
    assert 2.9 <= stamps[-1] - stamps[0] <= 3.5  # 60 evenly spaced at 20/s: about 3 s
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert min(gaps) >= 0.045  # no bursts: each send about 1/20 s after the last


async def test_one_chat_gets_about_one_message_a_second() -> None:
    limiter = SendLimiter(100, chat_interval=0.2, group_per_minute=0)
    stamps = await timestamps(limiter, [7] * 4)
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert all(gap >= 0.19 for gap in gaps)


async def test_group_limit_per_minute_does_not_stall_other_chats() -> None:
    limiter = SendLimiter(100, chat_interval=0, group_per_minute=3)
    start = time.monotonic()
    busy = asyncio.create_task(timestamps(limiter, [-100] * 4))  # 4th waits a minute
    others = await timestamps(limiter, [1, 2, 3, 4, 5])
    assert others[-1] - start < 0.5
    busy.cancel()


async def test_disabled_limiter_does_not_wait() -> None:
    limiter = SendLimiter(None)
    start = time.monotonic()
    await timestamps(limiter, [1] * 200)
    assert time.monotonic() - start < 0.5
