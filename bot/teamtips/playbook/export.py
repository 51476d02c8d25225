"""The team's tips written back as an ``.xlsx`` workbook that ``read_playbook`` reads
back unchanged, and that opens in Excel as what the team wrote.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from bot.models import TeamTipFields
from bot.text import normalize

EXPORT_HEADERS = ("Nguyên tắc", "Nội dung", "Nguồn", "Ngắn gọn", "Tình huống")
SHEET_TITLE = "Bí kíp"


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
