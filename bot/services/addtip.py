"""The ``/addtip`` conversation as the bot decides it, without Telegram: which part is asked
next, what a part typed (or ``/skip``) does, when a draft ends.

A tip written step by step takes four parts, each checked as it comes
(``bot.teamtips.drafts.check_part``): the principle, the passage, the source and the short
form (the last two may be skipped). The draft is kept in the database
(``storage.addtip_drafts``), renewed for ``timeout`` at every step: after a restart, on
another replica, or in the supergroup a group became, the admin's next message goes on
with it. A silent admin is let go at the time-out, with nothing saved. The last part
stores the tip and ends the draft at once (``finish``); the ended draft remembers the
message that ended it, so that message handled again after a crash gets the same answer
(the tip saved) instead of being read as a question.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.corpus import Tip
from bot.models import DRAFT_CANCELLED, DRAFT_SAVED, AddtipDraft, team_tip_key
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
    it was the last part (``tip``, to ``finish``), or the part was refused (``error``;
    ``draft`` stays at the same step), or it was a word for giving up (``cancelled``), or
    it was the message that ended the draft, handled again (``ended``: say it again)."""

    draft: AddtipDraft | None = None
    tip: drafts.TeamTipDraft | None = None
    error: drafts.TeamTipError | None = None
    cancelled: bool = False
    ended: AddtipDraft | None = None


async def begin(storage: Storage, chat_id: int, user_id: int, language: str, *,
                now: dt.datetime, timeout: dt.timedelta) -> AddtipDraft:
    """A new draft, asking for the principle; it replaces one the admin had open here."""
    draft = AddtipDraft(chat_id, user_id, STEPS[0], "", "", "", language, "", now)
    return await _keep(storage, draft, now, timeout)


async def current(storage: Storage, chat_id: int, user_id: int, now: dt.datetime, *,
                  message_id: int = 0) -> AddtipDraft | None:
    """The admin's open draft in this chat (``None`` once it timed out or ended), or the
    ended one when ``message_id`` is the message that ended it (handled again)."""
    draft = await storage.addtip_drafts.get(chat_id, user_id, now)
    if draft is not None and draft.ended and not (message_id and
                                                  message_id == draft.message_id):
        return None
    return draft


async def give(storage: Storage, draft: AddtipDraft, text: str | None, *,
               now: dt.datetime, timeout: dt.timedelta, message_id: int = 0) -> Given:
    """The part asked for, typed as ``text`` (``None``: ``/skip``) in
    the message ``message_id``. The message that moved the draft last, handled again (a
    process killed before it was marked done), moves nothing: the step is asked again,
    or, if it ended the draft, the end is said again. ``/skip`` where the part may not
    be left out (the principle, the passage) asks for it again."""
    if draft.ended:
        return Given(ended=draft)
    if (message_id and message_id == draft.message_id) or (
            text is None and draft.step not in SKIPPABLE):
        return Given(await _keep(storage, draft, now, timeout))  # asked again, renewed
    if text is not None and is_cancel_word(text):
        await give_up(storage, draft, now=now, timeout=timeout, message_id=message_id)
        return Given(cancelled=True)
    field = draft.step
    try:
        value = "" if text is None else drafts.check_part(field, text)
    except drafts.TeamTipError as error:  # said why; the same part is asked again
        return Given(await _keep(storage, draft, now, timeout), error=error)
    if field == STEPS[-1]:  # open until ``finish`` stores the tip and ends it at once
        return Given(tip=drafts.TeamTipDraft(draft.principle, draft.passage, draft.source,
                                             value))
    parts = {"principle": draft.principle, "passage": draft.passage, "source": draft.source,
             field: value}
    moved = dataclasses.replace(draft, step=STEPS[STEPS.index(field) + 1],
                                principle=parts["principle"], passage=parts["passage"],
                                source=parts["source"], message_id=message_id)
    return Given(await _keep(storage, moved, now, timeout))


@dataclass(frozen=True, slots=True)
class Edited:
    """What an edit of one of the admin's messages did to their open draft: the part that
    message gave last took the new words (``field``), or nothing changed (``error``: the
    new words were refused; neither: an earlier message, or one that gave no part).
    ``say``: the first of its kind at this step; a flood of edits is answered at most
    once for each."""

    draft: AddtipDraft
    field: str = ""
    error: drafts.TeamTipError | None = None
    say: bool = True


class EditNotes:
    """Which answers about edits the bot gave at which step of a draft: in the process's
    memory, bounded (a lane's updates meet one process in order; another replica may say
    it once more)."""

    def __init__(self, keep: int = 1000) -> None:
        self.keep = keep
        self._said: OrderedDict[tuple[int, int, str, str], None] = OrderedDict()

    def first(self, draft: AddtipDraft, kind: str) -> bool:
        key = (draft.chat_id, draft.user_id, draft.token, kind)
        if key in self._said:
            return False
        self._said[key] = None
        while len(self._said) > self.keep:
            self._said.popitem(last=False)
        return True


async def edit(storage: Storage, draft: AddtipDraft, message_id: int, text: str,
               notes: EditNotes, *, now: dt.datetime) -> Edited:
    """The admin edited their message ``message_id`` to ``text`` (its words: ``""`` for
    a command) while ``draft`` is open. The edit of the message that gave the latest part
    is taken (a typo fixed), checked as that part; any other changes nothing, since the
    draft went on from it. The step and its time-out stay as they were."""
    if draft.ended or not draft.message_id or message_id != draft.message_id \
            or draft.step == STEPS[0] or not text.strip():
        return Edited(draft, say=notes.first(draft, "ignored"))
    field = STEPS[STEPS.index(draft.step) - 1]
    try:
        value = drafts.check_part(field, text)
    except drafts.TeamTipError as error:
        return Edited(draft, error=error, say=notes.first(draft, "refused"))
    parts = {"principle": draft.principle, "passage": draft.passage, "source": draft.source,
             field: value}
    changed = dataclasses.replace(draft, principle=parts["principle"],
                                  passage=parts["passage"], source=parts["source"])
    await storage.addtip_drafts.put(changed, now)
    return Edited(changed, field, say=notes.first(draft, "taken"))


async def finish(storage: Storage, draft: AddtipDraft, tip: drafts.TeamTipDraft, *,
                 now: dt.datetime, timeout: dt.timedelta, message_id: int
                 ) -> AddtipDraft | None:
    """Store the tip ``give`` returned and end its draft, in one transaction: a crash
    leaves both or neither. The ended draft says how (``DRAFT_ENDED``); ``None`` when the
    draft ended meanwhile (its time-out, /cancel), and nothing was stored."""
    return await storage.addtip_drafts.finish(draft, tip, message_id=message_id,
                                              token=secrets.token_hex(8),
                                              expires_at=now + timeout, now=now)


async def moved(storage: Storage, old: int, new: int, now: dt.datetime
                ) -> list[AddtipDraft]:
    """After the group ``old`` became the supergroup ``new`` (its data moved): the drafts
    that were open in ``old``, now in ``new``, whose step must be asked again there (the
    admin's reply to the old group's question is gone with it). They move asked by no
    message, until ``asked`` keeps the question sent in ``new``: the move handled again
    (Telegram tells it in both chats; a process killed before the questions went out)
    returns those still unasked, and none once all were asked."""
    for draft in await storage.addtip_drafts.of_chat(old, now):
        await storage.addtip_drafts.asked(draft, 0)  # its question is the old group's
    await storage.migrate_chat(old, new)
    return [d for d in await storage.addtip_drafts.of_chat(new, now)
            if not d.asked_id]


async def asked(storage: Storage, draft: AddtipDraft, asked_id: int) -> None:
    """The bot's message ``asked_id`` asks ``draft``'s step (for ``whose_question``)."""
    if asked_id:
        await storage.addtip_drafts.asked(draft, asked_id)


async def whose_question(storage: Storage, chat_id: int, user_id: int, asked_id: int,
                         now: dt.datetime) -> AddtipDraft | None:
    """The draft of someone else than ``user_id`` that the bot's message ``asked_id``
    asks a step of: a reply to it from ``user_id`` is neither that tip's part nor a
    question to search (in a group anyone may reply by hand to the admin's question)."""
    draft = await storage.addtip_drafts.asking(chat_id, asked_id, now)
    return draft if draft is not None and draft.user_id != user_id else None


def saved_tip(draft: AddtipDraft, tips: Sequence[Tip]) -> Tip | None:
    """The tip an ended draft saved, among the team's (``None``: not saved, or deleted)."""
    if draft.step != DRAFT_SAVED:
        return None
    key = team_tip_key(draft.principle, draft.passage)
    return next((t for t in tips if team_tip_key(t.principle, t.passage) == key), None)


def is_cancel_word(text: str) -> bool:
    words = "".join(ch if ch.isalnum() else " " for ch in normalize.fold(text))
    return " ".join(words.split()) in CANCEL_WORDS


async def cancel(storage: Storage, chat_id: int, user_id: int) -> bool:
    """End the admin's draft here unsaved and forget it (a new one replaces it, or the
    admin may no longer write one); ``False`` if there was none."""
    return await storage.addtip_drafts.drop(chat_id, user_id)


async def give_up(storage: Storage, draft: AddtipDraft, *, now: dt.datetime,
                  timeout: dt.timedelta, message_id: int) -> None:
    """The admin cancels the draft (/cancel, "hủy"): it ends unsaved, remembering the
    message that ended it, so that message handled again says "cancelled" again."""
    await storage.addtip_drafts.close(draft, DRAFT_CANCELLED, message_id=message_id,
                                      token=secrets.token_hex(8), expires_at=now + timeout)


async def time_out(storage: Storage, user_id: int, token: str) -> AddtipDraft | None:
    """The time-out set at the step ``token``: the draft it ends (unsaved), or ``None``
    when the admin went on, finished or cancelled since (or another replica ended it)."""
    return await storage.addtip_drafts.end(user_id, token)


async def _keep(storage: Storage, draft: AddtipDraft, now: dt.datetime,
                timeout: dt.timedelta) -> AddtipDraft:
    kept = dataclasses.replace(draft, token=secrets.token_hex(8), expires_at=now + timeout)
    await storage.addtip_drafts.put(kept, now)
    return kept
