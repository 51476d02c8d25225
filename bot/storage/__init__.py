"""Storage: one interface (``base.Storage``), two back-ends (SQLite, PostgreSQL)."""

from bot.storage.base import (
    MAX_TEAM_TIPS,
    MIGRATIONS,
    ChatRecord,
    Claim,
    Storage,
    StorageError,
    Subscription,
    TeamTipRecord,
    iso,
    parse_iso,
    utcnow,
)

__all__ = [
    "MAX_TEAM_TIPS",
    "MIGRATIONS",
    "ChatRecord",
    "Claim",
    "Storage",
    "StorageError",
    "Subscription",
    "TeamTipRecord",
    "iso",
    "parse_iso",
    "utcnow",
]
