"""Settings: defaults, .env parsing, one-line errors naming the setting and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings, read_env_file

TOKEN = "123456789:AAFakeTokenForTests_cskh"


def test_defaults(tmp_path: Path) -> None:
    s = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=None)
    assert s.api_base_url == "https://api.telegram.org/bot"
    assert s.timezone == "Asia/Ho_Chi_Minh" and s.db_path == Path("data/bot.sqlite3")
    assert not s.webhook and s.max_messages_per_second == 25


def test_env_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f'# comment\nexport TELEGRAM_BOT_TOKEN="{TOKEN}"\nLOG_LEVEL=debug\n'
                        "BOT_TIMEZONE=Asia/Bangkok # local\n")
    s = load_settings({"LOG_LEVEL": "WARNING"}, env_file=env_file)
    assert s.token == TOKEN and s.log_level == "WARNING" and s.timezone == "Asia/Bangkok"


@pytest.mark.parametrize(
    ("env", "setting"),
    [
        ({}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_BOT_TOKEN": "abc"}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_API_BASE_URL": "ftp://x"}, "TELEGRAM_API_BASE_URL"),
        ({"BOT_TIMEZONE": "Mars/Base"}, "BOT_TIMEZONE"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"WEBHOOK_URL": "http://example.com/hook"}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "https://example.com/hook"}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_PORT": "http"}, "WEBHOOK_PORT"),
        ({"BOT_MAX_MESSAGES_PER_SECOND": "-1"}, "BOT_MAX_MESSAGES_PER_SECOND"),
    ],
)
def test_bad_settings_name_the_setting_in_one_line(env: dict[str, str], setting: str) -> None:
    full = {"TELEGRAM_BOT_TOKEN": TOKEN, **env}
    if not env:
        full = {}
    with pytest.raises(ConfigError) as info:
        load_settings(full, env_file=None)
    message = str(info.value)
    assert message.startswith(setting) and "\n" not in message
    assert TOKEN not in message


def test_broken_env_line_names_file_and_line(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("GOOD=1\nthis is not a setting\n")
    with pytest.raises(ConfigError, match=r"\.env:2"):
        read_env_file(env_file)


def test_database_path_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="BOT_DB_PATH"):
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_DB_PATH": str(tmp_path)}, env_file=None)


def test_database_url_forms_and_password_never_in_errors() -> None:
    base = {"TELEGRAM_BOT_TOKEN": TOKEN}
    s = load_settings({**base, "BOT_DB_URL": "sqlite:///var/lib/cskh/bot.sqlite3"}, env_file=None)
    assert s.database == "var/lib/cskh/bot.sqlite3" and not s.db_url
    s = load_settings({**base, "BOT_DB_URL": "postgresql://bot:s3cr3t-pw@db:5432/cskh"},
                      env_file=None)
    assert s.database.startswith("postgresql://") and "s3cr3t-pw" in s.secrets
    assert "s3cr3t-pw" not in s.redact("connect to postgresql://bot:s3cr3t-pw@db:5432/cskh")
    with pytest.raises(ConfigError) as info:
        load_settings({**base, "BOT_DB_URL": "mysql://bot:s3cr3t-pw@db/cskh"}, env_file=None)
    assert str(info.value).startswith("BOT_DB_URL") and "s3cr3t-pw" not in str(info.value)
