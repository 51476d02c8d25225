"""Rows of an ``.xlsx`` workbook, read as a stream with every size bounded first.

A 5 kB workbook can declare a row numbered 10^15, a cell in column XFD, 300,000 cell
formats or a million shared strings; a reader that trusts those figures fills the
gaps, builds the tables, and runs for ever or takes hundreds of MB. This reader is a
push parser (expat) over each zip part, read in chunks, and it checks every figure
before spending work on it:

- the archive: at most ``MAX_PARTS`` entries; each part's declared and actual unpacked
  size (``MAX_PART``), and all parts together (``MAX_UNPACKED``);
- styles: at most ``MAX_STYLES`` cell formats and number formats (only to know which
  numbers are dates);
- shared strings: the declared count and the strings actually read (``MAX_STRINGS``);
- each sheet: its declared dimension, every row number (``MAX_ROW``), every column
  letter (``MAX_COLUMN``), the number of cells (``MAX_CELLS``);
- every cell: a reference that is a reference, a shared-string index that exists, a
  number that is a number, a date that is a date. No DTD, no entities.

Empty rows and columns cost nothing: a row numbered 9,000 is one row, not 9,000. Every
problem is an ``XlsxRefused`` whose ``reason`` names it; ``bot.teamtips.playbook`` words it.

Callers use the package (``xlsx.sheets``, ``xlsx.XlsxRefused``, the limits); its modules:

* ``bounds`` — the limits, ``XlsxRefused``, and the checked readers of figures.
* ``archive`` — the zip and its XML parts, parsed in chunks; the relationships.
* ``sheet`` — one worksheet's cells as text, row by row.
* ``workbook`` — the workbook's sheets, date formats and shared strings; ``sheets``.
"""

from bot.teamtips.xlsx.bounds import (
    CHUNK,
    MAX_CELLS,
    MAX_COLUMN,
    MAX_PART,
    MAX_PARTS,
    MAX_ROW,
    MAX_SHEETS,
    MAX_STRINGS,
    MAX_STYLES,
    MAX_UNPACKED,
    XlsxRefused,
    column_name,
)
from bot.teamtips.xlsx.sheet import SheetRow
from bot.teamtips.xlsx.workbook import sheets

__all__ = ["CHUNK", "MAX_CELLS", "MAX_COLUMN", "MAX_PART", "MAX_PARTS", "MAX_ROW", "MAX_SHEETS",
           "MAX_STRINGS", "MAX_STYLES", "MAX_UNPACKED", "SheetRow", "XlsxRefused", "column_name",
           "sheets"]
