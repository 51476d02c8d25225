"""``multipart/form-data`` bodies (what the bot sends with ``sendDocument`` and
``sendPhoto``), read whole and split here.

aiohttp's own form reader (``request.post()``) reads a part without a length by pushing
bytes back into the stream with ``unread_data()``, deprecated since aiohttp 3.x: every
upload then printed a DeprecationWarning in the test runs. The whole body is at hand
anyway (a Bot API upload is bounded), so the parts are cut at the boundary instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message
from email.utils import collapse_rfc2231_value


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    data: bytes
    filename: str | None = None  # a file's part has one; a plain field has none
    content_type: str = ""


def parse_multipart(content_type: str, body: bytes) -> list[Part]:
    """The parts of a ``multipart/form-data`` body, byte for byte; ``ValueError`` for a
    body that is not one (no boundary, a part without a name)."""
    holder = Message()
    holder["Content-Type"] = content_type
    boundary = holder.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        raise ValueError("no boundary")
    delimiter = b"\r\n--" + boundary.encode("latin-1")
    parts: list[Part] = []
    for chunk in (b"\r\n" + body).split(delimiter)[1:]:
        if chunk.startswith(b"--"):  # the closing delimiter
            break
        _, _, chunk = chunk.partition(b"\r\n")  # the rest of the delimiter's line
        head, separator, data = chunk.partition(b"\r\n\r\n")
        if not separator:
            raise ValueError("a part without headers")
        headers = Message()
        for line in head.decode("latin-1").split("\r\n"):
            key, colon, value = line.partition(":")
            if colon:
                headers[key.strip()] = value.strip()
        name = headers.get_param("name", header="Content-Disposition")
        filename = headers.get_param("filename", header="Content-Disposition")
        if name is None:
            raise ValueError("a part without a name")
        parts.append(Part(_text(name), data, None if filename is None else _text(filename),
                          headers.get("Content-Type", "")))
    return parts


def _text(value: str | tuple[str | None, str | None, str]) -> str:
    """A header parameter as typed: RFC 2231 (``filename*=utf-8''…``) decoded, and plain
    UTF-8 bytes (read as Latin-1 with the header) read again as UTF-8."""
    if isinstance(value, tuple):
        return collapse_rfc2231_value(value)
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value
