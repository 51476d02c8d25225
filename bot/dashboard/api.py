"""The dashboard over HTTP: the page (shipped in the package) and its JSON API, as an
aiohttp application the bot's web server mounts at ``/app/`` (``mount``), or the
operator's console serves alone.

Every API call names its caller: Telegram's ``initData`` in ``X-Telegram-Init-Data`` with
the bot's team token in ``X-Team-Token``, or an operator's session (``Authorization:
Bearer``) opened with a one-time link. Anything else is 401. Reading needs the caller to
be in the team now, changing anything to be its admin now (``Gate``; an operator is
both). Every answer carries a strict Content-Security-Policy (no inline script, nothing
from another host) and sets no cookie, so there is nothing for another site to ride on.
A body is at most ``MAX_BODY`` bytes; each caller gets ``Buckets``' rate.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal, Protocol

from aiohttp import web

from bot.dashboard.auth import (
    DEFAULT_MAX_AGE,
    AuthError,
    Sessions,
    TeamTokens,
    validate_init_data,
)
from bot.dashboard.team import Backend, Refused, Team
from bot.strings import VI, Strings, for_language

log = logging.getLogger(__name__)

Role = Literal["admin", "member"]
INIT_HEADER = "X-Telegram-Init-Data"
TEAM_HEADER = "X-Team-Token"
MAX_BODY = 16 * 1024  # a tip is at most ~4 kB of text; JSON escapes may double it
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'self' https://web.telegram.org")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "Cross-Origin-Opener-Policy": "same-origin"}
PAGE_FILES = {"index.html": "text/html", "app.js": "text/javascript",
              "app.css": "text/css"}
_dumps = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


class Gate(Protocol):
    """Is this user in that team, or its admin, now? (Telegram is asked; ``fresh``: not
    from a cache, for a change.) ``None``: neither."""

    async def role(self, chat_id: int, user_id: int, *, fresh: bool) -> Role | None: ...


class Buckets:
    """A token bucket per caller: ``burst`` requests at once, then ``rate`` a second."""

    def __init__(self, *, burst: float = 20, rate: float = 5,
                 clock: Callable[[], float] = time.monotonic, size: int = 10_000) -> None:
        self.burst, self.rate, self.clock, self.size = burst, rate, clock, size
        self._kept: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str) -> bool:
        now = self.clock()
        tokens, then = self._kept.pop(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        ok = tokens >= 1
        self._kept[key] = (tokens - 1 if ok else tokens, now)
        if len(self._kept) > self.size:
            self._kept.popitem(last=False)  # the longest idle caller starts afresh
        return ok


@dataclass(frozen=True, slots=True)
class Caller:
    chat_id: int
    user_id: int | None  # None: the operator
    role: Role
    strings: Strings


@dataclass(slots=True)
class Dashboard:
    """What the page's API needs; ``bot_token`` empty: no Telegram (the operator's
    console), so ``initData`` is never accepted and only sessions are."""

    backend: Backend
    gate: Gate | None
    bot_token: str = ""
    teams: TeamTokens | None = None
    sessions: Sessions = field(default_factory=Sessions)
    max_age: float = DEFAULT_MAX_AGE
    buckets: Buckets = field(default_factory=Buckets)
    operator_strings: Strings = VI


def page_file(name: str) -> bytes:
    return (resources.files("bot.dashboard") / "page" / name).read_bytes()


@functools.cache
def _page() -> dict[str, tuple[bytes, str]]:
    """The page's files and their ETags, read from the package once."""
    return {name: (body, '"' + hashlib.sha256(body).hexdigest()[:20] + '"')
            for name in PAGE_FILES for body in [page_file(name)]}


def _strings(request: web.Request) -> Strings:
    """Before anyone is known: the browser's first language (Vietnamese by default)."""
    return for_language(request.headers.get("Accept-Language", "").split(",")[0].strip())


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"message": message}, status=status, dumps=_dumps)


@web.middleware
async def _guard(request: web.Request,
                 handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                 ) -> web.StreamResponse:
    """Headers on every answer, errors as a sentence in the reader's language."""
    s = _strings(request)
    try:
        if request.body_exists and ((request.content_length or 0) > MAX_BODY
                                    or len(await request.read()) > MAX_BODY):
            raise Refused(413, s.dash_error_too_big)
        response = await handler(request)
    except AuthError as exc:
        log.info("dashboard: refused a request (%s)", exc.reason)
        response = _error(401, s.dash_error_auth)
    except Refused as exc:
        response = _error(exc.status, exc.message)
    except web.HTTPRequestEntityTooLarge:
        response = _error(413, s.dash_error_too_big)
    except web.HTTPException as exc:
        if exc.status >= 400:
            response = _error(exc.status, s.dash_error_bad_request)
        else:
            raise
    except Exception:
        log.exception("dashboard: a request failed")
        response = _error(500, s.dash_error_server)
    response.headers.update(HEADERS)
    if "/api/" in request.path:  # a team's figures: never kept by a browser or a proxy
        response.headers["Cache-Control"] = "no-store"
    return response


DASHBOARD = web.AppKey("dashboard", Dashboard)


def make_app(dash: Dashboard) -> web.Application:
    """The page and its API, to mount at ``/app/`` (routes here are relative to that)."""
    app = web.Application(middlewares=[_guard], client_max_size=MAX_BODY)
    app[DASHBOARD] = dash
    app.router.add_get("/", _file("index.html"))
    for name in PAGE_FILES:
        app.router.add_get(f"/{name}", _file(name))
    app.router.add_post("/api/login", login)
    app.router.add_get("/api/team", team_view)
    app.router.add_get("/api/chart.png", chart_view)
    app.router.add_post("/api/tips", _write(lambda t, c, b, r: t.add_tip(b, c.user_id)))
    app.router.add_put("/api/tips/{number:[0-9]{1,12}}",
                       _write(lambda t, c, b, r: t.edit_tip(_number(r), b)))
    app.router.add_delete("/api/tips/{number:[0-9]{1,12}}",
                          _write(lambda t, c, b, r: t.delete_tip(_number(r))))
    app.router.add_put("/api/schedule", _write(lambda t, c, b, r: t.set_schedule(b, c.user_id)))
    app.router.add_post("/api/pause", _write(lambda t, c, b, r: t.pause(b)))
    app.router.add_post("/api/resume", _write(lambda t, c, b, r: t.resume()))
    app.router.add_post("/api/topics", _write(lambda t, c, b, r: t.toggle_topic(b)))
    app.router.add_put("/api/quiz", _write(lambda t, c, b, r: t.set_quiz(b)))
    return app


def mount(parent: web.Application, dash: Dashboard) -> None:
    """The dashboard at ``/app/`` of the bot's own web server."""
    parent.add_subapp("/app/", make_app(dash))


def _file(name: str) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def serve(request: web.Request) -> web.StreamResponse:
        body, etag = _page()[name]
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers=headers)
        return web.Response(body=body, content_type=PAGE_FILES[name], charset="utf-8",
                            headers=headers)
    return serve


def _number(request: web.Request) -> int:
    return int(request.match_info["number"])


async def _caller(request: web.Request, *, write: bool) -> Caller:
    """Who asks, for which team, as what; raises ``AuthError`` (401) or ``Refused``."""
    dash = request.app[DASHBOARD]
    s = _strings(request)
    bearer = request.headers.get("Authorization", "")
    if bearer.startswith("Bearer "):
        token = bearer.removeprefix("Bearer ").strip()
        chat_id = dash.sessions.chat_of(token)
        if not dash.buckets.take("session:" + token):
            raise Refused(429, s.dash_error_rate)
        return Caller(chat_id, None, "admin", dash.operator_strings)
    if not dash.bot_token or dash.teams is None or dash.gate is None:
        raise AuthError("no Telegram here: sessions only")
    user = validate_init_data(request.headers.get(INIT_HEADER, ""), dash.bot_token,
                              max_age=dash.max_age)
    chat_id = dash.teams.chat_of(request.headers.get(TEAM_HEADER, ""))
    s = for_language(user.language_code)
    if not dash.buckets.take(f"user:{user.id}"):
        raise Refused(429, s.dash_error_rate)
    role = await dash.gate.role(chat_id, user.id, fresh=write)
    if role is None:
        raise Refused(403, s.dash_error_not_member)
    if write and role != "admin":
        raise Refused(403, s.dash_error_admin)
    return Caller(chat_id, user.id, role, s)


def _json(data: Mapping[str, Any], status: int = 200) -> web.Response:
    return web.json_response(dict(data), status=status, dumps=_dumps)


async def login(request: web.Request) -> web.Response:
    """A one-time code from the operator's link, traded for a session."""
    dash = request.app[DASHBOARD]
    body = await _body(request)
    code = body.get("code")
    if not isinstance(code, str) or not dash.buckets.take("login"):
        raise AuthError("no code, or too many tries")
    token, chat_id = dash.sessions.redeem(code)
    return _json({"session": token, "chat_id": chat_id})


async def team_view(request: web.Request) -> web.Response:
    caller = await _caller(request, write=False)
    team = Team(request.app[DASHBOARD].backend, caller.chat_id, caller.strings)
    return _json(await team.overview(admin=caller.role == "admin"))


async def chart_view(request: web.Request) -> web.Response:
    caller = await _caller(request, write=False)
    if caller.role != "admin":  # /stats' image: admins only, as in the chat
        raise Refused(403, caller.strings.dash_error_admin)
    png = await Team(request.app[DASHBOARD].backend, caller.chat_id, caller.strings).chart()
    if png is None:
        raise Refused(404, caller.strings.dash_page_no_chart)
    return web.Response(body=png, content_type="image/png")


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # nested past Python's stack
        raise Refused(400, _strings(request).dash_error_bad_request) from None
    if not isinstance(data, dict):
        raise Refused(400, _strings(request).dash_error_bad_request)
    return data


Action = Callable[[Team, Caller, dict[str, Any], web.Request], Awaitable[Mapping[str, Any]]]


def _write(action: Action) -> Callable[[web.Request], Awaitable[web.Response]]:
    """A change: an admin now (Telegram asked afresh), then the same call as the chat's."""

    async def handle(request: web.Request) -> web.Response:
        caller = await _caller(request, write=True)
        body = await _body(request)
        team = Team(request.app[DASHBOARD].backend, caller.chat_id, caller.strings)
        return _json(await action(team, caller, body, request))

    return handle
