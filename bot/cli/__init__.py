"""The command line: ``python -m bot <command>`` or ``cskh-bot <command>``.

The commands live by concern: ``offline`` (``search``, ``tip``, ``check``, ``chat``),
``operations`` (``run``, ``health``, ``migrate``), ``teamdata`` (``import``, ``export``,
``misses``); what they share is in ``common``. Offline commands never import the
Telegram library, so they start fast and work without a token or a network. The
command line speaks English (it is for operators); the tips themselves stay in
Vietnamese.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot import __version__
from bot.cli.offline import cmd_chat, cmd_check, cmd_search, cmd_tip
from bot.cli.operations import cmd_health, cmd_migrate, cmd_run
from bot.cli.teamdata import cmd_export, cmd_import, cmd_misses


def _utf8_stdio() -> None:
    # Vietnamese must print correctly even under a C locale (cron, Docker, CI).
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


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

    from bot.cli.dashboard import add_parser as add_dashboard

    add_dashboard(sub, _chat_id)
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
