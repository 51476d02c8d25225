"""cskh-bot: customer-care tips for Vietnamese teams, on Telegram and in the terminal."""

__version__ = "0.1.0"

import os as _os

# Opt in to python-telegram-bot's coming type for durations (``RetryAfter.retry_after``
# as a timedelta) before telegram is imported anywhere; the adapter reads both types.
_os.environ.setdefault("PTB_TIMEDELTA", "true")
