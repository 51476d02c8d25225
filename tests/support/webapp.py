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


def page_url(base: str, token: str, user_id: int, team_token: str, *,
             theme: dict[str, str] | None = None, **kw: object) -> str:
    """The address Telegram opens for the Web App button: the page with the team's token,
    and Telegram's ``initData`` (and theme) in the fragment, as Telegram adds them.
    ``base``: where the bot serves ``/app/`` (``http://127.0.0.1:PORT``)."""
    fragment = {"tgWebAppData": init_data(token, user_id, **kw),  # type: ignore[arg-type]
                "tgWebAppVersion": "8.0", "tgWebAppPlatform": "android"}
    if theme is not None:
        fragment["tgWebAppThemeParams"] = json.dumps(theme)
    return f"{base.rstrip('/')}/app/?t={team_token}#{urlencode(fragment)}"


DARK = {"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499",
        "link_color": "#6ab3f3", "button_color": "#5288c1", "button_text_color": "#ffffff",
        "secondary_bg_color": "#232e3c"}
LIGHT = {"bg_color": "#ffffff", "text_color": "#000000", "hint_color": "#707579",
         "link_color": "#3390ec", "button_color": "#3390ec", "button_text_color": "#ffffff",
         "secondary_bg_color": "#f4f4f5"}
