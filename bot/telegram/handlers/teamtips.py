"""The team's own tips: /addtip (one line or a four-step conversation; in channels one line).

The fourth step asks for the short form, optional: without it a tip is never a quiz
option, so a tip added step by step would stay out of the team's quizzes.

While a tip is being written, the admin's messages are its parts, not lookups, so the
conversation is registered before every other handler. Drafts live in ``user_data``
per chat, from /addtip to its end (so a draft there is a conversation open); a silent
admin is let go after ``BOT_ADDTIP_TIMEOUT_SECONDS`` with nothing saved. A group that
becomes a supergroup gets a new id, under which the conversation cannot go on: its
drafts end at once with a word in the new group (``addtip_migrated``).
"""

from __future__ import annotations

import warnings
from html import escape

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.models import MAX_TEAM_TIPS
from bot.replies import CB_MISS, Reply, commands
from bot.services import misses, teamtips
from bot.teamtips import drafts
from bot.telegram.context import BotApplication, BotContext, services_of
from bot.telegram.permissions import admin_button, admin_chat, is_admin
from bot.telegram.sender import answer, send

ADD_PRINCIPLE, ADD_PASSAGE, ADD_SOURCE, ADD_SHORT = range(4)  # /addtip conversation states


def register(app: BotApplication) -> None:
    text = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    # The ➕ button under /stats enters the conversation by a button press; PTB warns
    # that such presses are not tracked per message, which is what we want here (the
    # conversation is the admin's in this chat, whatever message the button was on).
    warnings.filterwarnings("ignore", message="If 'per_message=False'", category=UserWarning)
    app.add_handler(ConversationHandler(
        entry_points=[CommandHandler(commands.names("addtip"), addtip_start,
                                     filters=filters.UpdateType.MESSAGE),
                      CallbackQueryHandler(addtip_from_miss, pattern=rf"^{CB_MISS}:")],
        states={
            ADD_PRINCIPLE: [MessageHandler(text, addtip_principle)],
            ADD_PASSAGE: [MessageHandler(text, addtip_passage)],
            ADD_SOURCE: [MessageHandler(text, addtip_source),
                         CommandHandler("skip", addtip_skip_source)],
            ADD_SHORT: [MessageHandler(text, addtip_short), CommandHandler("skip", addtip_skip)],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, addtip_timeout)],
        },
        # /addtip again while one is open starts over (a rejected one-line form left the
        # step-by-step one waiting for a principle).
        fallbacks=[CommandHandler("cancel", addtip_cancel),
                   CommandHandler(commands.names("addtip"), addtip_start,
                                  filters=filters.UpdateType.MESSAGE)],
        conversation_timeout=services_of(app).settings.addtip_timeout_seconds,
    ))
    # A channel post has no sender to hold a conversation with: the one-line form only.
    app.add_handler(CommandHandler(commands.names("addtip"), addtip_in_channel,
                                   filters=filters.UpdateType.CHANNEL_POST))


def _draft(context: BotContext, chat_id: int) -> dict[str, str]:
    data = context.user_data if context.user_data is not None else {}
    draft: dict[str, str] = data.setdefault(f"addtip:{chat_id}", {})
    return draft


def _open_draft(context: BotContext, chat_id: int) -> None:
    """A new, empty draft: the conversation is open from here to its end."""
    if context.user_data is not None:
        context.user_data[f"addtip:{chat_id}"] = {}


def _forget_draft(context: BotContext, chat_id: int) -> dict[str, str] | None:
    if context.user_data is None:
        return None
    draft: dict[str, str] | None = context.user_data.pop(f"addtip:{chat_id}", None)
    return draft


async def addtip_migrated(context: BotContext, old: int, new: int) -> None:
    """The group ``old`` is now ``new``: every tip being written there ends unsaved, and
    the new group hears it once (the old id's conversations then time out in silence)."""
    key = f"addtip:{old}"
    open_drafts = [data.pop(key) for data in context.application.user_data.values()
                   if key in data]
    if open_drafts:
        await send(context, new, Reply(context.strings.addtip_migrated))


async def save_team_tip(update: Update, context: BotContext,
                        draft: drafts.TeamTipDraft) -> None:
    message = update.effective_message
    if message is None:
        return
    s = context.strings
    user = update.effective_user
    done = await teamtips.add(context.storage, message.chat_id, draft,
                              user.id if user else None)
    if not done.added:
        await answer(update, context, Reply(
            s.addtip_already if done.already else s.addtip_limit.format(limit=MAX_TEAM_TIPS)))
        return
    number = done.added[0]
    tips = await context.team_tips(message.chat_id)
    tip = next(t for t in tips if t.id == f"{drafts.PREFIX}{number}")
    await answer(update, context, context.replies.team_tip_saved(tip, len(tips), s))


async def addtip_start(update: Update, context: BotContext) -> int:
    chat_id = await admin_chat(update, context)
    message = update.effective_message
    if chat_id is None or message is None:
        return ConversationHandler.END
    s = context.strings
    rest = (message.text or "").split(maxsplit=1)
    text = rest[1] if len(rest) > 1 else ""
    if len(await context.storage.team_tips.of_chat(chat_id)) >= MAX_TEAM_TIPS:
        await answer(update, context, Reply(s.addtip_limit.format(limit=MAX_TEAM_TIPS)))
        return ConversationHandler.END
    if "|" in text:
        try:
            draft = drafts.parse_one_line(text)
        except drafts.TeamTipError as exc:
            await answer(update, context, context.replies.team_tip_error(exc, s))
            return ConversationHandler.END
        await save_team_tip(update, context, draft)
        return ConversationHandler.END
    _open_draft(context, chat_id)
    if text.strip():  # "/addtip Nguyên tắc": the principle came with the command
        return await addtip_principle(update, context, text)
    await answer(update, context, Reply(s.addtip_ask_principle))
    return ADD_PRINCIPLE


async def addtip_from_miss(update: Update, context: BotContext) -> int:
    """➕ under /stats: start /addtip for a question the team asked that no tip answers."""
    query = update.callback_query
    s = context.strings
    chat_id = await admin_button(update, context, s.addtip_admin_alert)
    if query is None or chat_id is None:
        return ConversationHandler.END
    rank = (query.data or "").partition(":")[2]
    asked = await misses.top(context.storage, chat_id)
    if not (rank.isascii() and rank.isdigit() and 1 <= int(rank) <= len(asked)):
        await query.answer(s.miss_gone, show_alert=True)
        return ConversationHandler.END
    if len(await context.storage.team_tips.of_chat(chat_id)) >= MAX_TEAM_TIPS:
        await query.answer(s.addtip_limit.format(limit=MAX_TEAM_TIPS), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    _open_draft(context, chat_id)
    question = asked[int(rank) - 1][0]
    await send(context, chat_id, Reply(s.addtip_from_miss.format(query=escape(question))))
    return ADD_PRINCIPLE


async def _addtip_step(update: Update, context: BotContext, field: str,
                       text: str | None) -> bool:
    """Check and keep one part; on a bad part say why and stay at this step."""
    message = update.effective_message
    if message is None:
        return False
    try:
        value = drafts.check_part(field, text if text is not None else message.text or "")
    except drafts.TeamTipError as exc:
        await answer(update, context, context.replies.team_tip_error(exc, context.strings))
        return False
    _draft(context, message.chat_id)[field] = value
    return True


async def addtip_principle(update: Update, context: BotContext, text: str | None = None) -> int:
    if not await _addtip_step(update, context, "principle", text):
        return ADD_PRINCIPLE
    await answer(update, context, Reply(context.strings.addtip_ask_passage))
    return ADD_PASSAGE


async def addtip_passage(update: Update, context: BotContext) -> int:
    if not await _addtip_step(update, context, "passage", None):
        return ADD_PASSAGE
    await answer(update, context, Reply(context.strings.addtip_ask_source))
    return ADD_SOURCE


async def addtip_source(update: Update, context: BotContext) -> int:
    if not await _addtip_step(update, context, "source", None):
        return ADD_SOURCE
    return await addtip_skip_source(update, context)


async def addtip_skip_source(update: Update, context: BotContext) -> int:
    await answer(update, context, Reply(context.strings.addtip_ask_short))
    return ADD_SHORT


async def addtip_short(update: Update, context: BotContext) -> int:
    if not await _addtip_step(update, context, "short", None):
        return ADD_SHORT
    return await _addtip_finish(update, context)


async def addtip_skip(update: Update, context: BotContext) -> int:
    return await _addtip_finish(update, context)


async def _addtip_finish(update: Update, context: BotContext) -> int:
    message = update.effective_message
    if message is None:
        return ConversationHandler.END
    parts = _draft(context, message.chat_id)
    _forget_draft(context, message.chat_id)
    draft = drafts.TeamTipDraft(parts.get("principle", ""), parts.get("passage", ""),
                                  parts.get("source", ""), parts.get("short", ""))
    if not await is_admin(update, context.bot):  # no longer an admin since /addtip
        await answer(update, context, Reply(context.strings.sub_admin_only))
        return ConversationHandler.END
    if draft.principle and draft.passage:
        await save_team_tip(update, context, draft)
    return ConversationHandler.END


async def addtip_cancel(update: Update, context: BotContext) -> int:
    message = update.effective_message
    if message is not None:
        _forget_draft(context, message.chat_id)
    await answer(update, context, Reply(context.strings.addtip_cancelled))
    return ConversationHandler.END


async def addtip_timeout(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or _forget_draft(context, message.chat_id) is None:
        return  # ended already (the group became a supergroup and was told)
    await send(context, message.chat_id, Reply(context.strings.addtip_timeout))


async def addtip_in_channel(update: Update, context: BotContext) -> None:
    """``/addtip`` posted in a channel: the one-line form is saved, else say what works."""
    message = update.effective_message
    if message is None:
        return
    rest = (message.text or "").split(maxsplit=1)
    if len(rest) > 1 and "|" in rest[1]:
        await addtip_start(update, context)
        return
    await answer(update, context,
                 Reply(context.strings.addtip_in_channel.format(chat_id=message.chat_id)))
