"""Settings: defaults, .env parsing, one-line errors naming the setting and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, find_env_file, load_settings, read_env_file

TOKEN = "123456789:AAFakeTokenForTests_cskh"


def test_defaults(tmp_path: Path) -> None:
    s = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=None, cwd=tmp_path)
    assert s.api_base_url == "https://api.telegram.org/bot"
    assert s.timezone == "Asia/Ho_Chi_Minh" and s.db_path == tmp_path / "data" / "bot.sqlite3"
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
    assert message.startswith(setting)
    assert all(line.split("=")[0].split(" ")[0] in SETTINGS for line in message.splitlines())
    assert TOKEN not in message


SETTINGS = {"TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "BOT_TIMEZONE", "LOG_LEVEL",
            "WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_PORT", "BOT_MAX_MESSAGES_PER_SECOND",
            "BOT_GRACE_HOURS", "BOT_DB_URL", "BOT_DB_PATH", "BOT_REPLICAS"}


def test_every_bad_setting_is_reported_at_once_one_line_each() -> None:
    env = {"TELEGRAM_BOT_TOKEN": "abc", "BOT_TIMEZONE": "Mars/Base", "LOG_LEVEL": "LOUD",
           "BOT_GRACE_HOURS": "lots", "BOT_REPLICAS": "0", "BOT_DB_URL": "mysql://x/y"}
    with pytest.raises(ConfigError) as info:
        load_settings(env, env_file=None)
    lines = str(info.value).splitlines()
    assert info.value.problems == lines
    named = [line.split("=")[0].split(" ")[0] for line in lines]
    assert sorted(named) == sorted(env)
    for line in lines:  # each says what to do
        assert any(word in line for word in ("use", "set it", "copy it", "must start"))


@pytest.mark.parametrize(("value", "zone"), [("+07:00", "UTC+07:00"), ("UTC+7", "UTC+07:00"),
                                            ("giờ Việt Nam", "Asia/Ho_Chi_Minh"),
                                            ("Bangkok", "Asia/Bangkok"),
                                            ("asia/ho_chi_minh", "Asia/Ho_Chi_Minh")])
def test_timezone_setting_takes_what_subscribe_takes(value: str, zone: str) -> None:
    s = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_TIMEZONE": value}, env_file=None)
    assert s.timezone == zone


def test_no_token_points_at_make_chat() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({}, env_file=None)
    assert "`make chat`" in str(info.value) and "python -m bot chat" not in str(info.value)


def test_env_file_is_found_here_then_in_the_project_folder(tmp_path: Path) -> None:
    here, project = tmp_path / "elsewhere", tmp_path / "project"
    here.mkdir()
    project.mkdir()
    assert find_env_file(here, {}, project_root=project) is None
    (project / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\n")
    assert find_env_file(here, {}, project_root=project) == project / ".env"
    (here / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\n")
    assert find_env_file(here, {}, project_root=project) == here / ".env"
    chosen = tmp_path / "other.env"
    assert find_env_file(here, {"BOT_ENV_FILE": str(chosen)}, project_root=project) == chosen
    with pytest.raises(ConfigError, match=r"BOT_ENV_FILE='.*other\.env': no such file"):
        load_settings({"BOT_ENV_FILE": str(chosen), "TELEGRAM_BOT_TOKEN": TOKEN}, cwd=here)


def test_relative_database_path_is_relative_to_the_env_file(tmp_path: Path) -> None:
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    project.mkdir()
    elsewhere.mkdir()
    (project / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nBOT_DB_PATH=data/team.db\n")
    s = load_settings({}, env_file=project / ".env", cwd=elsewhere)
    assert s.db_path == project / "data" / "team.db" and s.env_file == project / ".env"
    s = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=None, cwd=elsewhere)
    assert s.db_path == elsewhere / "data" / "bot.sqlite3"
    s = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_DB_PATH": "/srv/cskh/bot.db"},
                      env_file=project / ".env", cwd=elsewhere)
    assert s.db_path == Path("/srv/cskh/bot.db")


def test_broken_env_line_names_file_and_line(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("GOOD=1\nthis is not a setting\nLOG_LEVEL=LOUD\nnor this\n")
    with pytest.raises(ConfigError, match=r"\.env:2") as info:
        read_env_file(env_file)
    assert len(info.value.problems) == 2 and ".env:4" in info.value.problems[1]
    with pytest.raises(ConfigError) as info:  # with the settings' own problems
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=env_file)
    assert len(info.value.problems) == 3 and "LOG_LEVEL" in info.value.problems[2]


def test_database_path_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="BOT_DB_PATH"):
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_DB_PATH": str(tmp_path)}, env_file=None)


def test_database_url_forms_and_password_never_in_errors() -> None:
    base = {"TELEGRAM_BOT_TOKEN": TOKEN}
    s = load_settings({**base, "BOT_DB_URL": "sqlite:///var/lib/cskh/bot.sqlite3"}, env_file=None,
                      cwd=Path("/srv"))
    assert s.database == "/srv/var/lib/cskh/bot.sqlite3" and not s.db_url
    s = load_settings({**base, "BOT_DB_URL": "postgresql://bot:s3cr3t-pw@db:5432/cskh"},
                      env_file=None)
    assert s.database.startswith("postgresql://") and "s3cr3t-pw" in s.secrets
    assert "s3cr3t-pw" not in s.redact("connect to postgresql://bot:s3cr3t-pw@db:5432/cskh")
    with pytest.raises(ConfigError) as info:
        load_settings({**base, "BOT_DB_URL": "mysql://bot:s3cr3t-pw@db/cskh"}, env_file=None)
    assert str(info.value).startswith("BOT_DB_URL") and "s3cr3t-pw" not in str(info.value)
