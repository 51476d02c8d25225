"""What the team asked that no tip answered: kept (text only, contact details replaced),
shown to admins in /stats with a button that starts /addtip for it, never kept for small
talk, a private chat's only for its person, and /privacy."""

from __future__ import annotations

from bot.strings import EN, VI
from bot.text.redact import EMAIL, PHONE
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.strings import shows

GROUP, ADMIN, MEMBER = -100777, 11, 12
OFF_TOPIC = "công thức nấu phở bò"


async def _misses(bot: RunningBot, chat_id: int) -> list[tuple[str, int]]:
    assert bot.services.storage is not None
    return [(m.query, m.count) for m in await bot.services.storage.misses.top(chat_id)]


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
    # With privacy mode on (Telegram's default) a bot in a group gets replies to it, not the
    # admin's next plain message: the question names the admin who pressed ➕ and asks
    # Telegram to open that admin's reply (ForceReply, selective: it targets who is named).
    asked = api.calls("sendMessage", chat_id=GROUP)[-1].params
    assert asked.get("reply_markup") == {"force_reply": True, "selective": True}
    assert f"tg://user?id={ADMIN}" in asked["text"]
    await say(api, GROUP, "Bot chỉ trả lời về chăm sóc khách hàng.", chat_type="supergroup",
              user_id=ADMIN)
    await say(api, GROUP, "Hỏi món ăn thì gợi ý đội hỏi chỗ khác.", chat_type="supergroup",
              user_id=ADMIN)
    await say(api, GROUP, "/skip", chat_type="supergroup", user_id=ADMIN)  # no source
    await say(api, GROUP, "/skip", chat_type="supergroup", user_id=ADMIN)  # no short form
    assert bot.services.storage is not None
    tips = await bot.services.storage.team_tips.of_chat(GROUP)
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



async def test_a_private_chat_keeps_no_contact_details_and_only_for_its_person(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """A person's private chat id is their account: what they asked shows in their own
    /stats with phone numbers and addresses replaced, nowhere else."""
    person = 64
    await say(api, person, "công thức nấu phở bò, gọi mình 0912 345 678 nhé")
    await say(api, person, "Công thức nấu phở bò, gọi mình +84 987 654 321 nhé")
    await say(api, person, "/tip ship phở bò ra lan.nguyen@gmail.com được không")
    assert bot.services.storage is not None
    stored = await bot.services.storage._fetchall("SELECT query, folded, count FROM misses")
    dump = repr(stored)
    for detail in ("0912", "345 678", "987", "654", "lan.nguyen", "gmail"):
        assert detail not in dump, detail
    kept = {q: c for q, c in await _misses(bot, person)}
    assert kept == {f"Công thức nấu phở bò, gọi mình {PHONE} nhé": 2,  # one question
                    f"ship phở bò ra {EMAIL} được không": 1}
    await say(api, person, "/stats")
    own = api.messages(person)[-1].text
    assert f"gọi mình {PHONE} nhé (×2)" in own and "0912" not in own
    # A group's admin sees the group's questions, never this person's.
    api.set_chat_member(GROUP, ADMIN, "administrator")
    await say(api, GROUP, "/stats", chat_type="supergroup", user_id=ADMIN)
    assert "phở" not in api.messages(GROUP)[-1].text
    # The operator's listing leaves private chats out unless asked.
    assert await bot.services.storage.misses.listing(None) == []
    assert len(await bot.services.storage.misses.listing(None, private=True)) == 2
    text = await say(api, person, "/privacy")
    assert shows(text, VI.privacy_status_kept)


async def test_privacy_tells_in_both_languages_what_is_kept_where_and_how_long(
        api: FakeBotAPI, bot: RunningBot) -> None:
    vi = await say(api, 65, "/privacy")
    en = await say(api, 66, "/privacy", language_code="en")
    assert shows(vi, VI.privacy_status_kept) and shows(en, EN.privacy_status_kept)
    for text, words in ((vi, ("số điện thoại", "90 ngày", "/stats", "1.000")),
                        (en, ("phone numbers", "90 days", "/stats", "1,000"))):
        assert all(w in text for w in words), text


async def test_a_member_reads_privacy_in_a_group_but_only_admins_change_it(
        api: FakeBotAPI, bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ADMIN, "administrator")
    api.set_chat_member(GROUP, MEMBER, "member")
    await say(api, GROUP, f"/tip {OFF_TOPIC}", chat_type="supergroup", user_id=MEMBER)
    assert len(await _misses(bot, GROUP)) == 1
    for change in ("/privacy on", "/privacy off", "/privacy tat"):
        text = await say(api, GROUP, change, chat_type="supergroup", user_id=MEMBER)
        assert shows(text, VI.privacy_admin_only), text
        assert not shows(text, VI.sub_admin_only)
    assert len(await _misses(bot, GROUP)) == 1  # nothing deleted, nothing turned off
    text = await say(api, GROUP, "/privacy", chat_type="supergroup", user_id=MEMBER)
    assert shows(text, VI.privacy_status_kept)  # what is kept is anyone's to read
    text = await say(api, GROUP, "/privacy on", chat_type="supergroup", user_id=ADMIN)
    assert shows(text, VI.privacy_now_off)
    assert await _misses(bot, GROUP) == []
