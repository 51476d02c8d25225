"""Start-up and health with a database that cannot be used: real files, real processes.

Each case is what an operator meets: a corrupt or truncated SQLite file, a file that is
not a database, a read-only file or folder, a database folder deleted under a running
bot, PostgreSQL still booting. Start-up must stop with one line naming the setting and
the fix (exit 2), never a traceback; health must fail where the bot could not work.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.storage import Storage
from tests.conftest import TOKEN
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.postgres import PG_URL
from tests.support.processes import DrainedBot, bot_env, free_port, start_bot

pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parent.parent


def bot(*args: str, cwd: Path, timeout: float = 60, **env: str
        ) -> subprocess.CompletedProcess[str]:
    environment = bot_env("http://127.0.0.1:9/bot", token=TOKEN, **env)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def one_line_exit_2(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert TOKEN not in result.stdout + result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


async def _make_database(path: Path, chats: int = 0) -> None:
    storage = await Storage.open(path)
    try:
        for chat in range(1, chats + 1):
            await storage.chats.record(chat, "private", "x" * 200, "vi")
    finally:
        await storage.close()


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder read-only for this user, as an operator's mistake would.

    Root ignores permission bits, so as root the file is made immutable (``chattr +i``),
    which root cannot write either; elsewhere plain permissions do.
    """
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(
                ["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("running as root without chattr: cannot make a file read-only")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


def test_a_file_that_is_not_a_database_stops_start_up(tmp_path: Path) -> None:
    garbage = tmp_path / "bot.sqlite3"
    garbage.write_bytes(os.urandom(8192))
    line = one_line_exit_2(bot("run", cwd=tmp_path, BOT_DB_PATH=str(garbage)),
                           f"BOT_DB_PATH={garbage}", "not an SQLite database")
    assert "file is not a database" in line
    one_line_exit_2(bot("run", cwd=tmp_path, BOT_DB_PATH="/etc/passwd"),
                    "BOT_DB_PATH=/etc/passwd", "not an SQLite database")
    assert bot("health", cwd=tmp_path, BOT_DB_PATH=str(garbage)).returncode == 1


def test_a_truncated_database_stops_start_up(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    asyncio.run(_make_database(path, chats=3000))
    data = path.read_bytes()
    assert len(data) > 100_000
    path.write_bytes(data[: len(data) // 2])
    line = one_line_exit_2(bot("run", cwd=tmp_path, BOT_DB_PATH=str(path)),
                           "BOT_DB_PATH=", "is damaged", "backup")
    assert "malformed" in line


def test_a_folder_as_the_database_is_refused(tmp_path: Path) -> None:
    one_line_exit_2(bot("run", cwd=tmp_path, BOT_DB_PATH=str(tmp_path)),
                    "BOT_DB_PATH=", "is a folder")


def test_a_read_only_database_file_stops_start_up_and_fails_health(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    asyncio.run(_make_database(path, chats=2))
    assert bot("health", cwd=tmp_path, BOT_DB_PATH=str(path)).returncode == 0
    with read_only(path):
        one_line_exit_2(bot("run", cwd=tmp_path, BOT_DB_PATH=str(path)),
                        f"BOT_DB_PATH={path}", "cannot be written", "readonly")
        health = bot("health", cwd=tmp_path, BOT_DB_PATH=str(path))
        assert health.returncode == 1 and "cannot be written" in health.stderr
        assert "Traceback" not in health.stderr


def test_a_read_only_folder_stops_start_up(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    with read_only(folder):
        line = one_line_exit_2(bot("run", cwd=tmp_path, BOT_DB_PATH=str(folder / "bot.sqlite3")),
                               "BOT_DB_PATH=", str(folder))
        assert "cannot be opened" in line or "cannot be written" in line
    # an existing database in a folder that became read-only (SQLite needs its -wal file)
    path = folder / "bot.sqlite3"
    asyncio.run(_make_database(path))
    for extra in folder.glob("bot.sqlite3-*"):
        extra.unlink()
    with read_only(folder):
        one_line_exit_2(bot("run", cwd=tmp_path, BOT_DB_PATH=str(path)), "BOT_DB_PATH=",
                        "writable")
        assert bot("health", cwd=tmp_path, BOT_DB_PATH=str(path)).returncode == 1


def test_health_never_creates_a_database(tmp_path: Path) -> None:
    path = tmp_path / "data" / "bot.sqlite3"
    health = bot("health", cwd=tmp_path, BOT_DB_PATH=str(path))
    assert health.returncode == 1 and "does not exist" in health.stderr
    assert not path.exists() and not path.parent.exists()


def _get(port: int, path: str) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as reply:
            return reply.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def _start(api: FakeBotAPI, cwd: Path, **env: str) -> DrainedBot:
    return start_bot(cwd, bot_env(api.base_url, **env))


def test_deleting_the_database_folder_while_running_fails_health(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = folder / "bot.sqlite3"
    port = free_port()
    with FakeBotAPI(token=TOKEN) as api:
        proc = _start(api, tmp_path, BOT_DB_PATH=str(path), BOT_HEALTH_PORT=str(port),
                      WEBHOOK_LISTEN="127.0.0.1")
        try:
            api.wait_until_sync(lambda: _get(port, "/readyz") == 200, timeout=30)
            assert bot("health", cwd=tmp_path, BOT_DB_PATH=str(path),
                       BOT_HEALTH_PORT=str(port)).returncode == 0
            shutil.rmtree(folder)
            health = bot("health", cwd=tmp_path, BOT_DB_PATH=str(path),
                         BOT_HEALTH_PORT=str(port))
            assert health.returncode == 1 and "does not exist" in health.stderr
            assert not folder.exists()  # the check did not recreate it
            assert _get(port, "/readyz") == 503  # the running bot notices too
        finally:
            proc.send_signal(signal.SIGTERM)
            output, _ = proc.communicate(timeout=30)
    assert TOKEN not in output


def test_relative_database_path_is_resolved_from_the_env_file_and_printed(
        tmp_path: Path) -> None:
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    project.mkdir()
    elsewhere.mkdir()
    (project / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nBOT_DB_PATH=data/bot.sqlite3\n")
    with FakeBotAPI(token=TOKEN) as api:
        proc = _start(api, elsewhere, BOT_ENV_FILE=str(project / ".env"))
        try:
            api.wait_until_sync(lambda: api.commands(language_code="en"), timeout=30)
        finally:
            proc.send_signal(signal.SIGTERM)
            output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output
    assert (project / "data" / "bot.sqlite3").exists()
    assert not (elsewhere / "data").exists()
    assert f"settings from {project / '.env'}" in output
    assert f"database: sqlite {project / 'data' / 'bot.sqlite3'}" in output
    assert TOKEN not in output


# --- PostgreSQL ---------------------------------------------------------------------
needs_pg = pytest.mark.skipif(not PG_URL, reason="set BOT_TEST_POSTGRES_URL to a database "
                              "these tests may wipe (see .ci/run)")


class LateProxy:
    """A TCP port that refuses connections until ``open()``, then forwards them to
    PostgreSQL: a database server that is still booting, then up."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._server: socket.socket | None = None
        self._stop = threading.Event()

    def open(self) -> None:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        server.settimeout(0.2)
        self._server = server
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        assert self._server is not None
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.close()


def _via(url: str, port: int) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{port}"
    return urlunsplit(parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2
                                     else host))


@needs_pg
def test_postgres_still_booting_is_retried_one_line_per_attempt(tmp_path: Path) -> None:
    from urllib.parse import urlsplit

    target = urlsplit(PG_URL)
    proxy = LateProxy((target.hostname or "127.0.0.1", target.port or 5432))
    url = _via(PG_URL, proxy.port)
    password = target.password or "\x00"
    with FakeBotAPI(token=TOKEN) as api:
        proc = _start(api, tmp_path, BOT_DB_URL=url, BOT_DB_WAIT_SECONDS="60")
        try:
            proc.wait_for("not reachable yet", 2)
            proxy.open()
            api.wait_until_sync(lambda: api.commands(language_code="en"), timeout=60)
        finally:
            proc.send_signal(signal.SIGTERM)
            output, _ = proc.communicate(timeout=30)
            proxy.close()
    assert proc.returncode == 0, output
    attempts = [line for line in output.splitlines() if "not reachable yet" in line]
    assert len(attempts) >= 2 and "(attempt 1:" in attempts[0] and "(attempt 2:" in attempts[1]
    assert "answers now" in output and "started as @cskh_test_bot" in output
    assert "Traceback" not in output
    assert password not in output and TOKEN not in output


@needs_pg
def test_postgres_that_never_comes_gives_up_with_one_line(tmp_path: Path) -> None:
    url = _via(PG_URL, free_port())
    started = time.monotonic()
    result = bot("run", cwd=tmp_path, BOT_DB_URL=url, BOT_DB_WAIT_SECONDS="3")
    assert time.monotonic() - started < 30
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cskh-bot: BOT_DB_URL: cannot reach")
    assert "attempts" in lines[0]
    assert result.stdout.count("not reachable yet") >= 2
    from urllib.parse import urlsplit

    password = urlsplit(PG_URL).password or "\x00"
    assert password not in result.stdout + result.stderr


def test_a_stop_while_the_database_is_awaited_ends_start_up_at_once(tmp_path: Path) -> None:
    """SIGTERM (systemd, docker stop) during the wait for a PostgreSQL that is not up
    stops the bot now, as a normal stop, not after BOT_DB_WAIT_SECONDS."""
    url = f"postgresql://cskh:never-printed@127.0.0.1:{free_port()}/cskh"  # nobody listens
    with FakeBotAPI(token=TOKEN) as api:
        proc = _start(api, tmp_path, BOT_DB_URL=url, BOT_DB_WAIT_SECONDS="600")
        try:
            proc.wait_for("not reachable yet", 2)
        finally:
            asked = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            output, _ = proc.communicate(timeout=30)
        assert not api.calls("getMe")  # the database first: Telegram was never asked
    assert time.monotonic() - asked < 15
    assert proc.returncode == 0, output
    assert "stopped before the database answered" in output
    assert "Traceback" not in output and "never-printed" not in output


@needs_pg
def test_postgres_wrong_password_is_a_setting_to_fix_not_a_wait(tmp_path: Path) -> None:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(PG_URL)
    wrong = urlunsplit(parts._replace(netloc=parts.netloc.replace(
        f":{parts.password}@", ":not-the-password-42@")))
    started = time.monotonic()
    result = bot("run", cwd=tmp_path, BOT_DB_URL=wrong, BOT_DB_WAIT_SECONDS="60")
    assert time.monotonic() - started < 30
    one_line_exit_2(result, "BOT_DB_URL")
    assert "not-the-password-42" not in result.stdout + result.stderr


@needs_pg
def test_a_read_only_postgres_stops_start_up_and_fails_health(tmp_path: Path) -> None:
    from bot.storage.postgres import redact_url

    assert bot("health", cwd=tmp_path, BOT_DB_URL=PG_URL).returncode == 0
    read_only_url = PG_URL + ("&" if "?" in PG_URL else "?") + "default_transaction_read_only=on"
    line = one_line_exit_2(bot("run", cwd=tmp_path, BOT_DB_URL=read_only_url), "BOT_DB_URL",
                           "cannot be written", "read-only")
    assert redact_url(PG_URL).split("?")[0] in line
    health = bot("health", cwd=tmp_path, BOT_DB_URL=read_only_url)
    assert health.returncode == 1 and "cannot be written" in health.stderr
    from urllib.parse import urlsplit

    password = urlsplit(PG_URL).password or "\x00"
    assert password not in line + health.stdout + health.stderr
