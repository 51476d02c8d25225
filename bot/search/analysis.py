"""Text analysis shared by the index and the query: terms, stemming, the lexicon.

Every query and every tip is reduced to folded syllables (``khach``, ``hang``) and
adjacent pairs (``khach_hang``), so diacritics, tone placement, case and underscores no
longer matter. Both sides go through the same functions here, so a word is spelled the
same way in the index and in a query.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from bot.text import normalize

# How a repaired or expanded word counts against one typed exactly.
WEIGHT_STEM, WEIGHT_TELEX, WEIGHT_SPLIT, WEIGHT_TYPO, WEIGHT_SYNONYM = 0.95, 0.95, 0.9, 0.75, 0.8

# A message with this many content words tells a story: its setting (the shop, the
# product, the people, the place) says little about what is asked.
STORY_WORDS = 16



def tells_story(toks: Sequence[Token]) -> bool:
    """Whether a message is long enough to be a story (``STORY_WORDS`` words that are
    not fillers): the one rule for marking its setting, weighing words nobody wrote
    about, and the relevance gate's ``story``."""
    return sum(1 for t in toks if not t.stop) >= STORY_WORDS


_EN_SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


@lru_cache(maxsize=65536)
def stem_en(token: str) -> str:
    """A light English stemmer (``customers`` → ``customer``, ``hiring`` → ``hir``).

    Safe on folded Vietnamese: no Vietnamese syllable ends in these suffixes, except
    Telex residue (``khachs``), which this turns into the right syllable anyway.
    """
    if len(token) <= 3 or not token.isascii() or not token.isalpha():
        return token
    if token.endswith("ly") and len(token) >= 7:
        # "differently" is "different", "regularly" "regular"; short words keep it
        # ("apply" is no "app", "reply" no "rep").
        return token[:-2]
    for suffix, repl in _EN_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            if suffix == "s" and token.endswith("ss"):
                return token
            return token[: -len(suffix)] + repl
    return token


def bigram(a: str, b: str) -> str:
    """The index term of two adjacent words."""
    return f"{a}_{b}"


def index_words(text: str) -> list[str]:
    """The words of ``text`` as the index holds them: folded and English-stemmed."""
    return [stem_en(f) for f, _ in normalize.token_forms(text)]


def terms(words: list[str]) -> Iterator[str]:
    """Each word followed by its pair with the next one, in text order."""
    for i, word in enumerate(words):
        yield word
        if i + 1 < len(words):
            yield bigram(word, words[i + 1])


def reads_as_english(forms: Iterable[tuple[str, str]]) -> bool:
    """No diacritics, and many words that cannot be Vietnamese syllables."""
    forms = list(forms)
    words = [f for f, t in forms if f.isalpha()]
    if not words or any(f != t for f, t in forms):
        return False
    foreign = sum(1 for w in words if not normalize.is_vietnamese_syllable(w))
    return foreign / len(words) >= 0.4


def as_typed(text: str) -> tuple[str, ...]:
    """A phrase's words as a message typed with diacritics is compared: a word with
    diacritics as written (lower case, tones canonical), any other folded and stemmed."""
    return tuple(stem_en(f) if t.isascii() else t for f, t in normalize.token_forms(text))


def _beside(lexicon_path: Path, name: str) -> dict[str, Any]:
    """A data table kept beside the lexicon (``seeds/<name>``); empty when absent, so a
    lexicon of one's own (tests, a team's) needs none."""
    path = lexicon_path.with_name(name)
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _paraphrase_table(lexicon_path: Path) -> list[list[str]]:
    """Everyday wordings of the tips' ideas (``paraphrases.toml``): synonym groups whose
    first entry is the tips' own phrase."""
    return [list(g) for g in _beside(lexicon_path, "paraphrases.toml").get("groups", [])]


def _outside_table(lexicon_path: Path) -> list[str]:
    """The long list of matters the articles skip (``outside.toml``): by subject
    (shipping, refunds, pay, tools…), each as written, as typed without diacritics or
    abbreviated, and in English."""
    return [p for subject in _beside(lexicon_path, "outside.toml").values()
            if isinstance(subject, dict)
            for key in ("vi", "folded", "en") for p in subject.get(key, [])]


@dataclass(slots=True)
class Lexicon:
    """Stopwords and synonym groups from ``seeds/lexicon.toml``.

    Stopwords are kept in two forms. Typed with diacritics (``đã``) a word is compared
    as typed; typed without (``da``) it counts as a stopword only if no real word of
    the corpus folds to the same letters (``đá``, ``tối đa``): folding must not turn a
    content word into a filler (see ``query.QueryAnalyzer``).
    """

    stop_toned: frozenset[str] = frozenset()
    stop_en: frozenset[str] = frozenset()
    stop_phrases: frozenset[tuple[str, ...]] = frozenset()  # toned multi-word fillers
    # folded phrase (tuple of tokens) -> index of its synonym group
    phrase_group: dict[tuple[str, ...], int] = field(default_factory=dict)
    groups: list[list[tuple[str, ...]]] = field(default_factory=list)
    max_phrase_len: int = 1
    # Folded phrases of customer-care matters the articles never cover (shipping fees,
    # refunds, pay, templates, software): a message about them is near the domain but
    # outside the tips, and the relevance gate weighs them (feature ``outside``).
    outside: frozenset[tuple[str, ...]] = frozenset()
    # The same phrases as written (words with diacritics as typed, others folded and
    # stemmed): a message typed with diacritics is compared this way, so "dịch vụ không"
    # is not "vu khống" (to slander) and "vẫn chuyển" not "vận chuyển".
    outside_toned: frozenset[tuple[str, ...]] = frozenset()
    # Folded phrases naming the parties of customer care (customers, staff, the boss,
    # the business, its service): a message naming none of them is rarely a question
    # the tips answer, however many of its syllables the articles happen to hold
    # ("thoi tiet ha noi"). The relevance gate weighs it (feature ``domain``).
    domain: frozenset[tuple[str, ...]] = frozenset()
    # A story's setting, as typed (lower case, tones canonical): kinds of shop, products,
    # family words, places ("tiệm bánh", "nồi chiên", "phụ huynh"). Ignored in a message
    # that tells a story (``STORY_WORDS``): a bakery matches a tip whose example is set
    # in a bakery, not the tip about what happened to the customer.
    setting: frozenset[tuple[str, ...]] = frozenset()
    # Folded phrases that ask for a fact rather than for advice: an amount, a time, a
    # place, which product, a form or template, what the law says ("bao nhiêu", "mấy
    # giờ", "mẫu", "đúng luật"). The articles give principles, so a question after a fact
    # is more often near the domain than in it; the gate weighs it (feature ``asks``).
    asks: frozenset[tuple[str, ...]] = frozenset()
    # folded synonym entry -> the entry as written (lower case, tones canonical)
    spellings: dict[tuple[str, ...], frozenset[tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        singles: set[str] = set()
        phrases: set[tuple[str, ...]] = set()
        for word in data.get("stopwords", []):
            forms = tuple(toned for _, toned in normalize.token_forms(word))
            if len(forms) == 1:
                singles.add(forms[0])
            elif forms:
                phrases.add(forms)
        stop_en = {t for w in data.get("stopwords_en", []) for t in normalize.tokens(w)}
        outside_phrases = [*data.get("outside", []), *_outside_table(path)]
        outside = frozenset(tuple(stem_en(t) for t in normalize.tokens(p))
                            for p in outside_phrases)
        outside_toned = frozenset(as_typed(p) for p in outside_phrases)
        domain = frozenset(tuple(stem_en(t) for t in normalize.tokens(p))
                           for p in data.get("domain", []))
        setting = frozenset(tuple(t for _, t in normalize.token_forms(p))
                            for p in data.get("setting", []))
        asks = frozenset(tuple(stem_en(t) for t in normalize.tokens(p))
                         for p in data.get("asks", []))
        lex = cls(stop_toned=frozenset(singles), stop_phrases=frozenset(phrases),
                  stop_en=frozenset(stop_en | {stem_en(w) for w in stop_en}),
                  outside=frozenset(p for p in outside if p),
                  outside_toned=frozenset(p for p in outside_toned if p),
                  domain=frozenset(p for p in domain if p),
                  setting=frozenset(p for p in setting if p),
                  asks=frozenset(p for p in asks if p))
        spelled: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        own = [*data.get("synonyms", []), *data.get("synonyms_more", [])]
        for n, group in enumerate([*own, *_paraphrase_table(path)]):
            written_group = [normalize.token_forms(phrase) for phrase in group]
            keys = [tuple(stem_en(f) for f, _ in written) for written in written_group]
            # An everyday wording joins the group its idea already has ("lạc hậu" to
            # "tụt hậu"); the lexicon's own groups keep the first claim on a phrase.
            joined = next((lex.phrase_group[k] for k in keys if k in lex.phrase_group),
                          None) if n >= len(own) else None
            target = len(lex.groups) if joined is None else joined
            members = [] if joined is None else lex.groups[joined]
            for written, toks in zip(written_group, keys, strict=True):
                if toks:
                    spelled.setdefault(toks, set()).add(tuple(t for _, t in written))
                if toks and toks not in lex.phrase_group:
                    lex.phrase_group[toks] = target
                    members.append(toks)
                    lex.max_phrase_len = max(lex.max_phrase_len, len(toks))
            if joined is None:
                lex.groups.append(members)
        lex.spellings = {k: frozenset(v) for k, v in spelled.items()}
        return lex

    def spelled_as(self, phrase: tuple[str, ...], window: Sequence[Token]) -> bool:
        """Whether ``window`` (the words of ``phrase``) is this synonym entry as typed:
        a word typed exactly with diacritics must carry the entry's ("mỗi" is not
        "mới", "lõi" not "lỗi", "tuyến" not "tuyển"); typed without, it may be any. In
        a phrase of several words one such word spelled right is enough, the others may
        be typos ("đổ lõi" is "đổ lỗi"; "bạn Hằng" is no "bán hàng")."""
        exact = [(j, t.toned) for j, t in enumerate(window)
                 if t.mult == 1.0 and not t.toned.isascii()]
        if not exact:
            return True
        forms = [f for f in self.spellings.get(phrase, ()) if len(f) == len(window)]
        if len(window) > 1:
            return any(form[j] == toned for form in forms for j, toned in exact)
        return any(all(form[j] == toned for j, toned in exact) for form in forms)


@dataclass(slots=True)
class Token:
    """One word of a query, as analysis and repair leave it."""

    word: str  # folded (and English-stemmed) form used for matching
    toned: str  # as typed, lower case, canonical tones
    mult: float = 1.0  # how sure we are of ``word`` (1.0 = typed exactly)
    known: bool = True
    stop: bool = False
    outside: bool = False  # part of a matter the articles never cover (Lexicon.outside)
    domain: bool = False  # names a party of customer care (Lexicon.domain)
    named: bool = False  # one of the articles' own names (query.mark_article_names)
    asks: bool = False  # part of a phrase asking for a fact (Lexicon.asks)
    told: bool = False  # in a story's telling, not its question (normalize.asking_sentence)
    # Other words it may stand for (a real-word typo seen through its neighbour), each
    # with how sure we are; the corpus decides which one matches.
    alts: tuple[tuple[str, float], ...] = ()

    def forms(self) -> list[tuple[str, float]]:
        return [(self.word, self.mult), *self.alts]


class Reading(NamedTuple):
    """A query as analysis leaves it. Whether it tells a story is decided once, before
    its setting is set aside (which leaves fewer words to count), and read from here by
    the ranking and the relevance gate alike."""

    tokens: list[Token]
    english: bool
    story: bool


__all__ = [
    "STORY_WORDS",
    "WEIGHT_SPLIT",
    "WEIGHT_STEM",
    "WEIGHT_SYNONYM",
    "WEIGHT_TELEX",
    "WEIGHT_TYPO",
    "Lexicon",
    "Reading",
    "Token",
    "as_typed",
    "bigram",
    "index_words",
    "reads_as_english",
    "stem_en",
    "tells_story",
    "terms",
]
