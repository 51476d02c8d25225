"""Importing a team's playbook file: the preview before the confirm, the storing after.

Telegram-free: the handler downloads the file, ``bot.teamtips.playbook.read_playbook`` reads it,
and this module decides the rest. Nothing is stored until an admin confirms; until then
the valid tips wait in the database (``hold``), the newest few per chat where the
preview was shown, for as long as ``/addtip`` waits for an answer, so the confirm may
reach any replica. A confirm that comes late, twice, or with a token that was never
handed out finds nothing and stores nothing. Tips the team already has (same principle
and passage, accents and case aside: ``team_tip_key``) are skipped, and the team's
limit of ``MAX_TEAM_TIPS`` holds: what does not fit is counted, not stored. Both hold
in the database too, so two confirms at once (two chats, two replicas) store each tip
once.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from bot.models import MAX_TEAM_TIPS, PendingImportRecord, TeamTipRecord, team_tip_key
from bot.storage import Storage
from bot.strings import Strings
from bot.teamtips.drafts import TeamTipDraft
from bot.teamtips.playbook import MAX_BYTES, Playbook, PlaybookRefused, PlaybookTip, suffix_of
from bot.text import normalize

SUFFIXES = (".xlsx", ".csv", ".toml")
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
PENDING_PER_CHAT = 3  # imports waiting for a confirm in one chat (each ≤ 200 tips)
PREVIEW_BUDGET = 3200  # characters of the preview's text (a message holds 4096)
SAMPLE_TIPS = 5  # principles shown in the preview


def is_playbook_file(file_name: str | None) -> bool:
    """A file sent to the bot as its playbook (by its name), rather than, say, a
    screenshot sent as a file: only such a file is read; another one's caption is what
    the person typed."""
    return suffix_of(file_name) in (*SUFFIXES, *MACRO_SUFFIXES, ".xls")  # refused, with why


def precheck(file_name: str | None, file_size: int | None) -> None:
    """Refuse a file by its name and declared size, before anything is downloaded."""
    if file_size is not None and file_size > MAX_BYTES:
        raise PlaybookRefused("too_big", size=f"{file_size / (1024 * 1024):.1f} MB")
    suffix = suffix_of(file_name)
    if suffix in MACRO_SUFFIXES:
        raise PlaybookRefused("macro")
    if suffix not in SUFFIXES:
        raise PlaybookRefused("bad_type", name=normalize.display_name(file_name or "", "?"))


def refusal(refused: PlaybookRefused, s: Strings) -> str:
    """A whole-file refusal as HTML (the reasons quote the file: names, formulas)."""
    return escape(refused.message(s), quote=False)


@dataclass(frozen=True, slots=True)
class Plan:
    """What storing would do now: add ``new``, skip ``duplicates``, leave ``no_room`` out."""

    new: tuple[PlaybookTip, ...]
    duplicates: int
    no_room: int


def plan(tips: Sequence[PlaybookTip], existing: Sequence[TeamTipRecord],
         limit: int = MAX_TEAM_TIPS) -> Plan:
    known = {team_tip_key(r.principle, r.passage) for r in existing}
    fresh = tuple(t for t in tips if team_tip_key(t.principle, t.passage) not in known)
    room = max(0, limit - len(existing))
    return Plan(fresh[:room], len(tips) - len(fresh), max(0, len(fresh) - room))


# --- waiting for the confirm ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Pending:
    """An import shown in chat ``shown_in``, for the team ``target``, until ``expires``.

    Only what the confirm may store is kept (the new tips that fit, at most
    ``MAX_TEAM_TIPS``, with their short forms and situations), with the counts the
    preview showed for the rest.
    """

    token: str
    shown_in: int
    target: int
    tips: tuple[TeamTipDraft, ...]
    duplicates: int
    no_room: int
    expires: dt.datetime


async def hold(storage: Storage, shown_in: int, target: int, found: Plan,
               now: dt.datetime, timeout: dt.timedelta) -> Pending:
    """Keep what a confirm of this preview would store, in the database, until ``timeout``.

    Each chat keeps its newest ``PENDING_PER_CHAT``: older previews' buttons there then
    find nothing, and previews in other chats never push this one out.
    """
    pending = Pending(secrets.token_urlsafe(6), shown_in, target,
                      tuple(t.draft for t in found.new), found.duplicates, found.no_room,
                      now + timeout)
    await storage.pending_imports.put(shown_in, pending.token, target, _encode(pending),
                                      now=now, expires=pending.expires, keep=PENDING_PER_CHAT)
    return pending


async def waiting(storage: Storage, shown_in: int, token: str,
                  now: dt.datetime) -> Pending | None:
    """The import these buttons belong to, if it still waits (any replica stored it)."""
    record = await storage.pending_imports.get(shown_in, token, now)
    return None if record is None else _decode(record)


async def take(storage: Storage, shown_in: int, token: str,
               now: dt.datetime) -> Pending | None:
    """``waiting``, and gone: of two presses, or two replicas, only one gets it."""
    record = await storage.pending_imports.take(shown_in, token, now)
    return None if record is None else _decode(record)


def _encode(pending: Pending) -> str:
    """The import's content as JSON: plain data, read back by ``_decode`` only."""
    return json.dumps({
        "tips": [{"principle": t.principle, "passage": t.passage, "source": t.source,
                  "short": t.short, "situations": list(t.situations)} for t in pending.tips],
        "duplicates": pending.duplicates, "no_room": pending.no_room,
    }, ensure_ascii=False)


def _decode(record: PendingImportRecord) -> Pending:
    data = json.loads(record.plan)
    tips = tuple(TeamTipDraft(str(t["principle"]), str(t["passage"]), str(t["source"]),
                              str(t["short"]), tuple(str(x) for x in t["situations"]))
                 for t in data["tips"])
    return Pending(record.token, record.chat_id, record.target, tips,
                   int(data["duplicates"]), int(data["no_room"]), record.expires_at)


# --- what the admin reads ---------------------------------------------------------------
def preview(playbook: Playbook, found: Plan, s: Strings, *, file_name: str,
            team: str) -> str:
    """The preview as HTML: counts, the rows with problems (as many as fit), a sample.

    ``team`` is HTML already (``s.playbook_team_here`` or ``s.playbook_team_named``).
    """
    bad_rows = playbook.error_lines(s)
    head = [s.playbook_preview_header.format(file=escape(normalize.display_name(file_name, "?")),
                                             team=team),
            s.playbook_counts.format(valid=len(playbook.tips), bad=len(bad_rows))]
    tail: list[str] = []
    if found.new:
        tail.append(s.playbook_sample)
        tail += [f"• {escape(_clip(t.principle, 80))}" for t in found.new[:SAMPLE_TIPS]]
        if len(found.new) > SAMPLE_TIPS:
            tail.append(s.playbook_sample_more.format(count=len(found.new) - SAMPLE_TIPS))
    if found.duplicates:
        tail.append(s.playbook_already.format(count=found.duplicates))
    if found.no_room:
        tail.append(s.playbook_no_room.format(count=found.no_room, limit=MAX_TEAM_TIPS))
    tail += ["", s.playbook_confirm_hint.format(count=len(found.new)) if found.new
             else s.playbook_nothing_new]
    used = sum(len(line) + 1 for line in head + tail) + 2
    shown: list[str] = []
    for n, line in enumerate(bad_rows):
        more = s.playbook_errors_more.format(count=len(bad_rows) - n)
        text = f"• {escape(line, quote=False)}"
        if used + len(text) + 1 + len(more) + 1 > PREVIEW_BUDGET:
            shown.append(more)
            break
        shown.append(text)
        used += len(text) + 1
    return "\n".join(head + shown + [""] + tail)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Outcome:
    added: int
    duplicates: int
    no_room: int

    def describe(self, s: Strings, team: str) -> str:
        lines = [s.playbook_done.format(added=self.added, team=team)]
        if self.duplicates:
            lines.append(s.playbook_already_skipped.format(count=self.duplicates))
        if self.no_room:
            lines.append(s.playbook_no_room_left.format(count=self.no_room, limit=MAX_TEAM_TIPS))
        return "\n".join(lines)


async def confirm(storage: Storage, pending: Pending, user_id: int | None) -> Outcome:
    """Store a confirmed import; the counts include what the preview already left out."""
    outcome = await store(storage, pending.target, pending.tips, user_id)
    return Outcome(outcome.added, outcome.duplicates + pending.duplicates,
                   outcome.no_room + pending.no_room)


async def store(storage: Storage, target: int, tips: Sequence[TeamTipDraft],
                user_id: int | None) -> Outcome:
    """Add the tips the team does not have yet, until the limit; count the rest.

    The database decides, at the moment of storing (another admin, chat or replica may
    have added some since the preview): see ``storage.team_tips.add_many``.
    """
    done = await storage.team_tips.add_many(target, tips, user_id)
    return Outcome(len(done.added), done.already, done.no_room)
