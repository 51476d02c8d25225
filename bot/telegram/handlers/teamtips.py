"""The team's own tips: /addtip (one line or a four-step conversation; in channels one line).

The fourth step asks for the short form, optional: without it a tip is never a quiz
option, so a tip added step by step would stay out of the team's quizzes.

While a tip is being written, the admin's messages in that chat (a text, or words under a
photo) are its parts, not lookups: ``addtip_part`` (and ``/skip``, ``/cancel``) run
before every handler that reads text (group -1) and stop the update there when a draft
is open. The draft is in the database
(``bot.services.addtip``): a restart, another replica, or the supergroup a group becomes
goes on with it. A silent admin is let go after ``BOT_ADDTIP_TIMEOUT_SECONDS`` with nothing
saved and a word in the chat; the time-outs of drafts still open are set again at a start.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from html import escape
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    JobQueue,
    MessageHandler,
    filters,
)

from bot.models import MAX_TEAM_TIPS, AddtipDraft
from bot.replies import CB_MISS, Reply, commands
from bot.services import addtip, misses, teamtips
from bot.strings import for_language
from bot.teamtips import drafts
from bot.telegram.context import BotApplication, BotContext, services_of
from bot.telegram.handlers.lookup import replied_to_bot, words_to_the_bot
from bot.telegram.permissions import admin_button, admin_chat, is_admin
from bot.telegram.sender import answer, mention, send

STEP_GROUP = -1  # before the lookups (group 0), after the chat's bookkeeping (-2)


def register(app: BotApplication) -> None:
    message = filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("skip", addtip_skip, filters=message), group=STEP_GROUP)
    app.add_handler(CommandHandler("cancel", addtip_cancel, filters=message), group=STEP_GROUP)
    app.add_handler(MessageHandler(
        message & ((filters.TEXT & ~filters.COMMAND) | filters.CAPTION), addtip_part),
        group=STEP_GROUP)
    app.add_handler(MessageHandler(
        filters.UpdateType.EDITED_MESSAGE & (filters.TEXT | filters.CAPTION), addtip_edit),
        group=STEP_GROUP)
    app.add_handler(MessageHandler(  # a photo or a sticker without words, not a file
        message & (filters.ChatType.PRIVATE | filters.REPLY) & ~filters.TEXT
        & ~filters.CAPTION & ~filters.StatusUpdate.ALL & ~filters.Document.ALL,
        addtip_wordless), group=STEP_GROUP)
    app.add_handler(CommandHandler(commands.names("addtip"), addtip_start,
                                   filters=filters.UpdateType.MESSAGE))
    app.add_handler(CallbackQueryHandler(addtip_from_miss, pattern=rf"^{CB_MISS}:"))
    # A channel post has no sender to hold a conversation with: the one-line form only.
    app.add_handler(CommandHandler(commands.names("addtip"), addtip_in_channel,
                                   filters=filters.UpdateType.CHANNEL_POST))


_ADDTIP = frozenset(commands.names("addtip"))


def opens_draft(update: object, username: str) -> bool:
    """May this update open an ``/addtip`` draft (the command for this bot in a chat, the
    ➕ under /stats)? The sender's texts after it are parts of a tip, kept in full by the
    inbox (``bot.models.OPENS_DRAFT``) even before the draft is open."""
    if not isinstance(update, Update):
        return False
    query = update.callback_query
    if query is not None:
        return (query.data or "").startswith(f"{CB_MISS}:")
    text = update.message.text if update.message is not None else None
    return addtip_words(text or "", username) is not None


def addtip_words(text: str, username: str) -> str | None:
    """The words after this bot's ``/addtip`` at the start of ``text`` (``""``: none),
    ``None`` when ``text`` is not that command: "/addtip Nguyên tắc" gives the principle."""
    if not text.startswith("/") or not text[1:].strip():
        return None
    command = text[1:].split(maxsplit=1)
    name, _, addressee = command[0].partition("@")
    if name.lower() not in _ADDTIP or addressee.lower() not in ("", username.lower()):
        return None
    return command[1] if len(command) > 1 else ""


def _timeout(context: BotContext) -> dt.timedelta:
    return dt.timedelta(seconds=context.services.settings.addtip_timeout_seconds)


def _time_out_later(jobs: JobQueue[Any] | None, draft: AddtipDraft,
                    seconds: float) -> None:
    if jobs is not None:
        jobs.run_once(addtip_timeout, when=max(0.0, seconds), data=(draft.user_id, draft.token))


async def restore_timeouts(app: BotApplication) -> None:
    """At a start: the time-out of every draft kept (one expired meanwhile ends now)."""
    services = services_of(app)
    now = services.clock()
    for draft in await services.storage.addtip_drafts.open():
        _time_out_later(app.job_queue, draft, (draft.expires_at - now).total_seconds())


async def addtip_timeout(context: BotContext) -> None:
    job = context.job
    if job is None or not isinstance(job.data, tuple):
        return
    user_id, token = job.data
    ended = await addtip.time_out(context.storage, user_id, token)
    if ended is not None:  # not gone on, finished or cancelled since
        await send(context, ended.chat_id,
                   Reply(for_language(ended.language).addtip_timeout))


async def save_team_tip(update: Update, context: BotContext,
                        draft: drafts.TeamTipDraft) -> None:
    message = update.effective_message
    if message is None:
        return
    s = context.strings
    user = update.effective_user
    done = await teamtips.add(context.storage, message.chat_id, draft,
                              user.id if user else None, message_id=message.message_id)
    if not done.added:
        await answer(update, context, Reply(
            s.addtip_already if done.already else s.addtip_limit.format(limit=MAX_TEAM_TIPS)))
        return
    number = done.added[0]
    tips = await context.team_tips(message.chat_id)
    tip = next(t for t in tips if t.id == f"{drafts.PREFIX}{number}")
    await answer(update, context, context.replies.team_tip_saved(tip, len(tips), s))


async def addtip_start(update: Update, context: BotContext) -> None:
    chat_id = await admin_chat(update, context, context.strings.addtip_admin_alert)
    message, user = update.effective_message, update.effective_user
    if chat_id is None or message is None:
        return
    s = context.strings
    text = addtip_words(message.text or "", context.services.me_username) or ""
    if user is not None:  # /addtip again while one is open starts over
        await addtip.cancel(context.storage, chat_id, user.id)
    if "|" in text or user is None:  # a channel's post: the one line only
        try:
            draft = drafts.parse_one_line(text)
        except drafts.TeamTipError as exc:
            await answer(update, context, context.replies.team_tip_error(exc, s, line=True))
            return
        await save_team_tip(update, context, draft)  # the limit is kept where it is stored
        return
    if len(await context.storage.team_tips.of_chat(chat_id)) >= MAX_TEAM_TIPS:
        await answer(update, context, Reply(s.addtip_limit.format(limit=MAX_TEAM_TIPS)))
        return
    opened = await addtip.begin(context.storage, chat_id, user.id, s.lang,
                                now=context.services.clock(), timeout=_timeout(context))
    if text.strip():  # "/addtip Nguyên tắc": the principle came with the command
        await _give(update, context, opened, text)
        return
    _time_out_later(context.job_queue, opened, _timeout(context).total_seconds())
    await _ask(update, context, opened, context.replies.addtip_step(opened, s))


async def _ask(update: Update, context: BotContext, draft: AddtipDraft, reply: Reply) -> None:
    """Ask ``draft``'s step with ``reply``, and keep which message asks it: in a group
    anyone may reply to it by hand, and someone else's reply is told it is not theirs."""
    sent = await answer(update, context, reply)
    if sent is not None:
        await addtip.asked(context.storage, draft, sent.message_id)


async def addtip_from_miss(update: Update, context: BotContext) -> None:
    """➕ under /stats: start /addtip for a question the team asked that no tip answers."""
    query = update.callback_query
    s = context.strings
    chat_id = await admin_button(update, context, s.addtip_admin_alert)
    if query is None or chat_id is None:
        return
    rank = (query.data or "").partition(":")[2]
    asked = await misses.top(context.storage, chat_id)
    if not (rank.isascii() and rank.isdigit() and 1 <= int(rank) <= len(asked)):
        await query.answer(s.miss_gone, show_alert=True)
        return
    if len(await context.storage.team_tips.of_chat(chat_id)) >= MAX_TEAM_TIPS:
        await query.answer(s.addtip_limit.format(limit=MAX_TEAM_TIPS), show_alert=True)
        return
    await query.answer()
    opened = await addtip.begin(context.storage, chat_id, query.from_user.id, s.lang,
                                now=context.services.clock(), timeout=_timeout(context))
    _time_out_later(context.job_queue, opened, _timeout(context).total_seconds())
    question = escape(asked[int(rank) - 1][0])
    if misses.private_chat(chat_id):  # the next message reaches the bot anyway
        await send(context, chat_id, Reply(s.addtip_from_miss.format(query=question)))
        return
    # A group with privacy mode gives the bot replies to it, not the admin's next plain
    # message: name the admin and open their reply.
    sent = await send(context, chat_id, Reply(s.addtip_from_miss_to.format(
        admin=mention(query.from_user), query=question), asks=True), addressed=True)
    await addtip.asked(context.storage, opened, sent.message_id)


async def _open_draft(update: Update, context: BotContext) -> AddtipDraft | None:
    """The draft the sender has open in this chat, if any (or the one this message
    ended, handled again after a crash)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    return await addtip.current(context.storage, message.chat_id, user.id,
                                context.services.clock(), message_id=message.message_id)


async def addtip_part(update: Update, context: BotContext) -> None:
    """Text (or a caption: what the person typed, ``words_to_the_bot``) from an admin with a tip
    open in this chat is its next part, and nothing else reads it; other commands than
    /skip and /cancel run as usual, the draft open, and a playbook file stays a file."""
    message = update.effective_message
    words = words_to_the_bot(message, context.services.me_username) if message else ""
    if not words:
        return  # a command, or a file for the playbook: for the other handlers
    draft = await _open_draft(update, context)
    if await _someone_elses(update, context, draft):  # no tip's part, whoever writes one
        raise ApplicationHandlerStop
    if draft is None:
        return  # not writing a tip here: the text is for the other handlers
    await _give(update, context, draft, words)
    raise ApplicationHandlerStop


async def _someone_elses(update: Update, context: BotContext,
                         own: AddtipDraft | None) -> bool:
    """A reply to the bot's question for someone else's draft: say it is not theirs
    (``addtip.whose_question``), asking the sender's ``own`` step if they write a tip;
    ``False`` for any other message."""
    message, user = update.effective_message, update.effective_user
    replied = replied_to_bot(message, context.bot.id) if message is not None else None
    if message is None or user is None or replied is None:
        return False
    if await addtip.whose_question(context.storage, message.chat_id, user.id,
                                   replied.message_id, context.services.clock()) is None:
        return False
    reply = context.replies.not_yours(context.strings, context.services.me_username,
                                      own if own is not None and not own.ended else None)
    if own is not None and not own.ended:
        await _ask(update, context, own, reply)
    else:
        await answer(update, context, reply)
    return True


async def addtip_wordless(update: Update, context: BotContext) -> None:
    """A photo or a sticker without words in a private chat where a tip is being written,
    or in a group in reply to the bot, is no part: the step is asked again (once for an
    album), not the lookups' "type a few words" nor silence, which would leave the admin
    wondering where the draft went. A group's other photos are its own talk."""
    message = update.effective_message
    if message is None or (message.chat.type != ChatType.PRIVATE and replied_to_bot(
            message, context.bot.id) is None):
        return
    draft = await _open_draft(update, context)
    if draft is None:
        return
    if context.services.albums.answers(message.chat_id, message.media_group_id,
                                       has_words=False):
        await answer(update, context, context.replies.addtip_step(draft, context.strings))
    raise ApplicationHandlerStop


async def addtip_edit(update: Update, context: BotContext) -> None:
    """An admin writing a tip here edited one of their messages: the edit of the latest
    part is taken, any other is not, and either is said once a step
    (``bot.services.addtip.edit``). Outside a draft, only the edit of a one-line /addtip
    is read: it fixes the tip that line stored."""
    message, user = update.edited_message, update.effective_user
    if message is None or user is None:
        return
    username = context.services.me_username
    words = addtip_words(message.text or "", username)  # the principle typed with it
    draft = await addtip.current(context.storage, message.chat_id, user.id,
                                 context.services.clock())
    if draft is None:
        if words is not None:
            await _edit_line(update, context, message.message_id, user.id, words)
        return
    if words is None:
        words = words_to_the_bot(message, username)
    edited = await addtip.edit(context.storage, draft, message.message_id, words,
                               context.services.edit_notes, now=context.services.clock())
    if edited.say:
        await _ask(update, context, edited.draft, context.replies.draft_edited(
            edited.draft, edited.field, edited.error, context.strings))
    raise ApplicationHandlerStop


async def _edit_line(update: Update, context: BotContext, message_id: int, user_id: int,
                     words: str) -> None:
    """The one-line /addtip ``message_id`` edited to ``words``: the tip it stored takes
    them (its number, votes and quiz history kept), as a step's part takes its fix."""
    chat = update.effective_chat
    number = None if chat is None else await teamtips.sent_in(context.storage, chat.id,
                                                              message_id, user_id)
    if chat is None or number is None:
        return  # it stored no tip: an edit outside a draft is not read
    s = context.strings
    if not await is_admin(update, context.bot):
        await answer(update, context, Reply(s.addtip_admin_alert))
        return
    try:
        draft = drafts.parse_one_line(words)
    except drafts.TeamTipError as exc:
        await answer(update, context, context.replies.team_tip_error(exc, s, line=True))
        return
    outcome = await teamtips.edit(context.storage, chat.id, number, draft)
    if outcome == "edited":
        await answer(update, context, Reply(s.addtip_line_edited.format(
            tip_id=f"{drafts.PREFIX}{number}")))
    elif outcome == "already":
        await answer(update, context, Reply(s.addtip_already))


async def addtip_skip(update: Update, context: BotContext) -> None:
    """``/skip`` where a part may be left out (the source, the short form); where it may
    not (the principle, the passage), the step is asked again."""
    draft = await _open_draft(update, context)
    if draft is None:
        return
    await _give(update, context, draft, None)
    raise ApplicationHandlerStop


async def addtip_cancel(update: Update, context: BotContext) -> None:
    """``/cancel``: the draft ends unsaved (or, handled again, it was: said again)."""
    draft = await _open_draft(update, context)
    if draft is None:
        return
    if draft.ended:
        await _say_ended(update, context, draft)
        raise ApplicationHandlerStop
    message = update.effective_message
    await addtip.give_up(context.storage, draft, now=context.services.clock(),
                         timeout=_timeout(context),
                         message_id=message.message_id if message else 0)
    await answer(update, context, Reply(context.strings.addtip_cancelled))
    raise ApplicationHandlerStop


async def _give(update: Update, context: BotContext, draft: AddtipDraft,
                text: str | None) -> None:
    """One part (``None``: skipped): say why it is refused, ask the next, or save."""
    message = update.effective_message
    given = await addtip.give(context.storage, draft, text, now=context.services.clock(),
                              timeout=_timeout(context),
                              message_id=message.message_id if message else 0)
    if given.draft is not None:
        _time_out_later(context.job_queue, given.draft, _timeout(context).total_seconds())
    if given.cancelled:
        await answer(update, context, Reply(context.strings.addtip_cancelled))
    elif given.error is not None and given.draft is not None:  # the same part asked again
        refused = context.replies.team_tip_error(given.error, context.strings)
        await _ask(update, context, given.draft, dataclasses.replace(refused, asks=True))
    elif given.draft is not None:
        await _ask(update, context, given.draft,
                   context.replies.addtip_step(given.draft, context.strings))
    elif given.tip is not None:
        if not await is_admin(update, context.bot):  # no longer an admin since /addtip
            await addtip.cancel(context.storage, draft.chat_id, draft.user_id)
            await answer(update, context, Reply(context.strings.addtip_admin_alert))
            return
        ended = await addtip.finish(context.storage, draft, given.tip,
                                    now=context.services.clock(), timeout=_timeout(context),
                                    message_id=message.message_id if message else 0)
        if ended is not None:  # else it timed out meanwhile, and that was said
            await _say_ended(update, context, ended)
    elif given.ended is not None:  # the message that ended it, handled again
        await _say_ended(update, context, given.ended)


async def _say_ended(update: Update, context: BotContext, ended: AddtipDraft) -> None:
    tips = await context.team_tips(ended.chat_id)
    await answer(update, context, context.replies.draft_ended(
        ended, addtip.saved_tip(ended, tips), len(tips), context.strings))


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
