"""The zip and its XML parts: every part's size checked before and while it is unpacked,
each part fed to a push parser (expat) in chunks, with no DTD and no entities, and the
relationships that say which part is which.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from bot.teamtips.xlsx.bounds import CHUNK, MAX_PART, MAX_PARTS, MAX_UNPACKED, XlsxRefused


def local(name: str) -> str:
    """``{namespace}tag`` (or ``prefix:tag``) → ``tag``."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def attr(attrs: dict[str, str], name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (r:id, {…}id)."""
    if name in attrs:
        return attrs[name]
    for key, value in attrs.items():
        if local(key) == name:
            return value
    return None


class Archive:
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

    def parse(self, name: str, handler: Handler) -> Iterator[None]:
        """Feed part ``name`` to ``handler`` chunk by chunk; yields after each chunk."""
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = no_dtd
        parser.EntityDeclHandler = no_dtd
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

    def read_all(self, name: str, handler: Handler) -> None:
        for _ in self.parse(name, handler):
            pass


def no_dtd(*_: object) -> None:
    raise XlsxRefused("damaged")  # a workbook has no DTD; entities are how XML bombs work


class Handler:
    def start(self, name: str, attrs: dict[str, str]) -> None: ...
    def end(self, name: str) -> None: ...
    def text(self, data: str) -> None: ...


class Rels(Handler):
    def __init__(self) -> None:
        self.found: list[tuple[str, str, str]] = []  # (id, type's last word, target)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if local(name) == "Relationship" and len(self.found) < MAX_PARTS:
            kind = attrs.get("Type", "").rsplit("/", 1)[-1]
            self.found.append((attrs.get("Id", ""), kind, attrs.get("Target", "")))


def resolve(base_dir: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base_dir, target))


def rels_of(archive: Archive, part: str) -> list[tuple[str, str, str]]:
    """The relationships of ``part`` with resolved targets."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if not archive.has(rels_name):
        return []
    rels = Rels()
    archive.read_all(rels_name, rels)
    return [(rid, kind, resolve(folder, target)) for rid, kind, target in rels.found]
