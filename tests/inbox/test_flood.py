"""One chat that floods the bot cannot stall the others (end to end, send budget on)."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.strings import EN, VI
from tests.conftest import RunningBot
from tests.support.fake_bot_api import FakeBotAPI

FLOODER = 9001
OTHERS = (9002, 9003, 9004, 9005, 9006)
QUERIES = ("khách đổ lỗi", "giữ chân khách hàng", "thái độ phục vụ", "khiếu nại",
           "lòng trung thành", "hậu mãi")


def notes(api: FakeBotAPI, chat_id: int) -> int:
    return sum(m.text in (VI.slow_down, EN.slow_down) for m in api.messages(chat_id))


@pytest.mark.settings(max_messages_per_second=25)  # the real budget: 1 a second to a chat
async def test_flood_of_300_lookups_leaves_other_chats_answered_at_once(
        api: FakeBotAPI, bot: RunningBot) -> None:
    latencies: list[float] = []

    async def flood() -> None:
        for n in range(299):
            api.send_text(FLOODER, QUERIES[n % len(QUERIES)])
            await asyncio.sleep(10 / 300)
        api.send_text(FLOODER, "Disney")  # the latest: this one must be answered

    async def another_chat_asks(chat_id: int) -> None:
        before = len(api.messages(chat_id))
        started = time.perf_counter()
        api.send_text(chat_id, "/tip")
        await api.wait_until(lambda: len(api.messages(chat_id)) > before, timeout=30)
        latencies.append(time.perf_counter() - started)

    flooding = asyncio.create_task(flood())
    for chat_id in OTHERS:  # spread over the flood
        await asyncio.sleep(1.7)
        await another_chat_asks(chat_id)
    await flooding
    flood_ended = time.perf_counter()
    await api.wait_until(lambda: "Disney" in api.messages(FLOODER)[-1].text, timeout=5)
    last_answer_after = time.perf_counter() - flood_ended

    assert max(latencies) < 1.0, latencies
    assert last_answer_after < 3.0
    assert notes(api, FLOODER) == 1  # told once, not on every message
    answered = len(api.messages(FLOODER))
    assert answered <= 20  # about one a second during the flood, not 300
    await asyncio.sleep(2.5)  # nothing is still queued for later
    assert len(api.messages(FLOODER)) == answered
    assert bot.services.limiter.enabled


@pytest.mark.settings(max_messages_per_second=25)
async def test_a_chat_sending_slowly_is_never_told_to_slow_down(api: FakeBotAPI,
                                                                bot: RunningBot) -> None:
    for n, query in enumerate(QUERIES[:3], start=1):
        api.send_text(FLOODER, query)
        await api.wait_until(lambda n=n: len(api.messages(FLOODER)) == n, timeout=5)
        await asyncio.sleep(1.0)
    assert notes(api, FLOODER) == 0 and len(api.messages(FLOODER)) == 3


@pytest.mark.settings(max_messages_per_second=25)
async def test_a_burst_of_commands_in_a_group_is_answered_in_order(api: FakeBotAPI,
                                                                   bot: RunningBot) -> None:
    group = -100555
    for command in ("/help", "/status", "/tip Disney"):
        api.send_text(group, command, chat_type="supergroup", user_id=4242)
    await api.wait_until(lambda: len(api.messages(group)) == 3, timeout=10)
    texts = [m.text for m in api.messages(group)]
    assert "/tip" in texts[0] and "Disney" in texts[2]
    assert notes(api, group) == 0


HELD = 9100  # its replies meet a 60 s flood wait


async def test_a_flood_of_every_kind_and_a_flood_wait_hold_only_their_own_chats(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """One chat floods 300 updates of mixed kinds while another chat's replies get a
    60 s flood wait: a hundred other chats are all answered within 3 s."""
    others = range(9200, 9300)
    api.send_text(FLOODER, "/help")
    await api.wait_until(lambda: api.messages(FLOODER), timeout=10)
    first = api.messages(FLOODER)[0].message_id
    api.fail("sendMessage", chat_id=HELD, kind="retry_after", retry_after=60, times=None)
    api.send_text(HELD, "/help")  # its lane waits a minute; nobody else does
    for n in range(300):  # commands, lookups, button presses, text
        kind = n % 4
        if kind == 0:
            api.send_text(FLOODER, "/help")
        elif kind == 1:
            api.send_text(FLOODER, f"/tip {QUERIES[n % len(QUERIES)]}")
        elif kind == 2:
            api.press_button(FLOODER, first, "rand")
        else:
            api.send_text(FLOODER, QUERIES[n % len(QUERIES)])
    started = time.perf_counter()
    for chat_id in others:
        api.send_text(chat_id, "/tip")
    await api.wait_until(lambda: all(api.messages(c) for c in others), timeout=30)
    took = time.perf_counter() - started
    assert took < 3.0, took
    await api.wait_until(lambda: not api.pending_updates(), timeout=10)
    await asyncio.sleep(1.0)
    assert notes(api, FLOODER) == 1  # told once that not everything is answered
    assert len(api.messages(FLOODER)) <= 60  # a bounded share, not 300 answers
    assert not api.messages(HELD)  # still waiting out its flood wait
    counts = await bot.services.storage.inbox.counts()
    assert counts["dropped"] >= 200  # recorded, not silently lost
    dropped = bot.services.metrics.dropped
    assert sum(dropped.labels(r)._value.get() for r in ("flood", "coalesced")) >= 200


async def test_a_burst_of_what_is_not_for_the_bot_is_never_called_a_flood(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """A group's own talk, edits and reactions (a backlog after a restart comes in one
    batch) may be dropped past the bound, but the bot, which would not have answered any
    of them, does not tell the group to slow down; a command past the bound still is."""
    group, talker = -100556, 9400
    chat = {"id": group, "type": "supergroup", "title": "G"}
    user = {"id": talker, "is_bot": False, "first_name": "A", "language_code": "vi"}
    for n in range(60):
        api.send_text(group, f"chuyện phiếm {n}", user_id=talker)
        api.raw_update({"edited_message": {"message_id": 1, "date": 1, "edit_date": 2 + n,
                                           "chat": chat, "from": user, "text": f"sửa {n}"}})
        api.raw_update({"message_reaction": {
            "chat": chat, "message_id": 1, "user": user, "date": 1, "old_reaction": [],
            "new_reaction": [{"type": "emoji", "emoji": "👍"}]}})
    await bot.settle(api)
    assert (await bot.services.storage.inbox.counts())["dropped"] > 0  # the bound held
    assert notes(api, group) == 0
    for _ in range(60):
        api.send_text(group, "/status", user_id=talker)
    await bot.settle(api)
    await asyncio.sleep(0.5)  # the note is sent beside the handling
    assert notes(api, group) == 1
