"""The quiz chart is drawn in a worker process of its own, never in the bot's.

In a worker thread the drawing (~0.2 s of matplotlib) still took the interpreter's lock
from the event loop now and then: the loop woke up to 145 ms late (p99,
bench/charts.py). A process has its own interpreter, so the bot's loop only waits for
the pipe. One worker, started at the first chart (``python -m bot.chartworker``; it
imports matplotlib once, ~0.5 s) and kept for the next ones:

- in: the chart's sums and labels and the language, as JSON (``encode``); out: the PNG's
  bytes. Nothing is pickled, and the worker rebuilds every value with its type checked.
- one image at a time (matplotlib is not thread-safe, and one core is enough for it);
- bounded: a worker that does not answer within ``Limits.draw_seconds`` (or start
  within ``start_seconds``) is killed, that chart is left out (``ChartFailed``: the
  caller sends the text alone) and the next chart starts a new worker. The worker
  runs with an address-space cap, no files written, no core dumps, and an environment
  without the bot's token;
- ``close()`` ends it when the bot stops (``bot.telegram.app.started``, on its way
  out); a chart still being drawn then (its handler past the stop's grace) is
  cancelled, and a cancelled chart kills its worker too.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.charts import ChartData, ChartFailed, Principle, Week

log = logging.getLogger(__name__)

READY = b"R"  # the worker's first byte: imports done, waiting for charts
MAX_REQUEST = 256 * 1024  # 8 weeks of sums and 5 labels take ~2 kB
MAX_PNG = 8 * 1024 * 1024  # the chart is ~200 kB
_HEADER = 8  # a reply: the PNG's length, the CPU microseconds it took (big-endian)

_RUNNING: set[asyncio.subprocess.Process] = set()


@dataclass(frozen=True, slots=True)
class Limits:
    start_seconds: float = 20.0  # a first start may build matplotlib's font cache
    draw_seconds: float = 10.0  # one image: ~0.2 s on a quiet core
    memory_bytes: int = 1024 * 1024 * 1024  # address space, matplotlib and numpy included


@dataclass(frozen=True, slots=True)
class Drawn:
    png: bytes
    cpu_seconds: float  # what the worker's CPU spent on it (for bench/charts.py)


def running() -> int:
    """Chart workers alive in this process (for tests: none left after a stop)."""
    return len(_RUNNING)


# --- the request as plain data ----------------------------------------------------------
def encode(data: ChartData, lang: str) -> bytes:
    return json.dumps({
        "lang": lang, "min_answers": data.min_answers,
        "weeks": [[w.monday.isoformat(), w.people, w.answers, w.correct] for w in data.weeks],
        "hardest": [[p.label, p.correct, p.answered] for p in data.hardest],
    }, ensure_ascii=False).encode()


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("not a count")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def decode(request: bytes) -> tuple[ChartData, str]:
    """A request back into a ``ChartData`` and a language; ``ValueError`` for anything
    that is not one (each field's type checked, so the drawing meets what it expects)."""
    try:
        found = json.loads(request)
        lang = _str(found["lang"])
        if lang not in ("vi", "en"):
            raise ValueError("unknown language")
        weeks = tuple(Week(dt.date.fromisoformat(_str(m)), _int(p), _int(a), _int(c))
                      for m, p, a, c in found["weeks"])
        hardest = tuple(Principle(_str(label), _int(c), _int(a))
                        for label, c, a in found["hardest"])
        if any(p.answered == 0 for p in hardest) or not weeks:
            raise ValueError("nothing to draw")
        return ChartData(weeks, hardest, _int(found["min_answers"])), lang
    except (TypeError, KeyError, AttributeError) as exc:
        raise ValueError("not a chart") from exc


# --- the bot's side ---------------------------------------------------------------------
def _environment() -> dict[str, str]:
    """What the worker needs: the code and matplotlib's cache folder; no secret."""
    root = str(Path(__file__).resolve().parent.parent)
    env = {"PYTHONPATH": root, "PYTHONDONTWRITEBYTECODE": "1", "LC_ALL": "C.UTF-8",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    for name in ("PATH", "HOME", "MPLCONFIGDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


class ChartWorker:
    """One worker process, started at the first chart, one chart at a time."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.started = 0  # workers started: for tests
        self._proc: asyncio.subprocess.Process | None = None
        self._stale = False  # the worker was left mid-chart: the next chart starts another
        self._turn = asyncio.Lock()

    async def draw(self, data: ChartData, lang: str) -> Drawn:
        """The chart's PNG, drawn by the worker; ``ChartFailed`` when it is not."""
        request = encode(data, lang)
        if len(request) > MAX_REQUEST:  # the worker would refuse it; labels are short
            raise ChartFailed("too much to draw")
        async with self._turn:
            proc = await self._worker()
            started = time.monotonic()
            try:
                return await asyncio.wait_for(self._exchange(proc, request),
                                              self.limits.draw_seconds)
            except TimeoutError:
                log.warning("chart worker killed after %.1f s (wall limit)",
                            time.monotonic() - started)
                await self._end()
                raise ChartFailed("timeout") from None
            except ChartFailed:
                await self._end()
                raise
            except BaseException:  # cancelled mid-exchange: the pipe is out of step
                self._stale = True
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                raise

    async def _worker(self) -> asyncio.subprocess.Process:
        if self._proc is not None and self._proc.returncode is None and not self._stale:
            return self._proc
        await self._end()
        try:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.chartworker", str(self.limits.memory_bytes),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL, env=_environment(), start_new_session=True)
        except OSError as exc:  # no process to be had now (memory, process limit)
            log.warning("chart worker could not start: %s", exc.strerror or exc.errno)
            raise ChartFailed("start") from None
        self._proc, self._stale = proc, True  # not ready: a cancelled start is not reused
        self.started += 1
        _RUNNING.add(proc)
        assert proc.stdout is not None
        try:
            ready = await asyncio.wait_for(proc.stdout.read(1), self.limits.start_seconds)
        except TimeoutError:
            ready = b""
        if ready != READY:
            log.warning("chart worker did not start (exit %s)", proc.returncode)
            await self._end()
            raise ChartFailed("start")
        self._stale = False
        return proc

    @staticmethod
    async def _exchange(proc: asyncio.subprocess.Process, request: bytes) -> Drawn:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(len(request).to_bytes(4, "big") + request)
            await proc.stdin.drain()
            header = await proc.stdout.readexactly(_HEADER)
            size = int.from_bytes(header[:4], "big")
            if not 0 < size <= MAX_PNG:  # 0: the worker refused the request
                raise ChartFailed("refused" if size == 0 else "too big")
            png = await proc.stdout.readexactly(size)
        except (asyncio.IncompleteReadError, BrokenPipeError, ConnectionResetError):
            log.warning("chart worker ended while drawing (exit %s)", proc.returncode)
            raise ChartFailed("died") from None
        if not png.startswith(b"\x89PNG\r\n\x1a\n"):
            raise ChartFailed("not a PNG")
        return Drawn(png, int.from_bytes(header[4:], "big") / 1e6)

    async def _end(self) -> None:
        proc, self._proc, self._stale = self._proc, None, False
        if proc is None:
            return
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
        await proc.wait()
        _RUNNING.discard(proc)

    async def close(self) -> None:
        """End the worker (if one runs) and wait for it; a later chart starts another."""
        await self._end()


# --- the worker -------------------------------------------------------------------------
def _limit_self(memory_bytes: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _read(stream: Any, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def main(argv: list[str]) -> int:
    """The worker: limits, imports, ``READY``; then a chart per request until stdin ends."""
    _limit_self(int(argv[0]))
    from bot import chartdraw
    from bot.strings import for_language

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    stdout.write(READY)
    stdout.flush()
    while True:
        head = _read(stdin, 4)
        if len(head) < 4:
            return 0  # the bot closed the pipe
        size = int.from_bytes(head, "big")
        if size > MAX_REQUEST:
            return 2
        t0 = time.process_time()
        try:
            data, lang = decode(_read(stdin, size))
            png = chartdraw.draw(data, for_language(lang))
        except ValueError:
            png = b""
        cpu = int((time.process_time() - t0) * 1e6)
        stdout.write(len(png).to_bytes(4, "big") + min(cpu, 2**32 - 1).to_bytes(4, "big") + png)
        stdout.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
