"""Shared fixtures: the shipped corpus and index are built once per test session."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# The search index cache goes to a folder of this test session, not the user's.
os.environ.setdefault("BOT_CACHE_DIR", tempfile.mkdtemp(prefix="cskh-test-cache-"))

from bot import chartworker
from bot.corpus import DEFAULT_SEEDS_DIR, Corpus, load_corpus
from bot.search import SearchIndex, build_index
from tests.support import processes

processes.watch()

pytest_plugins = ["tests.support.browser"]  # the ``browser`` fixture (Chromium)


@pytest.fixture(autouse=True)
def _process_mark(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that starts a process carries ``@pytest.mark.process``, so that
    ``pytest -m "not process"`` (``make quick``) stays quick and starts none."""
    processes.STARTED.clear()
    yield
    started = list(processes.STARTED)
    if started and request.node.get_closest_marker("process") is None:
        pytest.fail(f"started {len(started)} process(es) without @pytest.mark.process, "
                    f"first: {started[0][:200]}", pytrace=False)


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
import dataclasses  # noqa: E402
import datetime as dt  # noqa: E402
from collections.abc import AsyncIterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.telegram.app import Serving, started  # noqa: E402
from bot.telegram.context import Services, services_of  # noqa: E402
from tests.support.fake_bot_api import DEFAULT_TOKEN, FakeBotAPI  # noqa: E402

TOKEN = DEFAULT_TOKEN


async def reply_to(api: FakeBotAPI, chat_id: int, text: str, **kw: object) -> str:
    """Send ``text`` as a user and return the text of the bot's next message there."""
    before = len(api.messages(chat_id))
    api.send_text(chat_id, text, **kw)  # type: ignore[arg-type]
    await api.wait_until(lambda: len(api.messages(chat_id)) > before, timeout=10)
    return api.messages(chat_id)[-1].text


@pytest.fixture()
def api() -> AsyncIterator[FakeBotAPI]:
    with FakeBotAPI(token=TOKEN, bot_username="cskh_test_bot") as server:
        yield server


class FakeClock:
    """The bot's notion of now, moved by tests instead of waiting for 08:00."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, moment: dt.datetime) -> None:
        self.now = moment

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class RunningBot:
    app: object
    services: Services
    settings: Settings
    clock: FakeClock
    serving: Serving | None = None  # None: a second process that only broadcasts

    async def settle(self, api: FakeBotAPI) -> None:
        """Wait until the bot has taken in every update sent and handled (or dropped) it."""
        await api.wait_until(lambda: not api.pending_updates())
        assert self.serving is not None and self.serving.inbox is not None
        await self.serving.inbox.drain()

    async def tick(self):  # type: ignore[no-untyped-def]
        return await self.services.broadcaster.tick()


@pytest.fixture()
def clock() -> FakeClock:
    # Monday 23 November 2026, 07:00 in Ho Chi Minh City
    return FakeClock(dt.datetime(2026, 11, 23, 0, 0, tzinfo=dt.UTC))


@pytest.fixture()
async def bot(api: FakeBotAPI, tmp_path: Path, corpus: Corpus, index: SearchIndex,
              clock: FakeClock, request: pytest.FixtureRequest) -> AsyncIterator[RunningBot]:
    """The real Application, polling the fake server, with a real SQLite file.

    The scheduler's own tick is off (``tick_seconds=0``): tests call ``tick()`` after
    moving the injected clock.
    """
    # The send budget paces messages in real time (1 a second per chat); the limiter
    # has its own tests, so here it is off and the tests run at full speed.
    settings = Settings(token=TOKEN, api_base_url=api.base_url,
                        db_path=tmp_path / "data" / "bot.sqlite3", tick_seconds=0,
                        max_messages_per_second=0)
    marker = request.node.get_closest_marker("settings")  # @pytest.mark.settings(...)
    if marker is not None:
        settings = dataclasses.replace(settings, **marker.kwargs)
    # The service's own way up (the database, Telegram, the services, the Application)
    # and its own start and stop: the inbox and its poller.
    async with started(settings, corpus, index, clock=clock) as app:
        serving = Serving(app)
        await serving.start()
        try:
            yield RunningBot(app, services_of(app), settings, clock, serving)
        finally:
            await serving.stop()
    assert chartworker.running() == 0, "the chart's worker outlived the bot"


@pytest.fixture(scope="session")
def replies_fixture(corpus: Corpus, index: SearchIndex):  # type: ignore[no-untyped-def]
    from bot.replies import Replies

    return Replies(corpus, index, bot_username="cskh_test_bot")
