"""Long polling that acknowledges to Telegram only the updates that were handled.

``getUpdates`` with an offset confirms every update below it, and python-telegram-bot's
Updater confirms each batch as soon as it fetches the next one (and, at a stop, every
update it fetched): updates still waiting for an answer at a stop were lost. Here the
offset never passes an update that is not done (``Inbox``): while some are open, the
poller asks again every ``BACKLOG_INTERVAL`` seconds, takes only the updates it has
not seen, and Telegram keeps the open ones; at a stop, whatever was not handled comes
again after the restart. An update that cannot be read is logged once and skipped.

In webhook mode the same ``Inbox`` says when to answer Telegram's POST (``bot.web``):
``handled`` resolves True once the update is done, False when the stop gave up on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, TelegramError

from bot.telegram.context import BotApplication

log = logging.getLogger(__name__)

POLL_TIMEOUT = 30  # seconds a long poll waits when nothing is open
BACKLOG_INTERVAL = 0.25  # seconds between polls while some updates are still open
MAX_BACKOFF = 30.0


class Inbox:
    """Fetched updates not done yet: the lowest of them is the offset to poll with."""

    def __init__(self) -> None:
        self.last_seen = -1  # the highest update id fetched
        self._open: set[int] = set()
        self._handled: dict[int, asyncio.Future[bool]] = {}

    def fetched(self, update_id: int) -> None:
        self._open.add(update_id)

    def done(self, update: object) -> None:
        if isinstance(update, Update):
            self._open.discard(update.update_id)
            self._settle(update.update_id, True)

    def handled(self, update_id: int) -> asyncio.Future[bool]:
        """Resolves True when the (fetched) update is done, False if ``abandon`` came first.

        Everyone who asks about one update shares one future: shield it before a timeout.
        """
        future = self._handled.get(update_id)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            if update_id in self._open:
                self._handled[update_id] = future
            else:
                future.set_result(True)
        return future

    def abandon(self) -> None:
        """At the end of a stop: whatever is still open will not be handled here."""
        for update_id in list(self._handled):
            self._settle(update_id, False)

    def _settle(self, update_id: int, handled: bool) -> None:
        future = self._handled.pop(update_id, None)
        if future is not None and not future.done():
            future.set_result(handled)

    @property
    def open(self) -> int:
        return len(self._open)

    def offset(self) -> int:
        """Confirms every update below it: all of them are done."""
        return min(self._open) if self._open else self.last_seen + 1


class Poller:
    """Fetch updates into the Application's queue until stopped."""

    def __init__(self, app: BotApplication, inbox: Inbox, *,
                 allowed_updates: Sequence[str] | None = None,
                 on_error: Callable[[TelegramError], None] | None = None,
                 timeout: int = POLL_TIMEOUT, backlog_interval: float = BACKLOG_INTERVAL
                 ) -> None:
        self.app = app
        self.inbox = inbox
        self.allowed_updates = list(allowed_updates) if allowed_updates is not None else None
        self.on_error = on_error or (lambda exc: log.warning("polling error: %s", exc))
        self.timeout = timeout
        self.backlog_interval = backlog_interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="poller")

    async def stop(self) -> None:
        """Stop fetching. A poll in flight carries an offset below every open update."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def commit(self) -> None:
        """Tell Telegram what is done (everything below the first open update), no more."""
        try:
            await self.app.bot.do_api_request(
                "getUpdates", api_kwargs={"offset": self.inbox.offset(), "limit": 1,
                                          "timeout": 0})
        except TelegramError as exc:
            log.warning("could not confirm the handled updates: %s", exc)
        if self.inbox.open:
            log.info("%d update(s) not handled before the stop; Telegram sends them again "
                     "after the restart", self.inbox.open)

    async def _run(self) -> None:
        backoff = 1.0
        while True:
            backlog = self.inbox.open > 0
            try:
                raw = await self._get_updates(0 if backlog else self.timeout)
            except TelegramError as exc:
                self.on_error(exc)
                if isinstance(exc, Conflict | InvalidToken):
                    return
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            except Exception:  # never stop polling silently
                log.exception("polling failed; trying again in %.0f s", backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            backoff = 1.0
            new = await self._take(raw)
            if backlog and not new:
                await asyncio.sleep(self.backlog_interval)

    async def _get_updates(self, timeout: int) -> list[Any]:
        kwargs: dict[str, Any] = {"offset": self.inbox.offset(), "timeout": timeout,
                                  "limit": 100}
        if self.allowed_updates is not None:
            kwargs["allowed_updates"] = self.allowed_updates
        result = await self.app.bot.do_api_request("getUpdates", api_kwargs=kwargs,
                                                   read_timeout=timeout + 10.0)
        return result if isinstance(result, list) else []

    async def _take(self, raw: list[Any]) -> int:
        """Queue the updates not seen before; returns how many."""
        new = 0
        for item in raw:
            update_id = item.get("update_id") if isinstance(item, dict) else None
            if not isinstance(update_id, int) or update_id <= self.inbox.last_seen:
                continue  # seen already (still open), or nothing Telegram would send
            self.inbox.last_seen = update_id
            try:
                update = Update.de_json(item, self.app.bot)
            except Exception as exc:  # one unreadable update must not wedge the rest
                log.error("skipped update %s, which could not be read: %s: %s", update_id,
                          type(exc).__name__, exc)
                continue
            self.inbox.fetched(update_id)
            await self.app.update_queue.put(update)
            new += 1
        return new
