"""Long polling into the durable inbox.

Each batch ``getUpdates`` returns is stored (``bot.inbox.engine``) before the next call, whose
offset confirms it to Telegram: once stored, an update is the database's to keep, so one
that takes long to answer never holds the ones after it. A batch that cannot be stored
is asked for again (the offset does not move). At a stop the last batch stored is
confirmed; if that call does not get through, Telegram sends it again and the inbox
ignores what it already has.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram.error import Conflict, InvalidToken, TelegramError
from telegram.warnings import PTBUserWarning

from bot.telegram.context import BotApplication

log = logging.getLogger(__name__)

POLL_TIMEOUT = 30  # seconds a long poll waits for updates
MAX_BACKOFF = 30.0
BATCH = 100  # updates asked for at once (Telegram's maximum)

Take = Callable[[list[Any]], Awaitable[object]]

# ``Bot.get_updates`` reads every update of a batch into objects, and one it cannot read
# fails the whole batch; here updates are fetched as Telegram sent them, on purpose.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'",
                        category=PTBUserWarning)


class Poller:
    """Fetch updates into the inbox until stopped."""

    def __init__(self, app: BotApplication, take: Take, *,
                 allowed_updates: Sequence[str] | None = None,
                 on_error: Callable[[TelegramError], None] | None = None,
                 timeout: int = POLL_TIMEOUT) -> None:
        self.app = app
        self.take = take
        self.allowed_updates = list(allowed_updates) if allowed_updates is not None else None
        self.on_error = on_error or (lambda exc: log.warning("polling error: %s", exc))
        self.timeout = timeout
        self.offset: int | None = None  # confirms every update below it
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="poller")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def commit(self) -> None:
        """Tell Telegram the last batch stored arrived, so it does not send it again."""
        if self.offset is None:
            return
        try:
            await self.app.bot.do_api_request(
                "getUpdates", api_kwargs={"offset": self.offset, "limit": 1, "timeout": 0})
        except TelegramError as exc:
            log.info("could not confirm the last updates (they come again and are ignored): "
                     "%s", exc)

    async def _run(self) -> None:
        backoff = 1.0
        while True:
            try:
                raw = await self._get_updates()
                await self.take(raw)
            except TelegramError as exc:
                self.on_error(exc)
                if isinstance(exc, Conflict | InvalidToken):
                    return
            except Exception:  # never stop polling silently
                log.exception("polling failed; trying again in %.0f s", backoff)
            else:
                backoff = 1.0
                ids = [item["update_id"] for item in raw if isinstance(item, dict)
                       and isinstance(item.get("update_id"), int)]
                if ids:
                    self.offset = max(ids) + 1
                continue
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)

    async def _get_updates(self) -> list[Any]:
        kwargs: dict[str, Any] = {"timeout": self.timeout, "limit": BATCH}
        if self.offset is not None:
            kwargs["offset"] = self.offset
        if self.allowed_updates is not None:
            kwargs["allowed_updates"] = self.allowed_updates
        result = await self.app.bot.do_api_request("getUpdates", api_kwargs=kwargs,
                                                   read_timeout=self.timeout + 10.0)
        return result if isinstance(result, list) else []
