"""The deployment files do what the README says: nginx keeps /metrics and /readyz off the
internet, the systemd unit is hardened, the Docker build context holds no secret.

nginx and systemd-analyze run for real when installed (skipped otherwise).
"""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.support.processes import free_port

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


class _Bot(BaseHTTPRequestHandler):
    """Stands in for a bot replica: answers every path with its name."""

    def _answer(self) -> None:
        body = f"bot saw {self.command} {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


def _fetch(url: str, data: bytes | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:  # not listening yet
        return 0, ""


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
@pytest.mark.process
def test_nginx_keeps_metrics_and_readyz_off_the_internet(tmp_path: Path) -> None:
    bot = ThreadingHTTPServer(("127.0.0.1", 0), _Bot)
    threading.Thread(target=bot.serve_forever, daemon=True).start()
    listen = free_port()
    server = (DEPLOY / "nginx.conf").read_text()
    server = server.replace("bot1:8443", f"127.0.0.1:{bot.server_port}")
    server = server.replace("bot2:8443", f"127.0.0.1:{bot.server_port}")
    server = server.replace("listen 8443;", f"listen 127.0.0.1:{listen};")
    (tmp_path / "logs").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\n"
        "events {}\nhttp {\n"
        f"access_log off; client_body_temp_path {tmp_path}/body; "
        f"proxy_temp_path {tmp_path}/proxy;\n{server}\n}}\n")
    proc = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(conf), "-g",
                             "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while _fetch(f"http://127.0.0.1:{listen}/healthz")[0] != 200:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() < deadline
            time.sleep(0.1)
        base = f"http://127.0.0.1:{listen}"
        for path in ("/metrics", "/readyz", "/metrics/", "/readyz?x=1", "/metrics?format=x"):
            assert _fetch(base + path)[0] == 404, path
        assert _fetch(base + "/healthz") == (200, "bot saw GET /healthz")
        assert _fetch(base + "/telegram", data=b"{}") == (200, "bot saw POST /telegram")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        bot.shutdown()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed")
@pytest.mark.process
def test_systemd_unit_is_hardened() -> None:
    result = subprocess.run(["systemd-analyze", "security", "--offline=true",
                             str(DEPLOY / "cskh-bot.service")],
                            capture_output=True, text=True, timeout=60)
    overall = [line for line in result.stdout.splitlines() if "Overall exposure" in line]
    assert overall, result.stdout + result.stderr
    score = float(overall[0].split("cskh-bot.service:")[1].split()[0])
    assert score <= 2.0, overall[0]


def test_systemd_unit_keeps_what_the_bot_needs() -> None:
    unit = (DEPLOY / "cskh-bot.service").read_text()
    directives = {line.split("=", 1)[0]: line.split("=", 1)[1] for line in unit.splitlines()
                  if "=" in line and not line.startswith("#")}
    assert directives["ProtectSystem"] == "strict"
    assert directives["ReadWritePaths"] == "/opt/cskh-bot/data"  # the database folder
    assert directives["UMask"] == "0077" and directives["NoNewPrivileges"] == "true"
    assert set(directives["RestrictAddressFamilies"].split()) == {"AF_INET", "AF_INET6",
                                                                  "AF_UNIX"}
    assert directives["RestartPreventExitStatus"] == "2"
    assert "postgresql.service" in directives["After"]
    assert "install -m 600" in unit  # the .env with the token: only the bot's user


def _ignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule, simplified: the last matching pattern wins, ``!`` re-includes."""
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        parts = path.split("/")
        if any(fnmatch.fnmatch("/".join(parts[:i]), pattern) for i in range(1, len(parts) + 1)):
            ignored = not negate
    return ignored


def test_docker_build_context_leaves_out_secrets_and_data() -> None:
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    for secret in (".env", ".env.production", "data/bot.sqlite3", "bot.sqlite3",
                   "bot.sqlite3-wal", ".git/config", ".venv/bin/python"):
        assert _ignored(secret, patterns), secret
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    for needed in ("pyproject.toml", "README.md", "bot/cli/__init__.py", "seeds/topics.toml"):
        assert needed.split("/")[0] in dockerfile
        assert not _ignored(needed, patterns), needed
