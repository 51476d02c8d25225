"""Scheduled jobs: what the bot does by itself, on python-telegram-bot's JobQueue.

The database is the schedule: each tick asks it who is due, so a restart rebuilds
nothing and misses nothing (late tips go out within the grace window). A new periodic
job goes here, registered in ``register``.
"""

from __future__ import annotations

from bot.models import utcnow
from bot.telegram.context import BotApplication, BotContext, services_of

DAILY_TIPS = "daily-tips"
EXPIRE_MISSES = "expire-misses"


def register(app: BotApplication) -> None:
    """Start the jobs; ``BOT_TICK_SECONDS=0`` (tests, benchmarks) leaves ticking to the caller."""
    settings = services_of(app).settings
    if app.job_queue is None or settings.tick_seconds <= 0:
        return
    app.job_queue.run_repeating(daily_tips, interval=settings.tick_seconds, first=1.0,
                                name=DAILY_TIPS,
                                job_kwargs={"max_instances": 1, "coalesce": True})
    app.job_queue.run_repeating(expire_misses, interval=6 * 3600, first=60.0,
                                name=EXPIRE_MISSES,
                                job_kwargs={"max_instances": 1, "coalesce": True})


async def expire_misses(context: BotContext) -> None:
    """Unanswered questions older than 90 days go, whether or not new ones come."""
    await context.storage.misses.expire(utcnow())


async def daily_tips(context: BotContext) -> None:
    """Send what is due (daily tips, weekly digests, daily quizzes); update the gauges."""
    services = context.services
    metrics = services.metrics
    report = await services.broadcaster.tick()
    flood_waits = report.flood_waits
    flood_waits += (await services.quizcaster.tick()).flood_waits  # the daily quiz
    tips = report["tip"]
    for result, count in (("sent", tips.sent), ("failed", tips.failed),
                          ("retried", tips.retried), ("skipped", tips.skipped)):
        if count:
            metrics.daily_tips.labels(result).inc(count)
    if flood_waits:
        metrics.retry_after.inc(flood_waits)
    figures = await services.storage.health()
    metrics.subscriptions.labels("active").set(figures["active"])
    metrics.subscriptions.labels("stopped").set(figures["stopped"])
    metrics.due_backlog.set(figures["due"])
