"""The weekly digest's content: last week's daily tips with the team's votes on them,
and how the week's quizzes went.

The broadcaster sends it on the chosen weekday; the week is the seven local days
before that day, so a Monday digest covers Monday to Sunday of the week just ended.

A lead reads the quiz part for progress, which one accuracy figure hides: who did
better than the week before, and which principle the team, having missed it before,
got right for the first time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape

from bot.corpus import Corpus, Tip
from bot.models import QuizAnswerRecord
from bot.quiz import repetition
from bot.services import quizzes, tippool
from bot.storage import Storage
from bot.strings import Strings
from bot.text import normalize

# A person's accuracy is compared only over this many answers in each week: one lucky
# answer after one unlucky one is not progress.
MIN_ANSWERS_COMPARED = 2
IMPROVED_SHOWN = 5  # names, then "and N others"
FIRST_RIGHT_SHOWN = 3


def week_before(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last local day a digest sent on ``day`` covers."""
    last = day - dt.timedelta(days=1)
    return last - dt.timedelta(days=6), last


async def items(storage: Storage, corpus: Corpus, chat_id: int, first: dt.date,
                last: dt.date) -> list[tuple[Tip, int, int]]:
    """Each tip the chat received from ``first`` to ``last``, in order, with 👍 and 👎.

    Only the shipped tips are listed, as the digest always did; the team's own tips
    sent that week are left out (one may have been deleted since).
    """
    votes = await storage.votes.by_tip(chat_id)
    return [(tip, *votes.get(tip.id, (0, 0)))
            for tip_id in await storage.tip_sends.tips_between(chat_id, first, last)
            if (tip := corpus.get(tip_id)) is not None]


@dataclass(frozen=True, slots=True)
class Improvement:
    """One person's accuracy the week before and the week of the digest."""

    user_id: int
    name: str  # as Telegram showed it at their latest answer, not escaped
    before: Fraction
    after: Fraction

    @staticmethod
    def percent(value: Fraction) -> int:
        return int(value * 100 + Fraction(1, 2))


def improvements(answers: Iterable[QuizAnswerRecord], first: dt.date, last: dt.date
                 ) -> list[Improvement]:
    """Who answered more accurately in [first, last] than in the seven days before, with
    at least ``MIN_ANSWERS_COMPARED`` answers in each; the largest gain first (then by
    name, so the order is stable)."""
    before_first = first - dt.timedelta(days=7)
    tally: dict[int, list[int]] = {}  # right before, answers before, right, answers
    names: dict[int, str] = {}
    for a in answers:
        if not before_first <= a.local_date <= last:
            continue
        counts = tally.setdefault(a.user_id, [0, 0, 0, 0])
        at = 2 if a.local_date >= first else 0
        counts[at] += a.correct
        counts[at + 1] += 1
        if a.name.strip():
            names[a.user_id] = a.name
    out = [Improvement(uid, names.get(uid, ""), Fraction(rb, nb), Fraction(r, n))
           for uid, (rb, nb, r, n) in tally.items()
           if nb >= MIN_ANSWERS_COMPARED and n >= MIN_ANSWERS_COMPARED
           and Fraction(r, n) > Fraction(rb, nb)]
    return sorted(out, key=lambda i: (i.before - i.after, normalize.fold(i.name), i.user_id))


def first_right(results: Sequence[tuple[str, dt.date, int, int]], first: dt.date,
                last: dt.date) -> list[str]:
    """Principles the team got right in [first, last] for the first time, having got
    them wrong before (a principle right at its first asking is no news), in the order
    they were got right.

    ``results``: (tip, day, right answers, answers) per quiz, oldest first
    (``storage.quiz_answers.results``); the team's outcome of a quiz is its majority.
    """
    seen_wrong: set[str] = set()
    seen_right: set[str] = set()
    out: list[str] = []
    for tip_id, day, right, answered in results:
        if day > last:
            break
        outcome = repetition.team_outcome(day, [True] * right + [False] * (answered - right))
        if outcome is None or tip_id in seen_right:
            continue
        if not outcome.correct:
            seen_wrong.add(tip_id)
            continue
        seen_right.add(tip_id)
        if day >= first and tip_id in seen_wrong:
            out.append(tip_id)
    return out


async def quiz_text(storage: Storage, corpus: Corpus, chat_id: int, s: Strings,
                    first: dt.date, last: dt.date) -> str:
    """The digest's quiz part as HTML: participation, accuracy and the hardest principle
    (as /stats says them), then who improved and what the team got right for the first
    time; "" when nobody answered a quiz that week."""
    text = await quizzes.figures_text(storage, corpus, chat_id, s, since=first, until=last)
    if not text:
        return ""
    lines = [text]
    answers = await storage.quiz_answers.of_chat(chat_id, since=first - dt.timedelta(days=7))
    better = improvements(answers, first, last)
    if better:
        people = [s.digest_improved_person.format(
            name=escape(normalize.display_name(i.name, str(i.user_id))),
            before=i.percent(i.before), after=i.percent(i.after))
            for i in better[:IMPROVED_SHOWN]]
        if len(better) > IMPROVED_SHOWN:
            people.append(s.digest_improved_more.format(count=len(better) - IMPROVED_SHOWN))
        lines.append(s.digest_improved.format(people=", ".join(people)))
    tip_ids = first_right(await storage.quiz_answers.results(chat_id), first, last)
    if tip_ids:
        pool = {t.id: t for t in [*corpus.tips, *await tippool.team_tips(storage, chat_id, s)]}
        named = [escape(tip.short or tip.principle) for tip_id in tip_ids
                 if (tip := pool.get(tip_id)) is not None][:FIRST_RIGHT_SHOWN]
        if named:
            lines.append(s.digest_first_right.format(principles="; ".join(named)))
    return "\n".join(lines)
