"""A team's own tips added, edited and deleted: one call each for /addtip, /mytips' 🗑 and
the dashboard, so the chat and the page never disagree about what a team may store.

The words are checked by ``bot.teamtips.drafts`` (``draft``: every part, and the whole
tip fitting one Telegram message); the team's limit and "already has it" are kept by the
database (``storage.team_tips.add_many``), so two admins at once cannot break either.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from bot.models import TeamTipsAdded
from bot.storage import Storage
from bot.teamtips import drafts

Edited = Literal["edited", "missing", "already"]


async def add(storage: Storage, chat_id: int, draft: drafts.TeamTipDraft,
              user_id: int | None, *, message_id: int = 0) -> TeamTipsAdded:
    """Store one checked tip, sent in the chat's message ``message_id``; ``added`` is
    empty when the team has it or has no room. That message handled again after a crash
    is told the tip was added, as the first time (``storage.team_tips.add_many``)."""
    return await storage.team_tips.add_many(chat_id, [draft], user_id, message_id=message_id)


async def edit(storage: Storage, chat_id: int, number: int, draft: drafts.TeamTipDraft
               ) -> Edited:
    """New words for the tip numbered ``number`` of this chat (the number, its votes and
    its quiz history stay). Situations the tip had are kept when the draft brings none
    (the page does not edit them; a playbook file does)."""
    if not draft.situations:
        old = next((t for t in await storage.team_tips.of_chat(chat_id) if t.id == number), None)
        if old is not None:
            draft = dataclasses.replace(draft, situations=old.situations)
    outcome = await storage.team_tips.edit(chat_id, number, draft)
    assert outcome in ("edited", "missing", "already")
    return outcome  # type: ignore[return-value]  # the storage names these three only


async def sent_in(storage: Storage, chat_id: int, message_id: int, user_id: int
                  ) -> int | None:
    """The number of the tip the one-line /addtip ``message_id`` by ``user_id`` stored
    (``None``: it stored none): an edit of that message is an edit of that tip."""
    tip = await storage.team_tips.sent_in(chat_id, message_id, user_id)
    return None if tip is None else tip.id


async def delete(storage: Storage, chat_id: int, number: int) -> bool:
    """Delete the chat's tip numbered ``number``; ``False`` when the chat has none such."""
    return await storage.team_tips.delete(chat_id, number)
