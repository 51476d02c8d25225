"""The command line, run as a real subprocess the way a user runs it."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=ROOT, capture_output=True, text=True,
        encoding="utf-8", timeout=60, env={**os.environ, **(env or {})},
    )


def test_search_json_lists_best_first_with_required_fields() -> None:
    result = run("search", "--json", "--limit", "3", "giu", "chan", "khach", "hang", "cu")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert 1 <= len(data) <= 3
    for item in data:
        assert {"id", "title", "text", "source", "score"} <= item.keys()
        assert item["title"] in item["text"] and item["source"] in item["text"]
    assert "Traceback" not in result.stderr


def test_search_off_topic_gives_empty_json_list_and_exit_zero() -> None:
    result = run("search", "--json", "công thức nấu phở")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_search_reads_a_message_as_the_bot_does() -> None:
    """A greeting is small talk on the command line too; ``--raw`` asks the index alone."""
    told = run("search", "chào", "bot")
    assert told.returncode == 0 and "small talk" in told.stdout and "[" not in told.stdout
    assert json.loads(run("search", "--json", "chào bot").stdout) == []
    raw = run("search", "--raw", "chào", "bot")  # the index alone: no small talk reading
    assert raw.returncode == 0 and "small talk" not in raw.stdout and "chào bot" in raw.stdout
    raw_tip = json.loads(run("search", "--json", "--raw", "giữ chân khách").stdout)
    assert raw_tip and raw_tip == json.loads(run("search", "--json", "giữ chân khách").stdout)
    pasted = run("search", "--json", "Đơn DH2403150087 giao 0912 345 678 https://bit.ly/x")
    assert json.loads(pasted.stdout) == []


def test_search_human_output_says_plainly_when_nothing_fits() -> None:
    result = run("search", "bitcoin", "price")
    assert result.returncode == 0
    assert "No tip matches “bitcoin price”" in result.stdout


def test_search_human_output_shows_tips() -> None:
    result = run("search", "Disney")
    assert result.returncode == 0
    assert "Disney" in result.stdout and "Nguồn" in result.stdout


@pytest.mark.parametrize("query", ["", "\x01\x02\x7f", "😀" * 50, "x" * 10_000, "клиент 顧客"])
def test_search_bad_input_gets_an_answer_not_a_traceback(query: str) -> None:
    result = run("search", query)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert result.stdout.strip()


def test_search_does_not_import_telegram() -> None:
    code = ("import sys, bot.cli; bot.cli.main(['search', '--json', 'dam me']); "
            "print('telegram' in sys.modules, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, encoding="utf-8", timeout=60)
    assert result.stderr.strip().endswith("False")


def test_tip_by_id_and_random() -> None:
    one = run("tip", "--id", "dh08", "--json")
    assert one.returncode == 0
    assert json.loads(one.stdout)["id"] == "dh08"
    random_tip = run("tip")
    assert random_tip.returncode == 0 and "Nguồn" in random_tip.stdout


def test_tip_unknown_id_is_a_clear_error() -> None:
    result = run("tip", "--id", "khong-co")
    assert result.returncode == 1
    assert "khong-co" in result.stderr and "Traceback" not in result.stderr


def test_bad_limit_is_a_usage_error() -> None:
    result = run("search", "--limit", "abc", "đam mê")
    assert result.returncode == 2
    assert "expected a whole number from 1 to 50" in result.stderr


def test_check_prints_summary() -> None:
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "5 articles" in result.stdout and "Tips per topic" in result.stdout


def test_check_says_when_the_tip_model_no_longer_fits_the_tips(seeds_copy: Path) -> None:
    assert "tip model" not in run("check").stdout  # the shipped model fits the seeds
    model = json.loads((seeds_copy / "tipmodel.json").read_text(encoding="utf-8"))
    model["tips"][0] = "renamed"
    (seeds_copy / "tipmodel.json").write_text(json.dumps(model), encoding="utf-8")
    result = run("check", env={"BOT_SEEDS_DIR": str(seeds_copy)})
    assert result.returncode == 0, result.stderr  # a warning: the search still works
    assert "tip model" in result.stdout and "bench/fit_tips.py" in result.stdout
    (seeds_copy / "tipmodel.json").unlink()
    assert "BM25 alone" in run("check", env={"BOT_SEEDS_DIR": str(seeds_copy)}).stdout


def test_check_fails_on_broken_seeds(seeds_copy: Path) -> None:
    (seeds_copy / "tips" / "broken.toml").write_text("[article", encoding="utf-8")
    result = run("check", env={"BOT_SEEDS_DIR": str(seeds_copy)})
    assert result.returncode == 1
    assert "broken.toml" in result.stderr


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).with_name("cskh-bot")
    if not exe.exists():
        pytest.skip("console script not installed in this environment")
    result = subprocess.run([str(exe), "search", "--json", "Disney"], capture_output=True,
                            text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 0 and json.loads(result.stdout)


def test_health_reports_the_database(tmp_path: Path) -> None:
    env = {"BOT_DB_PATH": str(tmp_path / "x" / "bot.sqlite3")}
    missing = run("health", env=env)
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    assert run("export", "--chat", "1", env=env).returncode == 2  # export creates nothing
    assert not (tmp_path / "x").exists()
    import asyncio

    from bot.storage import Storage

    async def create() -> None:
        await (await Storage.open(tmp_path / "x" / "bot.sqlite3")).close()

    asyncio.run(create())
    result = run("health", env=env)
    assert result.returncode == 0 and "schema version" in result.stdout


def test_chat_console_answers_without_token_or_network() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"], cwd=ROOT, capture_output=True, text=True,
        encoding="utf-8", timeout=60, input="xin chao\nDisney\n1\n2\n/search\n/quit\n",
        env={k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Chào bạn" in out and "Disney" in out and "Mẹo khác" in out
    assert "Nguồn của mẹo" in out or "Mã mẹo" in out or "💡" in out
    assert "Traceback" not in result.stderr


def test_import_export_round_trip(tmp_path: Path) -> None:
    env = {"BOT_DB_PATH": str(tmp_path / "bot.sqlite3")}
    source = tmp_path / "playbook.toml"
    source.write_text(
        '[article]\ntitle = "Sổ tay CSKH"\n\n'
        '[[tips]]\nid = "p1"\nprinciple = "Gọi lại trong 24 giờ"\n'
        'passage = """Khách để lại số thì trong 24 giờ phải có người gọi lại.\n'
        'Kể cả khi chưa có câu trả lời."""\n\n'
        '[[tips]]\nid = "p2"\nprinciple = "Xin lỗi trước, giải thích sau <b>&</b>"\n'
        'passage = "Lời xin lỗi chân thành đến trước mọi lời giải thích."\n'
        'source = "Kinh nghiệm đội \\"A\\""\n', encoding="utf-8")
    result = run("import", str(source), "--chat", "-100123", env=env)
    assert result.returncode == 0, result.stderr
    assert "Imported 2" in result.stdout
    again = run("import", str(source), "--chat", "-100123", env=env)
    assert "Imported 0" in again.stdout and "2 already there" in again.stdout
    exported = tmp_path / "out.toml"
    result = run("export", "--chat", "-100123", "--out", str(exported), env=env)
    assert result.returncode == 0, result.stderr
    result = run("import", str(exported), "--chat", "-100999", env=env)
    assert "Imported 2" in result.stdout
    first = run("export", "--chat", "-100123", env=env).stdout
    second = run("export", "--chat", "-100999", env=env).stdout
    body = [line for line in first.splitlines() if not line.startswith(("#", "id ="))]
    assert body == [line for line in second.splitlines() if not line.startswith(("#", "id ="))]
    assert 'Kinh nghiệm đội \\"A\\"' in first and "Sổ tay CSKH" in first


def test_import_names_file_tip_and_field_and_stores_nothing(tmp_path: Path) -> None:
    env = {"BOT_DB_PATH": str(tmp_path / "bot.sqlite3")}
    bad = tmp_path / "bad.toml"
    bad.write_text('[[tips]]\nid = "ok"\nprinciple = "Tốt"\npassage = "Nội dung"\n\n'
                   '[[tips]]\nid = "x1"\nprinciple = ""\npassage = "Nội dung"\n\n'
                   '[[tips]]\nid = "x2"\nprinciple = "Dài"\npassage = "' + "y" * 1200 + '"\n',
                   encoding="utf-8")
    result = run("import", str(bad), "--chat", "5", env=env)
    assert result.returncode == 1
    assert "bad.toml: tip 'x1': field 'principle'" in result.stderr
    assert "bad.toml: tip 'x2': field 'passage'" in result.stderr
    assert run("export", "--chat", "5", env=env).stdout.count("[[tips]]") == 0


def test_import_refuses_chat_zero_and_notes_unknown_chats(tmp_path: Path) -> None:
    env = {"BOT_DB_PATH": str(tmp_path / "bot.sqlite3")}
    source = tmp_path / "p.toml"
    source.write_text('[[tips]]\nid = "a"\nprinciple = "Gọi lại"\npassage = "Trong 24 giờ."\n',
                      encoding="utf-8")
    for bad in ("0", "abc", "-0", "99999999999999999999"):
        result = run("import", str(source), "--chat", bad, env=env)
        assert result.returncode == 2 and "chat id" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "bot.sqlite3").exists()
    result = run("import", str(source), "--chat", "-100777", env=env)
    assert result.returncode == 0 and "Imported 1 tip into chat -100777" in result.stdout
    assert "has not talked to the bot yet" in result.stderr


def test_export_to_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    env = {"BOT_DB_PATH": str(tmp_path / "bot.sqlite3")}
    source = tmp_path / "p.toml"
    source.write_text('[[tips]]\nid = "a"\nprinciple = "Gọi lại"\npassage = "Trong 24 giờ."\n',
                      encoding="utf-8")
    assert run("import", str(source), "--chat", "-5", env=env).returncode == 0
    result = run("export", "--chat", "-5", "--out", str(tmp_path / "no" / "such" / "x.toml"),
                 env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "the folder" in result.stderr and "does not exist" in result.stderr
    result = run("export", "--chat", "-5", "--out", str(tmp_path), env=env)
    assert result.returncode == 2 and "is a folder" in result.stderr
    result = run("export", "--chat", "-5", "--out", str(tmp_path / "ok.toml"), env=env)
    assert result.returncode == 0 and "Exported 1 tip of chat -5" in result.stderr


def test_migrate_from_a_missing_file_fails_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "bot.sqlite3"
    target = tmp_path / "target.sqlite3"
    for source in (str(missing), f"sqlite:///{missing}"):
        result = run("migrate", "--from", source, "--to", f"sqlite:///{target}")
        assert result.returncode == 2 and "no such database file" in result.stderr
        assert "Traceback" not in result.stderr
    assert not missing.exists() and not missing.parent.exists() and not target.exists()
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello")
    result = run("migrate", "--from", str(not_a_db), "--to", f"sqlite:///{target}")
    assert result.returncode == 1 and "not an SQLite database" in result.stderr
    assert "Traceback" not in result.stderr


VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


@pytest.mark.parametrize("command", ["", "search", "tip", "check", "chat", "run", "health",
                                     "migrate", "import", "export"])
def test_the_command_line_speaks_english(command: str) -> None:
    result = run(*([command] if command else []), "--help")
    assert result.returncode == 0
    assert not VIETNAMESE & set(result.stdout.lower()), result.stdout
    assert "problem(s)" not in result.stdout


def test_check_failure_counts_problems_in_english(seeds_copy: Path) -> None:
    (seeds_copy / "tips" / "broken.toml").write_text("[article", encoding="utf-8")
    result = run("check", env={"BOT_SEEDS_DIR": str(seeds_copy)})
    assert "(1 problem)" in result.stderr and "problem(s)" not in result.stderr


def test_misses_lists_what_no_tip_answered(tmp_path: Path) -> None:
    from bot.services import misses
    from bot.storage import open_storage

    env = {"BOT_DB_PATH": str(tmp_path / "bot.sqlite3")}

    async def fill() -> None:
        storage = await open_storage(tmp_path / "bot.sqlite3")
        try:
            for chat in (-100123, 77):
                await storage.chats.record(chat, "supergroup" if chat < 0 else "private")
            await misses.record(storage, -100123, "công thức nấu phở")
            await misses.record(storage, -100123, "cong thuc nau PHO")
            await misses.record(storage, 77, "bitcoin")
        finally:
            await storage.close()

    asyncio.run(fill())
    result = run("misses", "--json", env=env)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["chat_id"], r["count"]) for r in rows] == [(-100123, 2)]  # groups only
    assert "bitcoin" not in run("misses", env=env).stdout
    everyone = json.loads(run("misses", "--json", "--private", env=env).stdout)
    assert [(r["chat_id"], r["private"]) for r in everyone] == [(-100123, False), (77, True)]
    group = run("misses", "--chat", "-100123", env=env)
    assert "phở" in group.stdout or "PHO" in group.stdout
    assert "bitcoin" not in group.stdout
    one = run("misses", "--chat", "77", "--private", env=env)
    assert "bitcoin" in one.stdout and "phở" not in one.stdout and "PHO" not in one.stdout
    assert "No unanswered" in run("misses", "--chat", "-100555", env=env).stdout


@pytest.mark.parametrize("json_mode", [False, True])
def test_misses_of_a_private_chat_need_private_and_say_so(tmp_path: Path,
                                                         json_mode: bool) -> None:
    from bot.services import misses
    from bot.storage import open_storage

    env = {"BOT_DB_PATH": str(tmp_path / "bot.sqlite3")}

    async def fill() -> None:
        storage = await open_storage(tmp_path / "bot.sqlite3")
        try:
            await misses.record(storage, 77, "bitcoin")
        finally:
            await storage.close()

    asyncio.run(fill())
    mode = ["--json"] if json_mode else []
    refused = run("misses", "--chat", "77", *mode, env=env)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "private chat" in refused.stderr and "--private" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert "bitcoin" in run("misses", "--chat", "77", "--private", *mode, env=env).stdout


@pytest.mark.parametrize("json_mode", [False, True])
def test_misses_print_no_escape_sequences_from_what_users_typed(tmp_path: Path,
                                                                json_mode: bool) -> None:
    """A question is the user's text: kept as typed before this rule, or pasted with an
    escape sequence, it must not recolour the terminal or turn the line around."""
    import datetime as dt

    from bot.storage import open_storage

    env = {"BOT_DB_PATH": str(tmp_path / "bot.sqlite3")}
    nasty = "\x1b[31mđỏ\x1b[0m \u202egnol\u202c \u2066x\u2069 \x9bA \x07 hết"

    async def fill() -> None:
        storage = await open_storage(tmp_path / "bot.sqlite3")
        try:  # straight into storage: as a row kept by an older version would be
            await storage.misses.record(-100123, nasty, "do gnol x a het",
                                        dt.datetime.now(dt.UTC))
        finally:
            await storage.close()

    asyncio.run(fill())
    result = run("misses", *(["--json"] if json_mode else []), env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for bad in ("\x1b", "\u202e", "\u202c", "\u2066", "\u2069", "\x9b", "\x07"):
        assert bad not in out, repr(bad)
    assert "\\u001b" not in out.lower() and "\\u202e" not in out.lower()  # nor escaped
    text = json.loads(out)[0]["query"] if json_mode else out
    assert "đỏ" in text and "gnol" in text and "hết" in text
