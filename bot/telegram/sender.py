"""Every way the bot puts a ``Reply`` into Telegram: send, answer, edit, broadcast.

``TelegramSender`` sends the daily tip and the weekly digest for the delivery engine
(``bot.delivery.engine``); ``delivery_errors`` translates Telegram's errors into the engine's
terms (flood wait, migrated, gone, rejected, transient) for every scheduled send, so the
engine never sees a Telegram type. ``unless_unchanged`` is the one place that
knows Telegram refuses an edit that changes nothing, which for us is success. Parse mode
(HTML) and link previews (off) come from the Application's ``Defaults`` (``app.py``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import time
from collections.abc import Iterator
from html import escape

from telegram import CallbackQuery, ForceReply, Message, Update, User
from telegram.constants import ChatType
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter
from telegram.ext import ExtBot

from bot.corpus import Tip
from bot.delivery.push import ChatGone, FloodWait, Migrated, Rejected, Transient
from bot.replies import Replies, Reply
from bot.strings import for_language
from bot.telegram.context import BotContext, RateLimitArgs
from bot.telegram.keyboards import keyboard
from bot.telegram.limiter import seconds
from bot.telegram.metrics import Metrics
from bot.text import normalize


@contextlib.contextmanager
def unless_unchanged() -> Iterator[None]:
    """Swallow "message is not modified": the message already shows what we wanted.

    Two taps that end in the same state, or a vote withdrawn and cast again within a
    second, ask for an edit to what is already there; Telegram answers 400.
    """
    try:
        yield
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def edit_in_place(query: CallbackQuery, reply: Reply) -> None:
    """Replace the pressed message's text and buttons with ``reply``."""
    with unless_unchanged():
        await query.edit_message_text(reply.html, reply_markup=keyboard(reply.buttons))


def mention(user: User) -> str:
    """``user`` named in a message (HTML): a link Telegram resolves without a username,
    and a mention a selective ForceReply targets."""
    name = normalize.display_name(user.full_name, fallback=str(user.id))
    return f'<a href="tg://user?id={user.id}">{escape(name)}</a>'


async def send(context: BotContext, chat_id: int, reply: Reply, *,
               reply_to: Message | None = None, addressed: bool = False) -> Message:
    """A new message in the chat (quoting ``reply_to`` if given and still there).

    ``addressed``: the text names the person it asks (``mention``), as a question that
    quotes nobody must for Telegram to know whose reply to open."""
    context.services.metrics.replies.inc()
    # A question in a group (it quotes or names the person asked): open their reply to it.
    markup = ForceReply(selective=True) \
        if reply.asks and (reply_to or addressed) and not reply.buttons \
        else keyboard(reply.buttons)
    return await context.bot.send_message(
        chat_id, reply.html, reply_markup=markup,
        reply_to_message_id=reply_to.message_id if reply_to else None,
        allow_sending_without_reply=True)


async def with_votes(context: BotContext, chat_id: int, reply: Reply) -> Reply:
    """A tip reply's 👍/👎 buttons with this chat's current counts."""
    corpus = (await context.replies_for(chat_id)).corpus
    tip = corpus.get(reply.tip_id) if reply.tip_id else None
    if tip is None:
        return reply
    counts = await context.storage.votes.counts(chat_id, tip.id)
    if counts == (0, 0):
        return reply
    fresh = context.replies.tip_buttons(tip, context.strings, counts)
    return dataclasses.replace(reply, buttons=fresh + reply.buttons[len(fresh):])


async def answer(update: Update, context: BotContext, reply: Reply) -> Message | None:
    """Reply to the update's message: in groups quoting it, so the thread stays readable.
    The message sent (``None``: the update has no message to answer)."""
    message = update.effective_message
    if message is None:
        return None
    reply = await with_votes(context, message.chat_id, reply)
    in_group = message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
    return await send(context, message.chat_id, reply,
                      reply_to=message if in_group else None)


_GONE = ("chat not found", "not enough rights", "chat_write_forbidden", "have no rights")


@contextlib.contextmanager
def delivery_errors() -> Iterator[None]:
    """Telegram's errors in the broadcasts' terms (``bot.delivery.push``), for every kind of
    scheduled send (daily tip, digest, daily quiz): who waits, who is gone, what to skip."""
    try:
        yield
    except RetryAfter as exc:
        raise FloodWait(seconds(exc.retry_after)) from exc
    except ChatMigrated as exc:
        raise Migrated(exc.new_chat_id) from exc
    except Forbidden as exc:
        raise ChatGone(str(exc)) from exc
    except BadRequest as exc:
        if any(phrase in str(exc).lower() for phrase in _GONE):
            raise ChatGone(str(exc)) from exc
        raise Rejected(str(exc)) from exc
    except NetworkError as exc:  # includes TimedOut
        raise Transient(str(exc)) from exc


class TelegramSender:
    """The daily tip's and weekly digest's sender: Telegram errors in delivery terms."""

    def __init__(self, bot: ExtBot[RateLimitArgs], replies: Replies,
                 metrics: Metrics | None = None) -> None:
        self.bot = bot
        self.replies = replies
        self.metrics = metrics

    async def send_daily(self, chat_id: int, tip: Tip, language: str) -> int:
        return await self._send(chat_id, self.replies.daily(tip, for_language(language)))

    async def send_digest(self, chat_id: int, first: dt.date, last: dt.date,
                          items: list[tuple[Tip, int, int]], language: str,
                          quiz: str = "") -> int:
        reply = self.replies.digest(first, last, items, for_language(language))
        if quiz:
            reply = dataclasses.replace(reply, html=f"{reply.html}\n\n{quiz}")
        return await self._send(chat_id, reply)

    async def _send(self, chat_id: int, reply: Reply) -> int:
        started = time.perf_counter()
        with delivery_errors():
            message = await self.bot.send_message(
                chat_id, reply.html, reply_markup=keyboard(reply.buttons),
                rate_limit_args={"acquired": True})
        if self.metrics is not None:
            self.metrics.send_latency.observe(time.perf_counter() - started)
        return message.message_id
