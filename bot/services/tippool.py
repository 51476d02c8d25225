"""A chat's tips: the shipped seeds plus the team's own, labelled in the reader's language.

Team tips are stored without a source when the admin skipped it; shown, they carry the
"team playbook" label, which must be in the language of whoever reads them (the user
asking, or the subscription's language for the daily tip), not always Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from bot import schedule
from bot.corpus import Corpus, Tip
from bot.models import Subscription, TeamTipRecord
from bot.storage import Storage
from bot.strings import Strings, for_language
from bot.teamtips import drafts


def as_tips(records: Iterable[TeamTipRecord], s: Strings) -> list[Tip]:
    """Stored team tips as tips, sourceless ones labelled as the team's in ``s``' language."""
    return [drafts.to_tip(record, s.team_source) for record in records]


async def team_tips(storage: Storage, chat_id: int, s: Strings) -> list[Tip]:
    """The chat's own tips, in the order they were added."""
    return as_tips(await storage.team_tips.of_chat(chat_id), s)


async def team_tips_many(storage: Storage, languages: Mapping[int, str]
                         ) -> dict[int, dict[str, Tip]]:
    """Each chat's own tips by id, in one query, labelled in that chat's language.

    ``languages`` maps chat id to a language code (a subscription's ``language``);
    every chat asked for is in the result, with no tips if it has none.
    """
    stored = await storage.team_tips.of_chats(list(languages))
    return {chat: {tip.id: tip for tip in as_tips(stored.get(chat, []),
                                                   for_language(languages[chat]))}
            for chat in languages}


async def added_by(storage: Storage, user_id: int, s: Strings) -> list[Tip]:
    """The tips this user added for any of their teams (their inline-mode results)."""
    return as_tips(await storage.team_tips.by(user_id), s)


def rotation_pool(corpus: Corpus, topics: Iterable[str]) -> list[str]:
    """The shipped tips a subscription's rotation walks: those of its topics (all if none)."""
    chosen = set(topics)
    ids = [t.id for t in corpus.tips if not chosen or chosen & set(t.topics)]
    return ids or [t.id for t in corpus.tips]


async def upcoming(storage: Storage, corpus: Corpus, sub: Subscription) -> Tip | None:
    """The tip the chat's next daily message will carry, decided as the broadcast decides
    it (``bot.delivery.tips``): the rotation, what this cycle already brought, the votes."""
    chat = sub.chat_id
    delivered = (await storage.tip_sends.delivered_many([(chat, sub.rotation_cycle)]))[chat]
    penalties = (await storage.votes.penalties_many([chat]))[chat]
    team = (await team_tips_many(storage, {chat: sub.language}))[chat]
    pool = rotation_pool(corpus, sub.topics) + list(team)
    tip_id, _ = schedule.next_tip(pool, sub.rotation_seed, sub.rotation_cycle, delivered,
                                  penalties)
    return corpus.get(tip_id) or team.get(tip_id)


async def received_on(storage: Storage, chat_id: int, day: dt.date) -> str | None:
    """The id of the tip the chat's daily message carried on its local ``day``, if any."""
    sent = await storage.tip_sends.tips_between(chat_id, day, day)
    return sent[-1] if sent else None
