"""A team's playbook from the file it already lives in: ``.xlsx``, ``.csv`` or seeds TOML.

Team leads keep their playbook in Excel or Google Sheets. This module reads such a file
(bytes, as downloaded from Telegram) into tip drafts, without storing anything and
without Telegram, so the handler can show a preview and store only after a confirm.

- Columns are found by their header, Vietnamese or English, with or without diacritics,
  in any case and order (``Nguyên tắc`` / ``nguyen tac`` / ``Principle``); a note in
  parentheses (``Nội dung (bắt buộc)``) is ignored. Rows above the header (a title) are
  skipped; so are blank rows.
- Every row is checked with the team-tip rules of ``/addtip`` (``bot.teamtips.drafts``), so a
  file cannot store what typing could not; each problem names its row as the
  spreadsheet shows it ("dòng 5: thiếu nội dung").
- Refused outright, each with its reason in words: files over 1 MB, other types,
  macro-enabled workbooks (``.xlsm``, or any workbook carrying ``vbaProject.bin``),
  formula cells (the bot does not compute them, and their cached values may be stale),
  workbooks too big or too complex to read (``bot.teamtips.xlsx`` bounds every figure
  before it spends work on it), damaged cells, CSV and TOML that do not parse.

A user's file is read in a worker process with hard limits (``bot.teamtips.sandbox``);
everything here also runs in-process, for tests and the CLI.

``export_xlsx`` writes the team's tips back with the same headers; ``read_playbook``
reads that file back unchanged.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from bot.corpus import MAX_SHORT, MAX_SITUATION, MAX_SITUATIONS
from bot.models import TeamTipFields
from bot.strings import Strings
from bot.teamtips import xlsx
from bot.teamtips.drafts import TeamTipDraft, TeamTipError, check_part, clean, draft
from bot.text import normalize

MAX_BYTES = 1024 * 1024  # "1 MB": a playbook of 200 tips is a few dozen kilobytes
MAX_ROWS = 1000  # data rows; a team keeps at most 200 tips (bot.models.MAX_TEAM_TIPS)
HEADER_ROWS = 10  # how far down the header row may be (below a title, a blank line …)

FIELDS = ("principle", "passage", "source", "short", "situations")
REQUIRED = ("principle", "passage")
EXPORT_HEADERS = ("Nguyên tắc", "Nội dung", "Nguồn", "Ngắn gọn", "Tình huống")
SHEET_TITLE = "Bí kíp"

# Header words, folded (no diacritics, lower case, punctuation as spaces).
_HEADERS = {
    "principle": ("nguyen tac", "principle", "principles"),
    "passage": ("noi dung", "passage", "text", "content"),
    "source": ("nguon", "source"),
    "short": ("ngan gon", "short", "short form", "rut gon", "ban ngan"),
    "situations": ("tinh huong", "situations", "situation"),
}
_HEADER_FIELD = {name: fld for fld, names in _HEADERS.items() for name in names}
_SITUATION_SPLIT = re.compile(r"\n|;")


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


# --- reading ----------------------------------------------------------------------------
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
        raise PlaybookRefused("too_big", size=_size(len(data)))
    suffix = suffix_of(file_name)
    if suffix in (".xlsm", ".xltm", ".xlam"):
        raise PlaybookRefused("macro")
    if suffix == ".xlsx":
        return _collect(_xlsx_rows(data), "row")
    if suffix == ".csv":
        return _collect(_csv_rows(data), "row")
    if suffix == ".toml":
        return _collect(_toml_rows(data), "tip")
    raise PlaybookRefused("bad_type", name=file_name or "?")


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _header_key(value: str) -> str:
    text = normalize.fold(re.sub(r"\(.*?\)", " ", value))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _columns(cells: Sequence[str]) -> dict[str, int] | None:
    """Field → column index if ``cells`` is a header row (principle and passage found)."""
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        fld = _HEADER_FIELD.get(_header_key(cell))
        if fld is None:
            continue
        if fld in found:
            raise PlaybookRefused("duplicate_column", field=fld, first=_column_name(found[fld]),
                                  second=_column_name(i))
        found[fld] = i
    return found if all(f in found for f in REQUIRED) else None


def _column_name(index: int) -> str:
    return xlsx.column_name(index)


Row = tuple[int, dict[str, Any]]  # (number shown to the user, field → raw value)


def _table_rows(rows: Iterable[tuple[int, list[str]]]) -> Iterator[Row]:
    """Rows of a table as field dicts, once the header is found among the first rows."""
    columns: dict[str, int] | None = None
    for number, cells in rows:
        if columns is None:
            if number > HEADER_ROWS:
                raise PlaybookRefused("no_header")
            columns = _columns(cells)
            continue
        yield number, {f: cells[i] if i < len(cells) else "" for f, i in columns.items()}
    if columns is None:
        raise PlaybookRefused("no_header")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _xlsx_rows(data: bytes) -> Iterator[Row]:
    """The first sheet with a header row, streamed (``bot.teamtips.xlsx`` bounds it all)."""
    try:
        for rows in xlsx.sheets(data):
            try:
                yield from _table_rows(rows())
                return
            except PlaybookRefused as refused:
                if refused.reason != "no_header":
                    raise
    except xlsx.XlsxRefused as refused:
        values = dict(refused.values)
        if refused.reason == "formula":
            values["formula"] = shorten_plain(str(values["formula"]), 40)
        if refused.reason == "unpacked":
            values["size"] = _size(int(values["size"]))
            values["limit"] = _size(xlsx.MAX_UNPACKED)
        raise PlaybookRefused(refused.reason, **values) from None
    raise PlaybookRefused("no_header")


def shorten_plain(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _csv_rows(data: bytes) -> Iterator[Row]:
    """The rows, streamed: the delimiter is the one whose first rows hold a header."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlaybookRefused("encoding") from None
    for delimiter in (",", ";"):
        head = list(itertools.islice(_csv_stream(text, delimiter), HEADER_ROWS))
        if any(_columns(cells) for _, cells in head):
            return _table_rows(_csv_stream(text, delimiter))
    raise PlaybookRefused("no_header")


def _csv_stream(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""),
                                                  delimiter=delimiter), start=1):
            if len(cells) > xlsx.MAX_COLUMN:  # a row of a million commas
                raise PlaybookRefused("far_column", cell=f"{_column_name(len(cells) - 1)}"
                                      f"{number}", limit=_column_name(xlsx.MAX_COLUMN - 1))
            yield number, cells
    except csv.Error:  # an unclosed quote, a cell over the field limit …
        raise PlaybookRefused("bad_csv") from None


def _toml_rows(data: bytes) -> Iterator[Row]:
    """The seeds' format (``[[tips]]``, optional ``[article]`` whose title is the source)."""
    try:
        parsed = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PlaybookRefused("encoding") from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        raise PlaybookRefused("bad_toml", line=found[1] if found else "?") from None
    except RecursionError:  # a = [[[[…]]]] nested thousands deep
        raise PlaybookRefused("too_nested") from None
    article = parsed.get("article")
    default_source = article.get("title", "") if isinstance(article, dict) else ""
    tips = parsed.get("tips")
    if not isinstance(tips, list) or not tips:
        raise PlaybookRefused("empty")
    rows = []
    for number, raw in enumerate(tips, start=1):
        raw = raw if isinstance(raw, dict) else {}
        values = {f: raw.get(f, "") for f in FIELDS}
        values["source"] = raw.get("source", default_source)
        rows.append((number, values))
    return iter(rows)


# --- checking ---------------------------------------------------------------------------
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


# --- writing ----------------------------------------------------------------------------
def _situation_cell(situations: Sequence[str]) -> str:
    text = "\n".join(situations)
    # One situation containing ";" would be split on the way back: a line break keeps it.
    return text + "\n" if len(situations) == 1 and ";" in text else text


def export_xlsx(tips: Iterable[TeamTipFields]) -> bytes:
    """The tips as an ``.xlsx`` workbook with ``EXPORT_HEADERS``; every cell is text.

    A principle that starts with "=" is written as text, not as a formula, so the file
    reads back (and opens in Excel) as what the team wrote.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.create_sheet(SHEET_TITLE, 0)
    for other in workbook.worksheets[1:]:  # the default empty sheet
        workbook.remove(other)
    sheet.append(EXPORT_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for tip in tips:
        values = tuple(normalize.xml_safe(v) for v in (  # tips stored before clean() knew
            tip.principle, tip.passage, tip.source or "", tip.short,
            _situation_cell(tip.situations)))
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # openpyxl takes "=…" for a formula; it is text
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (40, 80, 30, 40, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
