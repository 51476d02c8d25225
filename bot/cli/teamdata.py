"""A team's data in the database, for the operator: ``import`` and ``export`` its own
tips, list the ``misses`` (what no tip answered)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.common import (
    config_error,
    load_corpus,
    plural,
    print_json,
    print_problems,
    settings_or_exit,
)


def cmd_import(args: argparse.Namespace) -> int:
    """Add a team's tips from a file; all or nothing, tips the team has skipped."""
    import asyncio

    from bot import startup
    from bot.config import ConfigError, load_settings
    from bot.corpus import SeedError
    from bot.models import MAX_TEAM_TIPS, team_tip_key
    from bot.teamtips.drafts import load_file

    corpus = load_corpus()
    try:
        drafts = load_file(Path(args.file), {t.id for t in corpus.topics})
        settings = load_settings(require_token=False)
    except SeedError as exc:
        print_problems(f"{args.file}: not imported", exc.problems)
        return 1
    except ConfigError as exc:
        config_error(exc)
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
    print(f"Imported {plural(added, 'tip')} into chat {args.chat}"
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
    settings = settings_or_exit()
    if isinstance(settings, int):
        return settings

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
        print(f"Exported {plural(count, 'tip')} of chat {args.chat} to {out}", file=sys.stderr)
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
    from bot.models import MissRecord
    from bot.services import misses

    if args.chat is not None and misses.private_chat(args.chat) and not args.private:
        print(f"cskh-bot: chat {args.chat} is a private chat: its unanswered questions are "
              "that person's, kept for their own /stats, and not listed here. Add --private "
              "if you must see them.", file=sys.stderr)
        return 1
    settings = settings_or_exit()
    if isinstance(settings, int):
        return settings

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
        print_json([{"chat_id": m.chat_id, "private": misses.private_chat(m.chat_id),
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
