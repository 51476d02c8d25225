"""Telegram's updates in and out of the durable inbox (``bot.inbox.engine``).

Reading an update once on arrival says which lane it waits in (its chat; the person,
for what has no chat) and its kind (a lookup that a later one may replace, an inline
query, anything else); the update is stored as Telegram sent it. Handling it later runs
python-telegram-bot's handlers on it. An update that cannot be read is stored in lane 0
and, when its turn comes, logged once and done.
"""

from __future__ import annotations

import json
import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.models import OPENS_DRAFT, InboxItem
from bot.strings import for_language
from bot.telegram.context import BotApplication, services_of
from bot.telegram.handlers.lookup import addressed_text, is_lookup
from bot.telegram.handlers.teamtips import opens_draft

log = logging.getLogger(__name__)

NO_LANE = 0  # updates with neither a chat nor a person (poll states), and unreadable ones
KEEP_READ = 2000  # updates kept read between arrival and their turn


class Intake:
    """What the inbox needs from Telegram: an item per update, a way to run it, a note."""

    def __init__(self, app: BotApplication) -> None:
        self.app = app
        # Updates read on arrival, kept for their turn here so they are not read twice;
        # bounded (a flood's are dropped anyway), read again from the payload if gone.
        self._read: dict[int, Update] = {}

    def item(self, raw: object) -> InboxItem | None:
        """The inbox's record of one update as Telegram sent it; None without a usable id
        (Telegram's are positive and below 2**63; anything else is skipped, not retried)."""
        if not isinstance(raw, dict):
            return None
        update_id = raw.get("update_id")
        if not isinstance(update_id, int) or isinstance(update_id, bool) \
                or not 0 <= update_id < 2**63:  # what the database's column can hold
            log.warning("skipped an update without a usable update_id")
            return None
        payload = json.dumps(raw, ensure_ascii=False, separators=(",", ":"))
        try:
            update = Update.de_json(raw, self.app.bot)
        except Exception:  # stored all the same; reported once when its turn comes
            return InboxItem(update_id, NO_LANE, 0, "other", payload)
        if from_another_bot(update):
            log.debug("skipped update %s from another bot", update_id)
            return None
        if len(self._read) >= KEEP_READ:
            del self._read[next(iter(self._read))]
        self._read[update_id] = update
        user = update.effective_user
        return InboxItem(update_id, lane_of(update), user.id if user else 0, self._kind(update),
                         payload)

    def items(self, raws: list[object]) -> list[InboxItem]:
        return [item for raw in raws if (item := self.item(raw)) is not None]

    def _kind(self, update: Update) -> str:
        if update.inline_query is not None:
            return "inline"
        services = services_of(self.app)
        if opens_draft(update, services.me_username):
            return OPENS_DRAFT
        if is_lookup(update, services.me_username, self.app.bot.id):
            return "lookup"
        return "other"

    def read(self, item: InboxItem) -> Update | None:
        try:
            return Update.de_json(json.loads(item.payload), self.app.bot)
        except Exception as exc:
            log.error("skipped update %s, which could not be read: %s", item.update_id,
                      type(exc).__name__)
            return None

    async def handle(self, item: InboxItem) -> None:
        update = self._read.pop(item.update_id, None) or self.read(item)
        if update is not None:
            await self.app.process_update(update)

    async def slow_down(self, item: InboxItem) -> bool:
        """Tell a flooding chat, in its sender's language, that not everything is answered;
        False when there is nobody to tell (no chat: inline queries, poll answers), when
        what was dropped asked nothing of the bot (``asks_the_bot``), or when the chat
        refuses it."""
        update = self.read(item)
        if update is None or update.effective_chat is None or not asks_the_bot(
                update, services_of(self.app).me_username, self.app.bot.id):
            return False
        user = update.effective_user
        strings = for_language(user.language_code if user else None)
        try:
            await self.app.bot.send_message(update.effective_chat.id, strings.slow_down)
        except TelegramError as exc:
            log.info("could not tell chat %s to slow down: %s", update.effective_chat.id, exc)
            return False
        return True


def asks_the_bot(update: Update, username: str, bot_id: int) -> bool:
    """Would the bot have answered this update? Only then is dropping it worth a word.

    A button press, anything in a private chat, and in a group or channel a command for
    this bot, a mention of it or a reply to it. Not a group's own talk, an edit, a
    reaction, people or the bot coming and going: a burst of those (a busy group, a
    backlog after a restart) is bounded like any other, but told nothing, since nothing
    would have been said to it anyway.
    """
    if update.callback_query is not None:
        return True
    message = update.message or update.channel_post
    if message is None or message.migrate_to_chat_id or message.migrate_from_chat_id:
        return False
    if message.chat.type == ChatType.PRIVATE:
        return True
    text = message.text or message.caption or ""
    if text.startswith("/") and text[1:].strip():
        addressee = text[1:].split(maxsplit=1)[0].partition("@")[2]
        return addressee.lower() in ("", username.lower())
    return addressed_text(message, username, bot_id) is not None


def from_another_bot(update: Update) -> bool:
    """Whether another bot speaks for itself (a message, an edit, a button, a poll
    answer, an inline query). Telegram delivers no bot's messages to another, so two bots
    cannot answer each other for ever; one that arrives anyway is forged, and skipped
    like an update without a usable id. The accounts Telegram sends an anonymous admin's
    message, a channel's message or an anonymous vote from name that chat and are read;
    a membership change made by an admin bot is real and read too."""
    user = update.effective_user
    if user is None or not user.is_bot or update.my_chat_member or update.chat_member:
        return False
    written = update.message or update.edited_message
    if written is not None:
        return written.sender_chat is None
    return not (update.poll_answer and update.poll_answer.voter_chat)


def lane_of(update: Update) -> int:
    """The chat an update belongs to; the person for inline queries and poll answers."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return NO_LANE
