"""The Bot API methods the bot calls, validated as Telegram validates them.

Each ``_m_<lowercase name>(params)`` runs with the state lock held and returns the
``result``; it raises :class:`ApiError` for what Telegram refuses. A method the bot does
not call is not served (404), so an unexpected call shows up in the test that made it.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any, Final

from tests.support.fake_bot_api.html import HtmlParseError, parse_html, utf16_len
from tests.support.fake_bot_api.state import (
    MAX_DOWNLOAD_BYTES,
    MIGRATED,
    ApiError,
    Chat,
    State,
    StoredMessage,
    bad_request,
    member_fields,
    normalize_chat_id,
    scope_key,
)

#: The methods served, by their lower-case name (how calls are recorded).
METHODS: Final = {
    name.lower(): name
    for name in (
        "getMe",
        "getUpdates",
        "setWebhook",
        "deleteWebhook",
        "setMyCommands",
        "setMyDescription",
        "setMyShortDescription",
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "answerCallbackQuery",
        "answerInlineQuery",
        "getChatMember",
        "sendPoll",
        "getFile",
        "sendDocument",
        "sendPhoto",
    )
}

MAX_MESSAGE_LENGTH: Final = 4096
MAX_CAPTION_LENGTH: Final = 1024
MAX_CALLBACK_DATA_BYTES: Final = 64
MAX_INLINE_RESULTS: Final = 50
MAX_INLINE_KEYBOARD_BUTTONS: Final = 100
# sendPoll's limits (UTF-16 code units, as Telegram counts).
MAX_POLL_QUESTION: Final = 300
MAX_POLL_OPTION: Final = 100
MIN_POLL_OPTIONS, MAX_POLL_OPTIONS = 2, 10
MAX_POLL_EXPLANATION: Final = 200
# sendPhoto's limits (Bot API docs): 10 MB, width + height ≤ 10000, sides' ratio ≤ 20.
MAX_PHOTO_BYTES: Final = 10 * 1024 * 1024
MAX_PHOTO_SIDES: Final = 10_000
MAX_PHOTO_RATIO: Final = 20

def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR or a JPEG's first SOF segment; ``None`` if the
    bytes are neither (Telegram cannot process them)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:2] == b"\xff\xd8":
        at = 2
        while at + 9 <= len(data) and data[at] == 0xFF:
            marker, length = data[at + 1], int.from_bytes(data[at + 2:at + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return (int.from_bytes(data[at + 7:at + 9], "big"),
                        int.from_bytes(data[at + 5:at + 7], "big"))
            at += 2 + length
    return None


NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
BUTTON_ACTIONS: Final = (
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


@dataclass(frozen=True, slots=True)
class Described:
    """A successful result that Telegram answers with an extra ``description``."""

    value: Any
    description: str


class Methods(State):
    """The served Bot API methods and the checks they share."""

    def _writable_chat(self, params: dict[str, Any]) -> Chat:
        """Resolve ``chat_id`` and check the bot may post there (lock held)."""
        chat = self._resolve_chat(params)
        if chat.migrated_to is not None:
            raise ApiError(400, MIGRATED, {"migrate_to_chat_id": chat.migrated_to})
        status = chat.bot_status
        if status == "kicked":
            if chat.type == "private":
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
        if status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")
        if chat.type == "channel" and status not in ("administrator", "creator"):
            raise bad_request("need administrator rights in the channel chat")
        if status == "restricted" and not chat.bot_member_fields.get("can_send_messages", False):
            raise bad_request("not enough rights to send text messages to the chat")
        return chat

    def _resolve_chat(self, params: dict[str, Any]) -> Chat:
        chat_id = normalize_chat_id(params.get("chat_id"))
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        if isinstance(chat_id, str):
            found = self._find_chat(chat_id)
            if found is None:
                raise bad_request("chat not found")
            return found
        return self._chat(chat_id)

    def _prepare_text(
        self, params: dict[str, Any], *, too_long: str
    ) -> tuple[str, list[dict[str, Any]]]:
        text = params.get("text")
        if not isinstance(text, str) or not text:
            raise bad_request("message text is empty")
        parse_mode = str(params.get("parse_mode") or "").lower()
        entities = params.get("entities")
        if entities is not None:
            if not isinstance(entities, list):
                raise bad_request("can't parse entities JSON object")
            plain, found = text, list(entities)
        elif parse_mode == "html":
            try:
                plain, found = parse_html(text)
            except HtmlParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
        elif parse_mode in ("", "markdown", "markdownv2"):
            plain, found = text, []
        else:
            raise bad_request("unsupported parse_mode")
        if not plain.strip():
            raise bad_request("message text is empty")
        if utf16_len(plain) > MAX_MESSAGE_LENGTH:
            raise bad_request(too_long)
        return plain, found

    @staticmethod
    def _inline_markup(markup: Any) -> dict[str, Any] | None:
        """Validate ``reply_markup``; return it if it is an inline keyboard."""
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return None  # reply keyboards etc. are not part of the returned Message
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request("can't parse inline keyboard button: InlineKeyboardButton expected")
        if sum(len(row) for row in rows) > MAX_INLINE_KEYBOARD_BUTTONS:
            raise bad_request("reply markup is too long")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise bad_request(
                        'can\'t parse inline keyboard button: Field "text" must be of type String'
                    )
                if not any(action in button for action in BUTTON_ACTIONS):
                    raise bad_request(
                        "can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard"
                    )
                if "callback_data" in button:
                    data = button["callback_data"]
                    size = len(data.encode("utf-8")) if isinstance(data, str) else 0
                    if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                        raise bad_request("BUTTON_DATA_INVALID")
                if "url" in button:
                    url = urllib.parse.urlsplit(str(button["url"]))
                    if url.scheme not in ("http", "https", "tg") or not url.netloc:
                        raise bad_request("BUTTON_URL_INVALID")
        return markup

    def _reply_target(self, chat: Chat, params: dict[str, Any]) -> int | None:
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
        if found is None:
            if allow_missing:
                return None
            raise bad_request("message to be replied not found")
        return int(target)

    def _editable_message(self, chat: Chat, params: dict[str, Any], what: str) -> StoredMessage:
        message_id = params.get("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = chat.messages.get(int(message_id))
        if message is None:
            raise bad_request(f"message to {what} not found")
        return message

    # ------------------------------------------------------------------ Bot API methods
    # Each _m_<lowercase name>(params) runs with the lock held and returns ``result``.

    def _m_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._bot_member_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": True,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _m_setwebhook(self, params: dict[str, Any]) -> Described:
        url = str(params.get("url") or "")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        if not url:
            had = bool(self._webhook.get("url"))
            self._webhook = {}
            return Described(True, "Webhook was deleted" if had else "Webhook is already deleted")
        if not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else None
        self._webhook = {
            key: params[key]
            for key in ("url", "max_connections", "secret_token", "ip_address")
            if key in params
        }
        return Described(True, "Webhook was set")

    def _m_deletewebhook(self, params: dict[str, Any]) -> Described:
        if params.get("drop_pending_updates"):
            self._pending.clear()
        had = bool(self._webhook.get("url"))
        self._webhook = {}
        return Described(True, "Webhook was deleted" if had else "Webhook is already deleted")

    def _m_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("too many commands")
        cleaned: list[dict[str, str]] = []
        for item in commands:
            if not isinstance(item, dict):
                raise bad_request("can't parse BotCommand JSON object")
            command = str(item.get("command", "")).removeprefix("/")
            description = str(item.get("description", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description.strip()) <= 256:
                raise bad_request("command description must be non-empty")
            cleaned.append({"command": command, "description": description})
        key = (scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self._commands[key] = cleaned
        return True

    # setMyDescription / setMyShortDescription: one text per language (empty removes
    # it), at most 512 / 120 characters as Telegram allows.
    def _set_description(self, kind: str, limit: int, params: dict[str, Any]) -> bool:
        text = str(params.get(kind) or "")
        if len(text) > limit:
            raise bad_request(f"{kind.upper()}_INVALID")
        key = (kind, str(params.get("language_code") or ""))
        if text:
            self._descriptions[key] = text
        else:
            self._descriptions.pop(key, None)
        return True

    def _m_setmydescription(self, params: dict[str, Any]) -> bool:
        return self._set_description("description", 512, params)

    def _m_setmyshortdescription(self, params: dict[str, Any]) -> bool:
        return self._set_description("short_description", 120, params)

    def _m_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._writable_chat(params)
        plain, entities = self._prepare_text(params, too_long="message is too long")
        markup = self._inline_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat, params)
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
            force_reply=_force_reply(params.get("reply_markup")),
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
            raise bad_request("message can't be edited")
        plain, entities = self._prepare_text(params, too_long="MESSAGE_TOO_LONG")
        markup = self._inline_markup(params.get("reply_markup"))
        if (plain, entities, markup) == (message.text, message.entities, message.reply_markup):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
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
            raise bad_request("message can't be edited")
        if markup == message.reply_markup:
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        message.reply_markup = markup
        message.edit_date = int(time.time())
        return self._message_to_api(message)

    def _m_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_callback_queries:
            raise ApiError(400, QUERY_TOO_OLD)
        self._open_callback_queries.discard(query_id)
        return True

    def _m_answerinlinequery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("inline_query_id") or "")
        results = params.get("results")
        if not isinstance(results, list):
            raise bad_request("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise bad_request("RESULTS_TOO_MUCH")
        seen: set[str] = set()
        for result in results:
            if not isinstance(result, dict) or not isinstance(result.get("type"), str):
                raise bad_request("can't parse InlineQueryResult JSON object")
            result_id = str(result.get("id", ""))
            if not 1 <= len(result_id.encode("utf-8")) <= 64:
                raise bad_request("RESULT_ID_INVALID")
            if result_id in seen:
                raise bad_request("RESULT_ID_DUPLICATE")
            seen.add(result_id)
            content = result.get("input_message_content")
            if isinstance(content, dict) and "message_text" in content:
                self._prepare_text(
                    {"text": content["message_text"], **content}, too_long="MESSAGE_TOO_LONG"
                )
            self._inline_markup(result.get("reply_markup"))
        if query_id not in self._open_inline_queries:
            raise ApiError(400, QUERY_TOO_OLD)
        self._open_inline_queries.discard(query_id)
        return True

    def _member(self, chat: Chat, user_id: int) -> dict[str, Any]:
        if user_id == self.bot_id:
            status, fields = chat.bot_status, chat.bot_member_fields
            user = self._bot_member_user()
        else:
            status, fields = chat.members.get(user_id, ("member", {}))
            user = dict(self._users.get(user_id) or self._user(user_id))
            user.pop("language_code", None)
        return {"status": status, "user": user, **member_fields(status, chat.type, fields)}

    def _check_member_list(self, chat: Chat) -> None:
        if chat.type == "channel" and chat.bot_status not in ("administrator", "creator"):
            raise bad_request("member list is inaccessible")

    def _m_getchatmember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params)
        user_id = params.get("user_id")
        if not isinstance(user_id, int):
            raise bad_request("invalid user_id specified")
        if user_id != self.bot_id:
            self._check_member_list(chat)
        return self._member(chat, user_id)

    def _m_sendpoll(self, params: dict[str, Any]) -> dict[str, Any]:
        """``sendPoll`` validated like Telegram: lengths, option count, the right option,
        and no non-anonymous polls in channels."""
        chat = self._writable_chat(params)
        question = params.get("question")
        if not isinstance(question, str) or not question.strip():
            raise bad_request("POLL_QUESTION_INVALID")
        if utf16_len(question) > MAX_POLL_QUESTION:
            raise bad_request("POLL_QUESTION_INVALID")
        raw_options = params.get("options")
        if not isinstance(raw_options, list):
            raise bad_request("can't parse options JSON object")
        options = [o.get("text") if isinstance(o, dict) else o for o in raw_options]
        if not MIN_POLL_OPTIONS <= len(options) <= MAX_POLL_OPTIONS:
            raise bad_request("POLL_OPTIONS_COUNT_INVALID" if len(options) > 1
                              else "poll must have at least 2 option")
        for option in options:
            if not isinstance(option, str) or not option.strip() or \
                    utf16_len(option) > MAX_POLL_OPTION:
                raise bad_request("POLL_OPTION_INVALID")
        if len(set(options)) != len(options):
            raise bad_request("POLL_OPTION_DUPLICATE")
        kind = str(params.get("type") or "regular")
        if kind not in ("regular", "quiz"):
            raise bad_request("wrong poll type specified")
        # Bot API 9.6: ``correct_option_ids`` (a list); ``correct_option_id`` before it.
        correct = params.get("correct_option_ids")
        if correct is None and params.get("correct_option_id") is not None:
            correct = [params.get("correct_option_id")]
        multiple = bool(params.get("allows_multiple_answers"))
        if kind == "quiz" and (
            not isinstance(correct, list) or not correct or (len(correct) > 1 and not multiple)
            or any(not isinstance(c, int) or not 0 <= c < len(options) for c in correct)
            or correct != sorted(set(correct))
        ):
            raise bad_request("wrong correct option ID specified")
        explanation = params.get("explanation")
        if explanation is not None:
            if kind != "quiz":
                raise bad_request("explanation can be specified only for quizzes")
            if not isinstance(explanation, str) or utf16_len(explanation) > MAX_POLL_EXPLANATION \
                    or explanation.count("\n") > 2:
                raise bad_request("POLL_EXPLANATION_INVALID")
        anonymous = params.get("is_anonymous")
        anonymous = True if anonymous is None else bool(anonymous)
        if chat.type == "channel" and not anonymous:
            raise bad_request("POLL_ANONYMOUS_REQUIRED")  # non-anonymous polls need a group
        poll_id = str(next(self._poll_ids))
        poll: dict[str, Any] = {
            "id": poll_id,
            "question": question,
            "options": [{"text": o, "voter_count": 0, "persistent_id": str(n)}
                        for n, o in enumerate(options)],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": anonymous,
            "type": kind,
            "allows_multiple_answers": multiple,
            # Bot API 9.6: quiz answers are final unless asked otherwise. ``poll_answer``
            # does not enforce it, so tests can send whatever Telegram may report.
            "allows_revoting": bool(params.get("allows_revoting", kind != "quiz")),
            "members_only": bool(params.get("members_only", False)),
        }
        if kind == "quiz":
            poll["correct_option_ids"] = correct
            if explanation:
                poll["explanation"] = explanation
        message = self._new_message(
            chat,
            from_bot=True,
            from_user=None if chat.type == "channel" else self._bot_member_user(),
            sender_chat=chat.to_api() if chat.type == "channel" else None,
            extra={"poll": poll},
        )
        self._polls[poll_id] = (chat.id, message.message_id)
        return self._message_to_api(message)

    def _m_getfile(self, params: dict[str, Any]) -> dict[str, Any]:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.size > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": stored.size, "file_path": stored.file_path}

    def _m_sendphoto(self, params: dict[str, Any]) -> dict[str, Any]:
        """``photo`` is an upload (multipart, kept like a document's); it must be a PNG or
        JPEG within Telegram's limits, whose size is read from its header."""
        chat = self._writable_chat(params)
        photo = params.get("photo")
        if not (isinstance(photo, dict) and "file_id" in photo):
            raise bad_request("there is no photo in the request")
        stored = self._files.get(str(photo["file_id"]))
        if stored is None or not stored.data:
            raise bad_request("file must be non-empty")
        if stored.size > MAX_PHOTO_BYTES:
            raise bad_request("PHOTO_SAVE_FILE_INVALID")
        size = image_size(stored.data)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = size
        if (width + height > MAX_PHOTO_SIDES or not width or not height
                or max(width, height) > MAX_PHOTO_RATIO * min(width, height)):
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        return self._send_file(chat, params, {"photo": [{
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "width": width, "height": height, "file_size": stored.size}]})

    def _m_senddocument(self, params: dict[str, Any]) -> dict[str, Any]:
        """``document`` is an upload (multipart; the server keeps its bytes) or a file_id."""
        chat = self._writable_chat(params)
        document = params.get("document")
        if isinstance(document, dict) and "file_id" in document:
            stored = self._files.get(str(document["file_id"]))
        elif isinstance(document, str) and document:
            stored = self._files.get(document)
            if stored is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
        else:
            raise bad_request("there is no document in the request")
        if stored is None or not stored.data:
            raise bad_request("file must be non-empty")
        return self._send_file(chat, params, {"document": stored.to_document()})

    def _send_file(self, chat: Chat, params: dict[str, Any],
                   extra: dict[str, Any]) -> dict[str, Any]:
        """A photo or document message from the bot, with its caption checked as Telegram does."""
        caption: dict[str, Any] = {}
        if params.get("caption"):
            plain, entities = self._prepare_text(
                {**params, "text": params["caption"], "entities": params.get("caption_entities")},
                too_long="message caption is too long")
            if utf16_len(plain) > MAX_CAPTION_LENGTH:
                raise bad_request("message caption is too long")
            caption = {"caption": plain, **({"caption_entities": entities} if entities else {})}
        message = self._new_message(
            chat,
            from_bot=True,
            from_user=None if chat.type == "channel" else self._bot_member_user(),
            sender_chat=chat.to_api() if chat.type == "channel" else None,
            reply_markup=self._inline_markup(params.get("reply_markup")),
            reply_to_message_id=self._reply_target(chat, params),
            extra={**extra, **caption},
        )
        return self._message_to_api(message)


def _force_reply(markup: Any) -> dict[str, Any] | None:
    """A ``ForceReply`` markup (which opens a reply in the clients it targets), if it is one."""
    return dict(markup) if isinstance(markup, dict) and markup.get("force_reply") else None
