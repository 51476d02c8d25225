"""The quiz chart (issue 22) into Telegram: after /stats and after the weekly digest.

Kept apart from the broadcasts' sender: the digest's delivery loop only calls the hook
``digest_chart`` returns (``Broadcaster.digest_chart``), once the digest went out and only
for a week with quizzes; what the image shows and when it is redrawn is
``bot.services.charts``' business.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from telegram.error import BadRequest
from telegram.ext import ExtBot

from bot.services.charts import Charts
from bot.strings import for_language
from bot.telegram.context import BotContext, RateLimitArgs
from bot.telegram.sender import delivery_errors

log = logging.getLogger(__name__)

CHART_NAME = "quiz-chart.png"  # the name Telegram keeps with the photo

DigestChart = Callable[[int, dt.date, str], Awaitable[None]]


async def send_after_stats(context: BotContext, chat_id: int, png: bytes) -> None:
    """The chart after /stats' text. A group that lets the bot write but not send
    photos answers 400: the text is out already, so the chart is left out quietly
    (logged) rather than answered with an error message about a picture."""
    context.services.metrics.replies.inc()
    try:
        await context.bot.send_photo(chat_id, png, filename=CHART_NAME)
    except BadRequest as exc:
        log.info("quiz chart for chat %s not sent: %s", chat_id, exc)


def digest_chart(bot: ExtBot[RateLimitArgs], charts: Charts) -> DigestChart:
    """The digest's hook: the chart of the 8 weeks up to the digest's last day, labelled
    in the subscription's language. Telegram's errors arrive in the broadcasts' terms
    (``delivery_errors``). The broadcaster has taken the send budget already."""

    async def send(chat_id: int, last: dt.date, language: str) -> None:
        png = await charts.image(chat_id, last, for_language(language))
        if png is None:
            return
        with delivery_errors():
            await bot.send_photo(chat_id, png, filename=CHART_NAME,
                                 rate_limit_args={"acquired": True})

    return send
