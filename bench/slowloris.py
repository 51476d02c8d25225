"""The webhook server under a slowloris, as deployed: a real ``python -m bot run``.

The bot runs in webhook mode on 127.0.0.1 against the fake Bot API, with the open-file
limit systemd gives a service by default (1,024). One client opens 1,000 connections
that never finish a request (half a head, or a head and no body) and keeps them; then
Telegram's POSTs arrive, one at a time on new connections, as Telegram sends them.
Reported: how many POSTs were answered and how fast (median, slowest), and how many of
the half-open connections the server had closed some seconds later.

Run: python bench/slowloris.py [--code DIR] [--attackers 1000] [--nofile 1024]
``--code`` runs another checkout's ``bot`` package (the one before a change, say).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAFakeTokenForBenchmarks_x"
SECRET = "slowloris-bench-secret-0123456789"
sys.path.insert(0, str(ROOT))

from tests.support import processes  # noqa: E402
from tests.support.processes import (  # noqa: E402
    DrainedBot,
    bot_env,
    free_port,
    listening,
    start_fake_api,
)


def start_bot(code: Path, base_url: str, port: int, nofile: int, folder: Path) -> DrainedBot:
    def limit() -> None:
        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, hard))

    env = bot_env(base_url, token=TOKEN, BOT_DB_PATH=str(folder / "bot.sqlite3"),
                  BOT_CACHE_DIR=str(folder / "cache"), LOG_LEVEL="WARNING",
                  WEBHOOK_URL="https://bot.example.com/telegram", WEBHOOK_SECRET=SECRET,
                  WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port))
    return processes.start_bot(code, env, preexec_fn=limit,
                               stdout=open(folder / "bot.log", "wb"))


def head(port: int, length: int = 0) -> bytes:
    text = (f"POST /telegram HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: {SECRET}\r\n")
    return (text + f"Content-Length: {length}\r\n\r\n").encode() if length else text.encode()


async def half_open(port: int, n: int, held: list[asyncio.StreamWriter]
                    ) -> asyncio.StreamReader | None:
    data = head(port)[: 40 + n % 60] if n % 2 else head(port, 500)
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 10)
        held.append(writer)
        writer.write(data)
        await writer.drain()
    except (OSError, TimeoutError):
        return None
    return reader


async def post(port: int, update_id: int, timeout: float) -> float | None:
    update = {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "text": "/tip Disney",
        "chat": {"id": 5000 + update_id, "type": "private", "first_name": "Lan"},
        "from": {"id": 5000 + update_id, "is_bot": False, "first_name": "Lan"},
        "entities": [{"type": "bot_command", "offset": 0, "length": 4}]}}
    body = json.dumps(update).encode()
    started = time.monotonic()
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(head(port, len(body)) + body)
            status = await reader.readline()
            writer.close()
    except (OSError, TimeoutError):
        return None
    return time.monotonic() - started if b" 200 " in status else None


async def closed(reader: asyncio.StreamReader | None) -> bool:
    if reader is None:
        return True
    try:
        await asyncio.wait_for(reader.read(65536), 0.05)
    except TimeoutError:
        return False
    except OSError:
        return True
    return reader.at_eof()


async def attack(port: int, attackers: int, posts: int, settle: float) -> dict[str, float]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4 * attackers)), hard))
    held: list[asyncio.StreamWriter] = []
    readers = await asyncio.gather(*(half_open(port, n, held) for n in range(attackers)))
    times = [await post(port, n + 1, timeout=30.0) for n in range(posts)]
    answered = [t for t in times if t is not None]
    await asyncio.sleep(settle)
    ended = sum(await asyncio.gather(*(closed(r) for r in readers)))
    for writer in held:
        writer.close()
    return {"answered": len(answered), "posts": posts,
            "median_s": statistics.median(answered) if answered else float("nan"),
            "slowest_s": max(answered) if answered else float("nan"),
            "closed": ended, "attackers": attackers, "settle_s": settle}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--attackers", type=int, default=1000)
    parser.add_argument("--nofile", type=int, default=1024)
    parser.add_argument("--posts", type=int, default=10)
    parser.add_argument("--settle", type=float, default=25.0,
                        help="seconds after the POSTs before counting closed connections")
    args = parser.parse_args()
    fake, base_url = start_fake_api(TOKEN)
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        bot = start_bot(args.code.resolve(), base_url, port, args.nofile, Path(tmp))
        try:
            deadline = time.monotonic() + 60
            while True:
                if listening(port):
                    break
                if time.monotonic() > deadline or bot.poll() is not None:
                    print((Path(tmp) / "bot.log").read_text(), file=sys.stderr)
                    return 1
                time.sleep(0.2)
            result = asyncio.run(attack(port, args.attackers, args.posts, args.settle))
        finally:
            bot.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                bot.wait(30)
            if bot.poll() is None:
                bot.kill()
            fake.terminate()
            fake.wait(10)
    print(f"| {args.code} | {result['answered']}/{result['posts']} | "
          f"{result['median_s'] * 1000:.0f} ms | {result['slowest_s'] * 1000:.0f} ms | "
          f"{result['closed']}/{result['attackers']} after {result['settle_s']:.0f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
