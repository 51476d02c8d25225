"""Telegram's HTML parse mode, checked as Telegram checks it, and the entities it
attaches by itself (commands, mentions). Offsets and lengths are in UTF-16 code units."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

#: Telegram's HTML tags (``tg-emoji`` and ``blockquote expandable`` included).
ALLOWED_HTML_TAGS: Final = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "tg-spoiler",
        "span",
        "blockquote",
        "tg-emoji",
    }
)


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (the unit Telegram counts in)."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    """UTF-8 byte offset of code point ``index`` (Telegram reports byte offsets)."""
    return len(text[:index].encode("utf-8"))


class HtmlParseError(ValueError):
    """Raised by :func:`parse_html`; the message follows Telegram's wording."""


_HTML_ENTITY_RE: Final = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));")
_HTML_NAMED: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_SPECIAL: Final = re.compile(r"[<&]")
_ATTR_NAME_RE: Final = re.compile(r"[A-Za-z0-9_-]+")
_NAME_TOKEN_RE: Final = re.compile(r"[A-Za-z0-9.-]*")
_SIMPLE_ENTITY_TYPES: Final = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
}


def _decode_html_entity(match: re.Match[str]) -> str | None:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return _HTML_NAMED.get(name.lower())
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def _unescape_attribute(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        decoded = _decode_html_entity(match)
        return match.group(0) if decoded is None else decoded

    return _HTML_ENTITY_RE.sub(replace, value)


@dataclass
class _OpenTag:
    name: str
    offset: int  # UTF-16 offset in the output text
    attrs: dict[str, str]
    language: str | None = None


def _entity_for(tag: _OpenTag, end: int) -> dict[str, Any] | None:
    length = end - tag.offset
    if length <= 0:
        return None
    entity: dict[str, Any] = {"offset": tag.offset, "length": length}
    if tag.name in _SIMPLE_ENTITY_TYPES:
        entity["type"] = _SIMPLE_ENTITY_TYPES[tag.name]
        if tag.name == "pre" and tag.language:
            entity["language"] = tag.language
    elif tag.name == "a":
        href = tag.attrs.get("href", "").strip()
        if not href:
            return None
        user = re.fullmatch(r"tg://user\?id=(\d+)", href)
        if user:
            entity["type"] = "text_mention"
            entity["user"] = {"id": int(user.group(1)), "is_bot": False, "first_name": "User"}
        else:
            entity["type"] = "text_link"
            entity["url"] = href
    elif tag.name == "blockquote":
        entity["type"] = "expandable_blockquote" if "expandable" in tag.attrs else "blockquote"
    elif tag.name == "tg-emoji":
        entity["type"] = "custom_emoji"
        entity["custom_emoji_id"] = tag.attrs["emoji-id"]
    else:  # pragma: no cover - ALLOWED_HTML_TAGS and the branches above agree
        return None
    return entity


def _parse_attributes(source: str, pos: int, tag: str, begin: int) -> tuple[dict[str, str], int]:
    """Parse attributes of a start tag; returns them and the index after ``>``."""
    attrs: dict[str, str] = {}
    size = len(source)
    while True:
        while pos < size and source[pos].isspace():
            pos += 1
        if pos >= size:
            raise HtmlParseError(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
        if source[pos] == ">":
            return attrs, pos + 1
        name_match = _ATTR_NAME_RE.match(source, pos)
        if name_match is None:
            raise HtmlParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset '
                f"{_byte_offset(source, pos)}"
            )
        name = name_match.group(0).lower()
        pos = name_match.end()
        while pos < size and source[pos].isspace():
            pos += 1
        if pos >= size or source[pos] != "=":
            if tag == "blockquote" and name == "expandable":
                attrs[name] = ""
                continue
            raise HtmlParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" at '
                f"byte offset {_byte_offset(source, begin)}"
            )
        pos += 1
        while pos < size and source[pos].isspace():
            pos += 1
        if pos >= size:
            raise HtmlParseError(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
        quote = source[pos]
        if quote in "'\"":
            end = source.find(quote, pos + 1)
            if end == -1:
                raise HtmlParseError(
                    f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
                )
            attrs[name] = _unescape_attribute(source[pos + 1 : end])
            pos = end + 1
        else:
            # An unquoted value is a name token: letters, digits, periods and hyphens.
            value_match = _NAME_TOKEN_RE.match(source, pos)
            assert value_match is not None  # the pattern also matches the empty string
            token_end = value_match.end()
            if token_end < size and not source[token_end].isspace() and source[token_end] != ">":
                raise HtmlParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(source, pos)}"
                )
            attrs[name] = value_match.group(0).lower()
            pos = token_end


def parse_html(source: str, *, strict_ampersand: bool = True) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML into ``(plain_text, entities)``.

    Entity offsets and lengths are in UTF-16 code units, like the Bot API.

    Raises:
        HtmlParseError: for unsupported/unclosed/mismatched tags, a bare ``<`` and
            (when ``strict_ampersand``) a bare ``&``.
    """
    out: list[str] = []
    length16 = 0
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    pos = 0
    size = len(source)
    while pos < size:
        char = source[pos]
        if char == "&":
            match = _HTML_ENTITY_RE.match(source, pos)
            decoded = _decode_html_entity(match) if match else None
            if match is None or decoded is None:
                if strict_ampersand:
                    raise HtmlParseError(
                        'Unescaped "&" or unsupported HTML entity at byte offset '
                        f"{_byte_offset(source, pos)}; use &amp;"
                    )
                decoded, pos = "&", pos + 1
            else:
                pos = match.end()
            out.append(decoded)
            length16 += utf16_len(decoded)
            continue
        if char != "<":
            special = _HTML_SPECIAL.search(source, pos)
            end = special.start() if special else size
            chunk = source[pos:end]
            out.append(chunk)
            length16 += utf16_len(chunk)
            pos = end
            continue
        begin = pos
        if pos + 1 < size and source[pos + 1] == "/":
            close = source.find(">", pos + 2)
            if close == -1:
                raise HtmlParseError(
                    f"Unclosed end tag at byte offset {_byte_offset(source, begin)}"
                )
            name = source[pos + 2 : close].strip().lower()
            if not stack:
                raise HtmlParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(source, begin)}"
                )
            top = stack.pop()
            if name != top.name:
                raise HtmlParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, begin)}, "
                    f'expected "</{top.name}>", found "</{name}>"'
                )
            language = top.attrs.get("class", "") if top.name == "code" else ""
            if language.startswith("language-") and stack and stack[-1].name == "pre":
                # <pre><code class="language-x">…</code></pre> is one pre entity.
                stack[-1].language = language.removeprefix("language-")
            else:
                entity = _entity_for(top, length16)
                if entity is not None:
                    entities.append(entity)
            pos = close + 1
            continue
        end = pos + 1
        while end < size and not source[end].isspace() and source[end] != ">":
            end += 1
        if end >= size:
            raise HtmlParseError(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
        name = source[pos + 1 : end].lower()
        if name not in ALLOWED_HTML_TAGS:
            raise HtmlParseError(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, begin)}'
            )
        attrs, pos = _parse_attributes(source, end, name, begin)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise HtmlParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset '
                f"{_byte_offset(source, begin)}"
            )
        if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise HtmlParseError(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset '
                f"{_byte_offset(source, begin)}"
            )
        stack.append(_OpenTag(name=name, offset=length16, attrs=attrs))
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda item: (item["offset"], -item["length"]))
    return "".join(out), entities


_COMMAND_RE: Final = re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE: Final = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}(?![A-Za-z0-9_])")


def command_and_mention_entities(text: str) -> list[dict[str, Any]]:
    """The ``bot_command`` and ``mention`` entities Telegram would attach to ``text``."""
    found: list[tuple[int, int, str]] = []
    for match in _COMMAND_RE.finditer(text):
        found.append((match.start(), match.end(), "bot_command"))
    for match in _MENTION_RE.finditer(text):
        if not any(start <= match.start() < end for start, end, _ in found):
            found.append((match.start(), match.end(), "mention"))
    found.sort()
    return [
        {
            "type": kind,
            "offset": utf16_len(text[:start]),
            "length": utf16_len(text[start:end]),
        }
        for start, end, kind in found
    ]

