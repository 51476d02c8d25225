"""What the team asked that no tip answered: kept (text only), shown to admins in /stats
with a button that starts /addtip for it, never kept for small talk, and /privacy."""

from __future__ import annotations

from bot.strings import VI
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support.fake_bot_api import FakeBotAPI

GROUP, ADMIN, MEMBER = -100777, 11, 12
OFF_TOPIC = "công thức nấu phở bò"


async def _misses(bot: RunningBot, chat_id: int) -> list[tuple[str, int]]:
    assert bot.services.storage is not None
    return [(m.query, m.count) for m in await bot.services.storage.top_misses(chat_id)]


async def test_misses_are_kept_counted_and_small_talk_is_not(api: FakeBotAPI,
                                                             bot: RunningBot) -> None:
    await say(api, 61, OFF_TOPIC)
    await say(api, 61, "Công thức nấu PHỞ bò")  # same question, other spelling
    await say(api, 61, "cảm ơn bot nhiều nha")  # small talk is not a miss
    await say(api, 61, "giữ chân khách hàng cũ")  # answered: not a miss
    await say(api, 61, "/tip bitcoin")
    kept = await _misses(bot, 61)
    assert sorted(count for _, count in kept) == [1, 2]
    assert {q.lower() for q, _ in kept} == {"công thức nấu phở bò", "bitcoin"}
    assert await _misses(bot, 62) == []  # nothing for another chat


async def test_stats_shows_misses_to_admins_and_a_button_starts_addtip(
        api: FakeBotAPI, bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ADMIN, "administrator")
    api.set_chat_member(GROUP, MEMBER, "member")
    await say(api, GROUP, f"/tip {OFF_TOPIC}", chat_type="supergroup", user_id=MEMBER)
    await say(api, GROUP, "/stats", chat_type="supergroup", user_id=ADMIN)
    stats = api.messages(GROUP)[-1]
    assert OFF_TOPIC in stats.text
    button = next(d for d in stats.callback_data if d.startswith("miss:"))
    api.press_button(GROUP, stats.message_id, button, user_id=MEMBER)  # not an admin
    await api.wait_for_calls("answerCallbackQuery", 1)
    before = len(api.messages(GROUP))
    api.press_button(GROUP, stats.message_id, button, user_id=ADMIN)
    await api.wait_until(lambda: len(api.messages(GROUP)) > before)
    assert OFF_TOPIC in api.messages(GROUP)[-1].text  # the question, asking the principle
    await say(api, GROUP, "Bot chỉ trả lời về chăm sóc khách hàng.", chat_type="supergroup",
              user_id=ADMIN)
    await say(api, GROUP, "Hỏi món ăn thì gợi ý đội hỏi chỗ khác.", chat_type="supergroup",
              user_id=ADMIN)
    await say(api, GROUP, "/skip", chat_type="supergroup", user_id=ADMIN)
    assert bot.services.storage is not None
    tips = await bot.services.storage.team_tips(GROUP)
    assert [t.principle for t in tips] == ["Bot chỉ trả lời về chăm sóc khách hàng."]


async def test_privacy_turns_keeping_off_and_deletes(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 63, OFF_TOPIC)
    assert await _misses(bot, 63)
    text = await say(api, 63, "/privacy")
    assert "90" in text  # says what is kept and for how long
    await say(api, 63, "/privacy on")
    assert await _misses(bot, 63) == []
    await say(api, 63, OFF_TOPIC)
    assert await _misses(bot, 63) == []
    await say(api, 63, "/stats")
    assert VI.misses_off_note.split("(")[0].strip() in api.messages(63)[-1].text
    await say(api, 63, "/privacy off")
    await say(api, 63, OFF_TOPIC)
    assert len(await _misses(bot, 63)) == 1

