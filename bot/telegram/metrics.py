"""Prometheus metrics: what an operator watches on a dashboard.

One registry per bot instance (not the library's global one), so several bots in one
process (the tests) do not collide.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.updates = Counter("cskh_updates_total", "Telegram updates handled, by kind",
                               ["kind"], registry=r)
        self.dropped = Counter("cskh_updates_dropped_total",
                               "Updates stored but not handled: replaced by a later lookup "
                               "(coalesced) or past their chat's bound (flood)", ["reason"],
                               registry=r)
        self.replies = Counter("cskh_replies_total", "Messages sent in reply to users",
                               registry=r)
        self.daily_tips = Counter("cskh_daily_tips_total",
                                  "Daily tips by outcome (sent, failed, retried, skipped)",
                                  ["result"], registry=r)
        self.retry_after = Counter("cskh_retry_after_waits_total",
                                   "Times Telegram asked us to wait (429 RetryAfter)", registry=r)
        self.subscriptions = Gauge("cskh_subscriptions", "Subscriptions by state", ["state"],
                                   registry=r)
        self.due_backlog = Gauge("cskh_due_backlog",
                                 "Subscriptions due now and not yet delivered", registry=r)
        self.send_latency = Histogram(
            "cskh_send_latency_seconds", "Time to send one daily tip (Bot API round trip)",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10), registry=r)

    def render(self) -> bytes:
        return generate_latest(self.registry)
