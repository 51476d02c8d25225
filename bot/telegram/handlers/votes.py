"""👍/👎 under a tip: one vote per user per tip per chat; the counts on the buttons follow.

The vote is stored and acknowledged at once; the edit that shows the new counts goes
through the ``EditThrottle``, so a whole team tapping together costs one edit a second.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler

from bot.replies import CB_VOTE
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.keyboards import keyboard
from bot.telegram.sender import unless_unchanged


def register(app: BotApplication) -> None:
    app.add_handler(CallbackQueryHandler(on_vote_button, pattern=rf"^{CB_VOTE}:"))


def shows_votes_for(message: Message, tip_id: str) -> bool:
    """Votes count only on a message that carries this tip's 👍/👎 (a tip message): forged
    data on the /topics or /mytips menu neither records a vote nor redraws that menu."""
    markup = message.reply_markup
    wanted = {f"{CB_VOTE}:+:{tip_id}", f"{CB_VOTE}:-:{tip_id}"}
    return markup is not None and any(
        button.callback_data in wanted for row in markup.inline_keyboard for button in row)


async def on_vote_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    s = context.strings
    parts = (query.data or "").split(":", 2)
    sign, tip_id = (parts[1], parts[2]) if len(parts) == 3 else ("", "")
    message = query.message
    corpus = (await context.replies_for(message.chat.id)).corpus if message \
        else context.services.corpus
    tip = corpus.get(tip_id)
    if tip is None or sign not in ("+", "-") or not isinstance(message, Message) \
            or not shows_votes_for(message, tip_id):
        await query.answer(s.unknown_button)
        return
    storage = context.storage
    _, _, mine = await storage.votes.cast(message.chat.id, tip.id, query.from_user.id,
                                          1 if sign == "+" else -1)
    toast = s.vote_removed if mine == 0 else (s.vote_up_done if mine > 0 else s.vote_down_done)
    await query.answer(toast)
    # The tip's own two rows are redrawn; any rows under them stay as they are.
    extra = tuple(tuple(row) for row in message.reply_markup.inline_keyboard[2:]) \
        if message.reply_markup else ()

    async def edit() -> None:
        counts = await storage.votes.counts(message.chat.id, tip.id)
        markup = keyboard(context.replies.tip_buttons(tip, s, counts))
        assert markup is not None
        with unless_unchanged():
            await context.bot.edit_message_reply_markup(
                message.chat.id, message.message_id,
                reply_markup=InlineKeyboardMarkup([*markup.inline_keyboard, *extra]))

    context.services.edits.request((message.chat.id, message.message_id), edit)
