"""The control API, for a fake running in another process (the benchmarks): statistics,
the calls received, and a reset, as JSON under ``/_control/``; and a client for it."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.support.fake_bot_api.state import normalize_chat_id

if TYPE_CHECKING:
    from tests.support.fake_bot_api.server import FakeBotAPI


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result}, dumps=_dumps)


def _dumps(body: Any) -> str:
    return json.dumps(body, ensure_ascii=False)


def add_control_routes(app: web.Application, api: FakeBotAPI) -> None:
    """``GET /_control/stats``, ``GET /_control/calls?method=&chat_id=``,
    ``POST /_control/reset``."""

    async def stats(request: web.Request) -> web.Response:
        return _ok(api.stats())

    async def calls(request: web.Request) -> web.Response:
        method = request.query.get("method")
        chat_id = normalize_chat_id(request.query.get("chat_id"))
        return _ok([call.to_json() for call in api.calls(method, chat_id=chat_id)])

    async def reset(request: web.Request) -> web.Response:
        api.reset()
        return _ok(None)

    app.router.add_get("/_control/stats", stats)
    app.router.add_get("/_control/calls", calls)
    app.router.add_post("/_control/reset", reset)


class ControlClient:
    """Tiny blocking client for a fake running in another process.

    Args:
        url: Root URL (``http://127.0.0.1:PORT``) or the base URL ending in ``/bot``.
    """

    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        self.url = url.removesuffix("/").removesuffix("/bot")
        self.timeout = timeout

    def _request(self, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            f"{self.url}/_control/{path}",
            data=data,
            method="GET" if body is None else "POST",
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            payload = json.loads(exc.read() or b"{}")
            raise ValueError(payload.get("description", str(exc))) from None
        return payload["result"]

    def stats(self) -> dict[str, Any]:
        """``GET /_control/stats``: what :meth:`FakeBotAPI.stats` returns."""
        result: dict[str, Any] = self._request("stats")
        return result

    def calls(self, method: str | None = None, chat_id: int | None = None) -> list[dict[str, Any]]:
        """``GET /_control/calls``: the recorded calls as JSON, optionally filtered."""
        query = urllib.parse.urlencode(
            {key: value for key, value in (("method", method), ("chat_id", chat_id)) if value}
        )
        result: list[dict[str, Any]] = self._request(f"calls?{query}")
        return result

    def reset(self) -> None:
        """``POST /_control/reset``."""
        self._request("reset", {})
