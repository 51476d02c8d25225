"""Months of quiz answers written in bulk, for benchmarks and tests at real sizes.

``storage.quiz_answers.record`` keeps the per-person tallies one answer at a time; a
year of answers for hundreds of people is written here in two statements instead, and
the tallies are then counted from those answers as migration 11 counts them.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.storage import Storage, tallies

Poll = tuple[str, int, str, str, int, str, int, int, int, str]
Answer = tuple[str, int, int, str, int, int, str]


async def write_history(storage: Storage, chat_id: int, polls: Sequence[Poll],
                        answers: Sequence[Answer]) -> None:
    """``polls``: quiz_polls rows (poll_id, chat_id, tip_id, option_tips, correct,
    local_date, message_id, anonymous, daily, created_at); ``answers``: quiz_answers rows
    (poll_id, chat_id, user_id, name, chosen, correct, answered_at)."""
    async with storage._transaction() as db:  # a test's bulk write, beside the bot's API
        await db.executemany(
            "INSERT INTO quiz_polls (poll_id, chat_id, tip_id, option_tips, correct, "
            "local_date, message_id, anonymous, daily, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", polls)
        await db.executemany(
            "INSERT INTO quiz_answers (poll_id, chat_id, user_id, name, chosen, correct, "
            "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)", answers)
        await tallies.recount(db, chat_id)
