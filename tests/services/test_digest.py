"""The weekly digest's content from real deliveries and votes."""

from __future__ import annotations

import datetime as dt

from bot.cli.console import html_to_text
from bot.corpus import Corpus
from bot.models import QuizAnswerRecord, QuizPoll
from bot.services import digest
from bot.storage import Storage
from bot.strings import EN, VI
from tests.support.strings import shows, values

NOW = dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC)


def test_a_monday_digest_covers_the_week_just_ended() -> None:
    assert digest.week_before(dt.date(2026, 11, 30)) == (dt.date(2026, 11, 23),
                                                         dt.date(2026, 11, 29))


async def test_items_are_the_weeks_tips_in_order_with_their_votes(
        storage: Storage, corpus: Corpus) -> None:
    await storage.subscriptions.start(1, dt.time(8), "UTC", NOW, seed=1)
    first, second, earlier = corpus.tips[0], corpus.tips[1], corpus.tips[2]
    for day, tip_id in ((dt.date(2026, 11, 22), earlier.id), (dt.date(2026, 11, 24), first.id),
                        (dt.date(2026, 11, 26), second.id), (dt.date(2026, 11, 27), "team-9")):
        claim = await storage.tip_sends.claim(1, day, tip_id, 0, "me",
                                              NOW + dt.timedelta(minutes=2), NOW)
        assert claim is not None
        await storage.tip_sends.sent(claim, 100, NOW + dt.timedelta(days=1), NOW)
    await storage.votes.cast(1, first.id, 7, 1)
    await storage.votes.cast(1, first.id, 8, -1)
    await storage.votes.cast(1, second.id, 7, 1)
    items = await digest.items(storage, corpus, 1, dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert items == [(first, 1, 1), (second, 1, 0)]  # the team tip is not listed


# --- issue 23: the quiz part says who improved and what was got right at last ---------
MONDAY = dt.date(2026, 11, 23)  # the digest's week: 23–29/11; the week before: 16–22/11
CHAT = -100700
AN, BAO, CHI = 11, 12, 13


async def quiz_day(storage: Storage, day: dt.date, tip_id: str,
                   answers: dict[int, bool], names: dict[int, str]) -> None:
    """A quiz about ``tip_id`` on ``day`` and who answered it right or wrong."""
    poll = QuizPoll(f"p-{day}-{tip_id}", CHAT, tip_id, (tip_id, "x", "y"), 0, day, None,
                    False, daily=True)
    at = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
    await storage.quiz_polls.record(poll, at)
    for user, right in answers.items():
        await storage.quiz_answers.record(poll, user, names[user], 0 if right else 1, at)


async def test_the_digest_says_who_improved_and_what_was_right_for_the_first_time(
        storage: Storage, corpus: Corpus) -> None:
    names = {AN: "An <i>", BAO: "Bảo", CHI: "Chi"}
    missed, easy, known = corpus.tips[0], corpus.tips[1], corpus.tips[2]
    week_before = [(MONDAY - dt.timedelta(days=7), missed.id, {AN: False, BAO: False, CHI: True}),
                   (MONDAY - dt.timedelta(days=6), known.id, {AN: True, BAO: True}),
                   (MONDAY - dt.timedelta(days=5), missed.id, {AN: False, BAO: False, CHI: True})]
    this_week = [(MONDAY, missed.id, {AN: True, BAO: False, CHI: True}),
                 (MONDAY + dt.timedelta(days=1), easy.id, {AN: True, BAO: False}),
                 (MONDAY + dt.timedelta(days=2), known.id, {AN: True, BAO: True, CHI: True})]
    for day, tip_id, answers in [*week_before, *this_week]:
        await quiz_day(storage, day, tip_id, answers, names)
    html = await digest.quiz_text(storage, corpus, CHAT, VI, MONDAY, MONDAY + dt.timedelta(6))
    assert "An &lt;i&gt;" in html  # names are escaped for Telegram HTML
    text = html_to_text(html)
    assert values(text, VI.quiz_figures) == {"people": "3", "answers": "8", "accuracy": "75"}
    # An: 1 of 3 right the week before, 3 of 3 now. Bảo did worse; Chi answered once now.
    assert values(text, VI.digest_improved) == {
        "people": VI.digest_improved_person.format(name="An <i>", before=33, after=100)}
    # The first principle was missed twice before and got right this week; the second
    # was right at its first asking, the third was right before: neither is news.
    assert values(text, VI.digest_first_right) == {"principles": missed.short}
    english = await digest.quiz_text(storage, corpus, CHAT, EN, MONDAY,
                                     MONDAY + dt.timedelta(6))
    assert shows(english, EN.digest_improved) and shows(english, EN.digest_first_right)


async def test_a_week_without_progress_says_only_the_figures(storage: Storage,
                                                             corpus: Corpus) -> None:
    names = {AN: "An", BAO: "Bảo"}
    await quiz_day(storage, MONDAY, corpus.tips[0].id, {AN: True, BAO: True}, names)
    text = await digest.quiz_text(storage, corpus, CHAT, VI, MONDAY, MONDAY + dt.timedelta(6))
    assert shows(text, VI.quiz_figures)
    assert not shows(text, VI.digest_improved) and not shows(text, VI.digest_first_right)
    assert await digest.quiz_text(storage, corpus, CHAT, VI, MONDAY + dt.timedelta(7),
                                  MONDAY + dt.timedelta(13)) == ""


def test_improvements_need_answers_in_both_weeks_and_rank_the_largest_gain_first() -> None:
    def answer(user: int, day: dt.date, right: bool) -> QuizAnswerRecord:
        return QuizAnswerRecord(f"p{day}", CHAT, user, f"U{user}", 0, right, "t", day)

    before, now = MONDAY - dt.timedelta(days=3), MONDAY + dt.timedelta(days=1)
    answers = [answer(1, before, False), answer(1, before, True), answer(1, now, True),
               answer(1, now, True),  # 50% → 100%
               answer(2, before, False), answer(2, before, False), answer(2, now, True),
               answer(2, now, True),  # 0% → 100%
               answer(3, before, False), answer(3, now, True),  # one answer before: no
               answer(4, now + dt.timedelta(days=9), True)]  # after the week: ignored
    ranked = digest.improvements(answers, MONDAY, MONDAY + dt.timedelta(days=6))
    assert [(i.user_id, i.percent(i.before), i.percent(i.after)) for i in ranked] == [
        (2, 0, 100), (1, 50, 100)]


def test_many_improvers_are_named_up_to_a_few_and_counted() -> None:
    assert VI.digest_improved_more.format(count=3) == "và 3 người khác"
    assert EN.digest_improved_more.format(count=1) == "and 1 other"
