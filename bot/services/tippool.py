"""A chat's tips: the shipped seeds plus the team's own, labelled in the reader's language.

Team tips are stored without a source when the admin skipped it; shown, they carry the
"team playbook" label, which must be in the language of whoever reads them (the user
asking, or the subscription's language for the daily tip), not always Vietnamese.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot import teamtips
from bot.corpus import Tip
from bot.models import TeamTipRecord
from bot.storage import Storage
from bot.strings import Strings, for_language


def as_tips(records: Iterable[TeamTipRecord], s: Strings) -> list[Tip]:
    """Stored team tips as tips, sourceless ones labelled as the team's in ``s``' language."""
    return [teamtips.to_tip(record, s.team_source) for record in records]


async def team_tips(storage: Storage, chat_id: int, s: Strings) -> list[Tip]:
    """The chat's own tips, in the order they were added."""
    return as_tips(await storage.team_tips(chat_id), s)


async def team_tips_many(storage: Storage, languages: Mapping[int, str]
                         ) -> dict[int, dict[str, Tip]]:
    """Each chat's own tips by id, in one query, labelled in that chat's language.

    ``languages`` maps chat id to a language code (a subscription's ``language``);
    every chat asked for is in the result, with no tips if it has none.
    """
    stored = await storage.team_tips_many(list(languages))
    return {chat: {tip.id: tip for tip in as_tips(stored.get(chat, []),
                                                   for_language(languages[chat]))}
            for chat in languages}


async def added_by(storage: Storage, user_id: int, s: Strings) -> list[Tip]:
    """The tips this user added for any of their teams (their inline-mode results)."""
    return as_tips(await storage.team_tips_by(user_id), s)
