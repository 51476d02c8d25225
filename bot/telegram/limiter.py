"""Telegram's limits on what the bot sends, applied inside python-telegram-bot.

``SharedRateLimiter`` puts every Bot API call that posts into a chat on the process's
one ``SendLimiter`` (the budget the daily broadcast shares), and lets an answer to a
press or an inline query that came too late go (``ANSWERS``); ``EditThrottle`` keeps a
message that many people tap at once from being edited more than once a second.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

from bot.delivery.ratelimit import SendLimiter
from bot.inbox.slots import lend

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]  # what a Bot API call returns, as PTB's BaseRateLimiter types it

# Bot API methods that post into a chat and so count against Telegram's limits.
SENDING_METHODS = frozenset({
    "sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument",
    "sendSticker", "copyMessage", "forwardMessage", "sendPoll",
})

# Answers Telegram takes only for a few seconds after the press or the query. An update
# may wait longer for its turn (its chat busy with a file, a restart, a flood wait), and
# then the press must still do what it asks: the answer, nobody waits for any more, is
# dropped instead of failing the handler (an apology, the action undone).
ANSWERS = frozenset({"answerCallbackQuery", "answerInlineQuery"})
TOO_LATE = "query is too old"


def seconds(value: float | dt.timedelta) -> float:
    """``RetryAfter.retry_after`` in seconds: PTB gives a timedelta or a number."""
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class SharedRateLimiter(BaseRateLimiter[dict[str, bool]]):
    """Every message the bot sends draws on one ``SendLimiter``.

    Interactive replies wait for the budget (lending their update's slot to other
    updates meanwhile, see ``bot.inbox.slots``) and retry a flood wait twice. The daily
    broadcast takes its budget itself and passes ``{"acquired": True}``: it handles
    flood waits per chat, so one chat's wait never stalls the rest.
    """

    def __init__(self, limiter: SendLimiter, max_retries: int = 2) -> None:
        self.limiter = limiter
        self.max_retries = max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
            self, callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
            args: Any, kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
            rate_limit_args: dict[str, bool] | None) -> bool | JSONDict | list[JSONDict]:
        acquired = bool(rate_limit_args and rate_limit_args.get("acquired"))
        chat = data.get("chat_id")
        chat_id = int(chat) if isinstance(chat, int | str) and str(chat).lstrip("-").isdigit() \
            else None
        attempt = 0
        while True:
            if endpoint in SENDING_METHODS and not acquired:
                # Waiting for the budget is not work: the update's slot serves others.
                ticket = self.limiter.line_up(chat_id)
                try:
                    while (delay := self.limiter.try_acquire(chat_id, ticket)) > 0:
                        async with lend():
                            await asyncio.sleep(delay)
                finally:
                    self.limiter.leave(ticket)
            try:
                return await callback(*args, **kwargs)
            except BadRequest as exc:
                if endpoint not in ANSWERS or TOO_LATE not in exc.message.lower():
                    raise
                log.info("%s came too late for Telegram; dropped", endpoint)
                return True
            except RetryAfter as exc:
                if acquired or attempt >= self.max_retries:
                    raise
                attempt += 1
                log.info("flood wait %.1f s on %s", seconds(exc.retry_after), endpoint)
                async with lend():
                    await asyncio.sleep(seconds(exc.retry_after) + 0.1)


class EditThrottle:
    """At most one edit per message a second; requests in between coalesce into one.

    Thirty quick taps on a message's 👍 must not become thirty edits (Telegram limits
    edits as it limits sends): the first edit goes at once, the rest wait for the next
    second and show the counts as they are then. The edit itself decides what an
    unchanged message means (see ``sender.unless_unchanged``); any other Telegram error
    is logged, since the tap it follows was already answered.
    """

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self._last: dict[tuple[int, int], float] = {}
        self._pending: dict[tuple[int, int], asyncio.Task[None]] = {}

    def request(self, key: tuple[int, int], edit: Callable[[], Awaitable[Any]]) -> None:
        if key in self._pending:
            return  # the pending edit will read the latest counts
        delay = max(0.0, self._last.get(key, -self.interval) + self.interval - time.monotonic())
        self._pending[key] = asyncio.create_task(self._run(key, delay, edit))

    async def _run(self, key: tuple[int, int], delay: float,
                   edit: Callable[[], Awaitable[Any]]) -> None:
        try:
            await asyncio.sleep(delay)
            self._last[key] = time.monotonic()
        finally:
            self._pending.pop(key, None)
        try:
            await edit()
        except TelegramError as exc:
            log.warning("could not update vote counts: %s", exc)
        if len(self._last) > 10_000:
            cutoff = time.monotonic() - 60
            self._last = {k: t for k, t in self._last.items() if t > cutoff}

    async def drain(self) -> None:
        """Wait for pending edits (tests, shutdown)."""
        while self._pending:
            await asyncio.gather(*list(self._pending.values()), return_exceptions=True)
