"""Filters the handler modules share."""

from __future__ import annotations

from telegram.ext import filters

# Commands arrive as messages, or as channel posts in channels; edits are ignored.
COMMAND_UPDATES = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
