"""A tip that cannot be sent never blocks a chat's daily tip.

Lengths are measured as Telegram measures them (visible text after entity parsing, in
UTF-16 code units); a delivery Telegram refuses for good, or one that failed again and
again, is recorded once and the chat's rotation moves on to the next tip the next day.
End to end through the fake Bot API, with a real SQLite file.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from bot import render
from bot.delivery.engine import MAX_ATTEMPTS
from bot.storage import Storage
from bot.teamtips import drafts
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support.fake_bot_api import FakeBotAPI, parse_html, utf16_len

UTC = dt.UTC
MONDAY_8AM = dt.datetime(2026, 11, 23, 1, 0, 30, tzinfo=UTC)  # 08:00:30 in Ho Chi Minh City


def deliveries(bot: RunningBot, chat_id: int) -> list[tuple[str, str, str, int]]:
    with sqlite3.connect(bot.settings.db_path) as db:
        return db.execute("SELECT local_date, tip_id, status, attempts FROM deliveries "
                          "WHERE chat_id = ? ORDER BY local_date", (chat_id,)).fetchall()


def daily_sends(api: FakeBotAPI, chat_id: int) -> int:
    return sum(1 for call in api.calls("sendMessage", chat_id=chat_id)
               if "Nguyên tắc hôm nay" in str(call.params.get("text", "")))


async def ticks_through_the_day(bot: RunningBot, start: dt.datetime, leases: int = 6) -> None:
    """Tick as the scheduler would, past several claim leases (2 minutes each)."""
    for n in range(leases):
        bot.clock.set(start + dt.timedelta(minutes=2 * n + 0.5 * (n > 0)))
        await bot.tick()


@pytest.mark.parametrize("description", ["Bad Request: message is too long",
                                         "Bad Request: can't parse entities: unclosed tag"])
async def test_a_tip_telegram_refuses_is_recorded_once_and_the_next_day_brings_another(
        api: FakeBotAPI, bot: RunningBot, description: str) -> None:
    await say(api, 70, "/subscribe 8h")
    api.fail("sendMessage", chat_id=70, kind="error", status=400, description=description)
    await ticks_through_the_day(bot, MONDAY_8AM)
    assert daily_sends(api, 70) == 1  # tried once, never again that day
    [(day, refused_tip, status, _)] = deliveries(bot, 70)
    assert (day, status) == ("2026-11-23", "rejected")
    await ticks_through_the_day(bot, MONDAY_8AM + dt.timedelta(days=1))
    [_, (day, next_tip, status, _)] = deliveries(bot, 70)
    assert (day, status) == ("2026-11-24", "sent") and next_tip != refused_tip
    assert daily_sends(api, 70) == 2 and "Đã nhận: 1" in await say(api, 70, "/status")


async def _add_team_tip(bot: RunningBot, chat_id: int, passage: str) -> str:
    storage = await Storage.open(bot.settings.db_path)
    try:
        number = await storage.team_tips.add(chat_id, "Bí kíp cũ", passage, "", None)
    finally:
        await storage.close()
    return f"{drafts.PREFIX}{number}"


async def test_a_team_tip_too_long_for_one_message_never_blocks_the_chat(
        api: FakeBotAPI, bot: RunningBot) -> None:
    # Saved before today's checks (an older version, or a database edited by hand).
    await say(api, 71, "/subscribe 8h")
    too_long = await _add_team_tip(bot, 71, "Dài quá. " * 600)
    for day in range(3):
        await ticks_through_the_day(bot, MONDAY_8AM + dt.timedelta(days=day), leases=2)
    rows = deliveries(bot, 71)
    assert [status for _, _, status, _ in rows] == ["sent", "sent", "sent"]
    assert too_long not in {tip for _, tip, _, _ in rows}
    assert daily_sends(api, 71) == 3


async def test_a_claim_left_by_a_crash_on_an_unsendable_tip_is_skipped_not_retried(
        api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 72, "/subscribe 8h")
    too_long = await _add_team_tip(bot, 72, "Dài quá. " * 600)
    with sqlite3.connect(bot.settings.db_path) as db:  # what the older version left behind
        db.execute("INSERT INTO deliveries (chat_id, local_date, tip_id, cycle, status, "
                   "claimed_by, lease_until, attempts) VALUES (72, '2026-11-23', ?, 0, "
                   "'claimed', 'old', '2026-11-23T01:00:00+00:00', 7)", (too_long,))
    await ticks_through_the_day(bot, MONDAY_8AM)
    assert daily_sends(api, 72) == 0
    assert deliveries(bot, 72)[0][1:3] == (too_long, "rejected")
    await ticks_through_the_day(bot, MONDAY_8AM + dt.timedelta(days=1), leases=1)
    assert deliveries(bot, 72)[1][2] == "sent" and daily_sends(api, 72) == 1


async def test_a_delivery_that_failed_again_and_again_is_given_up(
        api: FakeBotAPI, bot: RunningBot, corpus) -> None:  # type: ignore[no-untyped-def]
    await say(api, 73, "/subscribe 8h")
    with sqlite3.connect(bot.settings.db_path) as db:  # taken MAX_ATTEMPTS times, never sent
        db.execute("INSERT INTO deliveries (chat_id, local_date, tip_id, cycle, status, "
                   "claimed_by, lease_until, attempts) VALUES (73, '2026-11-23', ?, 0, "
                   "'claimed', 'crashed', '2026-11-23T01:00:00+00:00', ?)",
                   (corpus.tips[0].id, MAX_ATTEMPTS))
    await ticks_through_the_day(bot, MONDAY_8AM)
    assert daily_sends(api, 73) == 0
    assert deliveries(bot, 73)[0][2:] == ("rejected", MAX_ATTEMPTS + 1)
    await ticks_through_the_day(bot, MONDAY_8AM + dt.timedelta(days=1), leases=1)
    assert deliveries(bot, 73)[1][1:3] != (corpus.tips[0].id, "rejected")
    assert daily_sends(api, 73) == 1


async def test_a_passage_of_quotes_is_stored_and_reaches_the_team(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """1,000 ``"`` is 1,000 characters to Telegram (6,000 as escaped HTML): accepted,
    delivered by the daily push, and found by /tip (not the apology)."""
    draft = drafts.draft("Trích dẫn", '"' * 1000)
    await say(api, 74, "/subscribe 8h")
    quotes = await _add_team_tip(bot, 74, draft.passage)
    with sqlite3.connect(bot.settings.db_path) as db:  # make it the chat's next tip
        db.execute("INSERT INTO deliveries (chat_id, local_date, tip_id, cycle, status, "
                   "claimed_by, lease_until, attempts) VALUES (74, '2026-11-23', ?, 0, "
                   "'claimed', 'x', '2026-11-23T01:00:00+00:00', 1)", (quotes,))
    await ticks_through_the_day(bot, MONDAY_8AM, leases=2 * MAX_ATTEMPTS + 2)
    [(_, tip, status, attempts)] = deliveries(bot, 74)
    assert tip == quotes and status == "sent" and attempts <= MAX_ATTEMPTS + 1
    await ticks_through_the_day(bot, MONDAY_8AM + dt.timedelta(days=1), leases=1)
    assert deliveries(bot, 74)[1][2] == "sent"
    assert '"' * 1000 in await say(api, 74, "/tip bí kíp cũ")


@pytest.mark.parametrize("html", [
    "plain", "<b>đậm</b> và <i>nghiêng</i>", "a &amp; b &lt;c&gt; &quot;d&quot; &#x27;e&#39;",
    "😀 emoji counts two", '<a href="https://example.com/?a=1&amp;b=2">link</a>',
    '&quot;' * 1000, "<code>&lt;b&gt;</code>\n\n— <i>Nguồn: x</i>",
])
def test_length_is_measured_as_telegram_measures_it(html: str) -> None:
    plain, _ = parse_html(html)  # the fake Bot API's own parser, written independently
    assert render.visible_text(html) == plain
    assert render.telegram_length(html) == utf16_len(plain)


def test_validation_measures_the_message_not_its_html() -> None:
    draft = drafts.draft("Nguyên tắc", "&" * 500 + '"' * 500, "Nguồn <b>")
    tip = drafts.to_tip(drafts.TeamTipRecord(1, 1, draft.principle, draft.passage,
                                                 draft.source, None), "x")
    html = render.tip_html(tip)
    assert len(html) > render.MAX_MESSAGE_LENGTH
    assert render.telegram_length(html) < 1100 and render.tip_fits(tip)
    with pytest.raises(drafts.TeamTipError) as info:  # what no message can carry
        drafts.check_sendable(drafts.TeamTipDraft("P", "😀" * 2000))
    assert (info.value.field, info.value.reason) == ("passage", "too_long")


def test_import_refuses_what_cannot_be_one_message(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.corpus import SeedError

    path = tmp_path / "tips.toml"
    path.write_text('[[tips]]\nid = "ok"\nprinciple = "Được"\npassage = "' + "&" * 900 + '"\n'
                    '\n[[tips]]\nid = "x"\nprinciple = "Quá dài"\npassage = "'
                    + "y" * 1200 + '"\n', encoding="utf-8")
    with pytest.raises(SeedError) as info:
        drafts.load_file(path, set())
    assert len(info.value.problems) == 1 and "tip 'x'" in info.value.problems[0]
