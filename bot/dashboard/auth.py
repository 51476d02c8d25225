"""Who is asking, and for which team: Telegram's signed ``initData``, the bot's signed team
token, and the operator's one-time login links.

``initData`` is checked exactly as Telegram documents it for Mini Apps: the secret key is
HMAC-SHA256 of the bot token keyed with ``"WebAppData"``; the hash is the hex HMAC-SHA256,
under that key, of every other field as ``key=value`` lines sorted by key; the two hashes
are compared in constant time, and a signature older than ``max_age`` is refused (it
would let a copied URL work for ever).

The team is never a number the page sends: it is a token the bot signed (``TeamTokens``)
naming the chat and an expiry, so changing a digit makes it worthless. Its key is derived
from the bot token with a label of its own, so a team token is never an ``initData`` hash
and the other way round.

The operator's console (``python -m bot dashboard``) has no Telegram: it prints a link
holding a one-time code (``Sessions``); the page trades it once for a session token it
keeps in ``sessionStorage`` (not a cookie, so no request is ever sent with it unasked).
Both live in this process's memory: a restart signs every operator out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

DEFAULT_MAX_AGE = 86_400.0  # a day, as Telegram suggests
CLOCK_SKEW = 60.0  # an auth_date this far in the future is still accepted (clocks drift)
TEAM_TOKEN_DAYS = 30  # a /stats button keeps working this long
LINK_SECONDS = 600.0  # a printed login link: ten minutes, once
SESSION_SECONDS = 12 * 3600.0  # an operator's session
MAX_INIT_DATA = 4096  # Telegram's initData is well under 1 kB

Clock = Callable[[], float]


class AuthError(Exception):
    """Not signed, signed by someone else, too old, or not for this team: HTTP 401.

    ``reason`` is for the log and the tests, never shown to the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class WebAppUser:
    """The Telegram user a validated ``initData`` names."""

    id: int
    first_name: str
    language_code: str | None


def _hmac(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


def init_data_hash(fields: dict[str, str], bot_token: str) -> str:
    """The hash Telegram puts into ``initData`` for these fields (tests sign with it)."""
    secret = _hmac(b"WebAppData", bot_token.encode())
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "hash")
    return hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()


def validate_init_data(raw: str, bot_token: str, *, max_age: float = DEFAULT_MAX_AGE,
                       now: float | None = None) -> WebAppUser:
    """The user of a genuine, recent ``initData``; ``AuthError`` for anything else."""
    if not raw or len(raw) > MAX_INIT_DATA or not bot_token:
        raise AuthError("no initData")
    try:
        pairs = parse_qsl(raw, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise AuthError("initData is not a query string") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise AuthError("a field given twice")  # which one would the hash cover?
    given = fields.get("hash", "")
    if not hmac.compare_digest(given.encode(), init_data_hash(fields, bot_token).encode()):
        raise AuthError("hash does not match")
    try:
        auth_date = int(fields.get("auth_date", ""))
    except ValueError:
        raise AuthError("no auth_date") from None
    moment = time.time() if now is None else now
    if moment - auth_date > max_age:
        raise AuthError("auth_date too old")
    if auth_date - moment > CLOCK_SKEW:
        raise AuthError("auth_date in the future")
    try:
        user = json.loads(fields.get("user", ""))
        user_id = user["id"]
    except (ValueError, TypeError, KeyError):
        raise AuthError("no user") from None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        raise AuthError("no user")
    language = user.get("language_code")
    return WebAppUser(user_id, str(user.get("first_name", "")),
                      language if isinstance(language, str) else None)


def derive_key(bot_token: str, label: str) -> bytes:
    """A key of its own for each use of the bot token (never the token itself)."""
    return _hmac(bot_token.encode(), f"cskh-bot dashboard {label}".encode())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class TeamTokens:
    """``<chat>.<expiry>.<mac>``: the bot names a team, and nobody else can."""

    def __init__(self, key: bytes, *, days: int = TEAM_TOKEN_DAYS,
                 clock: Clock = time.time) -> None:
        self.key = key
        self.lifetime = days * 86_400
        self.clock = clock

    def _mac(self, chat_id: int, expires: int) -> str:
        return _b64(_hmac(self.key, f"team:{chat_id}:{expires}".encode()))

    def sign(self, chat_id: int) -> str:
        expires = int(self.clock()) + self.lifetime
        return f"{chat_id}.{expires}.{self._mac(chat_id, expires)}"

    def chat_of(self, token: str) -> int:
        """The chat a genuine, unexpired token names; ``AuthError`` otherwise."""
        chat, expires, mac = ([*token.split("."), "", ""])[:3] if len(token) <= 100 \
            else ("", "", "")
        try:
            chat_id, until = int(chat), int(expires)
        except ValueError:
            raise AuthError("not a team token") from None
        if not hmac.compare_digest(mac.encode(), self._mac(chat_id, until).encode()):
            raise AuthError("team token not signed by this bot")
        if until < self.clock():
            raise AuthError("team token expired")
        return chat_id


@dataclass(slots=True)
class _Grant:
    chat_id: int
    expires: float


class Sessions:
    """One-time login codes and the sessions they open, for the operator's console."""

    MAX = 1000  # codes and sessions kept at once: the oldest go first

    def __init__(self, *, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self._codes: dict[str, _Grant] = {}
        self._sessions: dict[str, _Grant] = {}

    def _tidy(self, kept: dict[str, _Grant]) -> None:
        now = self.clock()
        for key in [k for k, g in kept.items() if g.expires < now]:
            del kept[key]
        while len(kept) >= self.MAX:
            del kept[next(iter(kept))]

    def login_code(self, chat_id: int) -> str:
        """A code for one login into this team, valid ``LINK_SECONDS``."""
        self._tidy(self._codes)
        code = secrets.token_urlsafe(24)
        self._codes[code] = _Grant(chat_id, self.clock() + LINK_SECONDS)
        return code

    def redeem(self, code: str) -> tuple[str, int]:
        """The code traded for a session (token, chat); it never works again."""
        grant = self._codes.pop(code, None) if isinstance(code, str) else None
        if grant is None or grant.expires < self.clock():
            raise AuthError("login code unknown, used or expired")
        self._tidy(self._sessions)
        token = secrets.token_urlsafe(32)
        self._sessions[token] = _Grant(grant.chat_id, self.clock() + SESSION_SECONDS)
        return token, grant.chat_id

    def chat_of(self, token: str) -> int:
        grant = self._sessions.get(token)
        if grant is None or grant.expires < self.clock():
            raise AuthError("no such session")
        return grant.chat_id
