"""What a playbook file gives: its valid tips and its problems, each worded in the
user's language; and the whole-file refusal with its reason.

These records cross from the file worker as JSON (``bot.teamtips.sandbox``), so their
values are plain ``str`` and ``int``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.strings import Strings
from bot.teamtips.drafts import TeamTipDraft

MAX_BYTES = 1024 * 1024  # "1 MB": a playbook of 200 tips is a few dozen kilobytes
MAX_ROWS = 1000  # data rows; a team keeps at most 200 tips (bot.models.MAX_TEAM_TIPS)
HEADER_ROWS = 10  # how far down the header row may be (below a title, a blank line …)

FIELDS = ("principle", "passage", "source", "short", "situations")
REQUIRED = ("principle", "passage")


class PlaybookRefused(ValueError):
    """The whole file is refused; ``reason`` is a key, ``values`` fill its message."""

    def __init__(self, reason: str, **values: Any) -> None:
        super().__init__(f"{reason}: {values}" if values else reason)
        self.reason = reason  # a Strings field playbook_<reason> words each one
        self.values = values  # plain str/int: they cross from the worker as JSON

    def message(self, strings: Strings) -> str:
        template = getattr(strings, f"playbook_{self.reason}")
        values = dict(self.values)
        if "field" in values:
            values["field"] = field_name(strings, values["field"])
        return str(template.format(**values))


@dataclass(frozen=True, slots=True)
class PlaybookTip:
    """One valid row: a team-tip draft plus the optional short form and situations."""

    principle: str
    passage: str
    source: str = ""
    short: str = ""
    situations: tuple[str, ...] = ()
    row: int = field(default=0, compare=False)  # where it was in the file

    @property
    def draft(self) -> TeamTipDraft:
        return TeamTipDraft(self.principle, self.passage, self.source, self.short,
                            self.situations)


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row: ``field`` and ``reason`` as ``TeamTipError`` has them."""

    row: int
    field: str  # one of FIELDS, or "" for a duplicate row
    reason: str  # empty | too_long | too_many | duplicate
    limit: int = 0
    other: int = 0  # for a duplicate: the row it repeats
    kind: str = "row"  # "row": a spreadsheet's row number; "tip": a TOML file's n-th tip

    def reason_text(self, strings: Strings) -> str:
        name = field_name(strings, self.field)
        if self.reason == "empty":
            return strings.playbook_missing.format(field=name)
        if self.reason == "too_many":
            return strings.playbook_too_many.format(field=name, limit=self.limit)
        if self.reason == "duplicate":
            return strings.playbook_duplicate.format(other=self.other)
        return strings.playbook_too_long.format(field=name, limit=self.limit)


@dataclass(frozen=True, slots=True)
class Playbook:
    """What a file holds: the valid tips and every problem, in file order."""

    tips: tuple[PlaybookTip, ...]
    errors: tuple[RowError, ...]

    def error_lines(self, strings: Strings) -> list[str]:
        """One line per row with problems: "dòng 5: thiếu nội dung; nguồn dài quá (…)"."""
        lines: dict[tuple[str, int], list[str]] = {}
        for error in self.errors:
            lines.setdefault((error.kind, error.row), []).append(error.reason_text(strings))
        out = []
        for (kind, row), reasons in lines.items():
            template = strings.playbook_tip if kind == "tip" else strings.playbook_row
            out.append(template.format(row=row, reason="; ".join(reasons)))
        return out


def field_name(strings: Strings, name: str) -> str:
    """A field as the user knows it ("nội dung"), in the user's language."""
    return str(getattr(strings, f"field_{name}", name))


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"
