"""Workbooks written part by part, so that a test can make one as a hostile sender would.

``craft`` zips the parts a real .xlsx has (content types, relationships, workbook, one
sheet, optionally shared strings and styles); ``HOSTILE`` are the small files that
used to stop the bot (a row numbered 10^15, a cell in a far column, 300,000 formats,
a million shared strings, a part that unpacks to far more than it weighs).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Nguyên tắc</t></is></c>' \
         '<c r="B1" t="inlineStr"><is><t>Nội dung</t></is></c></row>'
GOOD_ROW = '<row r="2"><c r="A2" t="inlineStr"><is><t>Chào khách bằng tên</t></is></c>' \
           '<c r="B2" t="inlineStr"><is><t>Gọi khách bằng tên riêng.</t></is></c></row>'


def craft(rows: str = HEADER + GOOD_ROW, *, head: str = "", shared: str | bytes | None = None,
          styles: str | bytes | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """An .xlsx whose first sheet's ``<sheetData>`` holds ``rows`` (XML text)."""
    def part(text: str | bytes) -> bytes:
        return text.encode() if isinstance(text, str) else text

    rels = [f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>']
    if shared is not None:
        rels.append(f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" '
                    'Target="sharedStrings.xml"/>')
    if styles is not None:
        rels.append(f'<Relationship Id="rId3" Type="{_REL}/styles" Target="styles.xml"/>')
    parts: dict[str, bytes] = {
        "[Content_Types].xml": part(_content_types(shared is not None, styles is not None)),
        "_rels/.rels": part(
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": part(f'<?xml version="1.0"?><workbook {NS}><sheets>'
                                '<sheet name="Bí kíp" sheetId="1" r:id="rId1"/>'
                                '</sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": part(
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{"".join(rels)}</Relationships>'),
        "xl/worksheets/sheet1.xml": part(f'<?xml version="1.0"?><worksheet {NS}>{head}'
                                         f'<sheetData>{rows}</sheetData></worksheet>'),
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = part(shared)
    if styles is not None:
        parts["xl/styles.xml"] = part(styles)
    parts.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _content_types(shared: bool, styles: bool) -> str:
    """As Excel writes them: openpyxl (the reader this replaced) finds the parts by them."""
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = [("/xl/workbook.xml", "sheet.main"), ("/xl/worksheets/sheet1.xml", "worksheet")]
    if shared:
        overrides.append(("/xl/sharedStrings.xml", "sharedStrings"))
    if styles:
        overrides.append(("/xl/styles.xml", "styles"))
    return ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{name}" ContentType="{kind}.{what}+xml"/>'
                      for name, what in overrides) + "</Types>")


def _styles(formats: int) -> bytes:
    return (f'<?xml version="1.0"?><styleSheet {NS}><cellXfs>'.encode()
            + b'<xf numFmtId="0"/>' * formats + b"</cellXfs></styleSheet>")


def _shared(count: int, declared: bool) -> bytes:
    head = f' uniqueCount="{count}"' if declared else ""
    return (f'<?xml version="1.0"?><sst {NS}{head}>'.encode() + b"<si><t/></si>" * count
            + b"</sst>")


def row_far_away() -> bytes:
    """A header, a good row, and an empty row numbered 10^15."""
    return craft(HEADER + GOOD_ROW + '<row r="1000000000000000"/>')


def far_column() -> bytes:
    return craft(HEADER + GOOD_ROW.replace("</row>", '<c r="XFD2"><v>1</v></c></row>'))


def many_cells() -> bytes:
    """A header, then 500 rows of 250 empty cells each (125,000 cells)."""
    rows = "".join(f'<row r="{n}">' + "<c/>" * 250 + "</row>" for n in range(2, 502))
    return craft(HEADER + rows)


def many_styles() -> bytes:
    """300,000 cell formats (undeclared: every one must be counted)."""
    return craft(styles=_styles(300_000))


def many_strings() -> bytes:
    """A million shared strings, the count declared."""
    return craft(shared=_shared(1_000_000, declared=True))


def many_strings_undeclared() -> bytes:
    """A million shared strings without a count (13 MB: under the size of a part)."""
    return craft(shared=_shared(1_000_000, declared=False))


def zip_bomb() -> bytes:
    """A sheet part that unpacks to 200 MB of spaces (its size in the zip's listing lies
    not: the test for a lying listing is ``lying_bomb``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (200 * 1024 * 1024))
    return out.getvalue()


def lying_bomb() -> bytes:
    """A workbook whose sheet unpacks to 30 MB while the zip's listing says 300 bytes."""
    data = bytearray(craft(HEADER + GOOD_ROW + " " * (30 * 1024 * 1024)))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # Rewrite the uncompressed size in the central directory and in the local header.
    true_size = info.file_size.to_bytes(4, "little")
    fake = (300).to_bytes(4, "little")
    at = data.rfind(true_size)
    while at != -1:
        data[at:at + 4] = fake
        at = data.rfind(true_size, 0, at)
    return bytes(data)


def slow_but_bounded() -> bytes:
    """Within every bound, yet slow to read: about 3 million elements that are not
    cells. Only the worker's time limit stops it."""
    return craft(HEADER + GOOD_ROW + "<x/>" * 3_000_000)


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {  # name → (file, reason)
    "row 10^15": (row_far_away, "far_row"),
    "far column": (far_column, "far_column"),
    "125k empty cells": (many_cells, "too_many_cells"),
    "300k styles": (many_styles, "too_many_styles"),
    "1M shared strings": (many_strings, "too_many_strings"),
    "1M shared strings, no count": (many_strings_undeclared, "too_many_strings"),
    "zip bomb part": (zip_bomb, "unpacked"),
    "bomb with a lying size": (lying_bomb, "damaged"),
}
