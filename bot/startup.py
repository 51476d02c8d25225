"""Checks before the bot starts (and for ``python -m bot health``), with no Telegram.

A database that cannot be used must stop start-up with one line naming the setting and
the fix, not a traceback from the first handler that writes: a corrupt or truncated
SQLite file, a file that is not a database (``BOT_DB_PATH=/etc/passwd``), a folder, a
read-only file or folder. PostgreSQL that is still booting (or not reachable yet) is
retried with backoff for ``BOT_DB_WAIT_SECONDS``, one log line per attempt; Telegram
that cannot be reached yet is waited for the same way (``Backoff``, used by
``bot.telegram.startup``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings
from bot.storage import Storage, StorageError

log = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 10.0


class Backoff:
    """The pauses between attempts at a server that is not up yet: 1 s, doubling up to
    10 s, none past the total wait. Shared by every start-up wait so that a database and
    Telegram booting together are retried alike."""

    def __init__(self, wait_seconds: float, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.deadline = clock() + wait_seconds
        self.delay = FIRST_RETRY_SECONDS
        self.attempt = 1

    def next_pause(self, at_least: float = 0.0) -> float | None:
        """Seconds to wait before the next attempt, or ``None``: the wait is over.

        ``at_least``: the server asked for that much (a 429's ``retry_after``), within
        what is left of the wait.
        """
        remaining = self.deadline - self.clock()
        if remaining <= 0:
            return None
        pause = min(max(self.delay, at_least), remaining)
        self.delay = min(self.delay * 2, MAX_RETRY_SECONDS)
        self.attempt += 1
        return pause


class DatabaseUnusable(Exception):
    """The database cannot be used as configured: fix the setting (exit code 2)."""


class DatabaseUnreachable(Exception):
    """The database server did not answer in time: try again later (exit code 1)."""


@dataclass(frozen=True, slots=True)
class DatabaseReport:
    kind: str  # "sqlite" | "postgresql"
    location: str  # the absolute file, or the URL without its password
    schema_version: int


def _setting(settings: Settings) -> str:
    return "BOT_DB_URL" if settings.db_url else "BOT_DB_PATH"


async def open_storage(settings: Settings, *, create: bool = True,
                       wait_seconds: float = 0.0,
                       sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
                       ) -> Storage:
    """Open the configured database, or raise ``DatabaseUnusable`` /
    ``DatabaseUnreachable`` with one line naming the setting and the fix.

    ``create``: a missing SQLite file (and its folders) is created; without it, a missing
    file is an error (health checks must not create an empty database). PostgreSQL that
    cannot be reached is retried for ``wait_seconds`` with backoff.
    """
    setting = _setting(settings)
    if not settings.db_url:
        from bot.storage.sqlite import SQLiteStorage, SQLiteUnusable

        try:
            return await SQLiteStorage.connect(Path(settings.db_path), create=create)
        except SQLiteUnusable as exc:
            raise DatabaseUnusable(f"{setting}={exc.path} {exc.problem}; {exc.fix}") from None
        except StorageError as exc:
            raise DatabaseUnusable(f"{setting}: {exc}") from None

    from bot.storage.postgres import NotReachable, PostgresStorage, redact_url

    where = redact_url(settings.db_url)
    backoff = Backoff(wait_seconds)
    while True:
        attempt = backoff.attempt
        try:
            storage = await PostgresStorage.connect(settings.db_url)
        except NotReachable as exc:
            pause = backoff.next_pause()
            if pause is None:
                waited = f" (gave up after {attempt} attempts)" if attempt > 1 else ""
                raise DatabaseUnreachable(
                    f"{setting}: {settings.redact(str(exc))}{waited}") from None
            log.warning("database %s not reachable yet (attempt %d: %s); retrying in %.1f s",
                        where, attempt, settings.redact(exc.reason), pause)
            await sleep(pause)
            continue
        except StorageError as exc:
            raise DatabaseUnusable(f"{setting}: {settings.redact(str(exc))}") from None
        if attempt > 1:
            log.info("database %s answers now (attempt %d)", where, attempt)
        return storage


async def open_usable(settings: Settings, *, create: bool = True, thorough: bool = False,
                      wait_seconds: float = 0.0,
                      sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> Storage:
    """``open_storage``, then proof that the database can be written (and, with
    ``thorough``, that SQLite's quick integrity check passes): what the bot opens at
    start-up and keeps. Raises as ``open_storage``; closes what it opened if it raises."""
    storage = await open_storage(settings, create=create, wait_seconds=wait_seconds,
                                 sleep=sleep)
    try:
        await storage.check_usable(thorough=thorough)
    except StorageError as exc:
        await storage.close()
        from bot.storage.sqlite import SQLiteUnusable

        if isinstance(exc, SQLiteUnusable):
            raise DatabaseUnusable(
                f"{_setting(settings)}={exc.path} {exc.problem}; {exc.fix}") from None
        raise DatabaseUnusable(f"{_setting(settings)}: {settings.redact(str(exc))}") from None
    except BaseException:
        await storage.close()
        raise
    return storage


async def check_database(settings: Settings, *, create: bool = True, thorough: bool = False,
                         wait_seconds: float = 0.0) -> DatabaseReport:
    """``open_usable``, then close it again (``health``, ``migrate``). Raises as
    ``open_storage``."""
    storage = await open_usable(settings, create=create, thorough=thorough,
                                wait_seconds=wait_seconds)
    try:
        return await describe(storage)
    finally:
        await storage.close()


async def describe(storage: Storage) -> DatabaseReport:
    """Which database this is, for the start-up log and ``health``."""
    return DatabaseReport(storage.kind, storage.location, await storage.schema_version())
