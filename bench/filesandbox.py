"""Hostile files: how fast each is refused, what a worker costs, what the bot's process holds.

- Per crafted file (``tests.support.xlsx.HOSTILE``): the median time to the refusal,
  in-process (``read_playbook``) and through the worker (``read_in_worker``, start
  included). The baseline is the reader this replaced (openpyxl ``read_only`` iterating
  the rows, as ``bot.teamtips.playbook`` did), in a child process cut off after ``--cutoff`` s,
  with its peak memory.
- The worker's start overhead: the median of (worker − in-process) for a good file.
- The peak memory (VmHWM) of the bot's process while four hostile files are read at
  once through ``Readers`` (two at a time), and the largest worker's peak.
Run: python bench/filesandbox.py [--runs 5] [--cutoff 15]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.teamtips import sandbox  # noqa: E402
from bot.teamtips.playbook import PlaybookRefused, read_playbook  # noqa: E402
from bot.teamtips.sandbox import Limits, Readers, read_in_worker  # noqa: E402
from tests.support import xlsx  # noqa: E402

_OLD_READER = """
import io, sys, time
from openpyxl import load_workbook
data = open(sys.argv[1], "rb").read()
started = time.monotonic()
try:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        for row in sheet.iter_rows():
            for cell in row:
                cell.value
    outcome = "read"
except Exception as exc:
    outcome = type(exc).__name__
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0].split()[1]
print(outcome, time.monotonic() - started, int(hwm) // 1024)
"""


def _hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _in_process(data: bytes) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        read_playbook("f.xlsx", data)
        outcome = "preview"
    except PlaybookRefused as refused:
        outcome = refused.reason
    return time.perf_counter() - started, outcome


async def _worker(data: bytes) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        await read_in_worker("f.xlsx", data, Limits())
        outcome = "preview"
    except PlaybookRefused as refused:
        outcome = refused.reason
    return time.perf_counter() - started, outcome


def _old(data: bytes, cutoff: float) -> str:
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as file:
        file.write(data)
        file.flush()
        started = time.monotonic()
        try:
            result = subprocess.run([sys.executable, "-c", _OLD_READER, file.name],
                                    capture_output=True, text=True, timeout=cutoff)
        except subprocess.TimeoutExpired:
            return f"still reading after {cutoff:.0f} s (killed)"
        took = time.monotonic() - started
        if result.returncode != 0:
            return f"died ({result.returncode}) after {took:.1f} s"
        outcome, seconds, peak = result.stdout.split()
        return f"{outcome} in {float(seconds):.1f} s, {peak} MB"


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cutoff", type=float, default=15.0)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--memory-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_of:
        await _memory_of(args.memory_of)
        return 0

    print("| crafted file | size | reason | in-process (median) | worker (median) "
          "| before: openpyxl read_only |")
    print("|---|---|---|---|---|---|")
    for name, (make, _) in xlsx.HOSTILE.items():
        data = make()
        local = [_in_process(data) for _ in range(args.runs)]
        remote = [await _worker(data) for _ in range(args.runs)]
        old = "" if args.no_baseline else _old(data, args.cutoff)
        print(f"| {name} | {len(data) / 1024:.0f} kB | {local[0][1]} "
              f"| {statistics.median(t for t, _ in local) * 1000:.1f} ms "
              f"| {statistics.median(t for t, _ in remote) * 1000:.0f} ms | {old} |")

    good = xlsx.craft()
    overhead = []
    for _ in range(max(args.runs, 5) * 2):
        local_t, _ = _in_process(good)
        remote_t, _ = await _worker(good)
        overhead.append(remote_t - local_t)
    print(f"\nworker start overhead (good file, median of {len(overhead)}): "
          f"{statistics.median(overhead) * 1000:.0f} ms")

    with tempfile.TemporaryDirectory() as folder:
        for n, make in enumerate((xlsx.many_strings_undeclared, xlsx.many_styles,
                                  xlsx.slow_but_bounded, xlsx.row_far_away)):
            (Path(folder) / f"{n}.xlsx").write_bytes(make())
        # A fresh process: building the files here took memory the bot never would.
        result = subprocess.run([sys.executable, __file__, "--memory-of", folder],
                                capture_output=True, text=True, check=True)
        print(result.stdout.strip())
        print(_real_bot(Path(folder)))
    return 0


def _rss_of(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _real_bot(folder: Path) -> str:
    """``python -m bot run`` against the fake Bot API: its RSS, sampled every 10 ms,
    while four chats send the hostile files at once."""
    from tests.conftest import TOKEN
    from tests.support.fake_bot_api import FakeBotAPI
    from tests.support.processes import ready, run_bot
    from tests.support.processes import stop_bot as stop

    files = sorted(folder.glob("*.xlsx"))
    chats = range(71_001, 71_001 + len(files))
    with tempfile.TemporaryDirectory() as tmp, FakeBotAPI(token=TOKEN) as api:
        proc = run_bot(api, Path(tmp))
        try:
            ready(api)
            api.send_text(70_999, "/tip Disney")  # a warm process, as in service
            api.wait_until_sync(lambda: api.messages(70_999), timeout=30)
            time.sleep(1.0)
            before = _rss_of(proc.pid)
            peak = before
            started = time.monotonic()
            for chat, path in zip(chats, files, strict=True):
                api.send_document(chat, path.read_bytes(), "bi-kip.xlsx")
            while not all(api.messages(c) for c in chats) and time.monotonic() - started < 60:
                peak = max(peak, _rss_of(proc.pid))
                time.sleep(0.01)
            took = time.monotonic() - started
        finally:
            stop(proc)
    return (f"real bot process: RSS {before:.0f} MB before, peak {peak:.0f} MB while 4 chats "
            f"sent hostile files at once; all answered in {took:.1f} s")


async def _memory_of(folder: Path) -> None:
    files = [path.read_bytes() for path in sorted(folder.glob("*.xlsx"))]
    before = _rss_mb()
    readers = Readers(Limits(), queue_wait=30.0)
    peaks: dict[int, float] = {}
    watching = asyncio.create_task(_watch_workers(peaks))
    started = time.perf_counter()
    outcomes = await asyncio.gather(*(_through(readers, chat, data)
                                      for chat, data in enumerate(files)))
    took = time.perf_counter() - started
    watching.cancel()
    print(f"{len(files)} hostile files at once ({', '.join(outcomes)}) in {took:.1f} s: "
          f"the bot's process RSS {before:.0f} MB before, peak {_hwm_mb():.0f} MB; "
          f"largest worker peak {max(peaks.values(), default=0):.0f} MB "
          f"({len(peaks)} workers seen)")


async def _watch_workers(peaks: dict[int, float]) -> None:
    """Every worker's VmHWM (its own peak RSS), sampled while it runs."""
    while True:
        for proc in list(sandbox._RUNNING):
            try:
                status = Path(f"/proc/{proc.pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks[proc.pid] = max(peaks.get(proc.pid, 0), int(line.split()[1]) / 1024)
        await asyncio.sleep(0.01)


async def _through(readers: Readers, chat: int, data: bytes) -> str:
    try:
        await readers.read(chat, "f.xlsx", data)
        return "preview"
    except PlaybookRefused as refused:
        return refused.reason


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
