"""A user's file is read in a worker process that can be killed, never in the bot's own.

A reader that runs for ever or takes a gigabyte must not stall the bot: in a thread it
could not be stopped, a stop waited for it, and the update was read again at every
start. Here every file is read by ``python -m bot.teamtips.sandbox`` (the bytes on stdin, a
JSON result on stdout, nothing pickled), with hard limits:

- in the worker: address space (``RLIMIT_AS``), CPU seconds (``RLIMIT_CPU``), no files
  written, no core dumps; an environment without the bot's token;
- from the bot: a wall-clock limit, and a cap on what it reads back. At any limit the
  worker is killed and the file is refused as too complex to read (``too_complex``).

``Readers`` lets at most ``AT_ONCE`` files be read at once in a process and one per
chat. A file takes its reader (``Readers.reader``) before it is downloaded, so files
waiting for a reader hold no bytes; one that finds none free within ``QUEUE_WAIT``
seconds is refused as busy. ``kill_all()`` kills every running worker at once, for a
stop: what was being read, or waited for a reader, is refused with ``stopped`` and
nothing waits for the workers.

Telegram-free: the handler wraps the wait in ``bot.inbox.slots.lend()`` so that it does not hold
an update slot meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import sys
import time
import weakref
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.strings import EN, VI
from bot.teamtips.playbook import MAX_BYTES, Playbook, PlaybookRefused, PlaybookTip, RowError

log = logging.getLogger(__name__)

AT_ONCE = 2  # files read at once in one process
QUEUE_WAIT = 5.0  # seconds a file waits for a free reader before it is refused as busy
MAX_OUTPUT = 4 * 1024 * 1024  # JSON from a worker: 1000 rows of tips and problems fit


@dataclass(frozen=True, slots=True)
class Limits:
    """What one worker may spend. ``wall_seconds`` also bounds the worker's start."""

    wall_seconds: float = 10.0
    memory_bytes: int = 512 * 1024 * 1024  # address space, the interpreter included
    output_bytes: int = MAX_OUTPUT

    @property
    def cpu_seconds(self) -> int:
        return max(1, math.ceil(self.wall_seconds))


# Every running worker, whatever the event loop, so that a stop can kill them all.
_RUNNING: set[asyncio.subprocess.Process] = set()
_KILLED: set[asyncio.subprocess.Process] = set()
# Loops that are stopping: a worker started there after kill_all (one that was being
# spawned at that moment, or a file that was waiting for a reader) is killed as well,
# and a file waiting for a reader there is told at once (each loop's event).
_STOPPED: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Event] = \
    weakref.WeakKeyDictionary()


def kill_all() -> int:
    """Kill every running worker now, without waiting; how many there were.

    Called from the bot's event loop at a stop, it also refuses (``stopped``) every file
    read on that loop from now on.
    """
    with contextlib.suppress(RuntimeError):
        _stop_signal(asyncio.get_running_loop()).set()
    killed = 0
    for proc in list(_RUNNING):
        _KILLED.add(proc)
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
            killed += 1
    return killed


def _stop_signal(loop: asyncio.AbstractEventLoop) -> asyncio.Event:
    signal = _STOPPED.get(loop)
    if signal is None:
        signal = _STOPPED[loop] = asyncio.Event()
    return signal


def _stopping() -> bool:
    try:
        signal = _STOPPED.get(asyncio.get_running_loop())
    except RuntimeError:
        return False
    return signal is not None and signal.is_set()


def running() -> int:
    return len(_RUNNING)


class Readers:
    """At most ``at_once`` files read at once, one per chat; the rest wait or are refused."""

    def __init__(self, limits: Limits | None = None, at_once: int = AT_ONCE,
                 queue_wait: float = QUEUE_WAIT) -> None:
        self.limits = limits or Limits()
        self.queue_wait = queue_wait
        self._free = asyncio.Semaphore(at_once)
        self._chats: set[int] = set()

    @contextlib.asynccontextmanager
    async def reader(self, chat_id: int) -> AsyncIterator[Reader]:
        """A free reader for a file of ``chat_id``, held until the block ends: take it
        before downloading the file. ``PlaybookRefused``: ``busy_chat`` (the chat's file
        before is still being read), ``busy`` (none free within ``queue_wait``) or
        ``stopped`` (the bot is stopping, also while waiting)."""
        if chat_id in self._chats:
            raise PlaybookRefused("busy_chat")
        self._chats.add(chat_id)
        try:
            await self._take()
            try:
                yield Reader(self.limits)
            finally:
                self._free.release()
        finally:
            self._chats.discard(chat_id)

    async def read(self, chat_id: int, file_name: str, data: bytes) -> Playbook:
        """The playbook in ``data`` (already at hand); ``PlaybookRefused`` otherwise."""
        async with self.reader(chat_id) as reader:
            return await reader.read(file_name, data)

    async def _take(self) -> None:
        """Wait for a free reader, at most ``queue_wait``, and not past a stop."""
        if _stopping():
            raise PlaybookRefused("stopped")
        stop = asyncio.ensure_future(_stop_signal(asyncio.get_running_loop()).wait())
        take = asyncio.ensure_future(self._free.acquire())
        try:
            await asyncio.wait((take, stop), timeout=self.queue_wait,
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
            if not take.done():
                take.cancel()
        if take.done() and not take.cancelled():
            if not _stopping():
                return
            self._free.release()
        raise PlaybookRefused("stopped" if _stopping() else "busy")


@dataclass(frozen=True, slots=True)
class Reader:
    """A reader taken from ``Readers``: reads one file in a worker, within its limits."""

    limits: Limits

    async def read(self, file_name: str, data: bytes) -> Playbook:
        return await read_in_worker(file_name, data, self.limits)


def _environment() -> dict[str, str]:
    """What the worker needs to start: no token, no other secret of the bot's."""
    root = str(Path(__file__).resolve().parent.parent)
    env = {"PYTHONPATH": root, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
           "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    if "PATH" in os.environ:
        env["PATH"] = os.environ["PATH"]
    return env


async def read_in_worker(file_name: str, data: bytes, limits: Limits) -> Playbook:
    """Read ``data`` in a new worker process within ``limits``."""
    if len(data) > MAX_BYTES:  # never send the worker more than it would read
        raise PlaybookRefused("too_big", size=f"{len(data) / (1024 * 1024):.1f} MB")
    if _stopping():
        raise PlaybookRefused("stopped")
    started = time.monotonic()
    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.teamtips.sandbox", str(limits.cpu_seconds),
            str(limits.memory_bytes),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL, env=_environment(), start_new_session=True)
    except OSError as exc:  # no process to be had now (memory, process limit)
        log.warning("file reader could not start: %s", exc.strerror or exc.errno)
        raise PlaybookRefused("busy") from None
    _RUNNING.add(proc)
    if _stopping():  # kill_all came while the worker was being started
        _KILLED.add(proc)
        proc.kill()
    try:
        header = json.dumps({"name": file_name}).encode() + b"\n"
        try:
            output = await asyncio.wait_for(
                _exchange(proc, header + data, limits.output_bytes), limits.wall_seconds)
        except TimeoutError:
            output = None
            log.warning("file reader killed after %.1f s (wall limit)",
                        time.monotonic() - started)
        if proc in _KILLED:  # the bot is stopping: the user is asked to send it again
            raise PlaybookRefused("stopped")
        if output is None or len(output) > limits.output_bytes:
            raise PlaybookRefused("too_complex")
        if proc.returncode != 0:
            log.warning("file reader ended with %s (a limit: memory or CPU)", proc.returncode)
            raise PlaybookRefused("too_complex")
        return decode(output)
    finally:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
        _RUNNING.discard(proc)
        _KILLED.discard(proc)


async def _exchange(proc: asyncio.subprocess.Process, payload: bytes, cap: int) -> bytes:
    """Send ``payload``, read at most ``cap + 1`` bytes back, wait for the worker's end."""
    assert proc.stdin is not None and proc.stdout is not None
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        proc.stdin.write(payload)
        await proc.stdin.drain()
        proc.stdin.close()
    chunks, size = [], 0
    while size <= cap:
        chunk = await proc.stdout.read(64 * 1024)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > cap:
        proc.kill()
    await proc.wait()
    return b"".join(chunks)


# --- the result as plain data -----------------------------------------------------------
def encode(result: Playbook | PlaybookRefused, failed: str = "") -> bytes:
    if isinstance(result, PlaybookRefused):
        return json.dumps({"refused": [result.reason, result.values],
                           "failed": failed}).encode()
    return json.dumps({"tips": [[t.principle, t.passage, t.source, t.short,
                                 list(t.situations), t.row] for t in result.tips],
                       "errors": [[e.row, e.field, e.reason, e.limit, e.other, e.kind]
                                  for e in result.errors]}).encode()


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("not a number")
    return value


def decode(output: bytes) -> Playbook:
    """The worker's JSON as a ``Playbook``, or the ``PlaybookRefused`` it reports.

    Checked field by field: whatever the worker printed, the bot gets plain values of
    the types it expects, or refuses the file.
    """
    try:
        found = json.loads(output)
        if "refused" in found:
            if found.get("failed"):  # the reader met a case it does not know: fix it
                log.warning("file reader failed: %s", _str(found["failed"])[:100])
            reason, values = found["refused"]
            if not (isinstance(values, dict) and all(isinstance(v, str | int)
                                                     for v in values.values())):
                raise ValueError("bad values")
            refused = PlaybookRefused(_str(reason), **values)
            for strings in (VI, EN):  # a reason the bot can word, with all it names
                refused.message(strings)
        else:
            tips = tuple(PlaybookTip(_str(p), _str(q), _str(src), _str(short),
                                     tuple(_str(s) for s in situations), row=_int(row))
                         for p, q, src, short, situations, row in found["tips"])
            errors = tuple(RowError(_int(row), _str(fld), _str(reason), _int(limit),
                                    _int(other), _str(kind))
                           for row, fld, reason, limit, other, kind in found["errors"])
            return Playbook(tips, errors)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        log.warning("file reader sent back something that is not a result")
        raise PlaybookRefused("too_complex") from None
    raise refused


# --- the worker -------------------------------------------------------------------------
def _limit_self(cpu_seconds: int, memory_bytes: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str]) -> int:
    """The worker: limits first, then the file from stdin, the result on stdout."""
    _limit_self(int(argv[0]), int(argv[1]))
    from bot.teamtips.playbook import read_playbook

    failed = ""
    raw = sys.stdin.buffer.read(MAX_BYTES + 4096)
    header, _, data = raw.partition(b"\n")
    name = str(json.loads(header).get("name") or "")
    try:
        result: Playbook | PlaybookRefused = read_playbook(name, data)
    except PlaybookRefused as refused:
        result = refused
    except MemoryError:
        return 3  # the bot refuses it as too complex
    except Exception as exc:  # a case the reader does not know yet: a reason, not a trace
        failed = type(exc).__name__  # for the bot's log, never for the user
        result = PlaybookRefused("damaged")
    sys.stdout.buffer.write(encode(result, failed))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
