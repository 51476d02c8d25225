"""The team's own tips: validation and conversion, without Telegram.

Admins add their playbook in a conversation or in one line (``Nguyên tắc | Nội dung |
Nguồn | Ngắn gọn``; the short form, the tip's quiz option, is optional like the
source). Whatever they type is checked here the same way, so nothing half-valid is
stored, and a stored tip always fits one Telegram message with its buttons.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bot.corpus import (
    MAX_PASSAGE,
    MAX_PRINCIPLE,
    MAX_SHORT,
    SeedError,
    Source,
    Tip,
    validate_tip_fields,
)
from bot.models import TeamTipRecord
from bot.render import MAX_MESSAGE_LENGTH, MESSAGE_RESERVE, tip_fits
from bot.text import normalize

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
    short: str = ""  # the principle as a quiz option; without one the tip is not quizzed
    situations: tuple[str, ...] = ()


def clean(text: str) -> str:
    """NFC, no control characters, tidy spaces; line breaks kept (at most one blank line)."""
    text = normalize.strip_controls(unicodedata.normalize("NFC", text.replace("\r\n", "\n")))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_LIMITS = {"principle": MAX_PRINCIPLE, "passage": MAX_PASSAGE, "source": MAX_SOURCE,
           "short": MAX_SHORT}
_OPTIONAL = ("source", "short")


def check_part(field: str, text: str) -> str:
    """One part, cleaned; raises ``TeamTipError`` if empty (source and short form may be)
    or too long. A short form is one line (it is a quiz option)."""
    value = clean(text)
    if field == "short":
        value = " ".join(value.split())
    if not value and field not in _OPTIONAL:
        raise TeamTipError(field, "empty")
    if len(value) > _LIMITS[field]:
        raise TeamTipError(field, "too_long", _LIMITS[field])
    return value


def draft(principle: str, passage: str, source: str = "", short: str = "",
          situations: tuple[str, ...] = ()) -> TeamTipDraft:
    """A checked draft. ``situations`` are taken as given (callers check their own limits),
    tidied to one line each, blank ones dropped."""
    lines = tuple(" ".join(clean(s).split()) for s in situations)
    checked = TeamTipDraft(check_part("principle", principle),
                           check_part("passage", passage), check_part("source", source),
                           check_part("short", short), tuple(s for s in lines if s))
    check_sendable(checked)
    return checked


def check_sendable(tip: TeamTipDraft) -> None:
    """Raise ``TeamTipError`` unless the tip, as the bot shows it in every language, fits
    one Telegram message with room for its heading, measured as Telegram measures
    (visible text after entity parsing, UTF-16 units): a passage of 1,000 ``"`` is 1,000,
    not the 6,000 characters of its escaped HTML."""
    shown = to_tip(TeamTipRecord(0, 0, tip.principle, tip.passage, tip.source, None), "")
    if not tip_fits(shown):
        raise TeamTipError("passage", "too_long", MAX_MESSAGE_LENGTH - MESSAGE_RESERVE)


def parse_one_line(text: str) -> TeamTipDraft:
    """``Nguyên tắc | Nội dung | Nguồn | Ngắn gọn`` (source and short form are optional;
    a short form without a source leaves the third part empty)."""
    parts = text.split("|")
    if len(parts) not in (2, 3, 4):
        raise TeamTipError("format", "format")
    principle, passage, source, short = (*parts, "", "")[:4]
    return draft(principle, passage, source, short)


def to_tip(record: TeamTipRecord, default_source: str) -> Tip:
    return Tip(id=f"{PREFIX}{record.id}", principle=record.principle, passage=record.passage,
               source=Source(title=record.source or default_source),
               situations=record.situations, short=record.short)


def number(tip_id: str) -> int | None:
    """The stored id of a team tip's ``team-<n>`` id, or ``None`` for a seed tip."""
    if tip_id.startswith(PREFIX) and tip_id[len(PREFIX):].isdigit():
        return int(tip_id[len(PREFIX):])
    return None


# --- files: the seeds' tip format -------------------------------------------------------
def load_file(path: Path, topic_ids: set[str]) -> list[TeamTipDraft]:
    """Team tips from a TOML file in the seeds' format (``[[tips]]``, optional ``[article]``).

    Every tip is checked like a seed tip (file, tip and field named on each problem) and
    like a tip typed in Telegram; any problem rejects the whole file.
    """
    problems: list[str] = []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedError([f"{path}: cannot read: {exc}"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise SeedError([f"{path}: not valid TOML: {exc}"]) from None
    article = data.get("article", {})
    default_source = article.get("title", "") if isinstance(article, dict) else ""
    raw_tips = data.get("tips", [])
    if not isinstance(raw_tips, list) or not raw_tips:
        raise SeedError([f"{path}: no [[tips]] found"])
    drafts: list[TeamTipDraft] = []
    for i, raw in enumerate(raw_tips):
        name = raw.get("id", f"#{i + 1}") if isinstance(raw, dict) else f"#{i + 1}"
        where = f"{path}: tip '{name}'"
        if not isinstance(raw, dict):
            problems.append(f"{where}: not a table")
            continue
        extra = {k: v for k, v in raw.items() if k not in ("id", "source")}
        values = validate_tip_fields(extra, where, topic_ids, problems, strict_tags=False)
        if values is None:
            continue
        try:
            drafts.append(draft(values["principle"], values["passage"],
                                str(raw.get("source", default_source)), values["short"],
                                tuple(values["situations"])))
        except TeamTipError as exc:
            problems.append(f"{where}: field '{exc.field}': {exc.reason.replace('_', ' ')}"
                            + (f" (at most {exc.limit} characters)" if exc.limit else ""))
    if problems:
        raise SeedError(problems)
    return drafts


def _toml_string(text: str) -> str:
    # JSON's string escapes are all valid TOML basic-string escapes.
    return json.dumps(text, ensure_ascii=False)


def dump(records: list[TeamTipRecord], chat_id: int) -> str:
    """The chat's tips as a TOML file that ``load_file`` reads back unchanged."""
    out = [f"# Team tips of chat {chat_id}, exported by cskh-bot.",
           "# Import into a chat with: python -m bot import FILE --chat CHAT_ID", ""]
    for record in records:
        out += ["[[tips]]", f"id = {_toml_string(f'{PREFIX}{record.id}')}",
                f"principle = {_toml_string(record.principle)}",
                f"passage = {_toml_string(record.passage)}"]
        if record.source:
            out.append(f"source = {_toml_string(record.source)}")
        if record.short:
            out.append(f"short = {_toml_string(record.short)}")
        if record.situations:
            out.append("situations = [" + ", ".join(map(_toml_string, record.situations)) + "]")
        out.append("")
    return "\n".join(out)
