"""The code's lists of tables match the schema the migrations build, on both back-ends.

``CHAT_TABLES`` drives chat migration, copying and counting; a chat table missing from
it would silently stay behind when a group becomes a supergroup (as team tips and votes
once did). These tests read the real schema, so a new migration that adds a table keyed
by chat fails here until the table is listed.
"""

from __future__ import annotations

import pytest

from bot.storage import CHAT_TABLES, TABLES, Storage

REGISTRY = "chats"  # the table of chats itself: marked on migration, never moved


async def test_every_table_with_a_chat_id_is_a_chat_table(store: Storage) -> None:
    schema = await store.tables()
    listed = {t.name for t in CHAT_TABLES}
    keyed_by_chat = {name for name, columns in schema.items() if "chat_id" in columns}
    assert REGISTRY in keyed_by_chat  # the check below would be vacuous without chat ids
    missing = keyed_by_chat - listed - {REGISTRY}
    assert not missing, f"add {sorted(missing)} to CHAT_TABLES in bot/storage/migrations.py"


async def test_chat_tables_name_real_columns(store: Storage) -> None:
    schema = await store.tables()
    for table in CHAT_TABLES:
        assert table.name in schema, table.name
        columns = set(schema[table.name])
        assert {table.chat_column, *table.key, *table.same, *table.refers} <= columns, \
            table.name
        assert table.chat_column not in table.same, table.name


async def test_every_table_is_copied_and_counted(store: Storage) -> None:
    assert set(await store.tables()) == set(TABLES)
    for table in TABLES:
        assert await store.count(table) == 0


async def test_count_refuses_names_outside_the_schema(store: Storage) -> None:
    with pytest.raises(ValueError):
        await store.count("chats; DROP TABLE chats")
