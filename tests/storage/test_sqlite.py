"""Storage on a real SQLite file: creation, WAL, migrations, refusal of newer schemas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.storage import MIGRATIONS, Storage, StorageError


async def test_open_creates_folders_file_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "bot.sqlite3"
    storage = await Storage.open(path)
    try:
        assert path.exists()
        assert await storage.schema_version() == len(MIGRATIONS)
    finally:
        await storage.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_reopening_keeps_data_and_does_not_remigrate(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    storage = await Storage.open(path)
    await storage.chats.record(1, "private", "Lan", "vi")
    await storage.close()
    storage = await Storage.open(path)
    try:
        chat = await storage.chats.get(1)
        assert chat is not None and chat.title == "Lan" and chat.status == "active"
    finally:
        await storage.close()


async def test_record_chat_updates_without_losing_fields(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "bot.sqlite3")
    try:
        await storage.chats.record(-5, "group", "Đội CSKH", "vi")
        await storage.chats.record(-5, "supergroup", "", "")
        chat = await storage.chats.get(-5)
        assert chat is not None
        assert (chat.type, chat.title, chat.language) == ("supergroup", "Đội CSKH", "vi")
        await storage.chats.set_status(-5, "left")
        chat = await storage.chats.get(-5)
        assert chat is not None and chat.status == "left"
    finally:
        await storage.close()


async def test_newer_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    with pytest.raises(StorageError, match="newer than this code"):
        await Storage.open(path)


async def test_unwritable_location_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot be opened") as info:
        await Storage.open(blocker / "sub" / "bot.sqlite3")
    assert str(blocker / "sub" / "bot.sqlite3") in str(info.value)


def test_a_migration_script_splits_into_whole_statements() -> None:
    """A migration with a Python step runs statement by statement (``executescript``
    would commit halfway); a ``;`` in a comment or a string does not split one."""
    from bot.storage.sqlite import statements

    script = """
        ALTER TABLE t ADD COLUMN a TEXT NOT NULL DEFAULT ';';  -- a note; with a semicolon
        CREATE TABLE u (b TEXT); CREATE INDEX u_b ON u (b);
    """
    assert statements(script) == [
        "ALTER TABLE t ADD COLUMN a TEXT NOT NULL DEFAULT ';';",
        "-- a note; with a semicolon\n        CREATE TABLE u (b TEXT);",
        "CREATE INDEX u_b ON u (b);"]
