"""The command line: ``python -m bot <command>`` or ``cskh-bot <command>``.

Offline commands (``search``, ``tip``, ``check``, ``chat``) never import the Telegram
library, so they start fast and work without a token or a network. The command line
speaks English (it is for operators); the tips themselves stay in Vietnamese.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import __version__

if TYPE_CHECKING:
    from bot.corpus import Corpus


def _utf8_stdio() -> None:
    # Vietnamese must print correctly even under a C locale (cron, Docker, CI).
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def _load(check_sources: bool = False) -> Corpus:
    from bot.corpus import load_corpus

    return load_corpus(check_sources=check_sources)


def _tip_json(tip: Any, score: float | None = None) -> dict[str, Any]:
    from bot.render import tip_plain

    data: dict[str, Any] = {
        "id": tip.id,
        "title": tip.principle,
        "principle": tip.principle,
        "passage": tip.passage,
        "text": tip_plain(tip),
        "source": tip.source.describe(),
        "article": tip.source.article_id,
        "tags": list(tip.tags),
        "tags_en": list(tip.tags_en),
        "topics": list(tip.topics),
    }
    if score is not None:
        data["score"] = score
    return data


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


_SMALLTALK = {"greeting": "a greeting", "thanks": "a thank-you", "ack": "an acknowledgement",
              "laugh": "a laugh", "bye": "a goodbye", "presence": "a check that the bot is there",
              "insult": "an insult", "instruction": "an order to the bot",
              "emoji": "emoji only"}


def cmd_search(args: argparse.Namespace) -> int:
    """The message read as the bot reads it (small talk, pasted noise, the relevance gate),
    so what the command line shows is what a user would get; ``--raw`` asks the index
    alone."""
    from bot.render import tip_plain
    from bot.search import build_index

    query = " ".join(args.query).strip()
    corpus = _load()
    hits = []
    chat = None
    if query:
        index = build_index(corpus)
        if args.raw:
            hits = index.search(query, limit=args.limit)
        else:
            from bot.replies.lookup import understand

            answer = understand(query, index, limit=args.limit)
            hits, chat = answer.hits, answer.smalltalk
    if chat is not None and not args.json:
        print(f"“{_shorten(query)}” is small talk ({_SMALLTALK.get(chat.kind, chat.kind)}), "
              "not a question: the bot answers it briefly and sends no tip. "
              "(`cskh-bot search --raw …` searches the words anyway.)")
        return 0
    if args.json:
        _print_json([_tip_json(h.tip, h.score) for h in hits])
        if not query:
            print(EMPTY_QUERY, file=sys.stderr)
        return 0
    if not query:
        print(EMPTY_QUERY)
        return 0
    if not hits:
        print(f"No tip matches “{_shorten(query)}”. Try other words (with or without "
              "diacritics), or run `cskh-bot tip` for a random tip.")
        return 0
    print(f"Tips matching “{_shorten(query)}”, best first:")
    for n, hit in enumerate(hits, 1):
        print(f"\n{n}. [{hit.tip.id}] (score {hit.score:.2f})")
        print(tip_plain(hit.tip))
    return 0


EMPTY_QUERY = ("Type a few words to search for, for example: "
               "cskh-bot search giu chan khach hang cu")


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cmd_tip(args: argparse.Namespace) -> int:
    from bot.render import tip_plain

    corpus = _load()
    if args.id:
        tip = corpus.get(args.id.strip().lower())
        if tip is None:
            print(f"cskh-bot: there is no tip with the id “{args.id}”; ids look like dh08 "
                  "(see `cskh-bot search --json WORDS`)", file=sys.stderr)
            return 1
    else:
        tip = random.choice(corpus.tips)
    if args.json:
        _print_json(_tip_json(tip))
    else:
        print(tip_plain(tip))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from bot.corpus import SeedError

    try:
        corpus = _load(check_sources=True)
    except SeedError as exc:
        print(f"Seeds are invalid ({_count(len(exc.problems), 'problem')}):",
              file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"OK: {len(corpus.articles)} articles, {len(corpus.tips)} tips, "
          f"{len(corpus.topics)} topics")
    print("Tips per article:")
    for article in corpus.articles:
        print(f"  {len(corpus.tips_of(article.id)):3d}  {article.id}  ({article.original_file})")
    print("Tips per topic:")
    for topic in corpus.topics:
        count = sum(1 for t in corpus.tips if topic.id in t.topics)
        print(f"  {count:3d}  {topic.id}  {topic.name}")
    for warning in corpus.warnings:
        print(f"warning: {warning}")
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.cli.console import run_console
    from bot.replies import Replies
    from bot.search import build_index

    corpus = _load()
    return run_console(Replies(corpus, build_index(corpus)), args.lang)


def _config_error(exc: Exception, prefix: str = "cskh-bot") -> None:
    """Every settings problem, one line each."""
    for problem in getattr(exc, "problems", [str(exc)]):
        print(f"{prefix}: {problem}", file=sys.stderr)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def cmd_run(args: argparse.Namespace) -> int:
    """Start the Telegram bot.

    Exit 2 on bad configuration or a database that cannot be used (a supervisor should
    not restart: fix ``.env``), 1 when the database server stays unreachable.
    """
    import logging

    from bot.config import ConfigError, load_settings
    from bot.corpus import SeedError

    try:
        settings = load_settings()
    except ConfigError as exc:
        _config_error(exc)
        return 2
    try:
        corpus = _load()
    except SeedError as exc:
        print(f"cskh-bot: the seeds are invalid ({exc.problems[0]}); "
              "run `cskh-bot check` for the full list", file=sys.stderr)
        return 2
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
    from bot.config import ConfigError, load_settings

    try:
        settings = load_settings(require_token=False)
    except ConfigError as exc:
        _config_error(exc, "unhealthy")
        return 1
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


def cmd_import(args: argparse.Namespace) -> int:
    """Add a team's tips from a file; all or nothing, tips the team has skipped."""
    import asyncio

    from bot import startup
    from bot.config import ConfigError, load_settings
    from bot.corpus import SeedError
    from bot.models import MAX_TEAM_TIPS, team_tip_key
    from bot.teamtips.drafts import load_file

    corpus = _load()
    try:
        drafts = load_file(Path(args.file), {t.id for t in corpus.topics})
        settings = load_settings(require_token=False)
    except SeedError as exc:
        print(f"{args.file}: not imported ({_count(len(exc.problems), 'problem')}):",
              file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    except ConfigError as exc:
        _config_error(exc)
        return 2

    async def run() -> tuple[int, int, int, bool]:
        storage = await startup.open_storage(settings)
        try:
            known = await storage.chats.get(args.chat) is not None
            existing = await storage.team_tips.of_chat(args.chat)
            seen = {team_tip_key(r.principle, r.passage) for r in existing}
            fresh = {team_tip_key(d.principle, d.passage) for d in drafts} - seen
            if len(existing) + len(fresh) > MAX_TEAM_TIPS:
                raise ValueError(f"chat {args.chat} would have {len(existing) + len(fresh)} "
                                 f"tips, at most {MAX_TEAM_TIPS}")
            done = await storage.team_tips.add_many(args.chat, drafts, None)
            return len(done.added), done.already, done.no_room, known
        finally:
            await storage.close()

    try:
        added, skipped, no_room, known = asyncio.run(run())
    except (startup.DatabaseUnusable, startup.DatabaseUnreachable) as exc:
        print(f"cskh-bot: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"{args.file}: not imported: {exc}", file=sys.stderr)
        return 1
    print(f"Imported {_count(added, 'tip')} into chat {args.chat}"
          + (f"; {skipped} already there, skipped" if skipped else "")
          + (f"; {no_room} did not fit (tips added meanwhile)" if no_room else ""))
    if not known:
        print(f"note: chat {args.chat} has not talked to the bot yet; if that is not "
              "expected, check the id (groups' ids are negative, e.g. -100123456)",
              file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import asyncio

    from bot import startup
    from bot.config import ConfigError, load_settings
    from bot.teamtips.drafts import dump

    out = Path(args.out) if args.out else None
    if out is not None:
        if out.is_dir():
            print(f"cskh-bot: --out {out} is a folder; give a file name, e.g. "
                  f"{out / 'playbook.toml'}", file=sys.stderr)
            return 2
        if not out.parent.is_dir():
            print(f"cskh-bot: --out {out}: the folder {out.parent} does not exist; "
                  "create it first or choose another path", file=sys.stderr)
            return 2
    try:
        settings = load_settings(require_token=False)
    except ConfigError as exc:
        _config_error(exc)
        return 2

    async def run() -> tuple[str, int]:
        storage = await startup.open_storage(settings, create=False)
        try:
            tips = await storage.team_tips.of_chat(args.chat)
            return dump(tips, args.chat), len(tips)
        finally:
            await storage.close()

    try:
        text, count = asyncio.run(run())
    except (startup.DatabaseUnusable, startup.DatabaseUnreachable) as exc:
        print(f"cskh-bot: {exc}", file=sys.stderr)
        return 2
    if out is not None:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"cskh-bot: --out {out}: cannot write ({exc.strerror or exc}); choose a "
                  "path the current user may write", file=sys.stderr)
            return 1
        print(f"Exported {_count(count, 'tip')} of chat {args.chat} to {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_misses(args: argparse.Namespace) -> int:
    """What teams asked that no tip answered: the operator's view of ``/stats``.

    Group chats only unless ``--private``: a private chat's questions are one person's,
    kept for their own /stats. The wording is printed without control characters.
    """
    import asyncio

    from bot import startup
    from bot.config import ConfigError, load_settings
    from bot.models import MissRecord
    from bot.services import misses

    if args.chat is not None and misses.private_chat(args.chat) and not args.private:
        print(f"cskh-bot: chat {args.chat} is a private chat: its unanswered questions are "
              "that person's, kept for their own /stats, and not listed here. Add --private "
              "if you must see them.", file=sys.stderr)
        return 1
    try:
        settings = load_settings(require_token=False)
    except ConfigError as exc:
        _config_error(exc)
        return 2

    async def run() -> list[MissRecord]:
        storage = await startup.open_storage(settings, create=False)
        try:
            return await misses.for_operator(storage, args.chat, args.limit,
                                             private=args.private)
        finally:
            await storage.close()

    try:
        rows = asyncio.run(run())
    except (startup.DatabaseUnusable, startup.DatabaseUnreachable) as exc:
        print(f"cskh-bot: {exc}", file=sys.stderr)
        return 2
    if args.json:
        _print_json([{"chat_id": m.chat_id, "private": misses.private_chat(m.chat_id),
                      "query": m.query, "count": m.count,
                      "first_seen": m.first_seen.isoformat(),
                      "last_seen": m.last_seen.isoformat()} for m in rows])
        return 0
    if not rows:
        where = (f" for chat {args.chat}" if args.chat
                 else "" if args.private else " for group chats (add --private for private "
                 "chats)")
        print(f"No unanswered questions are kept{where}.")
        return 0
    print(f"{'asked':>5}  {'last asked':<16}  {'chat':>15}  question")
    for m in rows:
        print(f"{m.count:>5}  {m.last_seen:%Y-%m-%d %H:%M}  {m.chat_id:>15}  {m.query}")
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cskh-bot",
        description="Customer-care tips for Vietnamese teams: the Telegram bot and its "
        "command-line tools.",
        epilog="Settings come from the environment and .env (the current folder, else the "
        "project folder, or BOT_ENV_FILE); see the README.",
    )
    parser.add_argument("--version", action="version", version=f"cskh-bot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("search", help="find tips by keywords, with or without diacritics")
    p.add_argument("query", nargs="*", metavar="WORDS", help="what to look for, e.g. "
                   "giu chan khach hang cu")
    p.add_argument("--json", action="store_true", help="print a JSON list, best first")
    p.add_argument("--limit", type=_positive_int, default=5, metavar="N",
                   help="at most N results (1-50, default 5)")
    p.add_argument("--raw", action="store_true", help="search the index alone: no small "
                   "talk, no pasted links or numbers set aside (the bot reads them first)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("tip", help="a random tip, or one by its id")
    p.add_argument("--id", help="the tip's id, e.g. sl01")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(func=cmd_tip)

    p = sub.add_parser("check", help="validate the seeds and print a summary")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("chat", help="talk to the bot in the terminal (no token, no network)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi",
                   help="the bot's language (default vi)")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("health", help="exit 0 if the database is usable and the running bot "
                       "answers (Docker HEALTHCHECK)")
    p.set_defaults(func=cmd_health)

    p = sub.add_parser("migrate", help="copy every table to another database "
                       "(SQLite → PostgreSQL)")
    p.add_argument("--from", dest="source", required=True, metavar="URL",
                   help="sqlite:///data/bot.sqlite3 or postgresql://…")
    p.add_argument("--to", dest="target", required=True, metavar="URL",
                   help="postgresql://user:password@host:5432/db or sqlite:///…")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("import", help="add a team's own tips from a TOML file")
    p.add_argument("file", help="a file in the seeds' format ([[tips]] with principle, "
                   "passage, source)")
    p.add_argument("--chat", type=_chat_id, required=True, metavar="CHAT_ID",
                   help="the chat's id (negative for groups, e.g. -100123456)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="write a team's own tips as a TOML file")
    p.add_argument("--chat", type=_chat_id, required=True, metavar="CHAT_ID",
                   help="the chat's id (negative for groups, e.g. -100123456)")
    p.add_argument("--out", metavar="FILE", help="write to FILE (default: the screen)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("misses", help="questions the bot found no tip for, most asked first")
    p.add_argument("--chat", type=_chat_id, metavar="CHAT_ID",
                   help="only this chat (default: every group chat)")
    p.add_argument("--private", action="store_true",
                   help="include private chats (their questions are one person's, kept "
                   "for their own /stats)")
    p.add_argument("--limit", type=_positive_int, default=50, help="at most this many")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_misses)
    return parser


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to 50, got "
                                         f"“{value}”") from None
    if not 1 <= number <= 50:
        raise argparse.ArgumentTypeError("expected a whole number from 1 to 50")
    return number


def _chat_id(value: str) -> int:
    """A Telegram chat id: a non-zero whole number (groups and channels are negative)."""
    try:
        number = int(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a chat id; chat ids are whole "
                                         "numbers, e.g. -100123456") from None
    if number == 0 or abs(number) >= 2**53:
        raise argparse.ArgumentTypeError(f"{number} is not a Telegram chat id; a user's id "
                                         "is positive, a group's negative, e.g. -100123456")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
