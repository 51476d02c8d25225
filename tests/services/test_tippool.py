"""A chat's team tips: one query, labelled in the reader's language, only that chat's."""

from __future__ import annotations

from bot.services import tippool
from bot.storage import Storage
from bot.strings import EN, VI


async def test_sourceless_team_tips_carry_the_label_of_the_readers_language(
        storage: Storage) -> None:
    await storage.team_tips.add(1, "Gọi lại trong 24 giờ", "Khách để lại số thì gọi lại.", "", 7)
    await storage.team_tips.add(1, "Chào bằng tên", "Gọi khách bằng tên.", "Sổ tay", 7)
    vi = await tippool.team_tips(storage, 1, VI)
    en = await tippool.team_tips(storage, 1, EN)
    assert [t.source.title for t in vi] == [VI.team_source, "Sổ tay"]
    assert [t.source.title for t in en] == [EN.team_source, "Sổ tay"]
    assert [t.id for t in vi] == [t.id for t in en] == ["team-1", "team-2"]


async def test_many_chats_at_once_each_in_its_own_language(storage: Storage) -> None:
    await storage.team_tips.add(1, "Một", "Nội dung một.", "", 7)
    await storage.team_tips.add(2, "Hai", "Nội dung hai.", "", 8)
    pools = await tippool.team_tips_many(storage, {1: "vi", 2: "en", 3: "vi"})
    assert [t.source.title for t in pools[1].values()] == [VI.team_source]
    assert [t.source.title for t in pools[2].values()] == [EN.team_source]
    assert pools[3] == {}


async def test_added_by_lists_a_users_tips_across_their_teams(storage: Storage) -> None:
    await storage.team_tips.add(1, "Một", "Nội dung một.", "", 7)
    await storage.team_tips.add(2, "Hai", "Nội dung hai.", "", 7)
    await storage.team_tips.add(2, "Ba", "Nội dung ba.", "", 8)
    mine = await tippool.added_by(storage, 7, EN)
    assert sorted(t.principle for t in mine) == ["Hai", "Một"]
