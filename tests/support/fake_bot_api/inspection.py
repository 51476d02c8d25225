"""What tests read back (calls, the bot's messages as they are now, commands, the
webhook, send statistics) and wait for, from any thread or event loop."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from tests.support.fake_bot_api.state import (
    BotMessage,
    RecordedCall,
    SentDocument,
    SentPhoto,
    State,
    StoredMessage,
    scope_key,
)


class Inspection(State):
    """Read-only views of the state, and waiting for it to change."""

    @property
    def sent(self) -> list[RecordedCall]:
        """Every recorded call, in arrival order (a copy)."""
        with self._lock:
            return list(self._calls)

    def calls(
        self,
        method: str | None = None,
        *,
        chat_id: int | str | None = None,
        ok: bool | None = None,
    ) -> list[RecordedCall]:
        """Recorded calls, optionally filtered by method (any case), chat and success."""
        with self._lock:
            pool = self._calls if method is None else self._calls_by_method.get(method.lower(), [])
            if chat_id is None and ok is None:
                return list(pool)
            return [
                call
                for call in pool
                if (chat_id is None or call.chat_id == chat_id) and (ok is None or call.ok == ok)
            ]

    def _count_calls(self, method: str | None, chat_id: int | str | None, ok: bool | None) -> int:
        if chat_id is None and ok is None:
            with self._lock:
                pool = self._calls if method is None else self._calls_by_method.get(method.lower())
                return len(pool or ())
        return len(self.calls(method, chat_id=chat_id, ok=ok))

    def messages(self, chat_id: int | str) -> list[BotMessage]:
        """The bot's messages in a chat, oldest first, as they are now."""
        with self._lock:
            chat = self._find_chat(chat_id)
            if chat is None:
                return []
            return [
                self._snapshot(message)
                for message in sorted(chat.messages.values(), key=lambda m: m.message_id)
                if message.from_bot
            ]

    def set_privacy_mode(self, on: bool = True, *, chat_id: int | None = None) -> None:
        """Telegram's privacy mode for groups (off unless set): for every group, or for
        one chat (which then keeps its own setting). With it on, a group message the real
        Telegram would not deliver to the bot (``privacy.reaches_bot``) is never queued;
        :meth:`withheld` lists it. A bot that is the group's administrator gets all."""
        with self._lock:
            if chat_id is None:
                self._privacy = on
            else:
                self._privacy_chats[chat_id] = on

    def withheld(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Updates privacy mode kept from the bot (in one chat, or all), oldest first."""
        with self._lock:
            return [copy.deepcopy(u) for u in self._withheld if chat_id is None or (
                (u.get("message") or u.get("edited_message") or {}).get("chat", {}).get("id")
                == chat_id)]

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a later ``getUpdates`` offset."""
        with self._lock:
            return copy.deepcopy(list(self._pending))

    def message(self, chat_id: int | str, message_id: int) -> BotMessage | None:
        """One message of the bot by id (``None`` if unknown or not the bot's)."""
        with self._lock:
            chat = self._find_chat(chat_id)
            found = chat.messages.get(message_id) if chat else None
            if found is None or not found.from_bot:
                return None
            return self._snapshot(found)

    def photos(self, chat_id: int | str) -> list[SentPhoto]:
        """The photos the bot sent to a chat (``sendPhoto``), oldest first."""
        found = []
        for message, photo in self._bot_files(chat_id, "photo"):
            stored = self._files[photo[-1]["file_id"]]
            found.append(SentPhoto(
                chat_id=message.chat_id, message_id=message.message_id,
                file_name=stored.file_name, data=stored.data, width=photo[-1]["width"],
                height=photo[-1]["height"], caption=message.extra.get("caption")))
        return found

    def documents(self, chat_id: int | str) -> list[SentDocument]:
        """The documents the bot sent to a chat (``sendDocument``), oldest first."""
        found = []
        for message, document in self._bot_files(chat_id, "document"):
            stored = self._files[document["file_id"]]
            found.append(SentDocument(
                chat_id=message.chat_id, message_id=message.message_id,
                file_name=stored.file_name, data=stored.data,
                caption=message.extra.get("caption"), mime_type=stored.mime_type))
        return found

    def _bot_files(self, chat_id: int | str, kind: str) -> list[tuple[StoredMessage, Any]]:
        """The bot's messages in a chat carrying a file of ``kind`` ("photo", "document"),
        oldest first, with that file's entry (taken under the lock, read after it)."""
        with self._lock:
            chat = self._find_chat(chat_id)
            if chat is None:
                return []
            return [(message, message.extra[kind])
                    for message in sorted(chat.messages.values(), key=lambda m: m.message_id)
                    if message.from_bot and message.extra.get(kind)]

    @staticmethod
    def _snapshot(message: StoredMessage) -> BotMessage:
        return BotMessage(
            chat_id=message.chat_id,
            message_id=message.message_id,
            text=message.text,
            raw_text=message.raw_text,
            parse_mode=message.parse_mode,
            entities=tuple(copy.deepcopy(message.entities)),
            reply_markup=copy.deepcopy(message.reply_markup),
            date=message.date,
            edit_date=message.edit_date,
            reply_to_message_id=message.reply_to_message_id,
        )

    def polls(self, chat_id: int | str) -> list[dict[str, Any]]:
        """The bot's polls in a chat, oldest first: the ``poll`` object as Telegram
        returned it (counts as they are now) plus ``message_id`` and ``chat_id``."""
        with self._lock:
            chat = self._find_chat(chat_id)
            if chat is None:
                return []
            return [
                {**copy.deepcopy(message.extra["poll"]), "message_id": message.message_id,
                 "chat_id": chat.id}
                for message in sorted(chat.messages.values(), key=lambda m: m.message_id)
                if message.from_bot and "poll" in message.extra
            ]

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """Commands stored by ``setMyCommands`` for a scope and language."""
        with self._lock:
            return copy.deepcopy(self._commands.get((scope_key(scope), language_code), []))

    def description(self, language_code: str = "", *, short: bool = False) -> str:
        """Text stored by ``setMyDescription`` (``setMyShortDescription`` if ``short``)."""
        kind = "short_description" if short else "description"
        with self._lock:
            return self._descriptions.get((kind, language_code), "")

    @property
    def webhook(self) -> dict[str, Any]:
        """Current webhook settings (empty when none is set)."""
        with self._lock:
            return dict(self._webhook)

    def stats(self) -> dict[str, Any]:
        """Benchmark statistics (JSON-ready).

        ``send_message.per_second`` is a dense list: index = whole seconds since the first
        successful ``sendMessage`` (since the last :meth:`reset`).
        """
        with self._lock:
            methods = Counter(call.method for call in self._calls)
            last = max(self._send_per_second, default=-1)
            per_second = [self._send_per_second.get(second, 0) for second in range(last + 1)]
            per_chat: dict[str, dict[str, Any]] = {}
            for chat_id, counter in self._send_per_chat_second.items():
                chat_last = max(counter, default=-1)
                per_chat[str(chat_id)] = {
                    "total": sum(counter.values()),
                    "max_per_second": max(counter.values(), default=0),
                    "per_second": [counter.get(second, 0) for second in range(chat_last + 1)],
                }
            duplicates = [
                {"chat_id": chat_id, "text": text, "count": count}
                for (chat_id, text), count in self._send_texts.items()
                if count > 1
            ]
            total = sum(per_second)
            return {
                "total_calls": len(self._calls),
                "failed_calls": sum(1 for call in self._calls if not call.ok),
                "methods": dict(methods),
                "send_message": {
                    "total": total,
                    "failed": self._send_failed,
                    "per_second": per_second,
                    "max_per_second": max(per_second, default=0),
                    "per_chat": per_chat,
                    "chats": len(per_chat),
                    "duplicates": duplicates,
                    "duplicate_count": sum(item["count"] - 1 for item in duplicates),
                },
            }

    # ------------------------------------------------------------------ waiting

    async def wait_until(
        self, predicate: Callable[[], Any], timeout: float = 5.0, *, message: str | None = None
    ) -> Any:
        """Await until ``predicate()`` is truthy and return its value.

        The predicate is re-evaluated on the caller's loop whenever the fake's state
        changes (and at least every 50 ms), without blocking that loop.

        Raises:
            TimeoutError: if the predicate is still falsy after ``timeout`` seconds.
        """
        loop = asyncio.get_running_loop()
        event = asyncio.Event()
        waiter = (loop, event)
        with self._lock:
            self._async_waiters.add(waiter)
        try:
            deadline = loop.time() + timeout
            while True:
                event.clear()
                value = predicate()
                if value:
                    return value
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError(message or f"condition not met within {timeout} s")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), min(remaining, 0.05))
        finally:
            with self._lock:
                self._async_waiters.discard(waiter)

    def wait_until_sync(
        self, predicate: Callable[[], Any], timeout: float = 5.0, *, message: str | None = None
    ) -> Any:
        """Blocking version of :meth:`wait_until` (for sync tests / other threads)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                version = self._version
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(message or f"condition not met within {timeout} s")
            with self._cond:
                if self._version == version:
                    self._cond.wait(min(remaining, 0.05))

    def _calls_predicate(
        self, method: str | None, count: int, chat_id: int | str | None, ok: bool | None
    ) -> Callable[[], Any]:
        def check() -> list[RecordedCall] | None:
            if self._count_calls(method, chat_id, ok) < count:
                return None
            return self.calls(method, chat_id=chat_id, ok=ok)

        return check

    def _calls_timeout_message(self, method: str | None, count: int, timeout: float) -> str:
        seen = self.calls(method)
        summary = ", ".join(
            f"{call.method}({call.chat_id}){'' if call.ok else ' FAILED'}" for call in seen[-10:]
        )
        return (
            f"expected {count} {method or 'any'} call(s) within {timeout} s, "
            f"got {len(seen)}: [{summary}]"
        )

    async def wait_for_calls(
        self,
        method: str | None,
        count: int = 1,
        timeout: float = 5.0,
        *,
        chat_id: int | str | None = None,
        ok: bool | None = None,
    ) -> list[RecordedCall]:
        """Await until at least ``count`` matching calls were recorded; return all matches.

        ``ok=True`` counts successful calls only, ``ok=False`` failed ones only.
        """
        try:
            return await self.wait_until(self._calls_predicate(method, count, chat_id, ok), timeout)
        except TimeoutError:
            raise TimeoutError(self._calls_timeout_message(method, count, timeout)) from None

    def wait_for_calls_sync(
        self,
        method: str | None,
        count: int = 1,
        timeout: float = 5.0,
        *,
        chat_id: int | str | None = None,
        ok: bool | None = None,
    ) -> list[RecordedCall]:
        """Blocking version of :meth:`wait_for_calls`."""
        try:
            return self.wait_until_sync(self._calls_predicate(method, count, chat_id, ok), timeout)
        except TimeoutError:
            raise TimeoutError(self._calls_timeout_message(method, count, timeout)) from None

