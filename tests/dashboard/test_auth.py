"""initData as Telegram documents it, the team token, and the operator's one-time links."""

from __future__ import annotations

import time
from urllib.parse import parse_qsl, urlencode

import pytest

from bot.dashboard.auth import AuthError, Sessions, TeamTokens, derive_key, validate_init_data
from tests.support.webapp import init_data

TOKEN = "123456:" + "A" * 35


def test_a_genuine_init_data_names_its_user() -> None:
    user = validate_init_data(init_data(TOKEN, 42, language="en"), TOKEN)
    assert (user.id, user.language_code) == (42, "en")


def test_the_documented_example_checks_out() -> None:
    """Telegram's recipe by hand: the key is HMAC("WebAppData", token), the hash the hex HMAC
    of the sorted key=value lines but the hash."""
    import hashlib
    import hmac

    fields = {"auth_date": str(int(time.time())), "user": '{"id":7,"first_name":"A"}',
              "query_id": "x"}
    secret = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    assert validate_init_data(urlencode(fields), TOKEN).id == 7


@pytest.mark.parametrize("change", ["hash", "user", "token", "twice", "empty", "junk"])
def test_anything_but_a_genuine_init_data_is_refused(change: str) -> None:
    raw = init_data(TOKEN, 42)
    fields = dict(parse_qsl(raw))
    token = TOKEN
    if change == "hash":
        fields["hash"] = "0" * 64
        raw = urlencode(fields)
    elif change == "user":  # another person's id under the first one's hash
        fields["user"] = fields["user"].replace("42", "43")
        raw = urlencode(fields)
    elif change == "token":  # signed by another bot
        token = "654321:" + "B" * 35
    elif change == "twice":
        raw += "&auth_date=1"
    elif change == "empty":
        raw = ""
    else:
        raw = "%%%&&=="
    with pytest.raises(AuthError):
        validate_init_data(raw, token)


def test_a_stale_init_data_is_refused_and_the_age_is_configurable() -> None:
    old = init_data(TOKEN, 42, auth_date=time.time() - 2 * 86_400)
    with pytest.raises(AuthError, match="too old"):
        validate_init_data(old, TOKEN)
    assert validate_init_data(old, TOKEN, max_age=3 * 86_400).id == 42
    future = init_data(TOKEN, 42, auth_date=time.time() + 3600)
    with pytest.raises(AuthError):
        validate_init_data(future, TOKEN)


def test_a_team_token_names_its_team_and_no_other() -> None:
    teams = TeamTokens(derive_key(TOKEN, "team"))
    token = teams.sign(-100123)
    assert teams.chat_of(token) == -100123
    chat, expires, mac = token.split(".")
    for forged in (f"-100124.{expires}.{mac}", f"{chat}.{int(expires) + 9}.{mac}",
                   f"{chat}.{expires}.{mac[:-1]}x", "", "-100123", "a.b.c"):
        with pytest.raises(AuthError):
            teams.chat_of(forged)
    other_bot = TeamTokens(derive_key("654321:" + "B" * 35, "team"))
    with pytest.raises(AuthError):
        other_bot.chat_of(token)


def test_a_team_token_expires() -> None:
    now = [1_000_000.0]
    teams = TeamTokens(b"k" * 32, days=1, clock=lambda: now[0])
    token = teams.sign(-5)
    now[0] += 86_401
    with pytest.raises(AuthError, match="expired"):
        teams.chat_of(token)


def test_a_login_code_works_once_and_not_late() -> None:
    now = [0.0]
    sessions = Sessions(clock=lambda: now[0])
    code = sessions.login_code(-5)
    session, chat = sessions.redeem(code)
    assert chat == -5 and sessions.chat_of(session) == -5
    with pytest.raises(AuthError):
        sessions.redeem(code)
    late = sessions.login_code(-5)
    now[0] += 601
    with pytest.raises(AuthError):
        sessions.redeem(late)
    with pytest.raises(AuthError):
        sessions.chat_of("made-up")
