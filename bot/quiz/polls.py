"""A quiz question built from a tip, within Telegram's quiz-poll limits, without Telegram.

A tip read once is forgotten by lunch; answering a question about it is not. The bot's
tips already carry what a good question needs: situations staff really meet (the
question), a short form of the principle (an answer option) and a source (the
explanation). This module turns one tip plus the pool it lives in into a ``Quiz`` the
Telegram adapter can send as ``sendPoll(type="quiz")`` as it is.

Rules, and why:

- The right option is the tip's short form; the distractors are short forms of tips that
  share **no topic** with it, so two defensible answers never compete (tips of one topic
  often say nearly the same thing). A team tip has no topics, so any other tip may be its
  distractor.
- No two options are the same once folded (case, diacritics, spacing), and the options
  come in an order drawn from the injected ``random.Random``, so a test can replay it.
- Telegram counts lengths in UTF-16 code units; ``tg_len`` does the same, so an emoji in a
  team tip cannot push a field over. Text that is too long is shortened at a word
  boundary with "…", never in the middle of a word.
- A passage longer than the question allows is not cut: the question shows the run of
  whole sentences that fits and says most about the principle (``passage_window``), so
  it reads as a quote and ends where a sentence ends. Only a single sentence longer
  than the whole question (a team's passage may have one) is shortened with "…".
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.corpus import Tip
from bot.search.analysis import reads_as_english
from bot.strings import VI, Strings
from bot.text import normalize

# The Bot API's limits for a quiz poll (sendPoll).
MAX_QUESTION = 300
MAX_OPTION = 100
MAX_EXPLANATION = 200
MIN_OPTIONS, MAX_OPTIONS = 2, 10
# What a good quiz has: the right answer and two or three distractors.
MIN_DISTRACTORS = 2
DEFAULT_OPTIONS = 4
# A situation shorter than this is a search phrase ("điểm chạm với khách"), not a case a
# staff member would tell; such phrases are used only when a tip has nothing better.
MIN_SITUATION_WORDS = 6
# A situation quoted to a Vietnamese chat has diacritics on at least this share of its
# words ("kh hàng ko rep" passes with shorthand; "khach hang ko rep" does not).
MIN_TONED_SHARE = 0.4
# How often a tip with situations is asked as a situation rather than as its passage.
SITUATION_SHARE = 0.75
ELLIPSIS = "…"

SITUATION, PASSAGE = "situation", "passage"
KINDS = (SITUATION, PASSAGE)


class QuizError(ValueError):
    """The tip cannot be made into a quiz (no short form, too few distractors)."""


@dataclass(frozen=True, slots=True)
class Quiz:
    """A quiz poll ready to send: ``options[correct_index]`` is the right answer.

    ``option_tip_ids`` names the tip behind each option, so whoever records the poll can
    tell later which principle a wrong answer confused with which.
    """

    tip_id: str
    kind: str  # SITUATION | PASSAGE
    question: str
    options: tuple[str, ...]
    correct_index: int
    explanation: str
    option_tip_ids: tuple[str, ...]


def tg_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` (``tg_len``), cut at a word boundary + "…".

    Only a single word longer than the whole limit is cut inside itself; no real tip has
    one, and a poll that fails to send would be worse.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    flat = " ".join(text.split())
    if tg_len(flat) <= limit:
        return flat
    words = flat.split(" ")
    kept: list[str] = []
    for word in words:
        candidate = " ".join([*kept, word]).rstrip(" ,;:.!?—–-")
        if tg_len(candidate + ELLIPSIS) > limit:
            break
        kept.append(word)
    head = " ".join(kept).rstrip(" ,;:.!?—–-")
    if not head:  # one enormous word: cut it by code points, still within the limit
        head = flat
        while head and tg_len(head + ELLIPSIS) > limit:
            head = head[:-1]
    return head + ELLIPSIS


def option_key(text: str) -> tuple[str, ...]:
    """What makes two options the same to a reader: their words, folded (case,
    diacritics, punctuation and spacing do not count)."""
    return tuple(normalize.tokens(text))


def _same(a: str, b: str) -> bool:
    return option_key(a) == option_key(b)


def quizzable(tip: Tip) -> bool:
    """Whether ``tip`` can be a quiz's right answer or a distractor: it needs a short form.

    Seed tips always have one (``python -m bot check``); a team tip joins quizzes once
    its team gives it one.
    """
    return bool(tip.short.strip())


def option_text(tip: Tip) -> str:
    """The tip's answer option: its short form, within Telegram's option limit."""
    return shorten(tip.short, MAX_OPTION)


def distractor_candidates(tip: Tip, pool: Sequence[Tip]) -> list[Tip]:
    """Tips that may stand beside ``tip`` as wrong answers, in a stable order (by id).

    A tip that shares a topic with ``tip`` is never one: it could be right as well.
    """
    right = option_text(tip)
    topics = set(tip.topics)
    out: list[Tip] = []
    for other in sorted(pool, key=lambda t: t.id):
        if other.id == tip.id or not quizzable(other) or topics & set(other.topics):
            continue
        if _same(option_text(other), right):
            continue
        out.append(other)
    return out


def situation_language(text: str) -> str | None:
    """The language a situation is written in, as a chat would read it: ``"vi"`` only
    with Vietnamese diacritics on most of its words, ``"en"`` when it reads as English,
    ``None`` for Vietnamese typed without diacritics (fine to search, not to quote)."""
    forms = normalize.token_forms(text)
    words = [(f, t) for f, t in forms if f.isalpha()]
    if not words:
        return None
    toned = sum(1 for f, t in words if f != t)
    if toned / len(words) >= MIN_TONED_SHARE:
        return "vi"
    if toned == 0 and reads_as_english(words):
        return "en"
    return None


def _situations(tip: Tip, lang: str = "vi") -> list[str]:
    """The tip's situations a chat in ``lang`` may be asked: a Vietnamese chat sees only
    Vietnamese written with diacritics, an English chat only English."""
    fit = [s for s in tip.situations if s.strip() and situation_language(s) == lang]
    told = [s for s in fit if len(s.split()) >= MIN_SITUATION_WORDS]
    return told or fit


def _hide_principle(passage: str, tip: Tip) -> str:
    """The passage with the principle's own wording blanked, so it does not give it away."""
    for phrase in (tip.principle.rstrip(" ."), tip.short.rstrip(" .")):
        if len(phrase) >= 15:
            passage = re.sub(re.escape(phrase), "___", passage, flags=re.IGNORECASE)
    return passage


# Where a sentence ends: its mark, any closing quote or bracket, then a space before a
# capital, a digit, an opening quote or a blank ("___", the hidden principle).
_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"’)»]*\s+")
_SENTENCE_START = re.compile(r"[“\"(«_]*[^\W_]", re.UNICODE)
# A period that ends an abbreviation, not a sentence: "L.L. Bean", "TP. HCM", "Mr. Smith".
_ABBREVIATION = re.compile(r"(?:^|\s)(?:(?:[A-ZĐ]\.)+|TP\.|Mr\.|Mrs\.|Ms\.|Dr\.|TS\.|ThS\.)$")


def sentences(text: str) -> list[str]:
    """``text`` on one line, as its sentences; joined with spaces they are ``text`` again."""
    flat = " ".join(text.split())
    out: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(flat):
        if _ABBREVIATION.search(flat, 0, end.start()):
            continue
        head = _SENTENCE_START.match(flat, end.end())
        if head is None or flat[end.end()] == "_" or head.group()[-1:].isupper() \
                or head.group()[-1:].isdigit():
            out.append(flat[start:end.end()].rstrip())
            start = end.end()
    if flat[start:]:
        out.append(flat[start:])
    return out


def _terms(text: str) -> tuple[set[str], set[tuple[str, str]]]:
    """Folded words and pairs of words: a Vietnamese word is often two syllables."""
    words = normalize.tokens(text)
    return set(words), set(itertools.pairwise(words))


def passage_window(passage: str, tip: Tip, room: int) -> str:
    """The run of whole sentences of ``passage`` within ``room`` that says most about the
    principle: the blank that hides it if shown, else the most of its words (pairs count
    double); then the longest such run (more context), then the earliest.

    When no sentence fits alone, the one that says most is shortened with "…".
    """
    parts = sentences(passage)
    whole = " ".join(parts)
    if tg_len(whole) <= room or not parts:
        return whole
    words, pairs = _terms(f"{tip.principle} {tip.short}")

    def says(text: str) -> int:
        have_words, have_pairs = _terms(text)
        return 1000 * ("___" in text) + 2 * len(pairs & have_pairs) + len(words & have_words)

    best: tuple[tuple[int, int, int], str] | None = None
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            text = " ".join(parts[i:j])
            if tg_len(text) > room:
                break
            key = (says(text), tg_len(text), -i)
            if best is None or key > best[0]:
                best = (key, text)
    if best is not None:
        return best[1]
    return shorten(max(parts, key=says), room)


def _fill(template: str, key: str, text: str, limit: int) -> str:
    """``template`` with ``{key}`` replaced by ``text``, shortened so the whole fits."""
    room = limit - tg_len(template.format(**{key: ""}))
    return template.format(**{key: shorten(text, max(room, 1))})


def question_text(tip: Tip, kind: str, rng: random.Random, strings: Strings = VI) -> str:
    """The question: one of the tip's situations, or its passage with the principle hidden."""
    if kind == SITUATION:
        situations = _situations(tip, strings.lang)
        if not situations:
            raise QuizError(f"tip {tip.id!r} has no situations in {strings.lang!r}")
        return _fill(strings.quiz_situation, "situation", rng.choice(situations), MAX_QUESTION)
    if kind == PASSAGE:
        template = strings.quiz_passage
        room = MAX_QUESTION - tg_len(template.format(passage=""))
        return template.format(passage=passage_window(_hide_principle(tip.passage, tip), tip,
                                                      max(room, 1)))
    raise ValueError(f"unknown quiz kind {kind!r}")


def explanation_text(tip: Tip, strings: Strings = VI) -> str:
    """Names the principle and its source within 200 characters.

    The full principle if it fits, else the short form (a whole sentence rather than a
    cut one); the source's full description, else its title, else its title shortened.
    """
    template = strings.quiz_explanation
    # One line: a team's principle or source may span several (Telegram refuses an
    # explanation with more than two line feeds, and the sentence reads as one anyway).
    full, short = _one_line(tip.principle), _one_line(tip.short or tip.principle)
    title = _one_line(tip.source.title)
    sources = [_one_line(tip.source.describe()), title]
    for principle in (full, short):
        for source in sources:
            text = template.format(principle=principle, source=source)
            if tg_len(text) <= MAX_EXPLANATION:
                return text
    principle = shorten(short, MAX_OPTION)
    room = MAX_EXPLANATION - tg_len(template.format(principle=principle, source=""))
    if room >= 10:
        return template.format(principle=principle, source=shorten(title, room))
    return shorten(template.format(principle=principle, source=title), MAX_EXPLANATION)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def build_quiz(tip: Tip, pool: Sequence[Tip], rng: random.Random, strings: Strings = VI, *,
               kind: str | None = None, options: int = DEFAULT_OPTIONS) -> Quiz:
    """A quiz about ``tip`` with distractors from ``pool`` (the chat's tips, seeds + team).

    ``kind`` is drawn from ``rng`` when not given: a situation most of the time when the
    tip has any, else its passage. Raises ``QuizError`` when the tip has no short form or
    the pool has fewer than two possible distractors.
    """
    if not quizzable(tip):
        raise QuizError(f"tip {tip.id!r} has no short form")
    if not 1 + MIN_DISTRACTORS <= options <= MAX_OPTIONS:
        raise ValueError(f"options must be {1 + MIN_DISTRACTORS}–{MAX_OPTIONS}")
    if kind is None:
        kind = (SITUATION if _situations(tip, strings.lang) and rng.random() < SITUATION_SHARE
                else PASSAGE)
    question = question_text(tip, kind, rng, strings)
    candidates = distractor_candidates(tip, pool)
    rng.shuffle(candidates)
    chosen: list[Tip] = []
    for other in candidates:
        if len(chosen) == options - 1:
            break
        if any(_same(option_text(other), option_text(c)) for c in chosen):
            continue
        chosen.append(other)
    if len(chosen) < MIN_DISTRACTORS:
        raise QuizError(f"tip {tip.id!r}: only {len(chosen)} distractor(s) in other topics")
    order = [tip, *chosen]
    rng.shuffle(order)
    quiz = Quiz(
        tip_id=tip.id,
        kind=kind,
        question=question,
        options=tuple(option_text(t) for t in order),
        correct_index=order.index(tip),
        explanation=explanation_text(tip, strings),
        option_tip_ids=tuple(t.id for t in order),
    )
    problems = limit_problems(quiz)
    if problems:  # a bug here, not bad input: every field was fitted above
        raise QuizError("; ".join(problems))
    return quiz


def limit_problems(quiz: Quiz) -> list[str]:
    """Every way ``quiz`` breaks the Bot API's quiz-poll limits (empty when it is valid)."""
    problems = []
    if not 1 <= tg_len(quiz.question) <= MAX_QUESTION:
        problems.append(f"question is {tg_len(quiz.question)} long, 1–{MAX_QUESTION} allowed")
    if not MIN_OPTIONS <= len(quiz.options) <= MAX_OPTIONS:
        problems.append(f"{len(quiz.options)} options, {MIN_OPTIONS}–{MAX_OPTIONS} allowed")
    for option in quiz.options:
        if not 1 <= tg_len(option) <= MAX_OPTION:
            problems.append(f"option {option!r} is {tg_len(option)} long, 1–{MAX_OPTION}")
    if len({option_key(o) for o in quiz.options}) != len(quiz.options):
        problems.append("two options are the same")
    if tg_len(quiz.explanation) > MAX_EXPLANATION:
        problems.append(f"explanation is {tg_len(quiz.explanation)} long, "
                        f"at most {MAX_EXPLANATION}")
    if quiz.explanation.count("\n") > 2:
        problems.append("explanation has more than 2 line feeds")
    if not 0 <= quiz.correct_index < len(quiz.options):
        problems.append("correct_index is not an option")
    return problems
