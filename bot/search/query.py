"""What a query says: its words after fillers are marked and typing mistakes repaired.

Query words the corpus does not know are repaired in order of how certain the repair
is: English stems, Telex residue, two words typed as one, then a one- or two-letter
typo against the corpus vocabulary. Repairs read the vocabulary only through
``terms.Vocabulary``, so a team's view repairs against its own tips too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.search.analysis import (
    STORY_WORDS,
    WEIGHT_SPLIT,
    WEIGHT_TELEX,
    WEIGHT_TYPO,
    Lexicon,
    Token,
    bigram,
    reads_as_english,
    stem_en,
)
from bot.search.terms import Vocabulary
from bot.text import normalize
from bot.text.chatspeak import Chatspeak

MAX_QUERY_TOKENS = 48
# Words typed without spaces are split into at most this many.
SPLIT_PARTS = 4
# A foreign word held by at most this many tips is one of the articles' names.
ARTICLE_NAME_TIPS = 3
_DOUBLED_RE = re.compile(r"(\w)\1+")
_FINALS = frozenset("ctmnp")
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
        self._outside_sizes = sorted({len(p) for p in lexicon.outside})
        self._domain_sizes = sorted({len(p) for p in lexicon.domain})
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
        for size in self._setting_sizes:
            for i in range(len(toks) - size + 1):
                window = toks[i : i + size]
                plain = all(t.toned == t.word for t in window)
                key = tuple(t.word if plain else t.toned for t in window)
                if key in (self._setting_folded if plain else self.lexicon.setting):
                    for t in window:
                        t.stop = True

    def analyse(self, query: str, vocab: Vocabulary) -> tuple[list[Token], bool]:
        """Query tokens after stopword marking and repair, and whether it reads English."""
        expanded = self.expand(query)
        forms = normalize.token_forms(expanded)[:MAX_QUERY_TOKENS]
        toks = [Token(stem_en(f), t) for f, t in forms]
        # Before names: "Hubspot" or "Zendesk" capitalised is still a matter the
        # articles skip, not a story's name to ignore.
        mark_outside(toks, self.lexicon.outside, self._outside_sizes)
        mark_names(toks, normalize.capitalised_inside(expanded), vocab, self.toned)
        # Multi-word fillers ("làm sao", "như thế nào"), matched as typed or folded.
        stop_phrases = self.lexicon.stop_phrases
        for size in self._stop_phrase_sizes:
            for i in range(len(toks) - size + 1):
                window = toks[i : i + size]
                plain = all(t.toned == t.word for t in window)
                key = tuple(t.word if plain else t.toned for t in window)
                if key in (self._stop_phrases_folded if plain else stop_phrases):
                    for t in window:
                        t.stop = True
        english = reads_as_english(forms)
        for t in toks:
            if not t.stop and (self.is_stop(t.word, t.toned)
                               or (english and t.toned in self.lexicon.stop_en)):
                t.stop = True
        if sum(1 for t in toks if not t.stop) >= STORY_WORDS:
            self.mark_setting(toks)
        # Matters are marked as typed ("hoàn tiền" stays outside the articles when a
        # letter away "toàn" makes a phrase they use) and again once typos are repaired.
        mark_outside(toks, self.lexicon.outside, self._outside_sizes)
        mark_domain(toks, self.lexicon.domain, self._domain_sizes)
        out = repair_words(toks, vocab, self.lexicon, self.is_stop)
        for t in out:
            t.known = t.word in vocab.word_set
        repair_pairs(out, vocab)
        mark_outside(out, self.lexicon.outside, self._outside_sizes)
        mark_domain(out, self.lexicon.domain, self._domain_sizes)
        mark_article_names(out, vocab)
        return out, english


def _phrases_at(toks: list[Token], phrases: frozenset[tuple[str, ...]],
                sizes: list[int]) -> list[Token]:
    """The tokens inside any of ``phrases`` (folded words, fillers included)."""
    words = [t.word for t in toks]
    return [t for size in sizes for i in range(len(toks) - size + 1)
            if tuple(words[i : i + size]) in phrases for t in toks[i : i + size]]


def mark_outside(toks: list[Token], outside: frozenset[tuple[str, ...]],
                 sizes: list[int]) -> None:
    """Mark the words of matters the articles never cover ("phí ship", "hoàn tiền")."""
    for t in _phrases_at(toks, outside, sizes):
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


def repair_words(toks: list[Token], vocab: Vocabulary, lexicon: Lexicon,
                 is_stop: Callable[[str, str], bool]) -> list[Token]:
    """Replace unknown tokens by the known word(s) they most likely stand for."""
    known = vocab.word_set
    out: list[Token] = []
    for i, tok in enumerate(toks):
        if tok.stop or tok.word in known or (tok.word,) in lexicon.phrase_group:
            out.append(tok)
            continue
        raw = tok.toned if tok.toned.isascii() else normalize.fold(tok.toned)
        telex = normalize.decode_telex(raw)
        if telex != raw and telex in known:
            out.append(Token(telex, tok.toned, WEIGHT_TELEX, stop=is_stop(telex, telex)))
            continue
        single = _DOUBLED_RE.sub(r"\1", raw)
        if single != raw and single in known:
            # A key held too long ("vuu", "nhữngg"), once Telex could not read it.
            out.append(Token(single, tok.toned, WEIGHT_TELEX, stop=is_stop(single, single)))
            continue
        split = split_word(tok.word, vocab)
        if split:
            out.extend(Token(w, w, WEIGHT_SPLIT) for w in split)
            continue
        prev = toks[i - 1].word if i > 0 else None
        nxt = toks[i + 1].word if i + 1 < len(toks) else None
        if tok.toned != tok.word and normalize.is_vietnamese_syllable(tok.word):
            # Typed with diacritics and well formed: a word we lack ("bánh"), unless
            # its final consonant slipped (c/t, as speech confuses them) into a phrase
            # the tips use with its neighbour ("tô son trác phấn" → "trát phấn").
            fixed = final_slip(tok.word, prev, nxt, vocab)
            if fixed:
                out.append(Token(fixed, tok.toned, WEIGHT_TYPO, outside=tok.outside,
                                 domain=tok.domain))
            else:
                tok.known = False
                out.append(tok)
            continue
        fixed = typo(tok.word, prev, nxt, vocab)
        if not fixed and raw != tok.word and raw.isalpha():
            # The stemmer cut a typo's ending ("threadles" → "threadl"): try it whole.
            fixed = typo(raw, prev, nxt, vocab)
        if fixed:
            out.append(Token(fixed, tok.toned, WEIGHT_TYPO, outside=tok.outside,
                             domain=tok.domain))
        else:
            tok.known = False
            out.append(tok)
    return out


def repair_pairs(toks: list[Token], vocab: Vocabulary) -> None:
    """Offer a real-word typo's fix through its neighbour: ``trung thàn`` → ``thành``.

    ``thàn`` is a valid syllable, so only the pair reveals the typo: no tip says
    "trung than", many say "trung thanh". The fix is added as an alternative, not a
    replacement, because a pair missing from the corpus may be a correct phrase the
    articles just never use ("tuyển nhân viên" must not become "luyện nhân viên").
    """
    for j in range(len(toks) - 1):
        a, b = toks[j], toks[j + 1]
        if a.stop or b.stop or not (a.known and b.known):
            continue
        if bigram(a.word, b.word) in vocab.postings:
            continue
        fixed = fuzzy_pair(a.word, b.word, vocab)
        if fixed is None:
            continue
        left, right = fixed.split("_", 1)
        if left == a.word and right != b.word:
            b.alts = (*b.alts, (right, min(b.mult, WEIGHT_TYPO)))
        elif right == b.word and left != a.word:
            a.alts = (*a.alts, (left, min(a.mult, WEIGHT_TYPO)))


def split_word(word: str, vocab: Vocabulary) -> list[str] | None:
    """Words typed without the spaces between them (``khachhang``, up to four:
    ``chamsockhachhang``), each next to the other in some tip."""
    if not 5 <= len(word) <= 40 or not word.isascii():
        return None
    return _split(word, None, vocab, SPLIT_PARTS)


def _split(rest: str, before: str | None, vocab: Vocabulary, parts: int) -> list[str] | None:
    """``rest`` as 1 to ``parts`` corpus words, each pair of them (and ``before`` with
    the first) standing together in some tip; the shortest first word that works."""
    known, postings = vocab.word_set, vocab.postings
    if before is not None and rest in known and bigram(before, rest) in postings:
        return [rest]
    if parts < 2:
        return None
    for cut in range(2, len(rest) - 1):
        left = rest[:cut]
        if left not in known or (before is not None and bigram(before, left) not in postings):
            continue
        tail = _split(rest[cut:], left, vocab, parts - 1)
        if tail:
            return [left, *tail]
    return None


def final_slip(word: str, prev: str | None, nxt: str | None, vocab: Vocabulary) -> str | None:
    """``word`` with its final consonant changed (c/t/m/n/p) into a word that stands in
    a tip beside ``prev`` or ``nxt``: the most common such word. No scan of the
    vocabulary: there are at most four candidates."""
    if len(word) < 2 or word[-1] not in _FINALS:
        return None
    known, postings = vocab.word_set, vocab.postings
    fits = [c for c in (word[:-1] + f for f in sorted(_FINALS) if f != word[-1])
            if c in known and ((prev and bigram(prev, c) in postings)
                               or (nxt and bigram(c, nxt) in postings))]
    return max(fits, key=lambda c: len(postings[c])) if fits else None


def typo(word: str, prev: str | None, nxt: str | None, vocab: Vocabulary) -> str | None:
    """The corpus word one or two edits away, preferring one that fits its neighbours.

    Vietnamese syllables are short and most one-letter changes give another real
    syllable (``vàng`` → ``bảng``), so a short word is only repaired when the
    repair forms a word pair the corpus actually contains.
    """
    if len(word) < 3 or not word.isascii() or not word.isalpha():
        return None
    limit = 1 if len(word) < 8 else 2
    candidates = process.extract(word, vocab.words(), scorer=OSA.distance,
                                 score_cutoff=limit, limit=12)
    if not candidates:
        return None
    postings = vocab.postings
    in_context = [
        c for c, _, _ in candidates
        if (prev and bigram(prev, c) in postings) or (nxt and bigram(c, nxt) in postings)
    ]
    if in_context:
        return max(in_context, key=lambda c: len(postings[c]))
    if len(word) >= 6:
        best = min(candidates, key=lambda c: (c[1], -len(postings[c[0]])))
        return best[0]
    return None


def fuzzy_pair(a: str, b: str, vocab: Vocabulary) -> str | None:
    """A corpus word pair one letter away (``khac_hang`` → ``khach_hang``).

    Only pairs sharing one word exactly are candidates, so the scan covers the pairs
    of two words, not the whole vocabulary.
    """
    term = bigram(a, b)
    if len(term) < 9:  # short pairs are a letter away from too many others
        return None
    candidates = [*vocab.pairs_of("L", a), *vocab.pairs_of("R", b)]
    if not candidates:
        return None
    best = process.extractOne(term, candidates, scorer=OSA.distance, score_cutoff=1)
    return best[0] if best else None


__all__ = ["ARTICLE_NAME_TIPS", "MAX_QUERY_TOKENS", "QueryAnalyzer", "fuzzy_pair",
           "mark_article_names", "mark_domain", "mark_names", "mark_outside", "read_as_written",
           "repair_pairs", "repair_words", "split_word", "typo"]
