"""Every figure a workbook may declare, bounded, and the refusal that names the one it broke.

Also the small readers of figures as the file writes them (a row number, a column's
letters, an index), each checked before it is turned into a number.
"""

from __future__ import annotations

import re
from typing import Any

MAX_PARTS = 1000  # zip entries; Excel writes a dozen or two
MAX_PART = 16 * 1024 * 1024  # one part unpacked
MAX_UNPACKED = 20 * 1024 * 1024  # all parts unpacked
MAX_ROW = 10_000  # row numbers; a playbook has at most 1000 rows of tips
MAX_COLUMN = 256  # column IV; a playbook needs five
MAX_CELLS = 100_000  # <c> elements in one sheet, empty ones included
MAX_STRINGS = 100_000  # shared strings
MAX_STYLES = 20_000  # cell formats (Excel itself stops at 64,000); number formats too
MAX_SHEETS = 50
CHUNK = 64 * 1024
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # how a workbook writes a character XML cannot


class XlsxRefused(ValueError):
    """Why the workbook is not read: ``reason`` a key, ``values`` what the message names."""

    def __init__(self, reason: str, **values: Any) -> None:
        super().__init__(f"{reason}: {values}" if values else reason)
        # not_xlsx | damaged | macro | unpacked | too_complex | too_many_sheets | far_row |
        # far_column | too_many_cells | too_many_strings | too_many_styles | bad_row |
        # bad_reference | bad_string | bad_number | bad_date | formula
        self.reason = reason
        self.values = values


def column_name(index: int) -> str:
    """A column as a spreadsheet names it: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - ord("A") + 1
    return index - 1


def row_number(text: str) -> int:
    """A row number as the file writes it, checked before it is turned into a number."""
    if not text.isascii() or not text.isdigit():
        raise XlsxRefused("bad_row", row=quote(text))
    if len(text) > 9 or int(text) > MAX_ROW:
        raise XlsxRefused("far_row", row=quote(text.lstrip("0")), limit=MAX_ROW)
    if int(text) < 1:
        raise XlsxRefused("bad_row", row=quote(text))
    return int(text)


def small_int(text: str | None) -> int | None:
    if text is None or not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    return int(text)


def unescape(text: str) -> str:
    """``_x000D_`` → the character (ECMA-376 ST_Xstring); what XML cannot hold is dropped
    later with the other control characters (``bot.teamtips.drafts.clean``)."""
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


def quote(text: str) -> str:
    """A piece of the file named in a reason: short, printable."""
    text = "".join(ch if ch.isprintable() else "?" for ch in text[:30])
    return text if len(text) < 30 else text[:29] + "…"
