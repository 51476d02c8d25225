"""Rows from each kind of file a team keeps its playbook in: ``.xlsx`` (streamed, every
figure bounded by ``bot.teamtips.xlsx``), ``.csv`` (either delimiter) and the seeds'
TOML. A table's columns are found by their header, among its first rows.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from bot.teamtips import xlsx
from bot.teamtips.playbook.records import (
    FIELDS,
    HEADER_ROWS,
    REQUIRED,
    PlaybookRefused,
    megabytes,
)
from bot.text import normalize

# Header words, folded (no diacritics, lower case, punctuation as spaces).
_HEADERS = {
    "principle": ("nguyen tac", "principle", "principles"),
    "passage": ("noi dung", "passage", "text", "content"),
    "source": ("nguon", "source"),
    "short": ("ngan gon", "short", "short form", "rut gon", "ban ngan"),
    "situations": ("tinh huong", "situations", "situation"),
}
_HEADER_FIELD = {name: fld for fld, names in _HEADERS.items() for name in names}

Row = tuple[int, dict[str, Any]]  # (number shown to the user, field → raw value)


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


def xlsx_rows(data: bytes) -> Iterator[Row]:
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
            values["size"] = megabytes(int(values["size"]))
            values["limit"] = megabytes(xlsx.MAX_UNPACKED)
        raise PlaybookRefused(refused.reason, **values) from None
    raise PlaybookRefused("no_header")


def shorten_plain(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def csv_rows(data: bytes) -> Iterator[Row]:
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


def toml_rows(data: bytes) -> Iterator[Row]:
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
