"""A small, fast fake of the Telegram Bot API for tests and benchmarks.

The fake is a real HTTP server (aiohttp) bound to ``127.0.0.1``. A real
:class:`telegram.Bot` / :class:`telegram.ext.Application` talks to it over HTTP by
using ``base_url=api.base_url``; PTB then requests ``f"{base_url}{token}/{method}"``.

Two ways to use it:

* **In-process** (pytest)::

      with FakeBotAPI(token=TOKEN, bot_username="cskh_test_bot") as api:
          bot = telegram.Bot(TOKEN, base_url=api.base_url)
          api.send_text(42, "/start")            # enqueue an update for getUpdates
          await api.wait_for_calls("sendMessage", 1)
          assert api.messages(42)[-1].text == "..."

  The server runs in its own thread with its own event loop, so synchronous
  tests, async tests (on any loop) and subprocesses can all talk to it. Every
  public helper is thread-safe.

* **Standalone** (benchmarks, other processes)::

      python -m tests.support.fake_bot_api --port 0 --token 123:ABC

  prints the base URL (``http://127.0.0.1:PORT/bot``) on the first line of stdout
  and serves a JSON control API under ``/_control/`` (see :class:`ControlClient`).

Behaviour worth knowing (mirrors Telegram unless noted):

* Parameters are accepted from the query string, JSON bodies,
  ``application/x-www-form-urlencoded`` (what PTB sends when there are no files)
  and ``multipart/form-data`` (what PTB sends with files). In form bodies PTB
  sends strings verbatim and JSON-encodes everything else, so nested objects such
  as ``reply_markup`` are decoded here. Method names are case-insensitive.
* ``getUpdates`` long-polls (``timeout``), honours ``offset``/``limit``/
  ``allowed_updates``; updates are confirmed by a later ``offset``. A second
  concurrent ``getUpdates`` terminates the first one with 409 Conflict, and
  ``getUpdates`` while a webhook is set is a 409 as well.
* The chat state is realistic: after ``my_chat_member(chat, "kicked")`` sends to that
  chat fail with 403, after ``migrate(old, new)`` sends to the old group fail with
  the ``migrate_to_chat_id`` error, and a bot must be an administrator to post in a
  channel. Unknown numeric chats are created on first use (Telegram would say
  "chat not found" for users who never started the bot: inject that with
  :meth:`FakeBotAPI.fail`).
* ``editMessageText``/``editMessageReplyMarkup`` without ``reply_markup`` remove
  the inline keyboard, and identical edits fail with "message is not modified".
* ``parse_mode="HTML"`` is fully validated (allowed tags, nesting, attributes) and
  converted to plain text + entities like Telegram. An unescaped ``&`` that does
  not start ``&lt;``/``&gt;``/``&amp;``/``&quot;``/``&#NN;`` is rejected by default
  (``strict_html_ampersand``); real Telegram is more lenient there. Markdown parse
  modes are not validated.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import itertools
import json
import re
import signal
import socket
import sys
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Self

from aiohttp import web

if TYPE_CHECKING:  # PTB is only needed for the optional convenience factories
    from telegram import Bot
    from telegram.ext import ApplicationBuilder
    from telegram.request import HTTPXRequest

__all__ = [
    "ALLOWED_HTML_TAGS",
    "DEFAULT_TOKEN",
    "DEFAULT_USER_ID",
    "FAULT_KINDS",
    "ApiError",
    "BotMessage",
    "ControlClient",
    "FakeBotAPI",
    "Fault",
    "HtmlParseError",
    "RecordedCall",
    "command_and_mention_entities",
    "main",
    "parse_html",
    "ptb_request",
    "utf16_len",
]

# --------------------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------------------

DEFAULT_TOKEN: Final = "123456789:AAFakeTokenForTests_cskh"
DEFAULT_BOT_ID: Final = 123456789
#: Default user id for group members, inline queries, … (private chats use the chat id).
DEFAULT_USER_ID: Final = 10_001
DEFAULT_FIRST_NAME: Final = "Minh"

MAX_MESSAGE_LENGTH: Final = 4096
MAX_CALLBACK_DATA_BYTES: Final = 64
MAX_INLINE_RESULTS: Final = 50
MAX_INLINE_KEYBOARD_BUTTONS: Final = 100

#: ``from`` of messages sent by an anonymous group administrator.
ANONYMOUS_ADMIN_USER: Final[dict[str, Any]] = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
#: ``from`` of messages sent on behalf of a (different) channel.
CHANNEL_BOT_USER: Final[dict[str, Any]] = {
    "id": 136817688,
    "is_bot": True,
    "first_name": "Channel",
    "username": "Channel_Bot",
}

CHAT_TYPES: Final = frozenset({"private", "group", "supergroup", "channel"})
MEMBER_STATUSES: Final = frozenset(
    {"creator", "administrator", "member", "restricted", "left", "kicked"}
)
FAULT_KINDS: Final = frozenset(
    {
        "retry_after",
        "forbidden",
        "kicked",
        "chat_not_found",
        "migrate",
        "server_error",
        "timeout",
        "conflict",
        "error",
    }
)
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
CHAT_ACTIONS: Final = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
#: Update types Telegram does not deliver unless explicitly listed in allowed_updates.
_OPT_IN_UPDATE_TYPES: Final = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)

_CONFLICT_OTHER_POLL: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
_CONFLICT_WEBHOOK: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
_MIGRATED: Final = "Bad Request: group chat was upgraded to a supergroup chat"
_NGINX_502: Final = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)

# Parameter decoding: PTB (and other clients) send form fields as strings.
_JSON_PARAMS: Final = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "results",
        "reply_parameters",
        "link_preview_options",
        "button",
        "media",
        "permissions",
        "options",
        "reaction",
        "message_ids",
    }
)
_INT_PARAMS: Final = frozenset(
    {
        "chat_id",
        "from_chat_id",
        "message_id",
        "user_id",
        "offset",
        "limit",
        "cache_time",
        "reply_to_message_id",
        "message_thread_id",
        "max_connections",
        "until_date",
    }
)
_FLOAT_PARAMS: Final = frozenset({"timeout"})
_BOOL_PARAMS: Final = frozenset(
    {
        "disable_notification",
        "protect_content",
        "allow_paid_broadcast",
        "show_alert",
        "is_personal",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "revoke_messages",
        "only_if_banned",
    }
)
_BUTTON_ACTIONS: Final = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (the unit Telegram counts in)."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    """UTF-8 byte offset of code point ``index`` (Telegram reports byte offsets)."""
    return len(text[:index].encode("utf-8"))


class ApiError(Exception):
    """A Bot API error answer. Raise it from custom method handlers, too.

    Args:
        error_code: HTTP status and ``error_code`` (400, 403, 404, 409, 429, …).
        description: Telegram-style description, e.g. ``"Bad Request: chat not found"``.
        parameters: Optional ``ResponseParameters`` (``retry_after``, ``migrate_to_chat_id``).
        fault: Tag stored in :attr:`RecordedCall.fault` (e.g. ``"flood"``).
    """

    def __init__(
        self,
        error_code: int,
        description: str,
        parameters: dict[str, Any] | None = None,
        *,
        fault: str | None = None,
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters
        self.fault = fault

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram would answer with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


# --------------------------------------------------------------------------------------
# Entities: HTML parse mode and auto-detected commands / mentions
# --------------------------------------------------------------------------------------


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


def ptb_request(*, get_updates: bool = False, **kwargs: Any) -> HTTPXRequest:
    """A PTB ``HTTPXRequest`` tuned for the fake (optional; plain PTB defaults work too).

    It skips the TLS context setup (about 50 ms per request object, i.e. per Bot) and
    ignores proxy environment variables. ``kwargs`` go to ``HTTPXRequest``; the pool size
    defaults mirror PTB's (1 for getUpdates, 256 otherwise).
    """
    from telegram.request import HTTPXRequest

    kwargs.setdefault("connection_pool_size", 1 if get_updates else 256)
    httpx_kwargs = {"verify": False, "trust_env": False, **kwargs.pop("httpx_kwargs", {})}
    return HTTPXRequest(httpx_kwargs=httpx_kwargs, **kwargs)


# --------------------------------------------------------------------------------------
# Records handed out to tests
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordedCall:
    """One Bot API request the fake received (successful or not).

    Attributes:
        method: Canonical method name (``"sendMessage"``), whatever case was used.
        params: Decoded parameters (``reply_markup`` etc. are dicts, ids are ints).
        chat_id: The ``chat_id`` parameter, if any (int, or ``"@username"``).
        time: When the request arrived (:attr:`FakeBotAPI.clock`, by default
            :func:`time.monotonic`).
        ok: Whether the request succeeded.
        error_code: HTTP/``error_code`` of a failed request.
        description: Error description of a failed request.
        fault: Name of the injected fault (or ``"flood"``) that failed the request.
        result: The ``result`` returned for a successful request.
    """

    method: str
    params: dict[str, Any]
    chat_id: int | str | None
    time: float
    ok: bool = True
    error_code: int | None = None
    description: str | None = None
    fault: str | None = None
    result: Any = None

    @property
    def failed(self) -> bool:
        """``True`` for failed attempts (errors and injected faults)."""
        return not self.ok

    def to_json(self) -> dict[str, Any]:
        """JSON-friendly form used by the control API."""
        return {
            "method": self.method,
            "params": self.params,
            "chat_id": self.chat_id,
            "time": self.time,
            "ok": self.ok,
            "error_code": self.error_code,
            "description": self.description,
            "fault": self.fault,
            "result": self.result,
        }


@dataclass(frozen=True, slots=True)
class BotMessage:
    """Snapshot of a message the bot sent, as it currently is (after edits).

    ``text`` is the plain text Telegram shows (HTML tags removed, entities decoded);
    ``raw_text`` and ``parse_mode`` are what the bot last sent.
    """

    chat_id: int
    message_id: int
    text: str | None
    raw_text: str | None
    parse_mode: str | None
    entities: tuple[dict[str, Any], ...]
    reply_markup: dict[str, Any] | None
    date: int
    edit_date: int | None
    reply_to_message_id: int | None

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline keyboard buttons, row by row, flattened."""
        if not self.reply_markup:
            return []
        return [button for row in self.reply_markup.get("inline_keyboard", []) for button in row]

    @property
    def callback_data(self) -> list[str]:
        """``callback_data`` of every inline button that has one."""
        return [b["callback_data"] for b in self.buttons if "callback_data" in b]

    def to_json(self) -> dict[str, Any]:
        """JSON-friendly form used by the control API."""
        return {
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "text": self.text,
            "raw_text": self.raw_text,
            "parse_mode": self.parse_mode,
            "entities": list(self.entities),
            "reply_markup": self.reply_markup,
            "date": self.date,
            "edit_date": self.edit_date,
            "reply_to_message_id": self.reply_to_message_id,
        }


@dataclass
class Fault:
    """An injected failure, see :meth:`FakeBotAPI.fail`. ``remaining=None`` = forever."""

    kind: str
    method: str | None
    chat_id: int | str | None
    remaining: int | None
    retry_after: int = 1
    migrate_to_chat_id: int | None = None
    status: int = 500
    seconds: float = 10.0
    deliver: bool = False
    description: str | None = None

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.method is not None and self.method != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def error(self, chat_id: int | str | None) -> ApiError:
        """The error this fault answers with (not used for ``timeout``)."""
        kind = self.kind
        if kind == "retry_after":
            error = ApiError(
                429,
                f"Too Many Requests: retry after {self.retry_after}",
                {"retry_after": self.retry_after},
            )
        elif kind == "forbidden":
            error = ApiError(403, "Forbidden: bot was blocked by the user")
        elif kind == "kicked":
            error = ApiError(403, "Forbidden: bot was kicked from the group chat")
        elif kind == "chat_not_found":
            error = _bad_request("chat not found")
        elif kind == "migrate":
            target = self.migrate_to_chat_id
            if target is None:
                if not isinstance(chat_id, int):
                    raise ValueError("migrate fault needs migrate_to_chat_id for this request")
                target = int(f"-100{abs(chat_id)}")
            error = ApiError(400, _MIGRATED, {"migrate_to_chat_id": target})
        elif kind == "server_error":
            phrase = "Bad Gateway" if self.status == 502 else "Internal Server Error"
            error = ApiError(self.status, phrase)
        elif kind == "conflict":
            error = ApiError(409, _CONFLICT_OTHER_POLL)
        else:  # "error": fully custom
            error = ApiError(self.status, self.description or "Bad Request: injected error")
        if self.description:
            error.description = self.description
        return error


# --------------------------------------------------------------------------------------
# Internal state
# --------------------------------------------------------------------------------------


@dataclass
class _Message:
    chat_id: int
    message_id: int
    date: int
    from_bot: bool
    from_user: dict[str, Any] | None = None
    sender_chat: dict[str, Any] | None = None
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    raw_text: str | None = None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    reply_to_message_id: int | None = None
    edit_date: int | None = None
    deleted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Chat:
    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    bot_status: str = "member"
    bot_member_fields: dict[str, Any] = field(default_factory=dict)
    members: dict[int, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    migrated_to: int | None = None
    last_message_id: int = 0
    messages: dict[int, _Message] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            data["first_name"] = self.first_name or DEFAULT_FIRST_NAME
            if self.last_name:
                data["last_name"] = self.last_name
        else:
            data["title"] = self.title or f"Test {self.type} {abs(self.id)}"
        if self.username:
            data["username"] = self.username
        return data


def _infer_chat_type(chat_id: int) -> str:
    if chat_id > 0:
        return "private"
    text = str(chat_id)
    return "supergroup" if text.startswith("-100") and len(text) > 4 else "group"


def _member_fields(status: str, chat_type: str, overrides: dict[str, Any]) -> dict[str, Any]:
    """Fields PTB requires for each ``ChatMember`` subclass, plus overrides."""
    fields: dict[str, Any] = {}
    if status == "creator":
        fields = {"is_anonymous": False}
    elif status == "administrator":
        fields = {
            "can_be_edited": False,
            "is_anonymous": False,
            "can_manage_chat": True,
            "can_delete_messages": True,
            "can_manage_video_chats": True,
            "can_restrict_members": True,
            "can_promote_members": False,
            "can_change_info": True,
            "can_invite_users": True,
            "can_post_stories": False,
            "can_edit_stories": False,
            "can_delete_stories": False,
        }
        if chat_type == "channel":
            fields |= {"can_post_messages": True, "can_edit_messages": True}
        else:
            fields |= {"can_pin_messages": True, "can_manage_topics": False}
    elif status == "restricted":
        fields = {
            "is_member": True,
            "until_date": 0,
            **dict.fromkeys(
                (
                    "can_change_info",
                    "can_invite_users",
                    "can_pin_messages",
                    "can_send_messages",
                    "can_send_polls",
                    "can_send_other_messages",
                    "can_add_web_page_previews",
                    "can_manage_topics",
                    "can_send_audios",
                    "can_send_documents",
                    "can_send_photos",
                    "can_send_videos",
                    "can_send_video_notes",
                    "can_send_voice_notes",
                    "can_edit_tag",
                ),
                False,
            ),
        }
    elif status == "kicked":
        fields = {"until_date": 0}
    return fields | overrides


def _normalize_chat_id(value: Any) -> int | str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return int(value)
        return value
    return None


def _decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Turn transport values (strings from forms, JSON values) into Bot API values."""
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str):
            if key in _JSON_PARAMS:
                try:
                    value = json.loads(value)
                except ValueError:
                    what = "reply keyboard markup" if key == "reply_markup" else key
                    raise _bad_request(f"can't parse {what} JSON object") from None
            elif key in _INT_PARAMS:
                try:
                    value = int(value)
                except ValueError:
                    if key != "chat_id":
                        raise _bad_request(f"invalid {key} specified") from None
            elif key in _FLOAT_PARAMS:
                try:
                    value = float(value)
                except ValueError:
                    raise _bad_request(f"invalid {key} specified") from None
            elif key in _BOOL_PARAMS:
                value = value.strip().lower() in ("true", "1")
        params[key] = value
    return params


def _scope_key(scope: Any) -> str:
    if scope is None:
        scope = {"type": "default"}
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise _bad_request("can't parse BotCommandScope JSON object")
    normalized = dict(scope)
    if "chat_id" in normalized:
        normalized["chat_id"] = _normalize_chat_id(normalized["chat_id"])
    return json.dumps(normalized, sort_keys=True)


_CANONICAL_METHODS: Final = (
    "getMe",
    "logOut",
    "close",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
    "sendMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
    "answerInlineQuery",
    "sendChatAction",
    "getChat",
    "getChatMember",
    "getChatAdministrators",
    "leaveChat",
)

MethodHandler = Callable[[dict[str, Any]], Any]
Predicate = Callable[[], Any]


# --------------------------------------------------------------------------------------
# The fake server
# --------------------------------------------------------------------------------------


class FakeBotAPI:
    """Fake Telegram Bot API server. See the module docstring for an overview.

    Args:
        token: The only token accepted; other tokens get 401 Unauthorized.
        bot_username: ``username`` returned by ``getMe``.
        bot_first_name: ``first_name`` returned by ``getMe``.
        host: Interface to bind (keep the default ``127.0.0.1``).
        port: Port to bind; ``0`` picks a free one.
        flood_limit_per_second: If set, a ``sendMessage`` beyond this many successful
            ones in the current second gets 429 ``retry_after=1``.
        flood_limit_per_chat_per_second: Same, counted per chat.
        bot_channel_status: The bot's status in channels it has not been told about.
        default_member_status: ``getChatMember`` status of users not configured with
            :meth:`set_chat_member`.
        privacy_mode: If ``True``, group messages that are neither commands, mentions
            of the bot nor replies to it are not delivered (Telegram's privacy mode).
        strict_html_ampersand: Reject a bare ``&`` in HTML text (see module docs).
        clock: Monotonic clock in seconds for :attr:`RecordedCall.time`, the stats
            histogram and the flood windows; inject a fake one for deterministic tests.
            Waiting (long polls, held requests) always uses real time.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "cskh_test_bot",
        *,
        bot_first_name: str = "CSKH Test Bot",
        host: str = "127.0.0.1",
        port: int = 0,
        flood_limit_per_second: int | None = None,
        flood_limit_per_chat_per_second: int | None = None,
        bot_channel_status: str = "administrator",
        default_member_status: str = "member",
        privacy_mode: bool = False,
        strict_html_ampersand: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        prefix = token.split(":", 1)[0]
        self.token = token
        self.bot_id = int(prefix) if prefix.isdigit() else DEFAULT_BOT_ID
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.host = host
        self.flood_limit_per_second = flood_limit_per_second
        self.flood_limit_per_chat_per_second = flood_limit_per_chat_per_second
        self.bot_channel_status = bot_channel_status
        self.default_member_status = default_member_status
        self.privacy_mode = privacy_mode
        self.strict_html_ampersand = strict_html_ampersand
        self.clock = clock
        self._requested_port = port

        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._async_waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._version = 0
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._canonical = {name.lower(): name for name in _CANONICAL_METHODS}
        self._custom_methods: dict[str, MethodHandler] = {}
        self._poll_generation = 0  # survives reset(): a waiting poll must not see a change

        # Server plumbing (set by start / start_async).
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing: asyncio.Event | None = None
        self._updates_event: asyncio.Event | None = None

        self._reset_state()

    # ------------------------------------------------------------------ lifecycle

    def _reset_state(self) -> None:
        self._calls: list[RecordedCall] = []
        self._calls_by_method: dict[str, list[RecordedCall]] = defaultdict(list)
        self._chats: dict[int, _Chat] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._pending: deque[dict[str, Any]] = deque()
        self._enqueued: dict[int, dict[str, Any]] = {}
        self._allowed_updates: frozenset[str] | None = None
        self._webhook: dict[str, Any] = {}
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._faults: list[Fault] = []
        self._open_callback_queries: set[str] = set()
        self._open_inline_queries: set[str] = set()
        self._flood_second = -1
        self._flood_total = 0
        self._flood_per_chat: Counter[int | str] = Counter()
        # Benchmark statistics (successful sendMessage calls).
        self._send_t0: float | None = None
        self._send_per_second: Counter[int] = Counter()
        self._send_per_chat_second: dict[int | str, Counter[int]] = defaultdict(Counter)
        self._send_texts: Counter[tuple[int | str, str]] = Counter()
        self._send_failed = 0

    def reset(self) -> None:
        """Forget calls, chats, messages, queued updates, faults, commands and stats.

        Configuration (token, flood limits, custom methods) is kept, and update ids keep
        increasing so a running poller (which remembers its offset) keeps working.
        """
        with self._lock:
            self._reset_state()
            self._changed()
        self._wake_pollers()

    def start(self) -> Self:
        """Start the server in a background thread with its own event loop."""
        if self._thread is not None:
            raise RuntimeError("FakeBotAPI is already running")
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self.start_async())
            except BaseException as exc:
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=run, name="FakeBotAPI", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]
        return self

    def stop(self) -> None:
        """Stop the background server (idempotent)."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        with contextlib.suppress(RuntimeError, TimeoutError):
            asyncio.run_coroutine_threadsafe(self.stop_async(), loop).result(timeout=10)
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        self._thread = None
        self._loop = None

    async def start_async(self) -> None:
        """Start serving on the *current* event loop (used by the CLI and by :meth:`start`)."""
        self._loop = asyncio.get_running_loop()
        self._closing = asyncio.Event()
        self._updates_event = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/_control/stats", self._control_stats)
        app.router.add_get("/_control/calls", self._control_calls)
        app.router.add_get("/_control/messages", self._control_messages)
        app.router.add_post("/_control/reset", self._control_reset)
        app.router.add_post("/_control/updates", self._control_updates)
        app.router.add_post("/_control/fail", self._control_fail)
        app.router.add_post("/_control/clear_faults", self._control_clear_faults)
        app.router.add_post("/_control/config", self._control_config)
        app.router.add_post("/_control/chat_member", self._control_chat_member)
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5
        )
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self._requested_port))
        except OSError:
            sock.close()
            await runner.cleanup()
            raise
        site = web.SockSite(runner, sock)
        await site.start()
        self._runner = runner
        self._port = sock.getsockname()[1]

    async def stop_async(self) -> None:
        """Stop serving; pending long polls and held requests are released."""
        if self._closing is not None:
            self._closing.set()
        self._kick_pollers()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self._port = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ addresses

    @property
    def port(self) -> int:
        """The bound TCP port."""
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not running; call start() first")
        return self._port

    @property
    def url(self) -> str:
        """Root URL, ``http://127.0.0.1:PORT``."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for PTB's ``base_url``: ``http://127.0.0.1:PORT/bot``."""
        return f"{self.url}/bot"

    @property
    def control_url(self) -> str:
        """Root of the JSON control API, ``http://127.0.0.1:PORT/_control``."""
        return f"{self.url}/_control"

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot as a Telegram ``User`` object (what ``getMe`` returns)."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def make_bot(self, **kwargs: Any) -> Bot:
        """A ``telegram.Bot`` for this fake, using :func:`ptb_request` (use ``async with``)."""
        from telegram import Bot

        kwargs.setdefault("request", ptb_request())
        kwargs.setdefault("get_updates_request", ptb_request(get_updates=True))
        return Bot(self.token, base_url=self.base_url, **kwargs)

    def application_builder(
        self,
        *,
        request_kwargs: dict[str, Any] | None = None,
        get_updates_request_kwargs: dict[str, Any] | None = None,
    ) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
        """``ApplicationBuilder`` preset with token, ``base_url`` and :func:`ptb_request`s.

        Timeouts must then be passed via the ``*_request_kwargs`` (PTB forbids setting
        them on the builder once a request object is given).
        """
        from telegram.ext import ApplicationBuilder

        return (
            ApplicationBuilder()
            .token(self.token)
            .base_url(self.base_url)
            .request(ptb_request(**(request_kwargs or {})))
            .get_updates_request(
                ptb_request(get_updates=True, **(get_updates_request_kwargs or {}))
            )
        )

    # ------------------------------------------------------------------ notification

    def _changed(self) -> None:
        """Wake every waiter; call with the lock held."""
        self._version += 1
        self._cond.notify_all()
        for loop, event in self._async_waiters:
            with contextlib.suppress(RuntimeError):  # waiter's loop already closed
                loop.call_soon_threadsafe(event.set)

    def _kick_pollers(self) -> None:
        """Wake long polls (must run on the server loop)."""
        event = self._updates_event
        if event is not None:
            self._updates_event = asyncio.Event()
            event.set()

    def _wake_pollers(self) -> None:
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._kick_pollers)

    # ------------------------------------------------------------------ inspection

    @property
    def sent(self) -> list[RecordedCall]:
        """Every recorded call, in arrival order (a copy)."""
        with self._lock:
            return list(self._calls)

    def calls(
        self,
        method: str | None = None,
        *,
        chat_id: int | str | None = None,
        ok: bool | None = None,
    ) -> list[RecordedCall]:
        """Recorded calls, optionally filtered by method (any case), chat and success."""
        with self._lock:
            pool = self._calls if method is None else self._calls_by_method.get(method.lower(), [])
            if chat_id is None and ok is None:
                return list(pool)
            return [
                call
                for call in pool
                if (chat_id is None or call.chat_id == chat_id) and (ok is None or call.ok == ok)
            ]

    def _count_calls(self, method: str | None, chat_id: int | str | None, ok: bool | None) -> int:
        if chat_id is None and ok is None:
            with self._lock:
                pool = self._calls if method is None else self._calls_by_method.get(method.lower())
                return len(pool or ())
        return len(self.calls(method, chat_id=chat_id, ok=ok))

    def messages(self, chat_id: int | str) -> list[BotMessage]:
        """The bot's (not deleted) messages in a chat, oldest first, as they are now."""
        with self._lock:
            chat = self._find_chat(chat_id)
            if chat is None:
                return []
            return [
                self._snapshot(message)
                for message in sorted(chat.messages.values(), key=lambda m: m.message_id)
                if message.from_bot and not message.deleted
            ]

    def message(self, chat_id: int | str, message_id: int) -> BotMessage | None:
        """One message of the bot by id (``None`` if unknown or deleted)."""
        with self._lock:
            chat = self._find_chat(chat_id)
            found = chat.messages.get(message_id) if chat else None
            if found is None or found.deleted or not found.from_bot:
                return None
            return self._snapshot(found)

    @staticmethod
    def _snapshot(message: _Message) -> BotMessage:
        return BotMessage(
            chat_id=message.chat_id,
            message_id=message.message_id,
            text=message.text,
            raw_text=message.raw_text,
            parse_mode=message.parse_mode,
            entities=tuple(copy.deepcopy(message.entities)),
            reply_markup=copy.deepcopy(message.reply_markup),
            date=message.date,
            edit_date=message.edit_date,
            reply_to_message_id=message.reply_to_message_id,
        )

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates enqueued and not yet confirmed by a later ``getUpdates`` offset."""
        with self._lock:
            return copy.deepcopy(list(self._pending))

    def get_update(self, update_id: int) -> dict[str, Any]:
        """An update enqueued earlier (also after it was confirmed)."""
        with self._lock:
            return copy.deepcopy(self._enqueued[update_id])

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """Commands stored by ``setMyCommands`` for a scope and language."""
        with self._lock:
            return copy.deepcopy(self._commands.get((_scope_key(scope), language_code), []))

    @property
    def webhook(self) -> dict[str, Any]:
        """Current webhook settings (empty when none is set)."""
        with self._lock:
            return dict(self._webhook)

    def stats(self) -> dict[str, Any]:
        """Benchmark statistics (JSON-ready).

        ``send_message.per_second`` is a dense list: index = whole seconds since the first
        successful ``sendMessage`` (since the last :meth:`reset`).
        """
        with self._lock:
            methods = Counter(call.method for call in self._calls)
            last = max(self._send_per_second, default=-1)
            per_second = [self._send_per_second.get(second, 0) for second in range(last + 1)]
            per_chat: dict[str, dict[str, Any]] = {}
            for chat_id, counter in self._send_per_chat_second.items():
                chat_last = max(counter, default=-1)
                per_chat[str(chat_id)] = {
                    "total": sum(counter.values()),
                    "max_per_second": max(counter.values(), default=0),
                    "per_second": [counter.get(second, 0) for second in range(chat_last + 1)],
                }
            duplicates = [
                {"chat_id": chat_id, "text": text, "count": count}
                for (chat_id, text), count in self._send_texts.items()
                if count > 1
            ]
            total = sum(per_second)
            return {
                "total_calls": len(self._calls),
                "failed_calls": sum(1 for call in self._calls if not call.ok),
                "methods": dict(methods),
                "send_message": {
                    "total": total,
                    "failed": self._send_failed,
                    "per_second": per_second,
                    "max_per_second": max(per_second, default=0),
                    "per_chat": per_chat,
                    "chats": len(per_chat),
                    "duplicates": duplicates,
                    "duplicate_count": sum(item["count"] - 1 for item in duplicates),
                },
                "updates": {"enqueued": len(self._enqueued), "pending": len(self._pending)},
            }

    # ------------------------------------------------------------------ waiting

    async def wait_until(
        self, predicate: Predicate, timeout: float = 5.0, *, message: str | None = None
    ) -> Any:
        """Await until ``predicate()`` is truthy and return its value.

        The predicate is re-evaluated on the caller's loop whenever the fake's state
        changes (and at least every 50 ms), without blocking that loop.

        Raises:
            TimeoutError: if the predicate is still falsy after ``timeout`` seconds.
        """
        loop = asyncio.get_running_loop()
        event = asyncio.Event()
        waiter = (loop, event)
        with self._lock:
            self._async_waiters.add(waiter)
        try:
            deadline = loop.time() + timeout
            while True:
                event.clear()
                value = predicate()
                if value:
                    return value
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError(message or f"condition not met within {timeout} s")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), min(remaining, 0.05))
        finally:
            with self._lock:
                self._async_waiters.discard(waiter)

    def wait_until_sync(
        self, predicate: Predicate, timeout: float = 5.0, *, message: str | None = None
    ) -> Any:
        """Blocking version of :meth:`wait_until` (for sync tests / other threads)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                version = self._version
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(message or f"condition not met within {timeout} s")
            with self._cond:
                if self._version == version:
                    self._cond.wait(min(remaining, 0.05))

    def _calls_predicate(
        self, method: str | None, count: int, chat_id: int | str | None, ok: bool | None
    ) -> Predicate:
        def check() -> list[RecordedCall] | None:
            if self._count_calls(method, chat_id, ok) < count:
                return None
            return self.calls(method, chat_id=chat_id, ok=ok)

        return check

    def _calls_timeout_message(self, method: str | None, count: int, timeout: float) -> str:
        seen = self.calls(method)
        summary = ", ".join(
            f"{call.method}({call.chat_id}){'' if call.ok else ' FAILED'}" for call in seen[-10:]
        )
        return (
            f"expected {count} {method or 'any'} call(s) within {timeout} s, "
            f"got {len(seen)}: [{summary}]"
        )

    async def wait_for_calls(
        self,
        method: str | None,
        count: int = 1,
        timeout: float = 5.0,
        *,
        chat_id: int | str | None = None,
        ok: bool | None = None,
    ) -> list[RecordedCall]:
        """Await until at least ``count`` matching calls were recorded; return all matches.

        ``ok=True`` counts successful calls only, ``ok=False`` failed ones only.
        """
        try:
            return await self.wait_until(self._calls_predicate(method, count, chat_id, ok), timeout)
        except TimeoutError:
            raise TimeoutError(self._calls_timeout_message(method, count, timeout)) from None

    def wait_for_calls_sync(
        self,
        method: str | None,
        count: int = 1,
        timeout: float = 5.0,
        *,
        chat_id: int | str | None = None,
        ok: bool | None = None,
    ) -> list[RecordedCall]:
        """Blocking version of :meth:`wait_for_calls`."""
        try:
            return self.wait_until_sync(self._calls_predicate(method, count, chat_id, ok), timeout)
        except TimeoutError:
            raise TimeoutError(self._calls_timeout_message(method, count, timeout)) from None

    # ------------------------------------------------------------------ configuration

    def fail(
        self,
        method: str | None = "sendMessage",
        chat_id: int | str | None = None,
        kind: str = "server_error",
        times: int | None = 1,
        *,
        retry_after: int = 1,
        migrate_to_chat_id: int | None = None,
        status: int = 500,
        seconds: float = 10.0,
        deliver: bool = False,
        description: str | None = None,
    ) -> Fault:
        """Make the next ``times`` matching requests fail (``times=None``: until cleared).

        Args:
            method: Method name (any case); ``None`` matches every method.
            chat_id: Only requests for this chat; ``None`` matches any.
            kind: One of :data:`FAULT_KINDS`:

                * ``"retry_after"``: 429 with ``parameters.retry_after=retry_after``.
                * ``"forbidden"``: 403 "Forbidden: bot was blocked by the user".
                * ``"kicked"``: 403 "Forbidden: bot was kicked from the group chat".
                * ``"chat_not_found"``: 400 "Bad Request: chat not found".
                * ``"migrate"``: 400 with ``parameters.migrate_to_chat_id`` (default
                  ``-100<abs(chat_id)>``).
                * ``"server_error"``: ``status`` 500 (JSON) or 502 (nginx HTML page).
                * ``"timeout"``: hold the request ``seconds`` before handling it. The
                  request is processed only if the client is still waiting then; with
                  ``deliver=True`` it is processed at once and only the answer is held
                  (the "sent but the client timed out" case).
                * ``"conflict"``: 409 "Conflict: terminated by other getUpdates request…".
                * ``"error"``: ``status`` with a custom ``description``.
            times: How many requests to fail.
            description: Override the error description.
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(FAULT_KINDS)}")
        if times is not None and times < 1:
            raise ValueError("times must be >= 1 or None")
        fault = Fault(
            kind=kind,
            method=method.lower() if method else None,
            chat_id=_normalize_chat_id(chat_id),
            remaining=times,
            retry_after=retry_after,
            migrate_to_chat_id=migrate_to_chat_id,
            status=status,
            seconds=seconds,
            deliver=deliver,
            description=description,
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        with self._lock:
            self._faults.clear()

    def register_method(self, name: str, handler: MethodHandler) -> None:
        """Serve an extra (or override a built-in) method.

        ``handler(params) -> result`` runs on the server thread with the state lock held;
        it may raise :class:`ApiError`.
        """
        with self._lock:
            self._custom_methods[name.lower()] = handler
            self._canonical.setdefault(name.lower(), name)

    def register_chat(
        self,
        chat_id: int,
        chat_type: str | None = None,
        *,
        title: str | None = None,
        username: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> None:
        """Declare a chat (type, title, ``@username``) before using it."""
        with self._lock:
            chat = self._chat(chat_id, chat_type)
            chat.title = title or chat.title
            chat.username = username.lstrip("@") if username else chat.username
            chat.first_name = first_name or chat.first_name
            chat.last_name = last_name or chat.last_name

    def set_chat_member(self, chat_id: int, user_id: int, status: str, **fields: Any) -> None:
        """Configure ``getChatMember`` for a user (``fields`` override ChatMember fields).

        Using the bot's own id is the same as :meth:`set_bot_status`.
        """
        if status not in MEMBER_STATUSES:
            raise ValueError(f"unknown member status {status!r}")
        with self._lock:
            chat = self._chat(chat_id)
            if user_id == self.bot_id:
                chat.bot_status, chat.bot_member_fields = status, dict(fields)
            else:
                chat.members[user_id] = (status, dict(fields))
            self._changed()

    def set_bot_status(
        self, chat_id: int, status: str, *, chat_type: str | None = None, **fields: Any
    ) -> None:
        """Set the bot's own membership in a chat without sending an update."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"unknown member status {status!r}")
        with self._lock:
            chat = self._chat(chat_id, chat_type)
            chat.bot_status, chat.bot_member_fields = status, dict(fields)
            self._changed()

    def bot_status(self, chat_id: int) -> str:
        """The bot's current status in a chat."""
        with self._lock:
            return self._chat(chat_id).bot_status

    # ------------------------------------------------------------------ chats & users

    def _find_chat(self, chat_id: int | str) -> _Chat | None:
        if isinstance(chat_id, str):
            name = chat_id.lstrip("@").lower()
            return next(
                (chat for chat in self._chats.values() if (chat.username or "").lower() == name),
                None,
            )
        return self._chats.get(chat_id)

    def _chat(self, chat_id: int, chat_type: str | None = None) -> _Chat:
        """Get or create a chat; an explicit ``chat_type`` updates the stored one."""
        if chat_type is not None and chat_type not in CHAT_TYPES:
            raise ValueError(f"unknown chat type {chat_type!r}")
        chat = self._chats.get(chat_id)
        if chat is None:
            kind = chat_type or _infer_chat_type(chat_id)
            status = self.bot_channel_status if kind == "channel" else "member"
            chat = _Chat(id=chat_id, type=kind, bot_status=status)
            self._chats[chat_id] = chat
        elif chat_type is not None and chat.type != chat_type:
            chat.type = chat_type
            if chat_type == "channel":
                chat.bot_status = self.bot_channel_status
        return chat

    def _user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        user = self._users.get(user_id) or {
            "id": user_id,
            "is_bot": False,
            "first_name": DEFAULT_FIRST_NAME,
        }
        if first_name is not None:
            user["first_name"] = first_name
        if last_name is not None:
            user["last_name"] = last_name
        if username is not None:
            user["username"] = username
        if language_code is not None:
            user["language_code"] = language_code
        self._users[user_id] = user
        return dict(user)

    def _message_to_api(self, message: _Message, *, with_reply: bool = True) -> dict[str, Any]:
        chat = self._chats[message.chat_id]
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": chat.to_api(),
        }
        if message.from_user is not None:
            data["from"] = dict(message.from_user)
        if message.sender_chat is not None:
            data["sender_chat"] = dict(message.sender_chat)
        if with_reply and message.reply_to_message_id is not None:
            target = chat.messages.get(message.reply_to_message_id)
            if target is not None and not target.deleted:
                data["reply_to_message"] = self._message_to_api(target, with_reply=False)
        if message.edit_date is not None:
            data["edit_date"] = message.edit_date
        if message.text is not None:
            data["text"] = message.text
            if message.entities:
                data["entities"] = copy.deepcopy(message.entities)
        if message.reply_markup:
            data["reply_markup"] = copy.deepcopy(message.reply_markup)
        data.update(copy.deepcopy(message.extra))
        return data

    def _store_message(self, chat: _Chat, message: _Message) -> _Message:
        chat.last_message_id = max(chat.last_message_id, message.message_id)
        chat.messages[message.message_id] = message
        return message

    def _new_message(self, chat: _Chat, **fields: Any) -> _Message:
        message = _Message(
            chat_id=chat.id,
            message_id=chat.last_message_id + 1,
            date=int(time.time()),
            **fields,
        )
        return self._store_message(chat, message)

    # ------------------------------------------------------------------ update builders

    def enqueue_update(self, update: dict[str, Any]) -> int:
        """Enqueue a raw update dict; its ``update_id`` is (re)assigned. Returns the id.

        Messages contained in the update are remembered so the bot can reply to them.
        """
        body = {key: value for key, value in update.items() if key != "update_id"}
        with self._lock:
            for key in ("message", "channel_post", "edited_message", "edited_channel_post"):
                raw = body.get(key)
                if isinstance(raw, dict) and isinstance(raw.get("chat"), dict):
                    self._remember_raw_message(raw)
            return self._enqueue(body)

    def _remember_raw_message(self, raw: dict[str, Any]) -> None:
        chat_data = raw["chat"]
        chat = self._chat(int(chat_data["id"]), chat_data.get("type"))
        chat.title = chat_data.get("title", chat.title)
        chat.first_name = chat_data.get("first_name", chat.first_name)
        chat.username = chat_data.get("username", chat.username)
        message_id = raw.get("message_id")
        if isinstance(message_id, int):
            sender = raw.get("from")
            self._store_message(
                chat,
                _Message(
                    chat_id=chat.id,
                    message_id=message_id,
                    date=int(raw.get("date", time.time())),
                    from_bot=isinstance(sender, dict) and sender.get("id") == self.bot_id,
                    from_user=sender,
                    sender_chat=raw.get("sender_chat"),
                    text=raw.get("text"),
                    entities=list(raw.get("entities", [])),
                ),
            )

    def _enqueue(self, body: dict[str, Any]) -> int:
        """Append an update (lock held); returns its id."""
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **body}
        self._pending.append(update)
        self._enqueued[update_id] = update
        self._changed()
        self._wake_pollers()
        return update_id

    def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str | None = None,
        language_code: str | None = "vi",
        first_name: str = DEFAULT_FIRST_NAME,
        last_name: str | None = None,
        username: str | None = None,
        reply_to_message_id: int | None = None,
        sender_chat_id: int | None = None,
        title: str | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> int:
        """Enqueue a text ``message`` from a user; returns the update id.

        ``chat_type`` defaults to the known type of the chat or one inferred from the id
        (positive: private, ``-100…``: supergroup, other negative: group); ``"channel"``
        delegates to :meth:`channel_post`. ``user_id`` defaults to the chat id in private
        chats and to :data:`DEFAULT_USER_ID` elsewhere. ``sender_chat_id`` makes it an
        anonymous message: equal to ``chat_id`` = anonymous group admin, another id = sent
        on behalf of that channel. Command and mention entities are computed unless
        ``entities`` is given. With ``privacy_mode`` a group message the bot would not
        see is stored but not enqueued, and ``0`` is returned.
        """
        with self._lock:
            chat = self._chat(chat_id, chat_type)
            if chat.type == "channel":
                return self.channel_post(chat_id, text, title=title)
            if chat.type == "private":
                if user_id is not None and user_id != chat_id:
                    raise ValueError("in a private chat the user id equals the chat id")
                user_id = chat_id
                chat.first_name, chat.last_name = first_name, last_name
                chat.username = username or chat.username
            elif title:
                chat.title = title
            sender: dict[str, Any]
            sender_chat: dict[str, Any] | None = None
            if sender_chat_id is None:
                sender = self._user(
                    user_id if user_id is not None else DEFAULT_USER_ID,
                    first_name=first_name,
                    last_name=last_name,
                    username=username,
                    language_code=language_code,
                )
            elif sender_chat_id == chat_id:
                sender, sender_chat = dict(ANONYMOUS_ADMIN_USER), chat.to_api()
            else:
                sender = dict(CHANNEL_BOT_USER)
                sender_chat = self._chat(sender_chat_id, "channel").to_api()
            if reply_to_message_id is not None and reply_to_message_id not in chat.messages:
                raise LookupError(f"no message {reply_to_message_id} in chat {chat_id}")
            found = entities if entities is not None else command_and_mention_entities(text)
            message = self._new_message(
                chat,
                from_bot=False,
                from_user=sender,
                sender_chat=sender_chat,
                text=text,
                entities=list(found),
                reply_to_message_id=reply_to_message_id,
            )
            if self.privacy_mode and chat.type != "private":
                replied = chat.messages.get(reply_to_message_id or 0)
                addressed = (
                    any(entity["type"] == "bot_command" for entity in found)
                    or f"@{self.bot_username}".lower() in text.lower()
                    or (replied is not None and replied.from_bot)
                )
                if not addressed:
                    return 0
            return self._enqueue({"message": self._message_to_api(message)})

    def channel_post(
        self,
        chat_id: int,
        text: str,
        *,
        title: str | None = None,
        author_signature: str | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> int:
        """Enqueue a ``channel_post`` in a channel; returns the update id."""
        with self._lock:
            chat = self._chat(chat_id, "channel")
            chat.title = title or chat.title
            extra = {"author_signature": author_signature} if author_signature else {}
            message = self._new_message(
                chat,
                from_bot=False,
                sender_chat=chat.to_api(),
                text=text,
                entities=list(
                    entities if entities is not None else command_and_mention_entities(text)
                ),
                extra=extra,
            )
            return self._enqueue({"channel_post": self._message_to_api(message)})

    def press_button(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        first_name: str = DEFAULT_FIRST_NAME,
        language_code: str | None = "vi",
    ) -> int:
        """Enqueue a ``callback_query`` for an inline button of the bot's message.

        The query carries the message as it currently is; answer it with
        ``answerCallbackQuery``. Returns the update id.
        """
        with self._lock:
            chat = self._chats.get(chat_id)
            message = chat.messages.get(message_id) if chat else None
            if chat is None or message is None or message.deleted:
                raise LookupError(f"no message {message_id} in chat {chat_id}")
            if not message.from_bot:
                raise LookupError(f"message {message_id} in chat {chat_id} is not the bot's")
            if user_id is None:
                user_id = chat_id if chat.type == "private" else DEFAULT_USER_ID
            query_id = str(next(self._query_ids))
            self._open_callback_queries.add(query_id)
            query = {
                "id": query_id,
                "from": self._user(user_id, first_name=first_name, language_code=language_code),
                "message": self._message_to_api(message),
                "chat_instance": str(abs(hash((self.bot_id, chat_id))) % 10**18),
                "data": data,
            }
            return self._enqueue({"callback_query": query})

    def inline_query(
        self,
        query: str,
        *,
        user_id: int = DEFAULT_USER_ID,
        first_name: str = DEFAULT_FIRST_NAME,
        language_code: str | None = "vi",
        offset: str = "",
        chat_type: str | None = "private",
    ) -> int:
        """Enqueue an ``inline_query``; returns the update id."""
        with self._lock:
            query_id = str(next(self._query_ids))
            self._open_inline_queries.add(query_id)
            body: dict[str, Any] = {
                "id": query_id,
                "from": self._user(user_id, first_name=first_name, language_code=language_code),
                "query": query,
                "offset": offset,
            }
            if chat_type is not None:
                body["chat_type"] = chat_type
            return self._enqueue({"inline_query": body})

    def my_chat_member(
        self,
        chat_id: int,
        new_status: str,
        *,
        chat_type: str | None = None,
        old_status: str | None = None,
        from_user_id: int | None = None,
        title: str | None = None,
        **member_fields: Any,
    ) -> int:
        """Enqueue a ``my_chat_member`` update (bot added, promoted, removed, blocked…).

        Also updates the bot's status in the chat, so e.g. ``"kicked"`` makes later sends
        fail with 403. In private chats ``"kicked"`` means the user blocked the bot.
        Returns the update id.
        """
        if new_status not in MEMBER_STATUSES:
            raise ValueError(f"unknown member status {new_status!r}")
        with self._lock:
            existed = chat_id in self._chats
            chat = self._chat(chat_id, chat_type)
            chat.title = title or chat.title
            previous = old_status
            if previous is None:
                if chat.type == "private":
                    previous = "member" if new_status == "kicked" else "kicked"
                else:
                    previous = chat.bot_status if existed else "left"
            if from_user_id is None:
                from_user_id = chat_id if chat.type == "private" else DEFAULT_USER_ID
            update = self._my_chat_member_body(
                chat,
                previous,
                new_status,
                from_user=self._user(from_user_id),
                fields=member_fields,
            )
            return self._enqueue({"my_chat_member": update})

    def _my_chat_member_body(
        self,
        chat: _Chat,
        old_status: str,
        new_status: str,
        *,
        from_user: dict[str, Any],
        fields: dict[str, Any],
    ) -> dict[str, Any]:
        """Build a ChatMemberUpdated for the bot and apply the new status (lock held)."""
        old_fields = chat.bot_member_fields if chat.bot_status == old_status else {}
        body = {
            "chat": chat.to_api(),
            "from": from_user,
            "date": int(time.time()),
            "old_chat_member": {
                "status": old_status,
                "user": self._bot_member_user(),
                **_member_fields(old_status, chat.type, old_fields),
            },
            "new_chat_member": {
                "status": new_status,
                "user": self._bot_member_user(),
                **_member_fields(new_status, chat.type, fields),
            },
        }
        chat.bot_status, chat.bot_member_fields = new_status, dict(fields)
        return body

    def _bot_member_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def migrate(
        self,
        old_chat_id: int,
        new_chat_id: int,
        *,
        user_id: int = DEFAULT_USER_ID,
        title: str | None = None,
        also_new_chat: bool = False,
    ) -> int:
        """Upgrade a group to a supergroup.

        Enqueues the service message with ``migrate_to_chat_id`` in the old group (and,
        with ``also_new_chat``, the ``migrate_from_chat_id`` one in the new supergroup).
        Afterwards sends to the old id fail with ChatMigrated. Returns the first update id.
        """
        with self._lock:
            old = self._chat(old_chat_id, "group")
            old.title = title or old.title
            new = self._chat(new_chat_id, "supergroup")
            new.title = old.title or title
            new.bot_status, new.bot_member_fields = old.bot_status, dict(old.bot_member_fields)
            new.members = dict(old.members)
            sender = self._user(user_id)
            service = self._new_message(
                old, from_bot=False, from_user=sender, extra={"migrate_to_chat_id": new_chat_id}
            )
            first = self._enqueue({"message": self._message_to_api(service)})
            old.migrated_to = new_chat_id
            if also_new_chat:
                created = self._new_message(
                    new,
                    from_bot=False,
                    from_user=sender,
                    extra={"migrate_from_chat_id": old_chat_id},
                )
                self._enqueue({"message": self._message_to_api(created)})
            return first

    # ------------------------------------------------------------------ HTTP layer

    @staticmethod
    def _json_response(body: Any, status: int = 200) -> web.Response:
        return web.Response(
            body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            status=status,
            content_type="application/json",
        )

    def _error_response(self, error: ApiError) -> web.Response:
        if error.error_code == 502:
            return web.Response(text=_NGINX_502, status=502, content_type="text/html")
        return self._json_response(error.payload(), error.error_code)

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        if request.body_exists:
            content_type = request.content_type
            if content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise _bad_request("can't parse JSON object") from None
                if not isinstance(body, dict):
                    raise _bad_request("JSON object expected")
                raw.update(body)
            elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        data = value.file.read()
                        raw[key] = {"file_name": value.filename, "file_size": len(data)}
                    else:
                        raw[key] = value
        return _decode_params(raw)

    def _record(
        self,
        method: str,
        params: dict[str, Any],
        arrival: float,
        *,
        result: Any = None,
        error: ApiError | None = None,
        fault: str | None = None,
    ) -> None:
        """Record a call and update stats (takes the lock)."""
        chat_id = _normalize_chat_id(params.get("chat_id"))
        call = RecordedCall(
            method=method,
            params=params,
            chat_id=chat_id,
            time=arrival,
            ok=error is None,
            error_code=error.error_code if error else None,
            description=error.description if error else None,
            fault=fault,
            result=result,
        )
        with self._lock:
            self._calls.append(call)
            self._calls_by_method[method.lower()].append(call)
            if method == "sendMessage":
                if error is None:
                    self._count_send(chat_id, params.get("text"), arrival)
                else:
                    self._send_failed += 1
            self._changed()

    def _count_send(self, chat_id: int | str | None, text: Any, now: float) -> None:
        if self._send_t0 is None:
            self._send_t0 = now
        second = int(now - self._send_t0)
        key = chat_id if chat_id is not None else ""
        self._send_per_second[second] += 1
        self._send_per_chat_second[key][second] += 1
        self._send_texts[(key, str(text))] += 1

    def _take_fault(self, method: str, chat_id: int | str | None) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, chat_id):
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    return fault
            return None

    async def _handle_api(self, request: web.Request) -> web.Response:
        arrival = self.clock()
        if request.match_info["token"] != self.token:
            return self._json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, 401
            )
        raw_method = request.match_info["method"]
        key = raw_method.lower()
        method = self._canonical.get(key, raw_method)
        try:
            params = await self._read_params(request)
        except ApiError as error:
            self._record(method, {}, arrival, error=error)
            return self._error_response(error)
        handler: MethodHandler | None = self._custom_methods.get(key)
        if handler is None and key != "getupdates":
            handler = getattr(self, f"_m_{key}", None)
        if handler is None and key != "getupdates":
            error = ApiError(404, "Not Found: method not found")
            self._record(method, params, arrival, error=error)
            return self._error_response(error)

        fault = self._take_fault(key, _normalize_chat_id(params.get("chat_id")))
        if fault is not None and fault.kind != "timeout":
            try:
                error = fault.error(_normalize_chat_id(params.get("chat_id")))
            except ValueError as exc:
                error = _bad_request(str(exc))
            self._record(method, params, arrival, error=error, fault=fault.kind)
            return self._error_response(error)
        if fault is not None and not fault.deliver:
            try:
                await self._hold(fault.seconds)
            except asyncio.CancelledError:
                timeout_error = ApiError(504, "client gave up waiting (injected timeout)")
                self._record(method, params, arrival, error=timeout_error, fault="timeout")
                raise

        try:
            if handler is None:
                result = await self._get_updates(params)
            else:
                with self._lock:
                    result = handler(params)
        except ApiError as error:
            self._record(method, params, arrival, error=error, fault=error.fault)
            return self._error_response(error)
        except Exception as exc:  # a bug in the fake or a custom handler: make it visible
            traceback.print_exc()
            error = ApiError(500, f"Internal Server Error: fake Bot API crashed: {exc!r}")
            self._record(method, params, arrival, error=error, fault="crash")
            return self._error_response(error)
        body: dict[str, Any] = {"ok": True, "result": result}
        if isinstance(result, _Described):
            body = {"ok": True, "result": result.value, "description": result.description}
        self._record(method, params, arrival, result=body["result"])
        if fault is not None:  # timeout with deliver=True: processed, answer held
            await self._hold(fault.seconds)
        return self._json_response(body)

    async def _hold(self, seconds: float) -> None:
        closing = self._closing
        if closing is None:
            await asyncio.sleep(seconds)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(closing.wait(), seconds)

    # ------------------------------------------------------------------ getUpdates

    def _update_allowed(self, update: dict[str, Any]) -> bool:
        kind = next((key for key in update if key != "update_id"), "")
        if self._allowed_updates is None:
            return kind not in _OPT_IN_UPDATE_TYPES
        return kind in self._allowed_updates

    def _take_batch(self, limit: int) -> list[dict[str, Any]]:
        """Deliverable updates (lock held); drops updates excluded by allowed_updates."""
        if any(not self._update_allowed(update) for update in self._pending):
            self._pending = deque(u for u in self._pending if self._update_allowed(u))
        return list(itertools.islice(self._pending, limit))

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        with self._lock:
            if self._webhook.get("url"):
                raise ApiError(409, _CONFLICT_WEBHOOK)
            offset = int(params.get("offset") or 0)
            limit = min(max(int(params.get("limit") or 100), 1), 100)
            timeout = max(float(params.get("timeout") or 0), 0.0)
            allowed = params.get("allowed_updates")
            if isinstance(allowed, list):
                self._allowed_updates = frozenset(allowed) if allowed else None
            if offset > 0:
                while self._pending and self._pending[0]["update_id"] < offset:
                    self._pending.popleft()
            elif offset < 0:
                while len(self._pending) > -offset:
                    self._pending.popleft()
            self._poll_generation += 1
            generation = self._poll_generation
            batch = self._take_batch(limit)
        self._kick_pollers()  # an older long poll is now terminated with 409
        if batch or timeout <= 0:
            return batch
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self._updates_event
            remaining = deadline - loop.time()
            if event is None or remaining <= 0:
                return []
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
            if self._closing is not None and self._closing.is_set():
                return []
            with self._lock:
                if self._poll_generation != generation:
                    raise ApiError(409, _CONFLICT_OTHER_POLL)
                batch = self._take_batch(limit)
            if batch:
                return batch

    # ------------------------------------------------------------------ validation

    def _writable_chat(self, params: dict[str, Any]) -> _Chat:
        """Resolve ``chat_id`` and check the bot may post there (lock held)."""
        chat = self._resolve_chat(params)
        if chat.migrated_to is not None:
            raise ApiError(400, _MIGRATED, {"migrate_to_chat_id": chat.migrated_to})
        status = chat.bot_status
        if status == "kicked":
            if chat.type == "private":
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
        if status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")
        if chat.type == "channel" and status not in ("administrator", "creator"):
            raise _bad_request("need administrator rights in the channel chat")
        if status == "restricted" and not chat.bot_member_fields.get("can_send_messages", False):
            raise _bad_request("not enough rights to send text messages to the chat")
        return chat

    def _resolve_chat(self, params: dict[str, Any]) -> _Chat:
        chat_id = _normalize_chat_id(params.get("chat_id"))
        if chat_id is None or chat_id == "":
            raise _bad_request("chat_id is empty")
        if isinstance(chat_id, str):
            found = self._find_chat(chat_id)
            if found is None:
                raise _bad_request("chat not found")
            return found
        return self._chat(chat_id)

    def _prepare_text(
        self, params: dict[str, Any], *, too_long: str
    ) -> tuple[str, list[dict[str, Any]]]:
        text = params.get("text")
        if not isinstance(text, str) or not text:
            raise _bad_request("message text is empty")
        parse_mode = str(params.get("parse_mode") or "").lower()
        entities = params.get("entities")
        if entities is not None:
            if not isinstance(entities, list):
                raise _bad_request("can't parse entities JSON object")
            plain, found = text, list(entities)
        elif parse_mode == "html":
            try:
                plain, found = parse_html(text, strict_ampersand=self.strict_html_ampersand)
            except HtmlParseError as exc:
                raise _bad_request(f"can't parse entities: {exc}") from None
        elif parse_mode in ("", "markdown", "markdownv2"):
            plain, found = text, []
        else:
            raise _bad_request("unsupported parse_mode")
        if not plain.strip():
            raise _bad_request("message text is empty")
        if utf16_len(plain) > MAX_MESSAGE_LENGTH:
            raise _bad_request(too_long)
        return plain, found

    @staticmethod
    def _inline_markup(markup: Any) -> dict[str, Any] | None:
        """Validate ``reply_markup``; return it if it is an inline keyboard."""
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return None  # reply keyboards etc. are not part of the returned Message
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad_request("can't parse inline keyboard button: InlineKeyboardButton expected")
        if sum(len(row) for row in rows) > MAX_INLINE_KEYBOARD_BUTTONS:
            raise _bad_request("reply markup is too long")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise _bad_request(
                        'can\'t parse inline keyboard button: Field "text" must be of type String'
                    )
                if not any(action in button for action in _BUTTON_ACTIONS):
                    raise _bad_request(
                        "can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard"
                    )
                if "callback_data" in button:
                    data = button["callback_data"]
                    size = len(data.encode("utf-8")) if isinstance(data, str) else 0
                    if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                        raise _bad_request("BUTTON_DATA_INVALID")
                if "url" in button:
                    url = urllib.parse.urlsplit(str(button["url"]))
                    if url.scheme not in ("http", "https", "tg") or not url.netloc:
                        raise _bad_request("BUTTON_URL_INVALID")
        return markup

    def _reply_target(self, chat: _Chat, params: dict[str, Any]) -> int | None:
        reply = params.get("reply_parameters")
        allow_missing = bool(params.get("allow_sending_without_reply"))
        if isinstance(reply, dict):
            target = reply.get("message_id")
            allow_missing = bool(reply.get("allow_sending_without_reply", allow_missing))
        else:
            target = params.get("reply_to_message_id")
        if target is None:
            return None
        found = chat.messages.get(int(target))
        if found is None or found.deleted:
            if allow_missing:
                return None
            raise _bad_request("message to be replied not found")
        return int(target)

    def _check_flood(self, chat_id: int | str) -> None:
        per_total, per_chat = self.flood_limit_per_second, self.flood_limit_per_chat_per_second
        if per_total is None and per_chat is None:
            return
        second = int(self.clock())
        if second != self._flood_second:
            self._flood_second, self._flood_total = second, 0
            self._flood_per_chat.clear()
        over_total = per_total is not None and self._flood_total >= per_total
        over_chat = per_chat is not None and self._flood_per_chat[chat_id] >= per_chat
        if over_total or over_chat:
            raise ApiError(
                429, "Too Many Requests: retry after 1", {"retry_after": 1}, fault="flood"
            )
        self._flood_total += 1
        self._flood_per_chat[chat_id] += 1

    def _editable_message(self, chat: _Chat, params: dict[str, Any], what: str) -> _Message:
        message_id = params.get("message_id")
        if message_id is None:
            raise _bad_request("message identifier is not specified")
        message = chat.messages.get(int(message_id))
        if message is None or message.deleted:
            raise _bad_request(f"message to {what} not found")
        return message

    # ------------------------------------------------------------------ Bot API methods
    # Each _m_<lowercase name>(params) runs with the lock held and returns ``result``.

    def _m_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    def _m_logout(self, params: dict[str, Any]) -> bool:
        return True

    def _m_close(self, params: dict[str, Any]) -> bool:
        return True

    def _m_setwebhook(self, params: dict[str, Any]) -> _Described:
        url = str(params.get("url") or "")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        if not url:
            had = bool(self._webhook.get("url"))
            self._webhook = {}
            return _Described(True, "Webhook was deleted" if had else "Webhook is already deleted")
        if not url.startswith("https://"):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else None
        self._webhook = {
            key: params[key]
            for key in ("url", "max_connections", "secret_token", "ip_address")
            if key in params
        }
        return _Described(True, "Webhook was set")

    def _m_deletewebhook(self, params: dict[str, Any]) -> _Described:
        if params.get("drop_pending_updates"):
            self._pending.clear()
        had = bool(self._webhook.get("url"))
        self._webhook = {}
        return _Described(True, "Webhook was deleted" if had else "Webhook is already deleted")

    def _m_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self._webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if info["url"]:
            info["max_connections"] = int(self._webhook.get("max_connections", 40))
            info["ip_address"] = self._webhook.get("ip_address", "127.0.0.1")
            if self._allowed_updates is not None:
                info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    def _m_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad_request("too many commands")
        cleaned: list[dict[str, str]] = []
        for item in commands:
            if not isinstance(item, dict):
                raise _bad_request("can't parse BotCommand JSON object")
            command = str(item.get("command", "")).removeprefix("/")
            description = str(item.get("description", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description.strip()) <= 256:
                raise _bad_request("command description must be non-empty")
            cleaned.append({"command": command, "description": description})
        key = (_scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self._commands[key] = cleaned
        return True

    def _m_getmycommands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        key = (_scope_key(params.get("scope")), str(params.get("language_code") or ""))
        return copy.deepcopy(self._commands.get(key, []))

    def _m_deletemycommands(self, params: dict[str, Any]) -> bool:
        key = (_scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self._commands.pop(key, None)
        return True

    def _m_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._writable_chat(params)
        plain, entities = self._prepare_text(params, too_long="message is too long")
        markup = self._inline_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat, params)
        self._check_flood(chat.id)
        message = self._new_message(
            chat,
            from_bot=True,
            from_user=None if chat.type == "channel" else self._bot_member_user(),
            sender_chat=chat.to_api() if chat.type == "channel" else None,
            text=plain,
            entities=entities,
            raw_text=params["text"],
            parse_mode=params.get("parse_mode"),
            reply_markup=markup,
            reply_to_message_id=reply_to,
        )
        return self._message_to_api(message)

    def _m_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if params.get("inline_message_id"):
            self._prepare_text(params, too_long="MESSAGE_TOO_LONG")
            self._inline_markup(params.get("reply_markup"))
            return True
        chat = self._writable_chat(params)
        message = self._editable_message(chat, params, "edit")
        if not message.from_bot:
            raise _bad_request("message can't be edited")
        plain, entities = self._prepare_text(params, too_long="MESSAGE_TOO_LONG")
        markup = self._inline_markup(params.get("reply_markup"))
        if (plain, entities, markup) == (message.text, message.entities, message.reply_markup):
            raise _bad_request(_NOT_MODIFIED.removeprefix("Bad Request: "))
        message.text, message.entities, message.reply_markup = plain, entities, markup
        message.raw_text, message.parse_mode = params["text"], params.get("parse_mode")
        message.edit_date = int(time.time())
        return self._message_to_api(message)

    def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        markup = self._inline_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        chat = self._writable_chat(params)
        message = self._editable_message(chat, params, "edit")
        if not message.from_bot:
            raise _bad_request("message can't be edited")
        if markup == message.reply_markup:
            raise _bad_request(_NOT_MODIFIED.removeprefix("Bad Request: "))
        message.reply_markup = markup
        message.edit_date = int(time.time())
        return self._message_to_api(message)

    def _m_deletemessage(self, params: dict[str, Any]) -> bool:
        chat = self._resolve_chat(params)
        message = self._editable_message(chat, params, "delete")
        message.deleted = True
        return True

    def _m_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_callback_queries:
            raise ApiError(400, _QUERY_TOO_OLD)
        self._open_callback_queries.discard(query_id)
        return True

    def _m_answerinlinequery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("inline_query_id") or "")
        results = params.get("results")
        if not isinstance(results, list):
            raise _bad_request("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise _bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            if not isinstance(result, dict) or not isinstance(result.get("type"), str):
                raise _bad_request("can't parse InlineQueryResult JSON object")
            result_id = str(result.get("id", ""))
            if not 1 <= len(result_id.encode("utf-8")) <= 64:
                raise _bad_request("RESULT_ID_INVALID")
            if result_id in seen:
                raise _bad_request("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                self._prepare_text(
                    {"text": content["message_text"], **content}, too_long="MESSAGE_TOO_LONG"
                )
            self._inline_markup(result.get("reply_markup"))
        if query_id not in self._open_inline_queries:
            raise ApiError(400, _QUERY_TOO_OLD)
        self._open_inline_queries.discard(query_id)
        return True

    def _m_sendchataction(self, params: dict[str, Any]) -> bool:
        self._writable_chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        return True

    def _m_getchat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params)
        info = chat.to_api()
        info |= {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
        if chat.migrated_to is not None:
            info["migrate_to_chat_id"] = chat.migrated_to
        return info

    def _member(self, chat: _Chat, user_id: int) -> dict[str, Any]:
        if user_id == self.bot_id:
            status, fields = chat.bot_status, chat.bot_member_fields
            user = self._bot_member_user()
        else:
            status, fields = chat.members.get(user_id, (self.default_member_status, {}))
            user = dict(self._users.get(user_id) or self._user(user_id))
            user.pop("language_code", None)
        return {"status": status, "user": user, **_member_fields(status, chat.type, fields)}

    def _check_member_list(self, chat: _Chat) -> None:
        if chat.type == "channel" and chat.bot_status not in ("administrator", "creator"):
            raise _bad_request("member list is inaccessible")

    def _m_getchatmember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params)
        user_id = params.get("user_id")
        if not isinstance(user_id, int):
            raise _bad_request("invalid user_id specified")
        if user_id != self.bot_id:
            self._check_member_list(chat)
        return self._member(chat, user_id)

    def _m_getchatadministrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._resolve_chat(params)
        if chat.type == "private":
            raise _bad_request("there are no administrators in the private chat")
        self._check_member_list(chat)
        admins = [
            self._member(chat, user_id)
            for user_id, (status, _) in chat.members.items()
            if status in ("creator", "administrator")
        ]
        if chat.bot_status in ("creator", "administrator"):
            admins.append(self._member(chat, self.bot_id))
        return admins

    def _m_leavechat(self, params: dict[str, Any]) -> bool:
        chat = self._resolve_chat(params)
        if chat.type == "private":
            raise _bad_request("chat member status can't be changed in private chats")
        if chat.bot_status in ("left", "kicked"):
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")
        body = self._my_chat_member_body(
            chat, chat.bot_status, "left", from_user=self._bot_member_user(), fields={}
        )
        self._enqueue({"my_chat_member": body})
        return True

    # ------------------------------------------------------------------ control API

    async def _control_body(self, request: web.Request) -> dict[str, Any]:
        if not request.body_exists:
            return {}
        try:
            body = await request.json()
        except ValueError:
            raise web.HTTPBadRequest(text="body must be JSON") from None
        if not isinstance(body, dict):
            raise web.HTTPBadRequest(text="body must be a JSON object")
        return body

    async def _control(
        self, request: web.Request, action: Callable[[dict[str, Any]], Any]
    ) -> web.Response:
        body = await self._control_body(request)
        try:
            result = action(body)
        except (TypeError, ValueError, LookupError) as exc:
            return self._json_response({"ok": False, "description": str(exc)}, 400)
        return self._json_response({"ok": True, "result": result})

    async def _control_stats(self, request: web.Request) -> web.Response:
        return self._json_response({"ok": True, "result": self.stats()})

    async def _control_calls(self, request: web.Request) -> web.Response:
        method = request.query.get("method")
        chat_id = _normalize_chat_id(request.query.get("chat_id"))
        calls = self.calls(method, chat_id=chat_id)
        return self._json_response({"ok": True, "result": [call.to_json() for call in calls]})

    async def _control_messages(self, request: web.Request) -> web.Response:
        chat_id = _normalize_chat_id(request.query.get("chat_id"))
        if chat_id is None:
            return self._json_response({"ok": False, "description": "chat_id is required"}, 400)
        found = [message.to_json() for message in self.messages(chat_id)]
        return self._json_response({"ok": True, "result": found})

    async def _control_reset(self, request: web.Request) -> web.Response:
        return await self._control(request, lambda body: self.reset())

    async def _control_updates(self, request: web.Request) -> web.Response:
        builders: dict[str, Callable[..., int]] = {
            "send_text": self.send_text,
            "channel_post": self.channel_post,
            "press_button": self.press_button,
            "inline_query": self.inline_query,
            "my_chat_member": self.my_chat_member,
            "migrate": self.migrate,
        }

        def enqueue(body: dict[str, Any]) -> dict[str, int]:
            if "update" in body:
                return {"update_id": self.enqueue_update(body["update"])}
            kwargs = dict(body)
            kind = kwargs.pop("kind", None)
            if kind not in builders:
                raise ValueError(f"'kind' must be one of {sorted(builders)} (or pass 'update')")
            return {"update_id": builders[kind](**kwargs)}

        return await self._control(request, enqueue)

    async def _control_fail(self, request: web.Request) -> web.Response:
        def fail(body: dict[str, Any]) -> None:
            self.fail(**body)

        return await self._control(request, fail)

    async def _control_clear_faults(self, request: web.Request) -> web.Response:
        return await self._control(request, lambda body: self.clear_faults())

    async def _control_config(self, request: web.Request) -> web.Response:
        settable = {
            "flood_limit_per_second",
            "flood_limit_per_chat_per_second",
            "bot_channel_status",
            "default_member_status",
            "privacy_mode",
            "strict_html_ampersand",
        }

        def configure(body: dict[str, Any]) -> dict[str, Any]:
            unknown = set(body) - settable
            if unknown:
                raise ValueError(f"unknown settings {sorted(unknown)}; allowed {sorted(settable)}")
            with self._lock:
                for key, value in body.items():
                    setattr(self, key, value)
                return {key: getattr(self, key) for key in sorted(settable)}

        return await self._control(request, configure)

    async def _control_chat_member(self, request: web.Request) -> web.Response:
        def set_member(body: dict[str, Any]) -> None:
            self.set_chat_member(**body)

        return await self._control(request, set_member)


@dataclass(frozen=True, slots=True)
class _Described:
    """A successful result that Telegram answers with an extra ``description``."""

    value: Any
    description: str


# --------------------------------------------------------------------------------------
# Client for the control API (benchmarks / other processes)
# --------------------------------------------------------------------------------------


class ControlClient:
    """Tiny blocking client for a fake running in another process.

    Args:
        url: Root URL (``http://127.0.0.1:PORT``) or the base URL ending in ``/bot``.
    """

    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        self.url = url.removesuffix("/").removesuffix("/bot")
        self.timeout = timeout

    def _request(self, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            f"{self.url}/_control/{path}",
            data=data,
            method="GET" if body is None else "POST",
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            payload = json.loads(exc.read() or b"{}")
            raise ValueError(payload.get("description", str(exc))) from None
        return payload["result"]

    def stats(self) -> dict[str, Any]:
        """``GET /_control/stats``."""
        return self._request("stats")

    def reset(self) -> None:
        """``POST /_control/reset``."""
        self._request("reset", {})

    def enqueue(self, kind: str, **kwargs: Any) -> int:
        """``POST /_control/updates`` with a builder name (``send_text``, …) and kwargs."""
        return self._request("updates", {"kind": kind, **kwargs})["update_id"]

    def enqueue_update(self, update: dict[str, Any]) -> int:
        """``POST /_control/updates`` with a raw update."""
        return self._request("updates", {"update": update})["update_id"]

    def fail(self, **kwargs: Any) -> None:
        """``POST /_control/fail`` (same arguments as :meth:`FakeBotAPI.fail`)."""
        self._request("fail", kwargs)

    def clear_faults(self) -> None:
        """``POST /_control/clear_faults``."""
        self._request("clear_faults", {})

    def configure(self, **settings: Any) -> dict[str, Any]:
        """``POST /_control/config`` (flood limits, privacy mode, …)."""
        return self._request("config", settings)

    def set_chat_member(self, chat_id: int, user_id: int, status: str, **fields: Any) -> None:
        """``POST /_control/chat_member``."""
        self._request(
            "chat_member", {"chat_id": chat_id, "user_id": user_id, "status": status, **fields}
        )

    def calls(self, method: str | None = None, chat_id: int | None = None) -> list[dict[str, Any]]:
        """``GET /_control/calls``."""
        query = urllib.parse.urlencode(
            {key: value for key, value in (("method", method), ("chat_id", chat_id)) if value}
        )
        return self._request(f"calls?{query}")

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """``GET /_control/messages``."""
        return self._request(f"messages?chat_id={chat_id}")


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


async def _serve(api: FakeBotAPI, ready: Callable[[FakeBotAPI], None]) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    await api.start_async()
    try:
        ready(api)
        await stop.wait()
    finally:
        await api.stop_async()


def main(argv: list[str] | None = None) -> int:
    """Run the fake standalone; prints the base URL as the first line of stdout."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.fake_bot_api",
        description="Fake Telegram Bot API server for tests and benchmarks.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--bot-username", default="cskh_test_bot")
    parser.add_argument("--flood-limit", type=int, default=None, help="sendMessage/s overall")
    parser.add_argument("--flood-limit-per-chat", type=int, default=None)
    args = parser.parse_args(argv)
    api = FakeBotAPI(
        token=args.token,
        bot_username=args.bot_username,
        host=args.host,
        port=args.port,
        flood_limit_per_second=args.flood_limit,
        flood_limit_per_chat_per_second=args.flood_limit_per_chat,
    )

    def announce(server: FakeBotAPI) -> None:
        print(server.base_url, flush=True)
        print(f"control API: {server.control_url}", file=sys.stderr, flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(api, announce))
    return 0


if __name__ == "__main__":
    sys.exit(main())
