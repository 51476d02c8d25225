"""The team's own tips: validation and conversion, without Telegram.

Admins add their playbook in a conversation or in one line (``Nguyên tắc | Nội dung |
Nguồn``). Whatever they type is checked here the same way, so nothing half-valid is
stored, and a stored tip always fits one Telegram message with its buttons.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot import textnorm
from bot.corpus import MAX_PASSAGE, MAX_PRINCIPLE, Source, Tip
from bot.storage import TeamTipRecord

PREFIX = "team-"
MAX_SOURCE = 200
FIELDS = ("principle", "passage", "source")


class TeamTipError(ValueError):
    """What is wrong with a part the user typed: ``field`` and ``reason``."""

    def __init__(self, field: str, reason: str, limit: int = 0) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason  # "empty" | "too_long" | "format"
        self.limit = limit


@dataclass(frozen=True, slots=True)
class TeamTipDraft:
    principle: str
    passage: str
    source: str = ""


def clean(text: str) -> str:
    """NFC, no control characters, tidy spaces; line breaks kept (at most one blank line)."""
    text = textnorm.strip_controls(unicodedata.normalize("NFC", text.replace("\r\n", "\n")))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_LIMITS = {"principle": MAX_PRINCIPLE, "passage": MAX_PASSAGE, "source": MAX_SOURCE}


def check_part(field: str, text: str) -> str:
    """One part, cleaned; raises ``TeamTipError`` if empty (source may be) or too long."""
    value = clean(text)
    if not value and field != "source":
        raise TeamTipError(field, "empty")
    if len(value) > _LIMITS[field]:
        raise TeamTipError(field, "too_long", _LIMITS[field])
    return value


def draft(principle: str, passage: str, source: str = "") -> TeamTipDraft:
    return TeamTipDraft(check_part("principle", principle), check_part("passage", passage),
                        check_part("source", source))


def parse_one_line(text: str) -> TeamTipDraft:
    """``Nguyên tắc | Nội dung | Nguồn`` (the source is optional)."""
    parts = text.split("|")
    if len(parts) not in (2, 3):
        raise TeamTipError("format", "format")
    return draft(*parts)


def to_tip(record: TeamTipRecord, default_source: str) -> Tip:
    return Tip(id=f"{PREFIX}{record.id}", principle=record.principle, passage=record.passage,
               source=Source(title=record.source or default_source))


def number(tip_id: str) -> int | None:
    """The stored id of a team tip's ``team-<n>`` id, or ``None`` for a seed tip."""
    if tip_id.startswith(PREFIX) and tip_id[len(PREFIX):].isdigit():
        return int(tip_id[len(PREFIX):])
    return None
