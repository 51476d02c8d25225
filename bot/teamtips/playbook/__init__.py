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

Callers use the package; its modules, from the bottom up:

* ``records`` — ``Playbook``, ``PlaybookTip``, ``RowError``, ``PlaybookRefused`` and the limits.
* ``formats`` — rows from an ``.xlsx``, a ``.csv`` or a TOML file, the header found.
* ``reading`` — ``read_playbook``: rows checked into tips and problems.
* ``export`` — ``export_xlsx``.
"""

from bot.teamtips.playbook.export import EXPORT_HEADERS, SHEET_TITLE, export_xlsx
from bot.teamtips.playbook.reading import read_playbook, split_situations, suffix_of
from bot.teamtips.playbook.records import (
    FIELDS,
    HEADER_ROWS,
    MAX_BYTES,
    MAX_ROWS,
    REQUIRED,
    Playbook,
    PlaybookRefused,
    PlaybookTip,
    RowError,
    field_name,
)

__all__ = ["EXPORT_HEADERS", "FIELDS", "HEADER_ROWS", "MAX_BYTES", "MAX_ROWS", "REQUIRED",
           "SHEET_TITLE", "Playbook", "PlaybookRefused", "PlaybookTip", "RowError",
           "export_xlsx", "field_name", "read_playbook", "split_situations", "suffix_of"]
