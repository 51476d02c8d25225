"""What Telegram does for a Mini App, done in a test: ``initData`` signed with the bot's token
(as Telegram signs it), and the page's headers for one team."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

from bot.dashboard.auth import init_data_hash


def init_data(token: str, user_id: int, *, first_name: str = "Lan", language: str = "vi",
              auth_date: float | None = None, extra: dict[str, str] | None = None) -> str:
    """``initData`` as Telegram hands it to a Mini App, signed with ``token``."""
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps({"id": user_id, "first_name": first_name,
                            "language_code": language}, ensure_ascii=False,
                           separators=(",", ":")),
        "auth_date": str(int(time.time() if auth_date is None else auth_date)),
        **(extra or {}),
    }
    fields["hash"] = init_data_hash(fields, token)
    return urlencode(fields)


def headers(token: str, user_id: int, team_token: str, **kw: object) -> dict[str, str]:
    """The page's headers on every API call: Telegram's ``initData`` and the team's token."""
    return {"X-Telegram-Init-Data": init_data(token, user_id, **kw),  # type: ignore[arg-type]
            "X-Team-Token": team_token}
