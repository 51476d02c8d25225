"""Operating the bot: ``run`` it, check its ``health``, ``migrate`` its database to
another (SQLite → PostgreSQL). The Telegram library is imported by ``run`` alone."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.common import settings_and_seeds, settings_or_exit


def cmd_run(args: argparse.Namespace) -> int:
    """Start the Telegram bot.

    Exit 2 on bad configuration or a database that cannot be used (a supervisor should
    not restart: fix ``.env``), 1 when the database server stays unreachable.
    """
    import logging

    loaded = settings_and_seeds(require_token=True)
    if isinstance(loaded, int):
        return loaded
    settings, corpus = loaded
    from bot import startup
    from bot.logs import setup_logging

    setup_logging(settings.log_level, secrets=settings.secrets)
    log = logging.getLogger("bot.cli")
    log.info("settings from %s", settings.env_file or "the environment (no .env file found)")

    from bot.search import build_index
    from bot.storage import StorageError
    from bot.telegram.app import run

    try:  # the database is opened first, before Telegram (``bot.telegram.app.started``)
        return run(settings, corpus, build_index(corpus))
    except startup.DatabaseUnusable as exc:
        print(f"cskh-bot: {exc}", file=sys.stderr)
        return 2
    except startup.DatabaseUnreachable as exc:
        print(f"cskh-bot: {exc}", file=sys.stderr)
        return 1
    except StorageError as exc:
        print(f"cskh-bot: {settings.redact(str(exc))}", file=sys.stderr)
        return 2


def cmd_health(args: argparse.Namespace) -> int:
    """Exit 0 when the bot is healthy (Docker HEALTHCHECK, monitoring).

    The database must exist, answer and accept writes (a missing SQLite file is never
    created here: a deleted database is unhealthy). When the bot serves HTTP (the
    webhook port, or ``BOT_HEALTH_PORT`` in polling mode), ``/healthz`` must answer too.
    """
    import asyncio
    import urllib.error
    import urllib.request

    from bot import startup

    settings = settings_or_exit(prefix="unhealthy", code=1)
    if isinstance(settings, int):
        return settings
    try:
        report = asyncio.run(startup.check_database(settings, create=False))
    except (startup.DatabaseUnusable, startup.DatabaseUnreachable) as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    print(f"ok: database {report.location} at schema version {report.schema_version}")
    port = settings.webhook_port if settings.webhook else settings.health_port
    if port:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
                print(f"ok: /healthz answered {reply.status}")
                return 0 if reply.status == 200 else 1
        except (urllib.error.URLError, OSError) as exc:
            print(f"unhealthy: /healthz on port {port}: {exc}", file=sys.stderr)
            return 1
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Copy every table from one database to another and check the counts."""
    import asyncio

    from bot.storage import Storage, StorageError
    from bot.storage.postgres import redact_url
    from bot.storage.transfer import copy_all

    source_url = args.source
    if not source_url.startswith(("postgresql://", "postgres://")):
        source_file = Path(source_url.removeprefix("sqlite:///").removeprefix("sqlite://"))
        if not source_file.is_file():
            print(f"cskh-bot: --from {source_url}: no such database file"
                  + (" (it is a folder)" if source_file.is_dir() else "")
                  + "; give the bot's SQLite file, e.g. sqlite:///data/bot.sqlite3",
                  file=sys.stderr)
            return 2

    async def run() -> dict[str, tuple[int, int]]:
        from bot.storage.sqlite import SQLiteStorage

        if source_url.startswith(("postgresql://", "postgres://")):
            source = await Storage.open(source_url)
        else:  # never create an empty source
            source = await SQLiteStorage.connect(source_file, create=False)
        try:
            target = await Storage.open(args.target)
            try:
                return await copy_all(source, target)
            finally:
                await target.close()
        finally:
            await source.close()

    try:
        counts = asyncio.run(run())
    except StorageError as exc:
        print(f"cskh-bot: {exc}", file=sys.stderr)
        return 1
    print(f"Copied {redact_url(args.source)} → {redact_url(args.target)}")
    ok = True
    for table, (source_rows, target_rows) in counts.items():
        mark = "ok" if target_rows >= source_rows else "MISSING ROWS"
        ok = ok and target_rows >= source_rows
        print(f"  {table:<14} {source_rows:>8} in the source, {target_rows:>8} in the target  "
              f"{mark}")
    return 0 if ok else 1
