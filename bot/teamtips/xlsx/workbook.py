"""The workbook's own parts (its sheets, which cell formats are dates, the shared
strings) and ``sheets``, which puts them together and streams each worksheet's rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from bot.teamtips.xlsx.archive import Archive, Handler, attr, local, rels_of
from bot.teamtips.xlsx.bounds import (
    MAX_SHEETS,
    MAX_STRINGS,
    MAX_STYLES,
    XlsxRefused,
    small_int,
    unescape,
)
from bot.teamtips.xlsx.sheet import Sheet, SheetRow

_BUILTIN_DATES = frozenset((*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)))
_FORMAT_NOISE = re.compile(r"\[(?!(?:h+|m+|s+)\])[^\]]*\]|\"[^\"]*\"|\\.|_.|\*.")
_DATE_LETTERS = re.compile(r"[dmyhs]", re.IGNORECASE)


@dataclass
class Book(Handler):
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (name, relationship id)
    date1904: bool = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "sheet":
            if len(self.sheets) >= MAX_SHEETS:
                raise XlsxRefused("too_many_sheets", limit=MAX_SHEETS)
            self.sheets.append((attrs.get("name", ""), attr(attrs, "id") or ""))
        elif tag == "workbookPr":
            self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")


@dataclass
class Styles(Handler):
    """Which cell formats show dates: all that is needed of the styles part."""

    date_formats: set[int] = field(default_factory=lambda: set(_BUILTIN_DATES))
    dates: list[bool] = field(default_factory=list)  # per cell format (the ``s`` attribute)
    formats: int = 0
    depth_xfs: int = 0  # inside <cellXfs>

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "numFmt":
            self.formats += 1
            if self.formats > MAX_STYLES:
                raise XlsxRefused("too_many_styles", limit=MAX_STYLES)
            number = small_int(attrs.get("numFmtId"))
            code = _FORMAT_NOISE.sub("", attrs.get("formatCode", "")[:255])
            if number is not None and _DATE_LETTERS.search(code):
                self.date_formats.add(number)
            elif number is not None:
                self.date_formats.discard(number)
        elif tag == "cellXfs":
            self.depth_xfs += 1
            count = small_int(attrs.get("count"))
            if count is not None and count > MAX_STYLES:
                raise XlsxRefused("too_many_styles", limit=MAX_STYLES)
        elif tag == "xf" and self.depth_xfs:
            if len(self.dates) >= MAX_STYLES:
                raise XlsxRefused("too_many_styles", limit=MAX_STYLES)
            self.dates.append(small_int(attrs.get("numFmtId")) in self.date_formats)

    def end(self, name: str) -> None:
        if local(name) == "cellXfs":
            self.depth_xfs -= 1


@dataclass
class SharedStrings(Handler):
    strings: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    in_t: int = 0
    in_phonetic: int = 0
    in_si: bool = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "sst":
            declared = small_int(attrs.get("uniqueCount"))
            if (declared is not None and declared > MAX_STRINGS) or \
                    len(attrs.get("uniqueCount", "")) > 9:
                raise XlsxRefused("too_many_strings", limit=MAX_STRINGS)
        elif tag == "si":
            if len(self.strings) >= MAX_STRINGS:
                raise XlsxRefused("too_many_strings", limit=MAX_STRINGS)
            self.in_si, self.parts = True, []
        elif tag == "t":
            self.in_t += 1
        elif tag == "rPh":  # the reading of East Asian text, not the text itself
            self.in_phonetic += 1

    def end(self, name: str) -> None:
        tag = local(name)
        if tag == "si" and self.in_si:
            self.strings.append(unescape("".join(self.parts)))
            self.in_si = False
        elif tag == "t":
            self.in_t -= 1
        elif tag == "rPh":
            self.in_phonetic -= 1

    def text(self, data: str) -> None:
        if self.in_si and self.in_t and not self.in_phonetic:
            self.parts.append(data)


def sheets(data: bytes) -> Iterator[Callable[[], Iterator[SheetRow]]]:
    """For each worksheet in the workbook's order: a function that streams its rows.

    Nothing of a sheet is read until its function is called, and its rows are parsed
    only as far as the caller iterates: the header is searched for in the first rows.
    """
    archive = Archive(data)
    root = [target for _, kind, target in rels_of(archive, "")
            if kind == "officeDocument" and archive.has(target)]
    workbook = root[0] if root else "xl/workbook.xml"
    if not archive.has(workbook):
        raise XlsxRefused("not_xlsx")
    book = Book()
    archive.read_all(workbook, book)
    rels = {rid: (kind, target) for rid, kind, target in rels_of(archive, workbook)}
    styles, strings = Styles(), SharedStrings()
    for kind, target in rels.values():
        if kind == "styles" and archive.has(target):
            archive.read_all(target, styles)
        elif kind == "sharedStrings" and archive.has(target):
            archive.read_all(target, strings)
    for _, rid in book.sheets:
        kind, target = rels.get(rid, ("", ""))
        if kind != "worksheet" or not archive.has(target):
            continue  # a chart sheet, or a sheet the file lost

        def rows(target: str = target) -> Iterator[SheetRow]:
            sheet = Sheet(strings.strings, styles.dates, book.date1904)
            for _ in archive.parse(target, sheet):
                yield from sheet.ready
                sheet.ready.clear()

        yield rows
