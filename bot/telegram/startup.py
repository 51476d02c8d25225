"""Waiting for Telegram at start-up.

A bot started with the machine often starts before the network: no route yet, DNS
failing, or the Bot API itself down for a while. Giving up at the first failed ``getMe``
(a long traceback, exit 1) makes the service manager's restart loop the retry policy.
Instead ``getMe`` is retried with the database's backoff (``bot.startup.Backoff``) for
``BOT_TELEGRAM_WAIT_SECONDS``, one log line per attempt. A token Telegram rejects is no
reason to wait: ``InvalidToken`` goes straight to ``run``, which says so in one line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from bot.config import Settings
from bot.startup import Backoff

log = logging.getLogger(__name__)
# PTB logs a traceback with the whole page when an answer is not JSON (a proxy's 502 page
# while the API is down); during the wait, the attempt's own line says it instead.
_PTB_REQUEST_LOG = "telegram.request.BaseRequest"


def _not_json_page(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith("Can not load invalid JSON data")


_TELEGRAM = "Telegram could be reached"


class TelegramUnreachable(Exception):
    """Telegram did not answer within the wait: try again later (exit code 1)."""


class StoppedWaiting(Exception):
    """SIGTERM/SIGINT came while Telegram (or the database) was still away: a normal stop
    (exit code 0). Its message is what did not come: "Telegram could be reached"."""


def _reason(exc: TelegramError) -> str | None:
    """Why this attempt failed, if another attempt may succeed; ``None`` if it cannot.

    A network failure, a timeout, a 5xx, a 429 or an answer that is not the Bot API's
    (a proxy's error page) may pass; a 400 or a 403 would come again.
    """
    if isinstance(exc, RetryAfter):
        return f"flood control, retry after {exc.retry_after}"
    if isinstance(exc, BadRequest):
        return None
    if isinstance(exc, NetworkError) or type(exc) is TelegramError:
        return f"{type(exc).__name__}: {exc.message}"
    return None


def _at_least(exc: TelegramError) -> float:
    if isinstance(exc, RetryAfter):
        after = exc.retry_after
        return after if isinstance(after, int | float) else after.total_seconds()
    return 0.0


async def _unless(stop: asyncio.Event | None, work: Awaitable[Any]) -> bool:
    """Run ``work`` until it ends (True) or ``stop`` is set first (False, work cancelled)."""
    task = asyncio.ensure_future(work)
    stopper = asyncio.ensure_future(stop.wait()) if stop is not None else None
    try:
        pending = {task} if stopper is None else {task, stopper}
        await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        if stop is not None and stop.is_set():
            return False
        if task.done():
            task.result()  # its exception, if any, is the caller's
        return True
    finally:
        for pending_task in (task, stopper):
            if pending_task is not None and not pending_task.done():
                pending_task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await pending_task


async def wait_for_telegram(bot: Bot, settings: Settings,
                            stop: asyncio.Event | None = None) -> None:
    """Initialise ``bot`` (its ``getMe``) once Telegram answers.

    Raises ``InvalidToken`` at once for a token Telegram rejects, ``TelegramUnreachable``
    (one line, the token never in it) when the wait is over, ``StoppedWaiting`` when
    ``stop`` is set first, and any other Telegram error (a 400, a 403) as it is.
    """
    quiet = logging.getLogger(_PTB_REQUEST_LOG)
    quiet.addFilter(_not_json_page)
    try:
        await _wait(bot, settings, stop)
    except BaseException:
        with contextlib.suppress(Exception):
            await bot.shutdown()  # its HTTP sessions: no "Unclosed client session" at exit
        raise
    finally:
        quiet.removeFilter(_not_json_page)


async def _wait(bot: Bot, settings: Settings, stop: asyncio.Event | None) -> None:
    backoff = Backoff(settings.telegram_wait_seconds)
    while True:
        attempt = backoff.attempt
        try:
            if not await _unless(stop, bot.initialize()):
                raise StoppedWaiting(_TELEGRAM) from None
        except TelegramError as exc:
            reason = _reason(exc)
            if reason is None:
                raise
            reason = settings.redact(reason)
            pause = backoff.next_pause(_at_least(exc))
            if pause is None:
                waited = f" after {attempt} attempts" if attempt > 1 else ""
                raise TelegramUnreachable(
                    f"Telegram ({settings.redact(settings.api_base_url)}) could not be reached"
                    f"{waited} ({reason}); check the network, DNS and TELEGRAM_API_BASE_URL, "
                    f"or wait longer with BOT_TELEGRAM_WAIT_SECONDS") from None
            log.warning("Telegram not reachable yet (attempt %d: %s); retrying in %.1f s",
                        attempt, reason, pause)
            if not await _unless(stop, asyncio.sleep(pause)):
                raise StoppedWaiting(_TELEGRAM) from None
            continue
        if attempt > 1:
            log.info("Telegram answers now (attempt %d)", attempt)
        return


async def pause(seconds: float, *, stop: asyncio.Event | None = None) -> None:
    """The database's wait between attempts at start-up (``startup.open_storage``), cut
    short by ``stop`` as Telegram's is."""
    if not await _unless(stop, asyncio.sleep(seconds)):
        raise StoppedWaiting("the database answered") from None


__all__ = ["StoppedWaiting", "TelegramUnreachable", "pause", "wait_for_telegram"]
