"""``read_playbook``: a file into checked tips and the problems of each row.

Every row is checked with ``/addtip``'s rules (``bot.teamtips.drafts``), so a file cannot
store what typing could not; duplicates and blank rows are told apart from tips.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from bot.corpus import MAX_SHORT, MAX_SITUATION, MAX_SITUATIONS
from bot.teamtips.drafts import TeamTipError, check_part, clean, draft
from bot.teamtips.playbook.formats import Row, csv_rows, toml_rows, xlsx_rows
from bot.teamtips.playbook.records import (
    MAX_BYTES,
    MAX_ROWS,
    Playbook,
    PlaybookRefused,
    PlaybookTip,
    RowError,
    megabytes,
)
from bot.text import normalize

_SITUATION_SPLIT = re.compile(r"\n|;")


def suffix_of(file_name: str | None) -> str:
    """A file's type by its name, in lower case: ``.xlsx`` for ``Bí kíp.XLSX`` and for a
    file named just ``.xlsx`` (which ``PurePath`` takes for a hidden file without one)."""
    name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[1].lower() if "." in name else ""


def read_playbook(file_name: str, data: bytes) -> Playbook:
    """The tips and row problems in ``data``, a file called ``file_name``.

    Raises ``PlaybookRefused`` when the file as a whole cannot be used. The type comes
    from the name's extension and must agree with the content (an ``.xlsx`` is a zip).
    """
    if len(data) > MAX_BYTES:
        raise PlaybookRefused("too_big", size=megabytes(len(data)))
    suffix = suffix_of(file_name)
    if suffix in (".xlsm", ".xltm", ".xlam"):
        raise PlaybookRefused("macro")
    if suffix == ".xlsx":
        return _collect(xlsx_rows(data), "row")
    if suffix == ".csv":
        return _collect(csv_rows(data), "row")
    if suffix == ".toml":
        return _collect(toml_rows(data), "tip")
    raise PlaybookRefused("bad_type", name=file_name or "?")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _text(value: Any) -> str:
    """A cell or a TOML value as text; a TOML table or list where text belongs is none."""
    if isinstance(value, dict | list):
        return ""
    return _cell_text(value) if not isinstance(value, str) else value


def split_situations(value: Any) -> tuple[str, ...]:
    """Situations from one cell: one per line, or separated by ";" when on one line.

    A list (TOML) is taken as it is. Lines win over ";" so a situation that contains a
    semicolon survives when the situations are on separate lines (as the export writes).
    """
    if isinstance(value, list):
        items = [_text(v) for v in value]
    else:
        text = _text(value).replace("\r\n", "\n").replace("\r", "\n")
        items = text.split("\n") if "\n" in text else _SITUATION_SPLIT.split(text)
    return tuple(c for c in (clean(i) for i in items) if c)


def _check_row(number: int, kind: str, values: dict[str, Any]
               ) -> tuple[PlaybookTip | None, list[RowError]]:
    errors: list[RowError] = []
    parts: dict[str, str] = {}
    for fld in ("principle", "passage", "source"):
        try:
            parts[fld] = check_part(fld, _text(values.get(fld, "")))
        except TeamTipError as exc:
            errors.append(RowError(number, exc.field, exc.reason, exc.limit, kind=kind))
    short = clean(_text(values.get("short", "")))
    if len(short) > MAX_SHORT:
        errors.append(RowError(number, "short", "too_long", MAX_SHORT, kind=kind))
    situations = split_situations(values.get("situations", ""))
    if len(situations) > MAX_SITUATIONS:
        errors.append(RowError(number, "situations", "too_many", MAX_SITUATIONS, kind=kind))
    if any(len(s) > MAX_SITUATION for s in situations):
        errors.append(RowError(number, "situations", "too_long", MAX_SITUATION, kind=kind))
    if errors:
        return None, errors
    try:  # the whole tip as /addtip checks it (e.g. that it fits one Telegram message)
        checked = draft(parts["principle"], parts["passage"], parts["source"], short,
                        situations)
    except TeamTipError as exc:
        return None, [RowError(number, exc.field, exc.reason, exc.limit, kind=kind)]
    return PlaybookTip(checked.principle, checked.passage, checked.source, checked.short,
                       checked.situations, row=number), []


def _blank(values: dict[str, Any]) -> bool:
    return all(not _text(v).strip() if not isinstance(v, list) else not v
               for v in values.values())


def _collect(rows: Iterable[Row], kind: str) -> Playbook:
    tips: list[PlaybookTip] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    counted = 0
    for number, values in rows:
        if _blank(values):
            continue
        counted += 1
        if counted > MAX_ROWS:
            raise PlaybookRefused("too_many_rows", limit=MAX_ROWS)
        tip, problems = _check_row(number, kind, values)
        errors += problems
        if tip is None:
            continue
        key = (normalize.fold(tip.principle), normalize.fold(tip.passage))
        if key in seen:
            errors.append(RowError(number, "", "duplicate", other=seen[key], kind=kind))
            continue
        seen[key] = number
        tips.append(tip)
    if not tips and not errors:
        raise PlaybookRefused("empty")
    return Playbook(tuple(tips), tuple(errors))
