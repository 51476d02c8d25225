"""The fake's state: chats, members, the bot's messages, queued updates, recorded calls
and injected faults, with the records handed out to tests. Everything is guarded by one
lock, so tests on any thread or event loop can read and change it."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import threading
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, Final

from tests.support.fake_bot_api.privacy import ADMIN_STATUSES, GROUP_TYPES, reaches_bot

DEFAULT_TOKEN: Final = "123456789:AAFakeTokenForTests_cskh"
DEFAULT_BOT_ID: Final = 123456789
#: Default user id for group members, inline queries, … (private chats use the chat id).
DEFAULT_USER_ID: Final = 10_001
DEFAULT_FIRST_NAME: Final = "Minh"
#: Telegram lets bots download files up to 20 MB (``getFile`` refuses bigger ones).
MAX_DOWNLOAD_BYTES: Final = 20 * 1024 * 1024

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

CONFLICT_OTHER_POLL: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
MIGRATED: Final = "Bad Request: group chat was upgraded to a supergroup chat"


class ApiError(Exception):
    """A Bot API error answer. Raise it from custom method handlers, too.

    Args:
        error_code: HTTP status and ``error_code`` (400, 403, 404, 409, 429, …).
        description: Telegram-style description, e.g. ``"Bad Request: chat not found"``.
        parameters: Optional ``ResponseParameters`` (``retry_after``, ``migrate_to_chat_id``).
        fault: Tag stored in :attr:`RecordedCall.fault`.
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


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")



@dataclass(frozen=True, slots=True)
class RecordedCall:
    """One Bot API request the fake received (successful or not).

    Attributes:
        method: Canonical method name (``"sendMessage"``), whatever case was used.
        params: Decoded parameters (``reply_markup`` etc. are dicts, ids are ints).
        chat_id: The ``chat_id`` parameter, if any (int, or ``"@username"``).
        time: When the request arrived (:func:`time.monotonic`).
        ok: Whether the request succeeded.
        error_code: HTTP/``error_code`` of a failed request.
        description: Error description of a failed request.
        fault: Name of the injected fault (or ``"crash"``) that failed the request.
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


@dataclass(frozen=True, slots=True)
class SentDocument:
    """A document the bot sent (``sendDocument``), with the bytes it uploaded."""

    chat_id: int
    message_id: int
    file_name: str
    data: bytes
    caption: str | None
    mime_type: str | None


@dataclass(frozen=True, slots=True)
class SentPhoto:
    """A photo the bot sent (``sendPhoto``), with the bytes it uploaded and the size its
    header gives."""

    chat_id: int
    message_id: int
    file_name: str
    data: bytes
    width: int
    height: int
    caption: str | None


@dataclass
class StoredFile:
    """A file the fake holds: sent by a user (for ``getFile``) or uploaded by the bot."""

    file_id: str
    file_unique_id: str
    file_path: str
    file_name: str
    data: bytes
    mime_type: str | None = None
    declared_size: int | None = None  # what Telegram says it weighs, if not len(data)

    @property
    def size(self) -> int:
        return self.declared_size if self.declared_size is not None else len(self.data)

    def to_document(self) -> dict[str, Any]:
        """The ``Document`` object of a message carrying this file."""
        document: dict[str, Any] = {"file_id": self.file_id,
                                    "file_unique_id": self.file_unique_id,
                                    "file_name": self.file_name, "file_size": self.size}
        if self.mime_type:
            document["mime_type"] = self.mime_type
        return document


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
            error = bad_request("chat not found")
        elif kind == "migrate":
            target = self.migrate_to_chat_id
            if target is None:
                if not isinstance(chat_id, int):
                    raise ValueError("migrate fault needs migrate_to_chat_id for this request")
                target = int(f"-100{abs(chat_id)}")
            error = ApiError(400, MIGRATED, {"migrate_to_chat_id": target})
        elif kind == "server_error":
            phrase = "Bad Gateway" if self.status == 502 else "Internal Server Error"
            error = ApiError(self.status, phrase)
        elif kind == "conflict":
            error = ApiError(409, CONFLICT_OTHER_POLL)
        else:  # "error": fully custom
            error = ApiError(self.status, self.description or "Bad Request: injected error")
        if self.description:
            error.description = self.description
        return error



@dataclass
class StoredMessage:
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
    extra: dict[str, Any] = field(default_factory=dict)
    force_reply: dict[str, Any] | None = None  # the bot's ForceReply, which clients open


@dataclass
class Chat:
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
    messages: dict[int, StoredMessage] = field(default_factory=dict)

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


def _suffix(file_name: str) -> str:
    dot = file_name.rfind(".")
    suffix = file_name[dot:] if dot > 0 else ""
    return suffix if suffix[1:].isalnum() else ""


def infer_chat_type(chat_id: int) -> str:
    if chat_id > 0:
        return "private"
    text = str(chat_id)
    return "supergroup" if text.startswith("-100") and len(text) > 4 else "group"


def member_fields(status: str, chat_type: str, overrides: dict[str, Any]) -> dict[str, Any]:
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
                    "can_react_to_messages",  # Bot API 9.x; PTB 22 requires it
                ),
                False,
            ),
        }
    elif status == "kicked":
        fields = {"until_date": 0}
    return fields | overrides


def normalize_chat_id(value: Any) -> int | str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return int(value)
        return value
    return None


def scope_key(scope: Any) -> str:
    if scope is None:
        scope = {"type": "default"}
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise bad_request("can't parse BotCommandScope JSON object")
    normalized = dict(scope)
    if "chat_id" in normalized:
        normalized["chat_id"] = normalize_chat_id(normalized["chat_id"])
    return json.dumps(normalized, sort_keys=True)


class State:
    """Everything the fake remembers, and the helpers that change it (lock held)."""

    def __init__(self, token: str, bot_username: str, bot_first_name: str) -> None:
        prefix = token.split(":", 1)[0]
        self.token = token
        self.bot_id = int(prefix) if prefix.isdigit() else DEFAULT_BOT_ID
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name

        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._async_waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._version = 0
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._poll_ids = itertools.count(5_000_000_000_000_000_001)
        self._poll_generation = 0  # survives reset(): a waiting poll must not see a change
        # The server's loop and the event long polls wait on (set by the server).
        self._loop: asyncio.AbstractEventLoop | None = None
        self._updates_event: asyncio.Event | None = None
        self._reset_state()

    def _reset_state(self) -> None:
        self._calls: list[RecordedCall] = []
        self._calls_by_method: dict[str, list[RecordedCall]] = {}
        self._chats: dict[int, Chat] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._pending: deque[dict[str, Any]] = deque()
        self._allowed_updates: frozenset[str] | None = None
        self._webhook: dict[str, Any] = {}
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._descriptions: dict[tuple[str, str], str] = {}  # (kind, language) → text
        self._faults: list[Fault] = []
        self._open_callback_queries: set[str] = set()
        self._open_inline_queries: set[str] = set()
        self._polls: dict[str, tuple[int, int]] = {}  # poll id → (chat, message)
        self._poll_votes: dict[str, dict[int, list[int]]] = {}  # poll → user → options
        self._files: dict[str, StoredFile] = {}
        # Privacy mode (``set_privacy_mode``): for every group, and per chat; what it
        # kept from the bot, for tests to read (``withheld``).
        self._privacy = False
        self._privacy_chats: dict[int, bool] = {}
        self._withheld: list[dict[str, Any]] = []
        # Statistics of successful sendMessage calls, for the benchmarks.
        self._send_t0: float | None = None
        self._send_per_second: Counter[int] = Counter()
        self._send_per_chat_second: dict[int | str, Counter[int]] = defaultdict(Counter)
        self._send_texts: Counter[tuple[int | str, str]] = Counter()
        self._send_failed = 0

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

    # ------------------------------------------------------------------ chats & users

    def _find_chat(self, chat_id: int | str) -> Chat | None:
        if isinstance(chat_id, str):
            name = chat_id.lstrip("@").lower()
            return next(
                (chat for chat in self._chats.values() if (chat.username or "").lower() == name),
                None,
            )
        return self._chats.get(chat_id)

    def _chat(self, chat_id: int, chat_type: str | None = None) -> Chat:
        """Get or create a chat; an explicit ``chat_type`` updates the stored one.

        The bot starts as a member, or an administrator in channels (it cannot post in a
        channel otherwise).
        """
        if chat_type is not None and chat_type not in CHAT_TYPES:
            raise ValueError(f"unknown chat type {chat_type!r}")
        chat = self._chats.get(chat_id)
        if chat is None:
            kind = chat_type or infer_chat_type(chat_id)
            status = "administrator" if kind == "channel" else "member"
            chat = Chat(id=chat_id, type=kind, bot_status=status)
            self._chats[chat_id] = chat
        elif chat_type is not None and chat.type != chat_type:
            chat.type = chat_type
            if chat_type == "channel":
                chat.bot_status = "administrator"
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

    def _bot_member_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    # ------------------------------------------------------------------ files

    def _store_file(self, data: bytes, file_name: str, mime_type: str | None = None,
                    declared_size: int | None = None) -> StoredFile:
        """Keep a file's bytes under a new ``file_id`` (takes the lock)."""
        with self._lock:
            number = len(self._files) + 1
            stored = StoredFile(
                file_id=f"BQACAgIAAxkBAAI{number:06d}", file_unique_id=f"AgAD{number:06d}",
                file_path=f"documents/file_{number}{_suffix(file_name)}", file_name=file_name,
                data=bytes(data), mime_type=mime_type, declared_size=declared_size)
            self._files[stored.file_id] = stored
            return stored

    def _file_by_path(self, file_path: str) -> StoredFile | None:
        with self._lock:
            return next((f for f in self._files.values() if f.file_path == file_path), None)

    # ------------------------------------------------------------------ messages & updates

    def _message_to_api(
        self, message: StoredMessage, *, with_reply: bool = True
    ) -> dict[str, Any]:
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
            if target is not None:
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

    def _reaches_bot(self, body: dict[str, Any]) -> bool:
        message = body.get("message") or body.get("edited_message")
        if message is None:
            return True
        chat = self._chats.get(message["chat"]["id"])
        if chat is None or chat.type not in GROUP_TYPES or chat.bot_status in ADMIN_STATUSES \
                or not self._privacy_chats.get(chat.id, self._privacy):
            return True
        return reaches_bot(message, bot_id=self.bot_id, bot_username=self.bot_username)

    def _new_message(self, chat: Chat, **fields: Any) -> StoredMessage:
        message = StoredMessage(
            chat_id=chat.id,
            message_id=chat.last_message_id + 1,
            date=int(time.time()),
            **fields,
        )
        chat.last_message_id = message.message_id
        chat.messages[message.message_id] = message
        return message

    def _enqueue(self, body: dict[str, Any], *, as_given: bool = False) -> int:
        """Append an update (lock held); returns its id. A group message privacy mode
        keeps from the bot is never sent to it (``withheld`` lists it), unless the update
        is to go ``as_given`` (a raw one, malformed maybe)."""
        update_id = next(self._update_ids)
        if not as_given and not self._reaches_bot(body):
            self._withheld.append({"update_id": update_id, **body})
            self._changed()
            return update_id
        self._pending.append({"update_id": update_id, **body})
        self._changed()
        self._wake_pollers()
        return update_id
