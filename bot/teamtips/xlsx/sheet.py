"""One worksheet's cells as text, row by row: every reference, index, number and date
checked as it is read, formulas refused, empty rows and columns free.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from bot.teamtips.xlsx.archive import Handler, local
from bot.teamtips.xlsx.bounds import (
    MAX_CELLS,
    MAX_COLUMN,
    XlsxRefused,
    column_index,
    column_name,
    quote,
    row_number,
    small_int,
    unescape,
)

_CELL_REF = re.compile(r"([A-Z]+)([0-9]+)")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_MAX_SERIAL = 2_958_465  # 9999-12-31

SheetRow = tuple[int, list[str]]


@dataclass
class Sheet(Handler):
    """Cells as text, row by row; ``ready`` holds the rows completed so far."""

    strings: list[str]
    dates: list[bool]
    date1904: bool
    ready: list[SheetRow] = field(default_factory=list)
    row: int = 0
    cells: dict[int, str] = field(default_factory=dict)
    count: int = 0
    column: int = -1
    ref: str = ""
    kind: str = ""
    style: int = 0
    value: list[str] = field(default_factory=list)
    formula: list[str] | None = None
    capture: str = ""  # "v" | "f" | "t" (inline string) | ""
    in_row: bool = False
    in_cell: bool = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "c" and self.in_row:
            self._start_cell(attrs)
        elif tag == "row":
            self._start_row(attrs)
        elif self.in_cell and tag in ("v", "f"):
            self.capture = tag
            if tag == "f":
                self.formula = []
        elif self.in_cell and tag == "t" and self.kind == "inlineStr":
            self.capture = "t"
        elif tag == "dimension":
            last = (attrs.get("ref") or "").rsplit(":", 1)[-1].replace("$", "")
            if last:
                self._check_ref(last)

    def _start_row(self, attrs: dict[str, str]) -> None:
        text = attrs.get("r")
        number = self.row + 1 if text is None else row_number(text)
        if number <= self.row:  # rows come in order, each once
            raise XlsxRefused("bad_row", row=quote(text or ""))
        self.row, self.cells, self.column, self.in_row = number, {}, -1, True

    def _check_ref(self, ref: str) -> tuple[int, int]:
        found = _CELL_REF.fullmatch(ref)
        if found is None:
            raise XlsxRefused("bad_reference", ref=quote(ref))
        if len(found[1]) > 3 or column_index(found[1]) >= MAX_COLUMN:
            raise XlsxRefused("far_column", cell=quote(ref), limit=column_name(MAX_COLUMN - 1))
        return column_index(found[1]), row_number(found[2])

    def _start_cell(self, attrs: dict[str, str]) -> None:
        self.count += 1
        if self.count > MAX_CELLS:
            raise XlsxRefused("too_many_cells", limit=MAX_CELLS)
        ref = attrs.get("r")
        if ref is None:
            column = self.column + 1
            if column >= MAX_COLUMN:
                raise XlsxRefused("far_column", cell=f"{column_name(column)}{self.row}",
                                  limit=column_name(MAX_COLUMN - 1))
        else:
            column, row = self._check_ref(ref)
            if row != self.row or column <= self.column:
                raise XlsxRefused("bad_reference", ref=quote(ref))
        style = small_int(attrs.get("s", "0"))
        if style is None:
            raise XlsxRefused("damaged")
        self.column, self.kind, self.style = column, attrs.get("t", "n"), style
        self.ref = f"{column_name(column)}{self.row}"
        self.value, self.formula, self.capture, self.in_cell = [], None, "", True

    def end(self, name: str) -> None:
        tag = local(name)
        if tag == "c" and self.in_cell:
            self._end_cell()
        elif tag == "row" and self.in_row:
            self.in_row = False
            if self.cells:
                width = max(self.cells) + 1
                self.ready.append((self.row, [self.cells.get(i, "") for i in range(width)]))
        elif tag in ("v", "f", "t"):
            self.capture = ""

    def text(self, data: str) -> None:
        if self.capture == "f" and self.formula is not None:
            self.formula.append(data)
        elif self.capture:
            self.value.append(data)

    def _end_cell(self) -> None:
        self.in_cell = False
        if self.formula is not None:
            raise XlsxRefused("formula", cell=self.ref, formula="=" + "".join(self.formula))
        raw = "".join(self.value)
        text = self._value(raw)
        if text:
            self.cells[self.column] = text

    def _value(self, raw: str) -> str:
        kind = self.kind
        if kind == "s":
            index = small_int(raw.strip())
            if index is None or index >= len(self.strings):
                raise XlsxRefused("bad_string", cell=self.ref)
            return self.strings[index]
        if kind in ("inlineStr", "str", "e"):
            return unescape(raw)
        if kind == "b":
            return "True" if raw.strip() in ("1", "true") else "False"
        if kind == "d":
            return self._iso_date(raw)
        if kind != "n":
            raise XlsxRefused("damaged")
        raw = raw.strip()
        if not raw:
            return ""
        if len(raw) > 64 or not _NUMBER.fullmatch(raw):
            raise XlsxRefused("bad_number", cell=self.ref, value=quote(raw))
        number = float(raw)
        if not math.isfinite(number):
            raise XlsxRefused("bad_number", cell=self.ref, value=quote(raw))
        if self.style < len(self.dates) and self.dates[self.style]:
            return self._serial_date(number)
        if number.is_integer() and abs(number) < 1e16:
            return str(int(number))
        return repr(number)

    def _serial_date(self, serial: float) -> str:
        if not 0 <= serial <= _MAX_SERIAL:
            raise XlsxRefused("bad_date", cell=self.ref)
        if not self.date1904 and serial < 60:  # Excel's 1900 counts a 29 February 1900
            serial += 1
        when = (_EPOCH_1904 if self.date1904 else _EPOCH_1900) + \
            dt.timedelta(days=serial)
        when = when.replace(microsecond=0) if when.microsecond < 500_000 else \
            when.replace(microsecond=0) + dt.timedelta(seconds=1)
        if serial < 1:
            return when.time().isoformat()
        return when.date().isoformat() if when.time() == dt.time() else when.isoformat()

    def _iso_date(self, raw: str) -> str:
        try:
            return dt.datetime.fromisoformat(raw.strip()[:64]).isoformat()
        except ValueError:
            try:
                return dt.time.fromisoformat(raw.strip()[:64]).isoformat()
            except ValueError:
                raise XlsxRefused("bad_date", cell=self.ref) from None
