"""Quiz questions from tips: Telegram's limits, distractors from other topics, replayable."""

from __future__ import annotations

import random

import pytest

from bot.corpus import Corpus, Source, Tip
from bot.quiz.polls import (
    MAX_EXPLANATION,
    MAX_OPTION,
    MAX_QUESTION,
    PASSAGE,
    SITUATION,
    QuizError,
    build_quiz,
    limit_problems,
    shorten,
    tg_len,
)
from bot.strings import EN, VI
from bot.text import normalize


def test_every_seed_tip_makes_a_valid_quiz_with_many_seeds(corpus: Corpus) -> None:
    by_id = {t.id: t for t in corpus.tips}
    for seed in range(25):
        rng = random.Random(seed)
        for tip in corpus.tips:
            for strings in (VI, EN):
                quiz = build_quiz(tip, corpus.tips, rng, strings)
                assert limit_problems(quiz) == []
                assert 3 <= len(quiz.options) <= 4
                assert quiz.options[quiz.correct_index] == tip.short
                assert quiz.option_tip_ids[quiz.correct_index] == tip.id
                folded = [tuple(normalize.tokens(o)) for o in quiz.options]
                assert len(set(folded)) == len(folded)
                for other_id in quiz.option_tip_ids:
                    if other_id != tip.id:
                        assert not set(by_id[other_id].topics) & set(tip.topics), other_id
                assert tip.principle in quiz.explanation or tip.short in quiz.explanation
                assert tip.source.title[:20] in quiz.explanation


def test_both_kinds_for_every_seed_tip_within_limits(corpus: Corpus) -> None:
    rng = random.Random(7)
    for tip in corpus.tips:
        situation = build_quiz(tip, corpus.tips, rng, kind=SITUATION)
        assert situation.question.startswith("Tình huống: “")
        assert situation.question.endswith("— Nguyên tắc nào phù hợp nhất?")
        passage = build_quiz(tip, corpus.tips, rng, EN, kind=PASSAGE)
        assert passage.question.startswith("Excerpt: “")
        assert tg_len(passage.question) <= MAX_QUESTION
        # The passage is shown, the principle is not.
        assert tip.principle not in passage.question


def test_same_seed_same_quiz_and_the_right_answer_moves(corpus: Corpus) -> None:
    tip = corpus.tips[0]
    first = build_quiz(tip, corpus.tips, random.Random(3))
    assert first == build_quiz(tip, corpus.tips, random.Random(3))
    positions = {build_quiz(tip, corpus.tips, random.Random(s)).correct_index
                 for s in range(40)}
    assert positions == {0, 1, 2, 3}
    kinds = {build_quiz(tip, corpus.tips, random.Random(s)).kind for s in range(40)}
    assert kinds == {SITUATION, PASSAGE}


def test_situation_question_uses_a_told_case_not_a_search_phrase(corpus: Corpus) -> None:
    tip = corpus.tips[0]
    for seed in range(30):
        quiz = build_quiz(tip, corpus.tips, random.Random(seed), kind=SITUATION)
        inner = quiz.question.split("“", 1)[1].rsplit("”", 1)[0]
        assert len(inner.rstrip("…").split()) >= 6


def _tip(tid: str, short: str, topics: tuple[str, ...] = (), *, principle: str = "",
         passage: str = "Một đoạn nội dung đủ dài để làm câu hỏi.",
         situations: tuple[str, ...] = (), source: str = "Sổ tay") -> Tip:
    return Tip(id=tid, principle=principle or short + ".", passage=passage,
               source=Source(title=source), topics=topics, situations=situations, short=short)


def test_distractors_never_share_a_topic_and_never_repeat() -> None:
    right = _tip("a", "Gọi lại trong 24 giờ", ("hau-mai",))
    pool = [
        right,
        _tip("b", "Lắng nghe trước khi trả lời", ("hau-mai", "thau-hieu")),  # shares
        _tip("c", "Xin lỗi trước, giải thích sau", ("khach-kho",)),
        _tip("d", "xin lỗi trước giải thích sau", ("thai-do",)),  # same option as c
        _tip("e", "GỌI LẠI TRONG 24 GIỜ", ("van-hoa",)),  # same text as the right one
        _tip("f", "Khen thưởng nhân viên giỏi", ("nhan-vien",)),
        _tip("g", "", ("giu-chan",)),  # no short form: cannot be an option
    ]
    for seed in range(50):
        quiz = build_quiz(right, pool, random.Random(seed))
        assert len(quiz.options) == 3
        assert set(quiz.option_tip_ids) - {"a"} <= {"c", "d", "f"}
        assert "f" in quiz.option_tip_ids
        assert not {"c", "d"} <= set(quiz.option_tip_ids)


def test_too_few_distractors_or_no_short_form_is_refused() -> None:
    right = _tip("a", "Gọi lại trong 24 giờ", ("hau-mai",))
    with pytest.raises(QuizError, match="distractor"):
        build_quiz(right, [right, _tip("b", "Khác hẳn", ("van-hoa",))], random.Random(1))
    with pytest.raises(QuizError, match="short form"):
        build_quiz(_tip("x", ""), [right], random.Random(1))


def test_team_tip_without_topics_may_take_any_distractor(corpus: Corpus) -> None:
    team = Tip(id="team-1", principle="Gọi lại cho khách trong 24 giờ.",
               passage="Khách để lại số thì trong 24 giờ phải có người gọi lại.",
               source=Source(title="Sổ tay CSKH"), short="Gọi lại cho khách trong 24 giờ")
    quiz = build_quiz(team, [team, *corpus.tips], random.Random(5))
    assert quiz.kind == PASSAGE  # no situations
    assert "Khách để lại số" in quiz.question
    assert quiz.explanation == "Đáp án: Gọi lại cho khách trong 24 giờ. (Nguồn: Sổ tay CSKH)"


def test_long_fields_are_shortened_at_word_boundaries() -> None:
    word = "chăm sóc khách hàng tận tâm"
    long_text = " ".join([word] * 40)
    right = _tip("a", "Ngắn gọn " + "rất " * 40 + "dài", ("a",), principle=long_text,
                 passage=long_text, situations=(long_text,) * 6, source=long_text)
    pool = [right, _tip("b", "Một", ("b",)), _tip("c", "Hai", ("c",))]
    quiz = build_quiz(right, pool, random.Random(2), kind=SITUATION)
    assert limit_problems(quiz) == []
    assert tg_len(quiz.question) <= MAX_QUESTION
    assert tg_len(quiz.explanation) <= MAX_EXPLANATION
    option = quiz.options[quiz.correct_index]
    assert option.endswith("…") and tg_len(option) <= MAX_OPTION
    words = set(long_text.split()) | {"Ngắn", "gọn", "rất", "dài"}
    for text in (quiz.question, option):
        inner = text.replace("“", " ").replace("”", " ").replace("…", " ")
        for token in inner.split():
            if token.isalpha():
                assert token in words or token in VI.quiz_situation, token


def test_shorten() -> None:
    assert shorten("  một   hai\nba ", 20) == "một hai ba"
    assert shorten("một hai ba bốn", 10) == "một hai…"
    assert shorten("một, hai ba", 8) == "một…"  # trailing punctuation dropped before "…"
    assert shorten("x" * 50, 10) == "x" * 9 + "…"  # one word longer than the limit
    assert tg_len("😀") == 2
    assert shorten("😀 😀 😀", 6) == "😀 😀…"  # 2 + 1 + 2 + 1 units
    assert shorten("😀 😀 😀", 5) == "😀…"
    assert tg_len(shorten("😀 😀 😀 😀", 6)) <= 6


def test_a_team_tip_over_several_lines_makes_a_valid_quiz(corpus: Corpus) -> None:
    """Issue 19: line breaks in a team's principle or source are folded in the
    explanation (Telegram refuses more than two line feeds there)."""
    team = Tip(id="team-2", principle="Gọi lại cho khách\ntrong 24 giờ,\r\n\nkể cả\nkhi chưa có "
                                      "lời đáp.",
               passage="Khách để lại số\nthì phải có người gọi lại.",
               source=Source(title="Sổ tay\nCSKH\n\nchương 2\nmục 3"),
               short="Gọi lại cho khách trong 24 giờ")
    for strings in (VI, EN):
        quiz = build_quiz(team, [team, *corpus.tips], random.Random(5), strings)
        assert limit_problems(quiz) == []
        assert "\n" not in quiz.explanation and "\r" not in quiz.explanation
        assert "trong 24 giờ, kể cả khi chưa có lời đáp." in quiz.explanation
        assert "Sổ tay CSKH chương 2 mục 3" in quiz.explanation


def _quoted(question: str) -> str:
    return question.split("“", 1)[1].rsplit("”", 1)[0]


def test_passage_questions_are_whole_sentences_never_cut(corpus: Corpus) -> None:
    """Issue 23: a passage longer than the question allows shows the whole sentences that
    fit (three in five seed questions ended in "…" before), ending where a sentence ends."""
    for tip in corpus.tips:
        flat = " ".join(tip.passage.split())
        for strings in (VI, EN):
            question = build_quiz(tip, corpus.tips, random.Random(1), strings,
                                  kind=PASSAGE).question
            inner = _quoted(question)
            assert tg_len(question) <= MAX_QUESTION
            assert inner in flat, tip.id  # a quote of the passage, nothing added
            assert inner.endswith((".", "!", "?", "…", ".”", "?”")) or flat.endswith(inner)
            before = flat[:flat.index(inner)]
            assert not before or before.rstrip().endswith((".", "!", "?", "”")), tip.id
            assert inner[0].isupper() or inner[0] in "“\"(" or inner[0].isdigit(), inner


def test_the_window_keeps_the_sentences_about_the_principle() -> None:
    filler = "Hôm ấy trời mưa to và cửa hàng vắng khách suốt buổi chiều."
    key = "Khách để lại số điện thoại thì trong 24 giờ phải có người gọi lại cho họ."
    right = _tip("a", "Gọi lại cho khách trong 24 giờ", ("a",),
                 principle="Luôn gọi lại cho khách trong 24 giờ.",
                 passage=" ".join([filler] * 4 + [key] + [filler] * 4))
    pool = [right, _tip("b", "Một", ("b",)), _tip("c", "Hai", ("c",))]
    question = build_quiz(right, pool, random.Random(3), kind=PASSAGE).question
    assert key in question and "…" not in question
    assert tg_len(question) <= MAX_QUESTION
    # The principle's own words are hidden, and the window keeps the blank.
    hidden = _tip("h", "Gọi lại cho khách trong 24 giờ", ("a",),
                  principle="Luôn gọi lại cho khách trong 24 giờ.",
                  passage=" ".join([filler] * 5 + ["Quy tắc: luôn gọi lại cho khách trong 24 "
                                                   "giờ."] + [filler] * 3))
    question = build_quiz(hidden, [hidden, *pool[1:]], random.Random(3), kind=PASSAGE).question
    assert "Quy tắc: ___." in question and "24 giờ" not in question


def test_one_sentence_longer_than_the_question_is_still_shortened() -> None:
    endless = "Khách " + "rất " * 120 + "vui."
    right = _tip("a", "Làm khách vui", ("a",), passage=endless)
    pool = [right, _tip("b", "Một", ("b",)), _tip("c", "Hai", ("c",))]
    quiz = build_quiz(right, pool, random.Random(1), kind=PASSAGE)
    assert limit_problems(quiz) == []
    assert _quoted(quiz.question).endswith("…")


def test_a_chat_is_quizzed_on_situations_in_its_own_language(corpus: Corpus) -> None:
    """A Vietnamese chat never sees a situation in English or typed without diacritics;
    an English chat gets the English ones."""
    from bot.quiz.polls import SITUATION, build_quiz, situation_language

    rng = random.Random(7)
    for tip in corpus.tips:
        for _ in range(6):
            vi = build_quiz(tip, corpus.tips, rng, VI, kind=SITUATION)
            quoted = vi.question.split("“", 1)[1].rsplit("”", 1)[0].rstrip("…")
            assert situation_language(quoted) == "vi", (tip.id, vi.question)
        english = [s for s in tip.situations if situation_language(s) == "en"]
        if english:
            en = build_quiz(tip, corpus.tips, rng, EN, kind=SITUATION)
            assert any(s[:40] in en.question for s in english), (tip.id, en.question)
