"""``python -m bot dashboard --chat ID``: the team dashboard for the operator, without Telegram.

The same page and API the bot serves at ``/app/``, on 127.0.0.1 only, behind the same
connection limits (``bot.telegram.web``). Nobody signs in through Telegram here (no
token is needed, and ``initData`` is refused even when one is set): the terminal prints
a link holding a one-time code (``bot.dashboard.auth.Sessions``), good for one sign-in
within ten minutes. Whoever has this terminal is the operator, so the session may
change anything in that team, as an admin could.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Callable

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8765


def cmd_dashboard(args: argparse.Namespace) -> int:
    from bot import startup
    from bot.cli.common import settings_and_seeds
    from bot.strings import for_language

    loaded = settings_and_seeds(require_token=False)
    if isinstance(loaded, int):
        return loaded
    settings, corpus = loaded

    async def serve() -> int:
        from aiohttp import web as aioweb

        from bot.dashboard import api
        from bot.dashboard.team import Backend
        from bot.services.charts import Charts
        from bot.services.quizzes import Quizzes
        from bot.services.subscriptions import Subscriptions
        from bot.telegram import web

        storage = await startup.open_storage(settings, create=False)
        charts = Charts(storage, corpus)  # its drawing process ends with the command
        try:
            backend = Backend(
                storage, corpus,
                Quizzes(storage, corpus, default_timezone=settings.timezone),
                charts,
                Subscriptions(storage, default_timezone=settings.timezone,
                              topics=[t.id for t in corpus.topics]))
            dash = api.Dashboard(backend, gate=None, operator_strings=for_language(args.lang))
            site = aioweb.Application()
            api.mount(site, dash)
            try:
                runner = await web.start(site, LOOPBACK, args.port)
            except OSError as exc:
                print(f"cskh-bot: cannot listen on {LOOPBACK}:{args.port} ({exc.strerror}); "
                      "choose another port with --port", file=sys.stderr)
                return 1
            port = args.port
            listener = getattr(runner, "listener", None)
            if listener is not None and listener.sockets:
                port = listener.sockets[0].getsockname()[1]
            if await storage.subscriptions.get(args.chat) is None and \
                    not await storage.team_tips.of_chat(args.chat):
                print(f"Note: chat {args.chat} has no subscription and no tips of its own in "
                      f"{storage.location}; check the id (/status in that chat shows it to "
                      "admins)", file=sys.stderr)
            code = dash.sessions.login_code(args.chat)
            print(f"Dashboard of chat {args.chat}: open this link in a browser on this "
                  f"machine (it works once, within 10 minutes):\n"
                  f"http://{LOOPBACK}:{port}/app/#login={code}\n"
                  "Press Ctrl+C to stop.", flush=True)
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            try:
                await stop.wait()
            finally:
                await runner.cleanup()
            return 0
        finally:
            await charts.close()
            await storage.close()

    try:
        return asyncio.run(serve())
    except (startup.DatabaseUnusable, startup.DatabaseUnreachable) as exc:
        print(f"cskh-bot: {exc}", file=sys.stderr)
        return 2


def add_parser(sub: argparse._SubParsersAction,  # type: ignore[type-arg]  # argparse's own
               chat_id: Callable[[str], int]) -> None:
    p = sub.add_parser("dashboard", help="the team dashboard in a browser on this machine, "
                       "with a one-time login link (no Telegram needed)")
    p.add_argument("--chat", type=chat_id, required=True, metavar="CHAT_ID",
                   help="the team's chat id (negative for groups, e.g. -100123456)")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, metavar="P",
                   help=f"the port on {LOOPBACK} (default {DEFAULT_PORT}; 0: any free one)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi",
                   help="the page's language (default vi)")
    p.set_defaults(func=cmd_dashboard)


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"“{value}” is not a port; use 1-65535, or 0 for "
                                         "any free one")
    return number
