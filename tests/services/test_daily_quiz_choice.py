"""The daily quiz is never skipped because one tip cannot make a quiz."""

from __future__ import annotations

import datetime as dt

from bot.corpus import Corpus, Source, Tip
from bot.services.quizzes import Quizzes
from bot.storage import Storage
from bot.strings import VI


def _tip(tid: str, short: str, topics: tuple[str, ...]) -> Tip:
    return Tip(id=tid, principle=short + ".", passage=f"Đoạn văn về {short.lower()}.",
               source=Source(title="Sổ tay"), topics=topics, short=short)


async def test_a_tip_without_distractors_falls_through_to_another(storage: Storage) -> None:
    # "a" shares a topic with every other tip: it has no possible distractor.
    lonely = _tip("a", "Một nguyên tắc bao trùm", ("x", "y", "z"))
    corpus = Corpus((), (lonely, _tip("b", "Lắng nghe khách", ("x",)),
                         _tip("c", "Gọi lại trong ngày", ("y",)),
                         _tip("d", "Xin lỗi đúng lúc", ("z",)),
                         _tip("e", "Cảm ơn khách", ("z",))), ())
    quizzes = Quizzes(storage, corpus, default_timezone="UTC")
    day = dt.date(2026, 11, 23)
    for n in range(30):
        quiz = await quizzes.daily_quiz(-5, day + dt.timedelta(days=n), VI)
        assert quiz is not None and quiz.tip_id != "a"
    # A claim that holds the tip that cannot be asked still gets the day's quiz.
    claimed = await quizzes.daily_quiz(-5, day, VI, tip_id="a")
    assert claimed is not None and claimed.tip_id != "a"
    assert claimed == await quizzes.daily_quiz(-5, day, VI, tip_id="a")  # deterministic
