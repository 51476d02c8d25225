"""The command line: ``python -m bot <command>`` or ``cskh-bot <command>``.

Offline commands (``search``, ``tip``, ``check``, ``chat``) never import the Telegram
library, so they start fast and work without a token or a network.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot import __version__


def _utf8_stdio() -> None:
    # Vietnamese must print correctly even under a C locale (cron, Docker, CI).
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def _load(check_sources: bool = False):  # type: ignore[no-untyped-def]
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


def cmd_search(args: argparse.Namespace) -> int:
    from bot.render import tip_plain
    from bot.search import build_index
    from bot.strings import VI

    query = " ".join(args.query).strip()
    corpus = _load()
    hits = build_index(corpus).search(query, limit=args.limit) if query else []
    if args.json:
        _print_json([_tip_json(h.tip, h.score) for h in hits])
        if not query:
            print(VI.empty_query, file=sys.stderr)
        return 0
    if not query:
        print(VI.empty_query)
        return 0
    if not hits:
        print(VI.no_results.format(query=_shorten(query)))
        print(VI.try_random)
        return 0
    print(VI.results_header.format(query=_shorten(query)))
    for n, hit in enumerate(hits, 1):
        print(f"\n{n}. [{hit.tip.id}] (điểm {hit.score:.2f})")
        print(tip_plain(hit.tip))
    return 0


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cmd_tip(args: argparse.Namespace) -> int:
    from bot.render import tip_plain
    from bot.strings import VI

    corpus = _load()
    if args.id:
        tip = corpus.get(args.id.strip().lower())
        if tip is None:
            print(VI.tip_not_found.format(tip_id=args.id), file=sys.stderr)
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
        print(f"Seeds are invalid ({len(exc.problems)} problem(s)):", file=sys.stderr)
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
    from bot.console import run_console
    from bot.replies import Replies
    from bot.search import build_index

    corpus = _load()
    return run_console(Replies(corpus, build_index(corpus)), args.lang)


def cmd_run(args: argparse.Namespace) -> int:
    """Start the Telegram bot; exit 2 on bad configuration so a supervisor stops retrying."""
    from bot.config import ConfigError, load_settings
    from bot.corpus import SeedError

    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"cskh-bot: {exc}", file=sys.stderr)
        return 2
    try:
        corpus = _load()
    except SeedError as exc:
        print(f"cskh-bot: the seeds are invalid ({exc.problems[0]}); "
              "run `python -m bot check` for the full list", file=sys.stderr)
        return 2
    from bot.logs import setup_logging
    from bot.search import build_index
    from bot.storage import StorageError
    from bot.telegram.app import run

    setup_logging(settings.log_level, secrets=settings.secrets)
    try:
        return run(settings, corpus, build_index(corpus))
    except StorageError as exc:
        print(f"cskh-bot: {exc}", file=sys.stderr)
        return 2


def cmd_health(args: argparse.Namespace) -> int:
    """Exit 0 when the running bot answers /healthz (Docker HEALTHCHECK).

    The bot's HTTP port is the webhook port, or ``BOT_HEALTH_PORT`` in polling mode;
    with neither, check that the configured database opens and answers.
    """
    import asyncio
    import urllib.error
    import urllib.request

    from bot.config import ConfigError, load_settings
    from bot.storage import Storage, StorageError

    try:
        settings = load_settings(require_token=False)
    except ConfigError as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    port = settings.webhook_port if settings.webhook else settings.health_port
    if port:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
                print(f"ok: /healthz answered {reply.status}")
                return 0 if reply.status == 200 else 1
        except (urllib.error.URLError, OSError) as exc:
            print(f"unhealthy: /healthz on port {port}: {exc}", file=sys.stderr)
            return 1

    async def probe() -> int:
        storage = await Storage.open(settings.database)
        try:
            return await storage.schema_version()
        finally:
            await storage.close()

    try:
        version = asyncio.run(probe())
    except (StorageError, OSError) as exc:
        print(f"unhealthy: {settings.redact(str(exc))}", file=sys.stderr)
        return 1
    print(f"ok: database {settings.redact(settings.database)} at schema version {version}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Add a team's tips from a file; all or nothing, exact duplicates skipped."""
    import asyncio

    from bot.config import ConfigError, load_settings
    from bot.corpus import SeedError
    from bot.storage import MAX_TEAM_TIPS, Storage, StorageError
    from bot.teamtips import load_file

    corpus = _load()
    try:
        drafts = load_file(Path(args.file), {t.id for t in corpus.topics})
        settings = load_settings(require_token=False)
    except SeedError as exc:
        print(f"{args.file}: not imported ({len(exc.problems)} problem(s)):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"cskh-bot: {exc}", file=sys.stderr)
        return 2

    async def run() -> tuple[int, int]:
        storage = await Storage.open(settings.database)
        try:
            existing = await storage.team_tips(args.chat)
            seen = {(r.principle, r.passage) for r in existing}
            new = [d for d in drafts if (d.principle, d.passage) not in seen]
            if len(existing) + len(new) > MAX_TEAM_TIPS:
                raise ValueError(f"chat {args.chat} would have {len(existing) + len(new)} "
                                 f"tips, at most {MAX_TEAM_TIPS}")
            for d in new:
                await storage.add_team_tip(args.chat, d.principle, d.passage, d.source, None)
            return len(new), len(drafts) - len(new)
        finally:
            await storage.close()

    try:
        added, skipped = asyncio.run(run())
    except (ValueError, StorageError) as exc:
        print(f"{args.file}: not imported: {exc}", file=sys.stderr)
        return 1
    print(f"Imported {added} tip(s) into chat {args.chat}"
          + (f"; {skipped} already there, skipped" if skipped else ""))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import asyncio

    from bot.config import ConfigError, load_settings
    from bot.storage import Storage
    from bot.teamtips import dump

    try:
        settings = load_settings(require_token=False)
    except ConfigError as exc:
        print(f"cskh-bot: {exc}", file=sys.stderr)
        return 2

    async def run() -> str:
        storage = await Storage.open(settings.database)
        try:
            return dump(await storage.team_tips(args.chat), args.chat)
        finally:
            await storage.close()

    text = asyncio.run(run())
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"Exported to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Copy every table from one database to another and check the counts."""
    import asyncio

    from bot.storage import Storage, StorageError
    from bot.storage.postgres import redact_url
    from bot.storage.transfer import copy_all

    async def run() -> dict[str, tuple[int, int]]:
        source = await Storage.open(args.source)
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
        description="Mẹo chăm sóc khách hàng cho đội CSKH: Telegram bot và công cụ dòng lệnh.",
    )
    parser.add_argument("--version", action="version", version=f"cskh-bot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("search", help="tìm mẹo theo từ khóa (search tips)")
    p.add_argument("query", nargs="*", metavar="QUERY", help="từ khóa, có dấu hay không dấu")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.add_argument("--limit", type=_positive_int, default=5, metavar="N",
                   help="số kết quả tối đa (mặc định 5)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("tip", help="một mẹo ngẫu nhiên hoặc theo mã (a random tip or by id)")
    p.add_argument("--id", help="mã mẹo, ví dụ sl01")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=cmd_tip)

    p = sub.add_parser("check", help="kiểm tra dữ liệu seeds (validate the seeds)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("chat", help="trò chuyện với bot ngay trong terminal, không cần token")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ (vi, en)")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("run", help="chạy Telegram bot (cần TELEGRAM_BOT_TOKEN)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("health", help="kiểm tra cơ sở dữ liệu (health check)")
    p.set_defaults(func=cmd_health)

    p = sub.add_parser("migrate", help="chép toàn bộ dữ liệu sang cơ sở dữ liệu khác "
                       "(SQLite → PostgreSQL)")
    p.add_argument("--from", dest="source", required=True, metavar="URL",
                   help="sqlite:///data/bot.sqlite3 hoặc postgresql://…")
    p.add_argument("--to", dest="target", required=True, metavar="URL",
                   help="postgresql://user:password@host:5432/db hoặc sqlite:///…")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("import", help="nhập mẹo riêng của một nhóm từ tệp TOML")
    p.add_argument("file", help="tệp theo định dạng seeds/tips ([[tips]] principle, passage, "
                   "source)")
    p.add_argument("--chat", type=int, required=True, metavar="CHAT_ID", help="mã cuộc trò chuyện")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="xuất mẹo riêng của một nhóm ra tệp TOML")
    p.add_argument("--chat", type=int, required=True, metavar="CHAT_ID", help="mã cuộc trò chuyện")
    p.add_argument("--out", metavar="FILE", help="ghi ra tệp (mặc định: màn hình)")
    p.set_defaults(func=cmd_export)
    return parser


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương, nhận được “{value}”") from None
    if not 1 <= number <= 50:
        raise argparse.ArgumentTypeError("cần một số từ 1 đến 50")
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
