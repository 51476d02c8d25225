"""The ``/addtip`` conversation as the bot decides it, without Telegram: which part is asked
next, what a part typed (or ``/skip``) does, when a draft ends.

A tip written step by step takes four parts, each checked as it comes
(``bot.teamtips.drafts.check_part``): the principle, the passage, the source and the short
form (the last two may be skipped). The draft is kept in the database
(``storage.addtip_drafts``), renewed for ``timeout`` at every step: after a restart, on
another replica, or in the supergroup a group became, the admin's next message goes on
with it. A silent admin is let go at the time-out, with nothing saved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from dataclasses import dataclass

from bot.models import AddtipDraft
from bot.storage import Storage
from bot.teamtips import drafts
from bot.text import normalize

STEPS = ("principle", "passage", "source", "short")
SKIPPABLE = ("source", "short")
# A part that is only one of these (folded, without punctuation) is the admin giving up,
# as /cancel: the steps say "Gõ /cancel để hủy", and no tip is called "hủy" or "thôi".
# ("dung" alone is not one: folded, it is also "đúng" and "dùng".)
CANCEL_WORDS = frozenset({"huy", "huy bo", "thoi", "dung lai", "cancel", "stop", "quit",
                          "exit", "abort"})


@dataclass(frozen=True, slots=True)
class Given:
    """What a part (or ``/skip``) did: the draft goes on at its next step (``draft``), or
    it was the last part (``tip``, to save), or the part was refused (``error``; ``draft``
    stays at the same step), or it was a word for giving up (``cancelled``)."""

    draft: AddtipDraft | None = None
    tip: drafts.TeamTipDraft | None = None
    error: drafts.TeamTipError | None = None
    cancelled: bool = False


async def begin(storage: Storage, chat_id: int, user_id: int, language: str, *,
                now: dt.datetime, timeout: dt.timedelta) -> AddtipDraft:
    """A new draft, asking for the principle; it replaces one the admin had open here."""
    draft = AddtipDraft(chat_id, user_id, STEPS[0], "", "", "", language, "", now)
    return await _keep(storage, draft, now, timeout)


async def current(storage: Storage, chat_id: int, user_id: int,
                  now: dt.datetime) -> AddtipDraft | None:
    """The admin's open draft in this chat (``None`` once it timed out)."""
    return await storage.addtip_drafts.get(chat_id, user_id, now)


def can_skip(draft: AddtipDraft) -> bool:
    return draft.step in SKIPPABLE


async def give(storage: Storage, draft: AddtipDraft, text: str | None, *,
               now: dt.datetime, timeout: dt.timedelta, message_id: int = 0) -> Given:
    """The part asked for, typed as ``text`` (``None``: skipped, where ``can_skip``) in
    the message ``message_id``. The message that moved the draft last, handled again (a
    process killed before it was marked done), moves nothing: the step is asked again."""
    if message_id and message_id == draft.message_id:
        return Given(await _keep(storage, draft, now, timeout))  # asked again, renewed
    if text is not None and is_cancel_word(text):
        await cancel(storage, draft.chat_id, draft.user_id)
        return Given(cancelled=True)
    field = draft.step
    try:
        value = "" if text is None else drafts.check_part(field, text)
    except drafts.TeamTipError as error:  # said why; the same part is asked again
        return Given(await _keep(storage, draft, now, timeout), error=error)
    if field == STEPS[-1]:
        await storage.addtip_drafts.drop(draft.chat_id, draft.user_id)
        return Given(tip=drafts.TeamTipDraft(draft.principle, draft.passage, draft.source,
                                             value))
    parts = {"principle": draft.principle, "passage": draft.passage, "source": draft.source,
             field: value}
    moved = dataclasses.replace(draft, step=STEPS[STEPS.index(field) + 1],
                                principle=parts["principle"], passage=parts["passage"],
                                source=parts["source"], message_id=message_id)
    return Given(await _keep(storage, moved, now, timeout))


def is_cancel_word(text: str) -> bool:
    words = "".join(ch if ch.isalnum() else " " for ch in normalize.fold(text))
    return " ".join(words.split()) in CANCEL_WORDS


async def cancel(storage: Storage, chat_id: int, user_id: int) -> bool:
    """End the admin's draft here unsaved; ``False`` if there was none."""
    return await storage.addtip_drafts.drop(chat_id, user_id)


async def time_out(storage: Storage, user_id: int, token: str) -> AddtipDraft | None:
    """The time-out set at the step ``token``: the draft it ends (unsaved), or ``None``
    when the admin went on, finished or cancelled since (or another replica ended it)."""
    return await storage.addtip_drafts.end(user_id, token)


async def _keep(storage: Storage, draft: AddtipDraft, now: dt.datetime,
                timeout: dt.timedelta) -> AddtipDraft:
    kept = dataclasses.replace(draft, token=secrets.token_hex(8), expires_at=now + timeout)
    await storage.addtip_drafts.put(kept, now)
    return kept
