"""Telegram's privacy mode for groups, and what a user's client sends when they type.

With privacy mode on (BotFather's default), a bot that is not an administrator of a group
receives there only: commands (``/cmd``, or ``/cmd@this_bot``; not ``/cmd@another_bot``),
replies to its own messages, messages mentioning it, and service messages. Everything
else people write in the group never reaches it. Private chats, channels and button
presses are not affected. Edits are filtered like the message they edit. (Telegram gives
a command without ``@`` to the last bot that wrote in the group; the fake has one bot.)

A message the bot sends with ``ForceReply`` opens a reply in the clients it targets
(everyone, or with ``selective`` the users it mentions and the sender of the message it
quotes): what such a user types next is a reply to it, which privacy mode lets through.
"""

from __future__ import annotations

from typing import Any

GROUP_TYPES = frozenset({"group", "supergroup"})
ADMIN_STATUSES = frozenset({"administrator", "creator"})
# What people write; a message with none of these (nor text or caption) is a service message.
CONTENT_KEYS = frozenset({"text", "caption", "photo", "video", "voice", "audio", "document",
                          "sticker", "animation", "video_note", "contact", "location",
                          "venue", "poll", "dice", "game", "story"})


def reaches_bot(message: dict[str, Any], *, bot_id: int, bot_username: str) -> bool:
    """Whether a group message (or its edit) is delivered to a bot in privacy mode."""
    if not CONTENT_KEYS & message.keys():
        return True  # a service message: members joining, a migration, a new title…
    replied = message.get("reply_to_message") or {}
    if (replied.get("from") or {}).get("id") == bot_id:
        return True
    text = message.get("text") or message.get("caption") or ""
    entities = message.get("entities") or message.get("caption_entities") or []
    me = f"@{bot_username}".lower()
    for entity in entities:
        piece = _utf16_slice(text, entity.get("offset", 0), entity.get("length", 0))
        kind = entity.get("type")
        if kind == "bot_command" and entity.get("offset") == 0:
            addressee = piece.partition("@")[2].lower()
            if addressee in ("", bot_username.lower()):
                return True
        elif (kind == "mention" and piece.lower() == me) or (
                kind == "text_mention" and (entity.get("user") or {}).get("id") == bot_id):
            return True
    return False


def _utf16_slice(text: str, offset: int, length: int) -> str:
    units = text.encode("utf-16-le")
    return units[2 * offset:2 * (offset + length)].decode("utf-16-le", errors="replace")


def targets(force_reply: dict[str, Any], entities: list[dict[str, Any]], *, user_id: int,
            username: str | None, quoted_sender: int | None, text: str) -> bool:
    """Whether a bot message's ``ForceReply`` opens a reply for ``user_id``."""
    if not force_reply.get("selective"):
        return True
    if quoted_sender == user_id:
        return True
    for entity in entities:
        if entity.get("type") == "text_mention" and (entity.get("user") or {}).get("id") \
                == user_id:
            return True
        if entity.get("type") == "mention" and username and _utf16_slice(
                text, entity.get("offset", 0), entity.get("length", 0)).lower() \
                == f"@{username}".lower():
            return True
    return False
