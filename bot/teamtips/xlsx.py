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
"""

from __future__ import annotations

import datetime as dt
import io
import math
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

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

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_CELL_REF = re.compile(r"([A-Z]+)([0-9]+)")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
_BUILTIN_DATES = frozenset((*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)))
_FORMAT_NOISE = re.compile(r"\[(?!(?:h+|m+|s+)\])[^\]]*\]|\"[^\"]*\"|\\.|_.|\*.")
_DATE_LETTERS = re.compile(r"[dmyhs]", re.IGNORECASE)
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # how a workbook writes a character XML cannot
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_MAX_SERIAL = 2_958_465  # 9999-12-31


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


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - ord("A") + 1
    return index - 1


def _local(name: str) -> str:
    """``{namespace}tag`` (or ``prefix:tag``) → ``tag``."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _attr(attrs: dict[str, str], name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (r:id, {…}id)."""
    if name in attrs:
        return attrs[name]
    for key, value in attrs.items():
        if _local(key) == name:
            return value
    return None


class _Archive:
    """The zip, with every part's size checked before and while it is unpacked."""

    def __init__(self, data: bytes) -> None:
        if data[:4] == b"\xd0\xcf\x11\xe0":  # an OLE file: an old .xls or an encrypted .xlsx
            raise XlsxRefused("not_xlsx")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except MemoryError:
            raise
        except Exception:  # zipfile raises many kinds for a damaged archive
            raise XlsxRefused("not_xlsx") from None
        if len(infos) > MAX_PARTS:
            raise XlsxRefused("too_complex")  # no workbook has that many parts
        if any(posixpath.basename(i.filename).lower() == "vbaproject.bin" for i in infos):
            raise XlsxRefused("macro")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNPACKED or any(i.file_size > MAX_PART for i in infos):
            raise XlsxRefused("unpacked", size=declared)
        self.names = {i.filename: i for i in infos}
        self.unpacked = 0

    def has(self, name: str) -> bool:
        return name in self.names

    def parse(self, name: str, handler: _Handler) -> Iterator[None]:
        """Feed part ``name`` to ``handler`` chunk by chunk; yields after each chunk."""
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = _no_dtd
        parser.EntityDeclHandler = _no_dtd
        parser.StartElementHandler = handler.start
        parser.EndElementHandler = handler.end
        parser.CharacterDataHandler = handler.text
        read = 0
        for chunk in self._chunks(name):
            read += len(chunk)
            self.unpacked += len(chunk)
            if read > MAX_PART or self.unpacked > MAX_UNPACKED:
                raise XlsxRefused("unpacked", size=max(self.unpacked, read))
            try:
                parser.Parse(chunk, False)
            except expat.ExpatError:
                raise XlsxRefused("damaged") from None
            yield
        try:
            parser.Parse(b"", True)
        except expat.ExpatError:
            raise XlsxRefused("damaged") from None
        yield

    def _chunks(self, name: str) -> Iterator[bytes]:
        try:
            with self.zip.open(self.names[name]) as part:
                while chunk := part.read(CHUNK):
                    yield chunk
        except MemoryError:  # the worker's limit: not the file's damage
            raise
        except Exception:  # a bad CRC, bad deflate data, a password, an unknown method …
            raise XlsxRefused("damaged") from None

    def read_all(self, name: str, handler: _Handler) -> None:
        for _ in self.parse(name, handler):
            pass


def _no_dtd(*_: object) -> None:
    raise XlsxRefused("damaged")  # a workbook has no DTD; entities are how XML bombs work


class _Handler:
    def start(self, name: str, attrs: dict[str, str]) -> None: ...
    def end(self, name: str) -> None: ...
    def text(self, data: str) -> None: ...


class _Rels(_Handler):
    def __init__(self) -> None:
        self.found: list[tuple[str, str, str]] = []  # (id, type's last word, target)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship" and len(self.found) < MAX_PARTS:
            kind = attrs.get("Type", "").rsplit("/", 1)[-1]
            self.found.append((attrs.get("Id", ""), kind, attrs.get("Target", "")))


@dataclass
class _Book(_Handler):
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (name, relationship id)
    date1904: bool = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "sheet":
            if len(self.sheets) >= MAX_SHEETS:
                raise XlsxRefused("too_many_sheets", limit=MAX_SHEETS)
            self.sheets.append((attrs.get("name", ""), _attr(attrs, "id") or ""))
        elif tag == "workbookPr":
            self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")


@dataclass
class _Styles(_Handler):
    """Which cell formats show dates: all that is needed of the styles part."""

    date_formats: set[int] = field(default_factory=lambda: set(_BUILTIN_DATES))
    dates: list[bool] = field(default_factory=list)  # per cell format (the ``s`` attribute)
    formats: int = 0
    depth_xfs: int = 0  # inside <cellXfs>

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "numFmt":
            self.formats += 1
            if self.formats > MAX_STYLES:
                raise XlsxRefused("too_many_styles", limit=MAX_STYLES)
            number = _small_int(attrs.get("numFmtId"))
            code = _FORMAT_NOISE.sub("", attrs.get("formatCode", "")[:255])
            if number is not None and _DATE_LETTERS.search(code):
                self.date_formats.add(number)
            elif number is not None:
                self.date_formats.discard(number)
        elif tag == "cellXfs":
            self.depth_xfs += 1
            count = _small_int(attrs.get("count"))
            if count is not None and count > MAX_STYLES:
                raise XlsxRefused("too_many_styles", limit=MAX_STYLES)
        elif tag == "xf" and self.depth_xfs:
            if len(self.dates) >= MAX_STYLES:
                raise XlsxRefused("too_many_styles", limit=MAX_STYLES)
            self.dates.append(_small_int(attrs.get("numFmtId")) in self.date_formats)

    def end(self, name: str) -> None:
        if _local(name) == "cellXfs":
            self.depth_xfs -= 1


def _row_number(text: str) -> int:
    """A row number as the file writes it, checked before it is turned into a number."""
    if not text.isascii() or not text.isdigit():
        raise XlsxRefused("bad_row", row=_quote(text))
    if len(text) > 9 or int(text) > MAX_ROW:
        raise XlsxRefused("far_row", row=_quote(text.lstrip("0")), limit=MAX_ROW)
    if int(text) < 1:
        raise XlsxRefused("bad_row", row=_quote(text))
    return int(text)


def _small_int(text: str | None) -> int | None:
    if text is None or not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    return int(text)


@dataclass
class _Strings(_Handler):
    strings: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    in_t: int = 0
    in_phonetic: int = 0
    in_si: bool = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "sst":
            declared = _small_int(attrs.get("uniqueCount"))
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
        tag = _local(name)
        if tag == "si" and self.in_si:
            self.strings.append(_unescape("".join(self.parts)))
            self.in_si = False
        elif tag == "t":
            self.in_t -= 1
        elif tag == "rPh":
            self.in_phonetic -= 1

    def text(self, data: str) -> None:
        if self.in_si and self.in_t and not self.in_phonetic:
            self.parts.append(data)


SheetRow = tuple[int, list[str]]


@dataclass
class _Sheet(_Handler):
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
        tag = _local(name)
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
        number = self.row + 1 if text is None else _row_number(text)
        if number <= self.row:  # rows come in order, each once
            raise XlsxRefused("bad_row", row=_quote(text or ""))
        self.row, self.cells, self.column, self.in_row = number, {}, -1, True

    def _check_ref(self, ref: str) -> tuple[int, int]:
        found = _CELL_REF.fullmatch(ref)
        if found is None:
            raise XlsxRefused("bad_reference", ref=_quote(ref))
        if len(found[1]) > 3 or _column_index(found[1]) >= MAX_COLUMN:
            raise XlsxRefused("far_column", cell=_quote(ref), limit=column_name(MAX_COLUMN - 1))
        return _column_index(found[1]), _row_number(found[2])

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
                raise XlsxRefused("bad_reference", ref=_quote(ref))
        style = _small_int(attrs.get("s", "0"))
        if style is None:
            raise XlsxRefused("damaged")
        self.column, self.kind, self.style = column, attrs.get("t", "n"), style
        self.ref = f"{column_name(column)}{self.row}"
        self.value, self.formula, self.capture, self.in_cell = [], None, "", True

    def end(self, name: str) -> None:
        tag = _local(name)
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
            index = _small_int(raw.strip())
            if index is None or index >= len(self.strings):
                raise XlsxRefused("bad_string", cell=self.ref)
            return self.strings[index]
        if kind in ("inlineStr", "str", "e"):
            return _unescape(raw)
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
            raise XlsxRefused("bad_number", cell=self.ref, value=_quote(raw))
        number = float(raw)
        if not math.isfinite(number):
            raise XlsxRefused("bad_number", cell=self.ref, value=_quote(raw))
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


def _unescape(text: str) -> str:
    """``_x000D_`` → the character (ECMA-376 ST_Xstring); what XML cannot hold is dropped
    later with the other control characters (``teamtips.clean``)."""
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)), text) if "_x" in text else text


def _quote(text: str) -> str:
    """A piece of the file named in a reason: short, printable."""
    text = "".join(ch if ch.isprintable() else "?" for ch in text[:30])
    return text if len(text) < 30 else text[:29] + "…"


def _resolve(base_dir: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base_dir, target))


def _rels_of(archive: _Archive, part: str) -> list[tuple[str, str, str]]:
    """The relationships of ``part`` with resolved targets."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if not archive.has(rels_name):
        return []
    rels = _Rels()
    archive.read_all(rels_name, rels)
    return [(rid, kind, _resolve(folder, target)) for rid, kind, target in rels.found]


def sheets(data: bytes) -> Iterator[Callable[[], Iterator[SheetRow]]]:
    """For each worksheet in the workbook's order: a function that streams its rows.

    Nothing of a sheet is read until its function is called, and its rows are parsed
    only as far as the caller iterates: the header is searched for in the first rows.
    """
    archive = _Archive(data)
    root = [target for _, kind, target in _rels_of(archive, "")
            if kind == "officeDocument" and archive.has(target)]
    workbook = root[0] if root else "xl/workbook.xml"
    if not archive.has(workbook):
        raise XlsxRefused("not_xlsx")
    book = _Book()
    archive.read_all(workbook, book)
    rels = {rid: (kind, target) for rid, kind, target in _rels_of(archive, workbook)}
    styles, strings = _Styles(), _Strings()
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
            sheet = _Sheet(strings.strings, styles.dates, book.date1904)
            for _ in archive.parse(target, sheet):
                yield from sheet.ready
                sheet.ready.clear()

        yield rows
