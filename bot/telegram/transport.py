"""The HTTP transport under python-telegram-bot: aiohttp instead of httpx.

Measured on the daily broadcast (bench/broadcast.py): with PTB's default httpx transport
the bot managed about 320 sends a second, most of the time spent in httpcore's
connection pool assigning requests to connections; aiohttp keeps a pool of keep-alive
connections at a fraction of the cost. Everything above the transport (the Bot API
methods, errors, rate limiting) stays python-telegram-bot's.
"""

from __future__ import annotations

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """A ``BaseRequest`` over one ``aiohttp.ClientSession`` with a bounded pool."""

    def __init__(self, pool_size: int = 64, *, connect_timeout: float = 10.0,
                 read_timeout: float = 10.0, write_timeout: float = 10.0,
                 pool_timeout: float = 30.0) -> None:
        self.pool_size = pool_size
        self._timeouts = {"connect": connect_timeout, "read": read_timeout,
                          "write": write_timeout, "pool": pool_timeout}
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeouts["read"]

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.pool_size, keepalive_timeout=30),
                skip_auto_headers=("User-Agent",))

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _pick(self, value: ODVInput[float], name: str) -> float | None:
        if isinstance(value, DefaultValue):
            return self._timeouts[name]
        return value

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None:
            await self.initialize()
        assert self._session is not None
        read = self._pick(read_timeout, "read")
        timeout = aiohttp.ClientTimeout(
            total=None, connect=self._pick(pool_timeout, "pool"),
            sock_connect=self._pick(connect_timeout, "connect"),
            sock_read=None if read is None else read + (self._pick(write_timeout, "write") or 0))
        body: aiohttp.FormData | dict[str, str] | None = None
        if request_data is not None:
            if request_data.contains_files:
                form = aiohttp.FormData()
                for name, value in request_data.json_parameters.items():
                    form.add_field(name, value)
                for name, part in request_data.multipart_data.items():
                    filename, content, *rest = part
                    form.add_field(name, content, filename=filename,
                                   content_type=rest[0] if rest else None)
                body = form
            else:
                body = request_data.json_parameters
        try:
            async with self._session.request(method, url, data=body, timeout=timeout) as resp:
                return resp.status, await resp.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            # The message may contain the URL, and the URL contains the token.
            raise NetworkError(f"aiohttp {exc.__class__.__name__}") from None
