"""What a query says: its words after fillers are marked and typing mistakes repaired.

Fillers, names, a story's setting and the matters the lexicon knows are marked here;
words the corpus does not know are handed to ``repair`` (Telex and VNI residue, words
typed as one, typos).
"""

from __future__ import annotations

from itertools import pairwise

from bot.search.analysis import (
    STORY_WORDS,
    Lexicon,
    Reading,
    Token,
    bigram,
    reads_as_english,
    stem_en,
    tells_story,
)
from bot.search.repair import repair_pairs, repair_words
from bot.search.terms import Vocabulary
from bot.text import normalize
from bot.text.chatspeak import Chatspeak

MAX_QUERY_TOKENS = 48
# A foreign word held by at most this many tips is one of the articles' names.
ARTICLE_NAME_TIPS = 3
# Words a name follows (as typed, or folded when typed without diacritics).
TITLES = frozenset({"chị", "anh", "em", "cô", "chú", "bác", "ông", "bà", "bạn", "bé", "thầy",
                    "sếp", "khách", "chi", "co", "chu", "bac", "ong", "thay", "sep", "khach",
                    "mr", "ms", "mrs", "miss", "c", "a", "e"})


def read_as_written(text: str, chatspeak: Chatspeak | None, mixed: Chatspeak | None) -> str:
    """``text`` with chat shorthand written out and, in a Vietnamese sentence, the
    English workplace words staff mix in (``khách complain hoài``) read as the
    articles' Vietnamese concepts (``seeds/mixed.toml``).

    A message that reads as English keeps its words: the lexicon's synonym groups carry
    English to the articles already, and English word order says nothing about the
    Vietnamese phrase a mapped word would join. Tips' situations are read the same way,
    so a word means the same on both sides.
    """
    # Decided on the words as typed: shorthand written out ("vs" → "với") must not
    # make an English message look Vietnamese.
    mix = mixed is not None and bool(text) and not reads_as_english(normalize.token_forms(text))
    if chatspeak is not None:
        text = chatspeak.expand(text)
    if mix and mixed is not None:
        text = mixed.expand(text)
    return text


class QueryAnalyzer:
    """Turns a query into tokens: chat shorthand, fillers, repairs.

    Built once per corpus: which plain-typed words are fillers depends on the corpus
    (see ``Lexicon``), and a team's view shares its corpus's analyzer.
    """

    def __init__(self, lexicon: Lexicon, chatspeak: Chatspeak | None,
                 stop_plain: frozenset[str], mixed: Chatspeak | None = None,
                 toned: frozenset[str] = frozenset()) -> None:
        self.lexicon = lexicon
        self.chatspeak = chatspeak
        self.mixed = mixed
        self.stop_plain = stop_plain
        # The corpus's words as written (lower case, with diacritics): "Dũng" is a name,
        # though "dùng" folds to the same letters.
        self.toned = toned
        self._stop_phrases_folded = frozenset(
            tuple(normalize.fold(w) for w in p) for p in lexicon.stop_phrases)
        self._stop_phrase_sizes = sorted({len(p) for p in lexicon.stop_phrases})
        self._outside_sizes = sorted({len(p) for p in lexicon.outside | lexicon.outside_toned})
        self._domain_sizes = sorted({len(p) for p in lexicon.domain})
        self._asks_sizes = sorted({len(p) for p in lexicon.asks})
        # Typed without diacritics, a one-word setting counts only when no other word
        # of the tips folds to it ("ong" is "ông", but "sua" may be "sửa").
        content = {normalize.fold(w) for w in toned if (w,) not in lexicon.setting}
        self._setting_folded = frozenset(
            folded for folded in (tuple(normalize.fold(w) for w in p) for p in lexicon.setting)
            if len(folded) > 1 or folded[0] not in content)
        self._setting_sizes = sorted({len(p) for p in lexicon.setting})

    @classmethod
    def for_corpus(cls, lexicon: Lexicon, chatspeak: Chatspeak | None,
                   toned_words: set[str], mixed: Chatspeak | None = None) -> QueryAnalyzer:
        """Plain-typed fillers: a stopword's folded form, unless a content word of the
        corpus (``toned_words``, as typed) folds to the same letters."""
        content_folds = {normalize.fold(w) for w in toned_words if w not in lexicon.stop_toned}
        return cls(lexicon, chatspeak, frozenset(
            f for f in (normalize.fold(w) for w in lexicon.stop_toned) if f not in content_folds),
            mixed, frozenset(toned_words))

    def expand(self, text: str) -> str:
        """``text`` with chat shorthand written out, as the index reads it."""
        return read_as_written(text, self.chatspeak, self.mixed)

    def is_stop(self, folded: str, toned: str) -> bool:
        if toned != folded:  # typed with diacritics: compare as typed
            return toned in self.lexicon.stop_toned
        return folded in self.stop_plain

    def mark_setting(self, toks: list[Token]) -> None:
        """Ignore a story's setting (``Lexicon.setting``), compared as typed, or folded
        when typed without diacritics."""
        for t in typed_phrases(toks, self._setting_sizes, self._setting_folded,
                               self.lexicon.setting):
            t.stop = True

    def analyse(self, query: str, vocab: Vocabulary) -> Reading:
        """Query tokens after stopword marking and repair, whether it reads English, and
        whether it tells a story."""
        expanded = self.expand(query)
        forms = normalize.token_forms(expanded)[:MAX_QUERY_TOKENS]
        toks = [Token(stem_en(f), t) for f, t in forms]
        # Before names: "Hubspot" or "Zendesk" capitalised is still a matter the
        # articles skip, not a story's name to ignore.
        mark_outside(toks, self.lexicon, self._outside_sizes)
        mark_names(toks, normalize.capitalised_inside(expanded), vocab, self.toned)
        # Multi-word fillers ("làm sao", "như thế nào"), matched as typed or folded.
        for t in typed_phrases(toks, self._stop_phrase_sizes, self._stop_phrases_folded,
                               self.lexicon.stop_phrases):
            t.stop = True
        english = reads_as_english(forms)
        for t in toks:
            if not t.stop and (self.is_stop(t.word, t.toned)
                               or (english and t.toned in self.lexicon.stop_en)):
                t.stop = True
        story = tells_story(toks)
        if story:
            self.mark_setting(toks)
            for t, asking in zip(toks, normalize.asking_sentence(expanded), strict=False):
                t.told = not asking
        mark_asks(toks, self.lexicon.asks, self._asks_sizes)
        # Matters are marked as typed ("hoàn tiền" stays outside the articles when a
        # letter away "toàn" makes a phrase they use) and again once typos are repaired.
        mark_outside(toks, self.lexicon, self._outside_sizes)
        mark_domain(toks, self.lexicon.domain, self._domain_sizes)
        out = repair_words(toks, vocab, self.lexicon, self.is_stop)
        for t in out:
            t.known = t.word in vocab.word_set
        repair_pairs(out, vocab, self.toned)
        mark_outside(out, self.lexicon, self._outside_sizes)
        mark_domain(out, self.lexicon.domain, self._domain_sizes)
        mark_asks(out, self.lexicon.asks, self._asks_sizes)
        mark_article_names(out, vocab)
        return Reading(out, english, story)


def _phrases_at(toks: list[Token], phrases: frozenset[tuple[str, ...]],
                sizes: list[int]) -> list[Token]:
    """The tokens inside any of ``phrases`` (folded words, fillers included)."""
    words = [t.word for t in toks]
    return [t for size in sizes for i in range(len(toks) - size + 1)
            if tuple(words[i : i + size]) in phrases for t in toks[i : i + size]]


def typed_phrases(toks: list[Token], sizes: list[int], folded: frozenset[tuple[str, ...]],
                  toned: frozenset[tuple[str, ...]], *,
                  english_folded: bool = False) -> list[Token]:
    """The tokens inside any phrase of a table, compared as the words were typed: folded
    when typed without diacritics, else as written (with ``english_folded``, a word in
    plain letters is compared folded and stemmed either way). The one rule for every
    table a message is matched against as typed: fillers, a story's setting, matters
    the articles skip."""
    def plainly(t: Token) -> bool:
        return t.toned == t.word or (english_folded and t.toned.isascii())

    found: list[Token] = []
    for size in sizes:
        for i in range(len(toks) - size + 1):
            window = toks[i : i + size]
            if all(plainly(t) for t in window):
                hit = tuple(t.word for t in window) in folded
            else:
                hit = tuple(t.word if plainly(t) and english_folded else t.toned
                            for t in window) in toned
            if hit:
                found.extend(window)
    return found


def mark_outside(toks: list[Token], lexicon: Lexicon, sizes: list[int]) -> None:
    """Mark the words of matters the articles never cover ("phí ship", "hoàn tiền"):
    "dịch vụ không" typed with diacritics is no "vu khống"; an English or plain word is
    compared folded either way."""
    for t in typed_phrases(toks, sizes, lexicon.outside, lexicon.outside_toned,
                           english_folded=True):
        t.outside = True


def mark_article_names(toks: list[Token], vocab: Vocabulary) -> None:
    """Names and terms only a few tips hold that no Vietnamese syllable spells
    (``Threadless``, ``Disney``, ``Fegarty``) are the articles' own matters: asking
    about one is a question about the articles, as much as naming the customers."""
    postings = vocab.postings
    for t in toks:
        if (t.known and not t.stop and not t.outside
                and not normalize.is_vietnamese_syllable(t.word)
                and len(postings.get(t.word, ())) <= ARTICLE_NAME_TIPS):
            t.named = True


def mark_asks(toks: list[Token], asks: frozenset[tuple[str, ...]], sizes: list[int]) -> None:
    """Mark the words of a question after a fact ("bao nhiêu", "cách tính", "đúng luật"),
    fillers included: they are what makes it one. Not in a story's telling ("the
    hotel's rule says…"), and not when "cũng" follows, which makes it "any" rather than
    "which": "học chỗ nào cũng vậy" asks nothing."""
    words = [t.word for t in toks]
    for size in sizes:
        for i in range(len(toks) - size + 1):
            window = toks[i : i + size]
            if (tuple(words[i : i + size]) in asks and not any(t.told for t in window)
                    and not _any_at(words, i + size)):
                for t in window:
                    t.asks = True


def _any_at(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is the "cũng" of "nào cũng" (not the "cung" of "cung cấp")."""
    return (i < len(words) and words[i] == "cung"
            and (i + 1 >= len(words) or words[i + 1] != "cap"))


def mark_domain(toks: list[Token], domain: frozenset[tuple[str, ...]],
                sizes: list[int]) -> None:
    """Mark the words naming a party of customer care ("khách", "nhân viên", "sếp")."""
    for t in _phrases_at(toks, domain, sizes):
        t.domain = True


def mark_names(toks: list[Token], capitalised: list[bool], vocab: Vocabulary,
               toned: frozenset[str] = frozenset()) -> None:
    """Names in a story (``chị Hạnh``, ``tiệm Mộc Lan ở Đà Lạt``, ``Butter House``) say
    nothing about what is asked: capitalised words inside a sentence are ignored unless
    the articles use them (``Jan Carlzon``, ``Disney``, ``UX``).

    A run of such words is kept when one of its word pairs stands in a tip; a single
    capitalised word when it is a corpus word, as written when typed with diacritics
    ("Dũng" is not "dùng") and folded otherwise.
    """
    if len(capitalised) < len(toks):
        return
    postings, known = vocab.postings, vocab.word_set
    story = len(toks) >= STORY_WORDS
    i = 0
    while i < len(toks):
        if not capitalised[i]:
            i += 1
            continue
        j = i
        while j < len(toks) and capitalised[j]:
            j += 1
        run = toks[i:j]
        if len(run) == 1:
            one = run[0]
            corpus_name = (one.toned in toned if toned and one.toned != one.word
                           else one.word in known)
        else:
            corpus_name = any(bigram(a.word, b.word) in postings for a, b in pairwise(run))
        # A person's or a shop's name follows its title ("chị Hạnh", "anh Tùng"), and a
        # story is full of names; otherwise a name nobody wrote about is most likely
        # what is asked about ("dùng Slack hay Teams"): it stays, as a word no tip holds.
        titled = i > 0 and (toks[i - 1].toned in TITLES or toks[i - 1].word in TITLES)
        if not corpus_name and (titled or story or any(t.word in known for t in run)):
            for t in run:
                t.stop = t.stop or not t.outside
        i = j


__all__ = ["ARTICLE_NAME_TIPS", "MAX_QUERY_TOKENS", "QueryAnalyzer", "mark_article_names",
           "mark_asks", "mark_domain", "mark_names", "mark_outside", "read_as_written",
           "typed_phrases"]
