"""The membership rule for quiz answers: private chats, the cache's lifetime and bound,
and Telegram failing to say."""

from __future__ import annotations

from bot.quiz.members import Members


class Telegram:
    def __init__(self, members: set[tuple[int, int]], failing: bool = False) -> None:
        self.members = members
        self.failing = failing
        self.asked: list[tuple[int, int]] = []

    async def __call__(self, chat_id: int, user_id: int) -> bool | None:
        self.asked.append((chat_id, user_id))
        return None if self.failing else (chat_id, user_id) in self.members


async def test_asked_once_per_person_and_chat_until_the_ttl_runs_out() -> None:
    now = [0.0]
    members = Members(ttl=60, clock=lambda: now[0])
    telegram = Telegram({(-1, 7)})
    assert await members.member(-1, 7, telegram) and await members.member(-1, 7, telegram)
    assert not await members.member(-1, 8, telegram)
    assert not await members.member(-1, 8, telegram)
    assert telegram.asked == [(-1, 7), (-1, 8)]
    telegram.members.add((-1, 8))  # joined: counted once the cached "no" runs out
    now[0] = 61
    assert await members.member(-1, 8, telegram)
    assert telegram.asked[-1] == (-1, 8) and len(telegram.asked) == 3


async def test_a_private_chat_has_one_member_and_telegram_is_not_asked() -> None:
    telegram = Telegram(set())
    members = Members()
    assert await members.member(42, 42, telegram)
    assert not await members.member(42, 43, telegram)  # a forwarded practice poll
    assert telegram.asked == []


async def test_memory_is_bounded_and_errors_are_not_remembered() -> None:
    members = Members(size=100)
    telegram = Telegram({(-1, u) for u in range(0, 1000, 2)})
    for user in range(1000):
        assert await members.member(-1, user, telegram) == (user % 2 == 0)
    assert len(members) == 100
    failing = Telegram(set(), failing=True)
    assert await members.member(-2, 1, failing)  # cannot say: the answer counts
    assert await members.member(-2, 1, failing)
    assert len(failing.asked) == 2 and len(members) == 100
