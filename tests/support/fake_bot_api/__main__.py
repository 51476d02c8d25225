"""``python -m tests.support.fake_bot_api``: the fake in its own process (benchmarks).

Prints the base URL (``http://127.0.0.1:PORT/bot``) on the first line of stdout and
serves the control API (:class:`ControlClient`) until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Callable

from tests.support.fake_bot_api.server import FakeBotAPI
from tests.support.fake_bot_api.state import DEFAULT_TOKEN


async def _serve(api: FakeBotAPI, ready: Callable[[FakeBotAPI], None]) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    await api.start_async()
    try:
        ready(api)
        await stop.wait()
    finally:
        await api.stop_async()


def main(argv: list[str] | None = None) -> int:
    """Run the fake standalone; prints the base URL as the first line of stdout."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.fake_bot_api",
        description="Fake Telegram Bot API server for tests and benchmarks.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--bot-username", default="cskh_test_bot")
    args = parser.parse_args(argv)
    api = FakeBotAPI(
        token=args.token,
        bot_username=args.bot_username,
        host=args.host,
        port=args.port,
    )

    def announce(server: FakeBotAPI) -> None:
        print(server.base_url, flush=True)
        print(f"control API: {server.url}/_control", file=sys.stderr, flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(api, announce))
    return 0


if __name__ == "__main__":
    sys.exit(main())
