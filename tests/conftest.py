"""Shared fixtures: the shipped corpus and index are built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.corpus import DEFAULT_SEEDS_DIR, Corpus, load_corpus
from bot.search import SearchIndex, build_index


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(DEFAULT_SEEDS_DIR)


@pytest.fixture(scope="session")
def index(corpus: Corpus) -> SearchIndex:
    return build_index(corpus, DEFAULT_SEEDS_DIR / "lexicon.toml")


@pytest.fixture()
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped seeds, for tests that break or extend them."""
    target = tmp_path / "seeds"
    shutil.copytree(DEFAULT_SEEDS_DIR, target)
    for path in target.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return target


# --- the bot over real HTTP against the fake Bot API ---------------------------------
import contextlib  # noqa: E402
from collections.abc import AsyncIterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.telegram_app import TelegramBot, build_application  # noqa: E402
from tests.support.fake_bot_api import DEFAULT_TOKEN, FakeBotAPI  # noqa: E402

TOKEN = DEFAULT_TOKEN


@pytest.fixture()
def api() -> AsyncIterator[FakeBotAPI]:
    with FakeBotAPI(token=TOKEN, bot_username="cskh_test_bot") as server:
        yield server


@dataclass
class RunningBot:
    app: object
    tg: TelegramBot
    settings: Settings


@pytest.fixture()
async def bot(api: FakeBotAPI, tmp_path: Path, corpus: Corpus,
              index: SearchIndex) -> AsyncIterator[RunningBot]:
    """The real Application, polling the fake server, with a real SQLite file."""
    settings = Settings(token=TOKEN, api_base_url=api.base_url,
                        db_path=tmp_path / "data" / "bot.sqlite3")
    app = build_application(settings, corpus, index)
    tg: TelegramBot = app.bot_data["telegram_bot"]
    await app.initialize()
    await tg.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    await app.start()
    try:
        yield RunningBot(app, tg, settings)
    finally:
        with contextlib.suppress(Exception):
            await app.updater.stop()
        await app.stop()
        await tg.post_shutdown(app)
        await app.shutdown()


@pytest.fixture(scope="session")
def replies_fixture(corpus: Corpus, index: SearchIndex):  # type: ignore[no-untyped-def]
    from bot.replies import Replies

    return Replies(corpus, index, bot_username="cskh_test_bot")
