"""The quiz chart's worker process (bot/chartworker.py): it draws the image the bot would
draw itself, within a time limit, takes nothing but plain sums and labels, and ends
with the bot."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot import chartdraw, charts, chartworker
from bot.chartworker import ChartWorker, Limits
from bot.strings import EN, VI
from tests.test_charts import png_size, sample


@pytest.mark.process
async def test_the_worker_draws_the_image_the_bot_would_draw_in_its_own_language() -> None:
    worker = ChartWorker()
    try:
        data = sample()
        vi = await worker.draw(data, "vi")
        en = await worker.draw(data, "en")
        assert vi.png == chartdraw.draw(data, VI) and en.png == chartdraw.draw(data, EN)
        assert vi.png != en.png and png_size(vi.png)[0] == 1080
        assert 0 < vi.cpu_seconds < 5
        assert worker.started == 1  # one worker, kept for the next chart
    finally:
        await worker.close()
    assert chartworker.running() == 0


@pytest.mark.process
async def test_a_worker_too_slow_is_killed_the_chart_left_out_and_the_next_one_drawn() -> None:
    worker = ChartWorker(Limits(draw_seconds=0.001))  # the start has a limit of its own
    with pytest.raises(charts.ChartFailed):
        await worker.draw(sample(), "vi")
    assert chartworker.running() == 0  # killed, not left drawing
    worker.limits = Limits()
    drawn = await worker.draw(sample(), "en")
    assert drawn.png == chartdraw.draw(sample(), EN) and worker.started == 2
    await worker.close()
    assert chartworker.running() == 0


@pytest.mark.process
async def test_a_chart_cancelled_midway_leaves_no_worker_out_of_step() -> None:
    worker = ChartWorker()
    await worker.draw(sample(), "vi")  # started
    task = asyncio.create_task(worker.draw(sample(), "en"))
    await asyncio.sleep(0.02)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    drawn = await worker.draw(sample(principles=2), "vi")  # a new worker, not half a reply
    assert drawn.png == chartdraw.draw(sample(principles=2), VI) and worker.started == 2
    await worker.close()
    assert chartworker.running() == 0


def test_the_request_is_plain_data_and_comes_back_as_the_same_chart() -> None:
    data = sample(weeks_with_answers=3, principles=2)
    request = chartworker.encode(data, "en")
    assert json.loads(request)["lang"] == "en"
    assert chartworker.decode(request) == (data, "en")


@pytest.mark.parametrize("change", [
    {"lang": "fr"},
    {"min_answers": -1},
    {"weeks": [["2026-11-23", True, 1, 1]]},
    {"weeks": [["23/11/2026", 1, 1, 1]]},
    {"weeks": []},
    {"hardest": [["<b>x</b>", 1, 0]]},
    {"hardest": [[{"__class__": "os.system"}, 1, 2]]},
    {"weeks": "x"},
])
def test_a_request_that_is_not_a_chart_is_refused(change: dict[str, object]) -> None:
    request = json.loads(chartworker.encode(sample(), "vi"))
    request.update(change)
    with pytest.raises(ValueError):
        chartworker.decode(json.dumps(request).encode())


@pytest.mark.process
async def test_a_start_cancelled_before_the_worker_is_ready_is_not_reused() -> None:
    worker = ChartWorker()
    task = asyncio.create_task(worker.draw(sample(), "vi"))
    await asyncio.sleep(0.05)  # the worker is importing matplotlib
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    drawn = await worker.draw(sample(), "en")
    assert drawn.png == chartdraw.draw(sample(), EN) and worker.started == 2
    await worker.close()
    assert chartworker.running() == 0


async def test_a_chart_too_large_to_send_is_left_out_without_a_worker() -> None:
    worker = ChartWorker()
    data = sample()
    huge = charts.ChartData(data.weeks, (charts.Principle("x" * 300_000, 1, 2),), 5)
    with pytest.raises(charts.ChartFailed):
        await worker.draw(huge, "vi")
    assert worker.started == 0


def test_the_worker_gets_no_secret_of_the_bots(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:secret")
    monkeypatch.setenv("BOT_DB_URL", "postgresql://u:p@db/x")
    env = chartworker._environment()
    assert not any("secret" in v or "u:p@" in v for v in env.values())
    assert set(env) <= {"PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "LC_ALL", "OPENBLAS_NUM_THREADS",
                        "OMP_NUM_THREADS", "PATH", "HOME", "MPLCONFIGDIR", "XDG_CACHE_HOME",
                        "XDG_CONFIG_HOME"}
