"""The fake's HTTP server: a real aiohttp server on ``127.0.0.1`` in its own thread,
the Bot API under ``/bot<token>/<method>``, ``getUpdates`` long polling, fault
injection, and what tests read back (calls, messages, statistics) and wait for."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import socket
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from typing import Any, Final, Self

from aiohttp import web

from tests.support.fake_bot_api.control import add_control_routes
from tests.support.fake_bot_api.forms import parse_multipart
from tests.support.fake_bot_api.inspection import Inspection
from tests.support.fake_bot_api.methods import METHODS, Described, Methods
from tests.support.fake_bot_api.state import (
    CONFLICT_OTHER_POLL,
    DEFAULT_TOKEN,
    FAULT_KINDS,
    ApiError,
    Fault,
    RecordedCall,
    bad_request,
    normalize_chat_id,
)
from tests.support.fake_bot_api.updates import Updates

#: Update types Telegram does not deliver unless explicitly listed in allowed_updates.
_OPT_IN_UPDATE_TYPES: Final = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)
_CONFLICT_WEBHOOK: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_NGINX_502: Final = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)

# Parameter decoding: PTB (and other clients) send form fields as strings.
_JSON_PARAMS: Final = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "results",
        "reply_parameters",
        "link_preview_options",
        "button",
        "media",
        "correct_option_ids",
        "permissions",
        "options",
        "reaction",
        "message_ids",
    }
)
_INT_PARAMS: Final = frozenset(
    {
        "chat_id",
        "from_chat_id",
        "message_id",
        "user_id",
        "offset",
        "limit",
        "cache_time",
        "reply_to_message_id",
        "message_thread_id",
        "correct_option_id",
        "max_connections",
        "until_date",
    }
)
_FLOAT_PARAMS: Final = frozenset({"timeout"})
_BOOL_PARAMS: Final = frozenset(
    {
        "disable_notification",
        "protect_content",
        "allow_paid_broadcast",
        "show_alert",
        "is_personal",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "revoke_messages",
        "only_if_banned",
        "is_anonymous",
        "allows_multiple_answers",
        "allows_revoting",
        "members_only",
    }
)


def _decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Turn transport values (strings from forms, JSON values) into Bot API values."""
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str):
            if key in _JSON_PARAMS:
                try:
                    value = json.loads(value)
                except ValueError:
                    what = "reply keyboard markup" if key == "reply_markup" else key
                    raise bad_request(f"can't parse {what} JSON object") from None
            elif key in _INT_PARAMS:
                try:
                    value = int(value)
                except ValueError:
                    if key != "chat_id":
                        raise bad_request(f"invalid {key} specified") from None
            elif key in _FLOAT_PARAMS:
                try:
                    value = float(value)
                except ValueError:
                    raise bad_request(f"invalid {key} specified") from None
            elif key in _BOOL_PARAMS:
                value = value.strip().lower() in ("true", "1")
        params[key] = value
    return params


class FakeBotAPI(Methods, Updates, Inspection):
    """Fake Telegram Bot API server. See the package docstring for an overview.

    Args:
        token: The only token accepted; other tokens get 401 Unauthorized.
        bot_username: ``username`` returned by ``getMe``.
        bot_first_name: ``first_name`` returned by ``getMe``.
        host: Interface to bind (keep the default ``127.0.0.1``).
        port: Port to bind; ``0`` picks a free one.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "cskh_test_bot",
        *,
        bot_first_name: str = "CSKH Test Bot",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(token, bot_username, bot_first_name)
        self.host = host
        self._requested_port = port
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing: asyncio.Event | None = None

    # ------------------------------------------------------------------ lifecycle

    def reset(self) -> None:
        """Forget calls, chats, messages, queued updates, faults, commands and stats.

        The token and the bot's name are kept, and update ids keep increasing so a running
        poller (which remembers its offset) keeps working.
        """
        with self._lock:
            self._reset_state()
            self._changed()
        self._wake_pollers()

    def start(self) -> Self:
        """Start the server in a background thread with its own event loop."""
        if self._thread is not None:
            raise RuntimeError("FakeBotAPI is already running")
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self.start_async())
            except BaseException as exc:
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=run, name="FakeBotAPI", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]
        return self

    def stop(self) -> None:
        """Stop the background server (idempotent)."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        with contextlib.suppress(RuntimeError, TimeoutError):
            asyncio.run_coroutine_threadsafe(self.stop_async(), loop).result(timeout=10)
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        self._thread = None
        self._loop = None

    async def start_async(self) -> None:
        """Start serving on the *current* event loop (used by the CLI and by :meth:`start`)."""
        self._loop = asyncio.get_running_loop()
        self._closing = asyncio.Event()
        self._updates_event = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_download)
        add_control_routes(app, self)
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5
        )
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self._requested_port))
        except OSError:
            sock.close()
            await runner.cleanup()
            raise
        site = web.SockSite(runner, sock)
        await site.start()
        self._runner = runner
        self._port = sock.getsockname()[1]

    async def stop_async(self) -> None:
        """Stop serving; pending long polls and held requests are released."""
        if self._closing is not None:
            self._closing.set()
        self._kick_pollers()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        self._port = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ addresses

    @property
    def port(self) -> int:
        """The bound TCP port."""
        if self._port is None:
            raise RuntimeError("FakeBotAPI is not running; call start() first")
        return self._port

    @property
    def url(self) -> str:
        """Root URL, ``http://127.0.0.1:PORT``."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """Value for PTB's ``base_url``: ``http://127.0.0.1:PORT/bot``."""
        return f"{self.url}/bot"

    # ------------------------------------------------------------------ faults

    def fail(
        self,
        method: str | None = "sendMessage",
        chat_id: int | str | None = None,
        kind: str = "server_error",
        times: int | None = 1,
        *,
        retry_after: int = 1,
        migrate_to_chat_id: int | None = None,
        status: int = 500,
        seconds: float = 10.0,
        deliver: bool = False,
        description: str | None = None,
    ) -> Fault:
        """Make the next ``times`` matching requests fail (``times=None``: until cleared).

        Args:
            method: Method name (any case); ``None`` matches every method.
            chat_id: Only requests for this chat; ``None`` matches any.
            kind: One of :data:`FAULT_KINDS`:

                * ``"retry_after"``: 429 with ``parameters.retry_after=retry_after``.
                * ``"forbidden"``: 403 "Forbidden: bot was blocked by the user".
                * ``"kicked"``: 403 "Forbidden: bot was kicked from the group chat".
                * ``"chat_not_found"``: 400 "Bad Request: chat not found".
                * ``"migrate"``: 400 with ``parameters.migrate_to_chat_id`` (default
                  ``-100<abs(chat_id)>``).
                * ``"server_error"``: ``status`` 500 (JSON) or 502 (nginx HTML page).
                * ``"timeout"``: hold the request ``seconds`` before handling it. The
                  request is processed only if the client is still waiting then; with
                  ``deliver=True`` it is processed at once and only the answer is held
                  (the "sent but the client timed out" case).
                * ``"conflict"``: 409 "Conflict: terminated by other getUpdates request…".
                * ``"error"``: ``status`` with a custom ``description``.
            times: How many requests to fail.
            description: Override the error description.
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(FAULT_KINDS)}")
        if times is not None and times < 1:
            raise ValueError("times must be >= 1 or None")
        fault = Fault(
            kind=kind,
            method=method.lower() if method else None,
            chat_id=normalize_chat_id(chat_id),
            remaining=times,
            retry_after=retry_after,
            migrate_to_chat_id=migrate_to_chat_id,
            status=status,
            seconds=seconds,
            deliver=deliver,
            description=description,
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    # ------------------------------------------------------------------ HTTP layer

    @staticmethod
    def _json_response(body: Any, status: int = 200) -> web.Response:
        return web.Response(
            body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            status=status,
            content_type="application/json",
        )

    def _error_response(self, error: ApiError) -> web.Response:
        if error.error_code == 502:
            return web.Response(text=_NGINX_502, status=502, content_type="text/html")
        return self._json_response(error.payload(), error.error_code)

    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        if request.body_exists:
            content_type = request.content_type
            if content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise bad_request("can't parse JSON object") from None
                if not isinstance(body, dict):
                    raise bad_request("JSON object expected")
                raw.update(body)
            elif content_type == "application/x-www-form-urlencoded":
                raw.update(await request.post())
            elif content_type == "multipart/form-data":
                try:
                    parts = parse_multipart(request.headers.get("Content-Type", ""),
                                            await request.read())
                except ValueError:
                    raise bad_request("can't parse multipart form") from None
                for part in parts:
                    if part.filename is not None:
                        # The bytes are kept (sendDocument; tests read them back); the
                        # recorded parameter names the file instead of holding it.
                        stored = self._store_file(part.data, part.filename or "file",
                                                  part.content_type or None)
                        raw[part.name] = {"file_name": part.filename,
                                          "file_size": len(part.data),
                                          "file_id": stored.file_id}
                    else:
                        raw[part.name] = part.data.decode("utf-8", "replace")
        return _decode_params(raw)

    def _record(
        self,
        method: str,
        params: dict[str, Any],
        arrival: float,
        *,
        result: Any = None,
        error: ApiError | None = None,
        fault: str | None = None,
    ) -> None:
        """Record a call and update stats (takes the lock)."""
        chat_id = normalize_chat_id(params.get("chat_id"))
        call = RecordedCall(
            method=method,
            params=params,
            chat_id=chat_id,
            time=arrival,
            ok=error is None,
            error_code=error.error_code if error else None,
            description=error.description if error else None,
            fault=fault,
            result=result,
        )
        with self._lock:
            self._calls.append(call)
            self._calls_by_method.setdefault(method.lower(), []).append(call)
            if method == "sendMessage":
                if error is None:
                    self._count_send(chat_id, params.get("text"), arrival)
                else:
                    self._send_failed += 1
            self._changed()

    def _count_send(self, chat_id: int | str | None, text: Any, now: float) -> None:
        if self._send_t0 is None:
            self._send_t0 = now
        second = int(now - self._send_t0)
        key = chat_id if chat_id is not None else ""
        self._send_per_second[second] += 1
        self._send_per_chat_second[key][second] += 1
        self._send_texts[(key, str(text))] += 1

    def _take_fault(self, method: str, chat_id: int | str | None) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, chat_id):
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    return fault
            return None

    async def _handle_api(self, request: web.Request) -> web.Response:
        arrival = time.monotonic()
        if request.match_info["token"] != self.token:
            return self._json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, 401
            )
        raw_method = request.match_info["method"]
        key = raw_method.lower()
        method = METHODS.get(key, raw_method)
        try:
            params = await self._read_params(request)
        except ApiError as error:
            self._record(method, {}, arrival, error=error)
            return self._error_response(error)
        handler: Callable[[dict[str, Any]], Any] | None = None
        if key in METHODS and key != "getupdates":
            handler = getattr(self, f"_m_{key}")
        if key not in METHODS:
            error = ApiError(404, "Not Found: method not found")
            self._record(method, params, arrival, error=error)
            return self._error_response(error)

        fault = self._take_fault(key, normalize_chat_id(params.get("chat_id")))
        if fault is not None and fault.kind != "timeout":
            try:
                error = fault.error(normalize_chat_id(params.get("chat_id")))
            except ValueError as exc:
                error = bad_request(str(exc))
            self._record(method, params, arrival, error=error, fault=fault.kind)
            return self._error_response(error)
        if fault is not None and not fault.deliver:
            try:
                await self._hold(fault.seconds)
            except asyncio.CancelledError:
                timeout_error = ApiError(504, "client gave up waiting (injected timeout)")
                self._record(method, params, arrival, error=timeout_error, fault="timeout")
                raise

        try:
            if handler is None:
                result = await self._get_updates(params)
            else:
                with self._lock:
                    result = handler(params)
        except ApiError as error:
            self._record(method, params, arrival, error=error, fault=error.fault)
            return self._error_response(error)
        except Exception as exc:  # a bug in the fake: make it visible
            traceback.print_exc()
            error = ApiError(500, f"Internal Server Error: fake Bot API crashed: {exc!r}")
            self._record(method, params, arrival, error=error, fault="crash")
            return self._error_response(error)
        body: dict[str, Any] = {"ok": True, "result": result}
        if isinstance(result, Described):
            body = {"ok": True, "result": result.value, "description": result.description}
        self._record(method, params, arrival, result=body["result"])
        if fault is not None:  # timeout with deliver=True: processed, answer held
            await self._hold(fault.seconds)
        return self._json_response(body)

    async def _handle_download(self, request: web.Request) -> web.Response:
        """``GET /file/bot<token>/<file_path>``: a file's bytes, as ``getFile`` named it.

        Recorded as a ``downloadFile`` call (not a Bot API method), so tests can check
        that a file was, or was not, downloaded.
        """
        arrival = time.monotonic()
        if request.match_info["token"] != self.token:
            return self._json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, 401
            )
        path = request.match_info["path"]
        stored = self._file_by_path(path)
        params = {"file_path": path}
        if stored is None:
            error = ApiError(404, "Not Found")
            self._record("downloadFile", params, arrival, error=error)
            return self._error_response(error)
        self._record("downloadFile", params, arrival, result=len(stored.data))
        return web.Response(body=stored.data, content_type="application/octet-stream")

    async def _hold(self, seconds: float) -> None:
        closing = self._closing
        if closing is None:
            await asyncio.sleep(seconds)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(closing.wait(), seconds)

    # ------------------------------------------------------------------ getUpdates

    def _update_allowed(self, update: dict[str, Any]) -> bool:
        kind = next((key for key in update if key != "update_id"), "")
        if self._allowed_updates is None:
            return kind not in _OPT_IN_UPDATE_TYPES
        return kind in self._allowed_updates

    def _take_batch(self, limit: int) -> list[dict[str, Any]]:
        """Deliverable updates (lock held); drops updates excluded by allowed_updates."""
        if any(not self._update_allowed(update) for update in self._pending):
            self._pending = deque(u for u in self._pending if self._update_allowed(u))
        return list(itertools.islice(self._pending, limit))

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        with self._lock:
            if self._webhook.get("url"):
                raise ApiError(409, _CONFLICT_WEBHOOK)
            offset = int(params.get("offset") or 0)
            limit = min(max(int(params.get("limit") or 100), 1), 100)
            timeout = max(float(params.get("timeout") or 0), 0.0)
            allowed = params.get("allowed_updates")
            if isinstance(allowed, list):
                self._allowed_updates = frozenset(allowed) if allowed else None
            if offset > 0:
                while self._pending and self._pending[0]["update_id"] < offset:
                    self._pending.popleft()
            elif offset < 0:
                while len(self._pending) > -offset:
                    self._pending.popleft()
            self._poll_generation += 1
            generation = self._poll_generation
            batch = self._take_batch(limit)
        self._kick_pollers()  # an older long poll is now terminated with 409
        if batch or timeout <= 0:
            return batch
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self._updates_event
            remaining = deadline - loop.time()
            if event is None or remaining <= 0:
                return []
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
            if self._closing is not None and self._closing.is_set():
                return []
            with self._lock:
                if self._poll_generation != generation:
                    raise ApiError(409, CONFLICT_OTHER_POLL)
                batch = self._take_batch(limit)
            if batch:
                return batch
