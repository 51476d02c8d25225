"""Settings from the environment and an optional ``.env`` file.

Every setting is validated at start-up; bad ones stop the bot with one line each, naming
the setting and the fix, all reported at once, before anything connects anywhere. The
environment wins over ``.env`` so a supervisor can override a file on disk.

Where ``.env`` is looked for: ``BOT_ENV_FILE`` if set, else the current folder, else the
project folder (a source checkout run from elsewhere). Relative paths in the settings
are relative to the folder of that file (the current folder when there is none).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, TypeVar
from urllib.parse import urlparse

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_DB_PATH = "data/bot.sqlite3"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
_TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """Settings are missing or invalid: one line per problem, each naming the setting and
    the fix. ``problems`` lists them all, so an operator fixes ``.env`` once, not per run.
    """

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True)
class Settings:
    token: str
    api_base_url: str = DEFAULT_API_BASE_URL
    db_path: Path = Path(DEFAULT_DB_PATH)
    db_url: str = ""  # postgresql://… for several replicas; empty = the SQLite file db_path
    timezone: str = DEFAULT_TIMEZONE
    log_level: str = "INFO"
    webhook_url: str = ""
    webhook_secret: str = ""
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    max_messages_per_second: int = 25
    grace_hours: float = 3.0
    claim_lease_seconds: int = 120
    tick_seconds: float = 30.0
    addtip_timeout_seconds: float = 300.0
    file_read_seconds: float = 10.0  # a user's file is read in a worker killed after this
    health_port: int = 0  # polling mode: /healthz, /readyz, /metrics on this port; 0 = off
    replicas: int = 1  # copies of the bot sharing one token: each takes 1/N of the budget
    db_wait_seconds: float = 60.0  # start-up: how long to retry a database not up yet
    telegram_wait_seconds: float = 60.0  # start-up: how long to retry Telegram not reachable yet
    public_url: str = ""  # https://… where Telegram users reach the dashboard; "" = off
    dashboard_max_age: float = 86_400.0  # how old Telegram's initData may be, in seconds
    env_file: Path | None = None  # the .env file the settings were read from, if any

    @property
    def webhook(self) -> bool:
        return bool(self.webhook_url)

    @property
    def database(self) -> str:
        """What ``Storage.open`` takes: the PostgreSQL URL, or the SQLite file."""
        return self.db_url or str(self.db_path)

    @property
    def secrets(self) -> list[str]:
        """Every secret that must never reach a log line or a message."""
        password = urlparse(self.db_url).password if self.db_url else None
        return [s for s in (self.token, self.webhook_secret, password) if s]

    def redact(self, text: str) -> str:
        """``text`` with every secret replaced, for logs and error messages."""
        for secret in self.secrets:
            if secret:
                text = text.replace(secret, "[REDACTED]")
        return text


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines; ``#`` comments, blank lines, ``export`` and quotes allowed.

    Every broken line is reported (``ConfigError`` with one problem per line).
    """
    values, problems = _parse_env_file(path)
    if problems:
        raise ConfigError(problems)
    return values


def _parse_env_file(path: Path) -> tuple[dict[str, str], list[str]]:
    """The values of the good lines, and a problem for each broken one."""
    values: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return values, []
    except (OSError, UnicodeDecodeError) as exc:
        return values, [f"{path}: cannot read ({exc.__class__.__name__}); "
                        "fix the file's permissions or encoding (UTF-8)"]
    problems: list[str] = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[7:].strip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            problems.append(f"{path}:{number}: expected KEY=VALUE; fix or remove that line")
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[key] = value
    return values, problems


PROJECT_ROOT = Path(__file__).resolve().parent.parent


def find_env_file(cwd: Path | None = None, environ: Mapping[str, str] | None = None,
                  project_root: Path = PROJECT_ROOT) -> Path | None:
    """The settings file: ``BOT_ENV_FILE`` if set, else ``.env`` in the current folder,
    else ``.env`` in the project folder (a source checkout run from elsewhere)."""
    environ = os.environ if environ is None else environ
    explicit = environ.get("BOT_ENV_FILE", "").strip()
    here = Path.cwd() if cwd is None else cwd
    if explicit:
        return (here / explicit).resolve()
    for folder in (here, project_root):
        candidate = folder / ".env"
        if candidate.is_file():
            return candidate.resolve()
    return None


_N = TypeVar("_N", int, float)
_FIND = Path("<find>")  # load_settings' default: look for .env as find_env_file says


class _Numbers(TypedDict):
    """The numeric settings, checked by ``_number``, as ``Settings`` takes them."""

    webhook_port: int
    max_messages_per_second: int
    grace_hours: float
    claim_lease_seconds: int
    tick_seconds: float
    addtip_timeout_seconds: float
    health_port: int
    replicas: int
    db_wait_seconds: float
    telegram_wait_seconds: float
    dashboard_max_age: float


def _number(env: Mapping[str, str], key: str, default: _N, low: _N, high: _N,
            kind: type[_N], problems: list[str]) -> _N:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    what = "a whole number" if kind is int else "a number"
    try:
        value = kind(raw)
    except ValueError:
        problems.append(f"{key}={raw!r} is not {what}; set it between {low:g} and {high:g}")
        return default
    if not low <= value <= high:
        problems.append(f"{key}={value:g} is out of range; set it between {low:g} and {high:g}")
        return default
    return value


def load_settings(env: Mapping[str, str] | None = None, env_file: Path | None = _FIND,
                  *, require_token: bool = True, cwd: Path | None = None) -> Settings:
    """Validated settings; raises ``ConfigError`` listing every problem, one line each.

    ``env_file`` defaults to the file ``find_env_file`` finds (``None``: no file).
    Relative paths (``BOT_DB_PATH``) are resolved against the folder of that file, or
    the current folder when there is none, and stored absolute.
    """
    from bot.schedule import ScheduleError, parse_timezone

    environ = os.environ if env is None else env
    here = Path.cwd() if cwd is None else cwd
    if env_file is _FIND:
        env_file = find_env_file(here, environ)
    problems: list[str] = []
    merged: dict[str, str] = {}
    if env_file is not None:
        values, problems = _parse_env_file(env_file)
        merged.update(values)
        explicit = environ.get("BOT_ENV_FILE", "").strip()
        if explicit and not env_file.exists():
            problems.append(f"BOT_ENV_FILE={explicit!r}: no such file; fix the path, or unset "
                            "it to use .env in the current or the project folder")
    merged.update(environ)
    base_dir = env_file.parent if env_file is not None else here

    token = merged.get("TELEGRAM_BOT_TOKEN", "").strip()
    if require_token and not token:
        problems.append(
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot) "
            "and put its token in .env (see .env.example); to try the bot without Telegram, "
            "run `make chat`")
    elif token and not _TOKEN_RE.match(token):
        problems.append("TELEGRAM_BOT_TOKEN does not look like a bot token "
                        "(digits, a colon, then 35 letters); copy it again from @BotFather")

    base_url = merged.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL
    parsed = urlparse(base_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        problems.append(f"TELEGRAM_API_BASE_URL={base_url!r} is not an http(s) URL; use "
                        f"{DEFAULT_API_BASE_URL} or your Bot API server's URL ending in /bot")

    db_path = Path(merged.get("BOT_DB_PATH", "").strip() or DEFAULT_DB_PATH)
    db_url = merged.get("BOT_DB_URL", "").strip()
    if db_url.startswith("sqlite://"):
        db_path, db_url = Path(db_url.removeprefix("sqlite:///").removeprefix("sqlite://")), ""
    elif db_url and not db_url.startswith(("postgresql://", "postgres://")):
        problems.append("BOT_DB_URL must start with sqlite:/// (a file, the default) or "
                        "postgresql:// (user:password@host:5432/database)")
        db_url = ""
    elif db_url and not urlparse(db_url).hostname:
        problems.append("BOT_DB_URL has no host; write it as "
                        "postgresql://USER:PASSWORD@HOST:5432/DATABASE")
        db_url = ""
    db_path = Path(os.path.normpath(base_dir / db_path.expanduser()))
    if not db_url and db_path.is_dir():
        problems.append(f"BOT_DB_PATH={str(db_path)!r} is a folder; "
                        "point it at a file, e.g. data/bot.sqlite3")

    raw_timezone = merged.get("BOT_TIMEZONE", "").strip() or DEFAULT_TIMEZONE
    try:
        timezone = parse_timezone(raw_timezone)
    except ScheduleError:
        problems.append(f"BOT_TIMEZONE={raw_timezone!r} is not a known time zone; use an IANA "
                        f"name such as {DEFAULT_TIMEZONE} or an offset such as +07:00")
        timezone = DEFAULT_TIMEZONE

    log_level = (merged.get("LOG_LEVEL", "").strip() or "INFO").upper()
    if log_level not in _LOG_LEVELS:
        problems.append(f"LOG_LEVEL={log_level!r} is not a level; "
                        f"use one of {', '.join(_LOG_LEVELS)}")
        log_level = "INFO"

    webhook_url = merged.get("WEBHOOK_URL", "").strip()
    webhook_secret = merged.get("WEBHOOK_SECRET", "").strip()
    if webhook_url:
        wp = urlparse(webhook_url)
        if wp.scheme != "https" or not wp.netloc:
            problems.append(f"WEBHOOK_URL={webhook_url!r} must be a public https:// URL "
                            "(Telegram only calls https); leave it empty for long polling")
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", webhook_secret):
            problems.append("WEBHOOK_SECRET must be 16–256 letters, digits, '_' or '-' "
                            "when WEBHOOK_URL is set; generate one with "
                            "`python -c \"import secrets; print(secrets.token_urlsafe(32))\"`")

    numbers: _Numbers = {
        "webhook_port": _number(merged, "WEBHOOK_PORT", 8443, 1, 65535, int, problems),
        "max_messages_per_second": _number(merged, "BOT_MAX_MESSAGES_PER_SECOND", 25, 0, 1000,
                                           int, problems),
        "grace_hours": _number(merged, "BOT_GRACE_HOURS", 3.0, 0.0, 23.0, float, problems),
        "claim_lease_seconds": _number(merged, "BOT_CLAIM_LEASE_SECONDS", 120, 1, 3600, int,
                                       problems),
        "tick_seconds": _number(merged, "BOT_TICK_SECONDS", 30.0, 0.2, 300.0, float, problems),
        "addtip_timeout_seconds": _number(merged, "BOT_ADDTIP_TIMEOUT_SECONDS", 300.0, 1.0,
                                          86400.0, float, problems),
        "health_port": _number(merged, "BOT_HEALTH_PORT", 0, 0, 65535, int, problems),
        "replicas": _number(merged, "BOT_REPLICAS", 1, 1, 64, int, problems),
        "db_wait_seconds": _number(merged, "BOT_DB_WAIT_SECONDS", 60.0, 0.0, 3600.0, float,
                                   problems),
        "telegram_wait_seconds": _number(merged, "BOT_TELEGRAM_WAIT_SECONDS", 60.0, 0.0, 3600.0,
                                         float, problems),
        "dashboard_max_age": _number(merged, "BOT_DASHBOARD_MAX_AGE_SECONDS", 86_400.0, 60.0,
                                     604_800.0, float, problems),
    }
    public_url = public_url_problem(merged.get("BOT_PUBLIC_URL", "").strip(), problems)
    if problems:
        # A token that does not look like one may still be a real token, mistyped:
        # never echo it.
        if token:
            problems = [p.replace(token, "[REDACTED]") for p in problems]
        raise ConfigError(problems)
    return Settings(
        token=token,
        api_base_url=base_url,
        db_path=db_path,
        db_url=db_url,
        timezone=timezone,
        log_level=log_level,
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        webhook_listen=merged.get("WEBHOOK_LISTEN", "").strip() or "0.0.0.0",
        public_url=public_url,
        env_file=env_file,
        **numbers,
    )


_URL_SEGMENT = re.compile(r"[A-Za-z0-9_~-]+(\.[A-Za-z0-9_~-]+)*")


def public_url_problem(raw: str, problems: list[str]) -> str:
    """``BOT_PUBLIC_URL`` as the dashboard's base (no trailing ``/``), or ``""`` with a
    problem added: https only (Telegram opens Mini Apps over https), a host, and at most
    a plain path prefix; no user, query, fragment, ``..``, escapes or backslashes, which
    could make the page's address point somewhere the operator did not mean."""
    if not raw:
        return ""
    fix = ("BOT_PUBLIC_URL={!r} {}; set it to the public https:// address of this bot's "
           "web server, e.g. https://bot.example.com (or leave it empty: no dashboard)")
    parsed = urlparse(raw)
    if parsed.scheme != "https" or not parsed.hostname:
        problems.append(fix.format(raw, "is not an https:// address"))
        return ""
    path = parsed.path.strip("/")
    tricks = (parsed.username is not None or parsed.password is not None or parsed.query
              or parsed.fragment or "?" in raw or "#" in raw or "\\" in raw
              or any(c.isspace() for c in raw)
              or (path and not all(_URL_SEGMENT.fullmatch(p) for p in path.split("/"))))
    try:
        parsed.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        tricks = True
    if tricks:
        problems.append(fix.format(raw, "has a user, query, fragment or an unusual path"))
        return ""
    return raw.rstrip("/")
