"""The bot's place in chats: remembering them, joining and leaving, group migration.

``remember_chat`` runs before every other handler (group -1) and never stops a reply;
being removed or blocked stops the subscription; a group that becomes a supergroup
takes its data to the new id.
"""

from __future__ import annotations

import logging

from telegram import Update, User
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ChatMemberHandler, MessageHandler, TypeHandler, filters

from bot.models import AddtipDraft
from bot.replies import Reply
from bot.services import addtip
from bot.strings import for_language
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.sender import mention, send

log = logging.getLogger(__name__)

_UPDATE_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post",
                 "callback_query", "inline_query", "chosen_inline_result", "my_chat_member",
                 "chat_member", "chat_join_request")


def register(app: BotApplication) -> None:
    app.add_handler(TypeHandler(Update, remember_chat), group=-2)  # before everything
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate))
    app.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))


def update_kind(update: Update) -> str:
    """The update's kind, for the ``cskh_updates_total`` metric."""
    return next((k for k in _UPDATE_KINDS if getattr(update, k, None) is not None), "other")


async def remember_chat(update: Update, context: BotContext) -> None:
    """Count the update and keep the chat's type, title and language current."""
    context.services.metrics.updates.labels(update_kind(update)).inc()
    chat = update.effective_chat
    if chat is None:
        return
    user = update.effective_user
    title = chat.title or (user.full_name if user and chat.type == ChatType.PRIVATE else "")
    try:
        await context.storage.chats.record(chat.id, chat.type, title or "",
                                           (user.language_code or "") if user else "")
    except Exception:  # never let bookkeeping stop a reply
        log.exception("could not record chat %s", chat.id)


async def on_migrate(update: Update, context: BotContext) -> None:
    """A group became a supergroup: its data follow it to the new id, a tip being
    written there too (the admin's next message in the supergroup goes on with it)."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    log.info("group %s migrated to %s", old, new)
    for draft in await addtip.moved(context.storage, old, new, context.services.clock()):
        await ask_again(context, new, draft)


async def ask_again(context: BotContext, chat_id: int, draft: AddtipDraft) -> None:
    """A draft that moved to the supergroup: its step asked there, naming the admin."""
    try:
        admin = (await context.bot.get_chat_member(chat_id, draft.user_id)).user
    except TelegramError as exc:  # named by id then: the mention still opens their reply
        log.info("could not read admin %s of %s: %s", draft.user_id, chat_id, exc)
        admin = User(draft.user_id, "Admin", is_bot=False)
    sent = await send(context, chat_id, context.replies.draft_moved(
        draft, mention(admin), for_language(draft.language)), addressed=True)
    await addtip.asked(context.storage, draft, sent.message_id)


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """Removed, kicked or blocked: stop the tips. Added to a group: greet once."""
    change = update.my_chat_member
    if change is None:
        return
    old, new = change.old_chat_member.status, change.new_chat_member.status
    chat = change.chat
    gone = new in ("left", "kicked", "banned")
    storage = context.storage
    await storage.chats.set_status(chat.id, "left" if gone else "active")
    if gone and await storage.subscriptions.stop(chat.id, "blocked"):
        log.info("removed from or blocked in chat %s; subscription stopped", chat.id)
    if not gone and old in ("left", "kicked") and chat.type in (ChatType.GROUP,
                                                                 ChatType.SUPERGROUP):
        await send(context, chat.id, Reply(context.strings.group_hint))
