"""BOT_PUBLIC_URL: https, a host, at most a plain path; a bad one is one line naming the
setting and the fix. BOT_DASHBOARD_MAX_AGE_SECONDS: how old initData may be."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings

TOKEN = "123456:" + "A" * 35


def settings(**env: str):  # type: ignore[no-untyped-def]
    return load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, **env}, None)


def test_off_by_default() -> None:
    assert settings().public_url == ""
    assert settings().dashboard_max_age == 86_400


@pytest.mark.parametrize(("raw", "kept"), [
    ("https://bot.example.com", "https://bot.example.com"),
    ("https://bot.example.com/", "https://bot.example.com"),
    ("https://example.com:8443/cskh/", "https://example.com:8443/cskh"),
])
def test_a_public_https_address_is_kept(raw: str, kept: str) -> None:
    assert settings(BOT_PUBLIC_URL=raw).public_url == kept


@pytest.mark.parametrize("raw", [
    "http://bot.example.com", "bot.example.com", "https://", "https://user:pw@bot.example.com",
    "https://bot.example.com/?x=1", "https://bot.example.com/#app", "https://b.example/../etc",
    "https://b.example/%2e%2e/", "https://b.example/a b", "https://b.example\\@evil.example",
    "https://b.example:99999", "javascript:alert(1)",
])
def test_anything_else_is_one_line_naming_the_setting(raw: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings(BOT_PUBLIC_URL=raw)
    assert len(caught.value.problems) == 1
    problem = caught.value.problems[0]
    assert problem.startswith("BOT_PUBLIC_URL=") and "https://" in problem


def test_the_age_of_init_data_is_configurable_within_bounds() -> None:
    assert settings(BOT_DASHBOARD_MAX_AGE_SECONDS="3600").dashboard_max_age == 3600
    with pytest.raises(ConfigError, match="BOT_DASHBOARD_MAX_AGE_SECONDS"):
        settings(BOT_DASHBOARD_MAX_AGE_SECONDS="10")
