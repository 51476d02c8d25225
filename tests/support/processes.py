"""Real processes for tests and benchmarks: free ports, ``python -m bot run`` with its
output read as it comes, its stop as a supervisor does it, the fake Bot API as a process,
and the record that keeps the ``process`` mark honest.

Tests that start a process (the bot, the fake Bot API, the file sandbox's worker, the
command line, nginx, ``make``) carry ``@pytest.mark.process``, so that
``pytest -m "not process"`` is a quick inner loop. ``watch()`` records every process
started in this interpreter; ``tests/conftest.py`` fails a test that starts one without
the mark. The database wipe is ``tests/support/postgres.py``'s ``wipe_postgres``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.support.fake_bot_api import DEFAULT_TOKEN, FakeBotAPI

ROOT = Path(__file__).resolve().parents[2]
SUPERVISOR_GRACE = 10.0  # Docker's default before SIGKILL


def free_port() -> int:
    """A port nothing listens on now (the OS's pick; free until someone takes it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


class DrainedBot(subprocess.Popen[str]):
    """The bot's process with its output read as it comes, not only at the end.

    At LOG_LEVEL=DEBUG the start-up alone logs some 45 kB (every Bot API call with its
    parameters); once the pipe's 64 kB buffer is full, the bot would block on its next
    log line until the test gives up. One reader only: two threads reading one pipe
    would each see only part of the lines. ``communicate`` returns what was read.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._output: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        if self.stdout is not None:  # None: the caller sent the output elsewhere
            for line in self.stdout:
                self._output.append(line)

    @property
    def output(self) -> str:
        """What the process has written so far."""
        return "".join(self._output)

    def wait_for(self, text: str, count: int = 1, timeout: float = 60) -> None:
        """Until ``text`` has been written ``count`` times; fails if the process ends first."""
        deadline = time.monotonic() + timeout
        while self.output.count(text) < count:
            assert self.poll() is None, self.output
            assert time.monotonic() < deadline, self.output
            time.sleep(0.05)

    def communicate(self, input: str | None = None,
                    timeout: float | None = None) -> tuple[str, None]:
        self.wait(timeout)
        self._reader.join(timeout)
        return self.output, None


def bot_env(base_url: str, *, token: str = DEFAULT_TOKEN, **settings: str) -> dict[str, str]:
    """The environment of a ``python -m bot run`` against ``base_url``: this process's,
    less its bot settings and ``.env`` (a developer's own must not leak in), plus
    ``settings``. The session's search-index cache folder is kept (``tests/conftest.py``)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BOT_", "WEBHOOK_")) or k == "BOT_CACHE_DIR"}
    env.update({"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": base_url,
                "BOT_ENV_FILE": os.devnull, "PYTHONPATH": str(ROOT), **settings})
    return env


def start_bot(cwd: Path, env: Mapping[str, str], **popen: Any) -> DrainedBot:
    """``python -m bot run`` in ``cwd``; output and errors together, read as they come
    (``popen`` overrides, e.g. ``stdout=`` a file)."""
    options: dict[str, Any] = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT,
                               "text": True, "encoding": "utf-8", **popen}
    return DrainedBot([sys.executable, "-m", "bot", "run"], cwd=cwd, env=env, **options)


def run_bot(api: FakeBotAPI, cwd: Path, *, token: str = DEFAULT_TOKEN,
            **settings: str) -> DrainedBot:
    """``python -m bot run`` in ``cwd`` against the fake Bot API ``api``; its database is
    ``cwd/bot.sqlite3`` unless ``BOT_DB_PATH`` or ``BOT_DB_URL`` says otherwise."""
    if "BOT_DB_URL" not in settings:
        settings.setdefault("BOT_DB_PATH", str(cwd / "bot.sqlite3"))
    return start_bot(cwd, bot_env(api.base_url, token=token, **settings))


def ready(api: FakeBotAPI, timeout: float = 30) -> None:
    """Wait until the bot has set its menus: started and about to poll."""
    api.wait_until_sync(lambda: api.commands(language_code="en"), timeout=timeout)


def stop_bot(proc: subprocess.Popen[str], grace: float = SUPERVISOR_GRACE) -> tuple[float, str]:
    """SIGTERM, then SIGKILL after the supervisor's grace; seconds the stop took, output."""
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    took = time.monotonic() - started
    output, _ = proc.communicate(timeout=5)  # the reader's lines, once it has them all
    return took, output or ""


def start_fake_api(token: str = DEFAULT_TOKEN) -> tuple[subprocess.Popen[str], str]:
    """The fake Bot API as a process of its own (``python -m tests.support.fake_bot_api``);
    it and its base URL. ``terminate()`` stops it cleanly."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.fake_bot_api", "--port", "0", "--token", token],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


# --- the record behind the ``process`` mark ---------------------------------------------

STARTED: list[str] = []  # what was started since the last ``STARTED.clear()``
_watching = False


def watch() -> None:
    """Record every process started from now on: ``subprocess`` (and so asyncio's
    subprocesses, the file sandbox's workers) and ``os.fork`` (multiprocessing)."""
    global _watching
    if _watching:
        return
    _watching = True
    execute_child = subprocess.Popen._execute_child  # type: ignore[attr-defined]

    def recorded(self: subprocess.Popen[Any], args: Any, *rest: Any) -> Any:
        STARTED.append(" ".join(map(str, args)) if isinstance(args, list | tuple) else str(args))
        return execute_child(self, args, *rest)

    subprocess.Popen._execute_child = recorded  # type: ignore[attr-defined]
    os.register_at_fork(before=lambda: STARTED.append("os.fork()"))
