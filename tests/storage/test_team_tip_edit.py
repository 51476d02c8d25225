"""A team tip edited in place (the dashboard): its number stays, another team's tip and a
second copy of a tip the team has are refused. SQLite and PostgreSQL."""

from __future__ import annotations

from bot.storage import Storage
from bot.teamtips import drafts


async def test_a_tip_is_edited_in_place_and_only_in_its_own_team(store: Storage) -> None:
    first = await store.team_tips.add(-5, "Nguyên tắc", "Nội dung", "", 7,
                                     situations=["Khách giận"])
    second = await store.team_tips.add(-5, "Thứ hai", "Nội dung hai", "", 7)
    other = await store.team_tips.add(-6, "Của nhóm khác", "Nội dung", "", 8)
    assert first and second and other
    new = drafts.draft("Nguyên tắc mới", "Nội dung mới", "Sổ tay", "Ngắn")
    assert await store.team_tips.edit(-5, first, new) == "edited"
    tips = {t.id: t for t in await store.team_tips.of_chat(-5)}
    assert (tips[first].principle, tips[first].source, tips[first].short) == (
        "Nguyên tắc mới", "Sổ tay", "Ngắn")
    assert await store.team_tips.edit(-5, other, new) == "missing"  # another team's
    assert (await store.team_tips.of_chat(-6))[0].principle == "Của nhóm khác"
    # the same words as the team's other tip (accents and case aside): refused
    same = drafts.draft("THU HAI", "noi dung hai")
    assert await store.team_tips.edit(-5, first, same) == "already"
    # and the key follows the edit: the old words may be added again, the new may not
    assert await store.team_tips.add(-5, "Nguyên tắc", "Nội dung", "", 7) is not None
    assert await store.team_tips.add(-5, "Nguyên tắc mới", "Nội dung mới", "", 7) is None


async def test_the_service_keeps_the_situations_a_page_does_not_edit(store: Storage) -> None:
    from bot.services import teamtips

    number = await store.team_tips.add(-5, "Nguyên tắc", "Nội dung", "", 7,
                                      situations=["Khách giận", "Khách đòi hoàn tiền"])
    assert number is not None
    assert await teamtips.edit(store, -5, number, drafts.draft("Mới", "Nội dung")) == "edited"
    tip = (await store.team_tips.of_chat(-5))[0]
    assert (tip.principle, tip.situations) == ("Mới", ("Khách giận", "Khách đòi hoàn tiền"))
    assert await teamtips.delete(store, -5, number) is True
    assert await teamtips.delete(store, -5, number) is False
