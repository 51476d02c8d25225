"""Search over tips: forgiving of how Vietnamese users type, strict about relevance.

Every query and every tip is reduced to folded syllables (``khach``, ``hang``) and
adjacent pairs (``khach_hang``), so diacritics, tone placement, case and underscores no
longer matter. Query words the corpus does not know are repaired in order of how
certain the repair is: English stems, Telex residue, two words typed as one, then a
one- or two-letter typo against the corpus vocabulary. Synonym groups from
``seeds/lexicon.toml`` let a paraphrase or an English word meet the article's wording.

Ranking is BM25 over weighted fields. Relevance is a separate question: how much of
what the user asked about is found in the tip. Query words nobody wrote about (``phở``,
``bitcoin``) weigh heavily against it, so off-topic queries return nothing instead of
the least bad tip.
"""

from __future__ import annotations

import math
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot import textnorm
from bot.chatspeak import Chatspeak
from bot.corpus import Article, Corpus, Tip

# Field weights: what a tip is *about* (principle, tags) counts more than the words of
# the passage, and far more than the surrounding article text attributed to it.
FIELD_WEIGHTS = {"principle": 2.0, "tags": 2.5, "passage": 1.0, "title": 0.6, "context": 0.5,
                 "situations": 1.0}
K1, B = 1.2, 0.5
BIGRAM_BOOST = 1.5
# How a repaired or expanded word counts against one typed exactly.
WEIGHT_STEM, WEIGHT_TELEX, WEIGHT_SPLIT, WEIGHT_TYPO, WEIGHT_SYNONYM = 0.95, 0.95, 0.9, 0.75, 0.8
# A tip is relevant when at least this share of the query (by weight) is found in it.
MIN_CONFIDENCE = 0.4
MIN_CONFIDENCE_LONG = 0.35
# Share of relevance that depends on the query's word pairs standing together in a tip.
PAIR_SHARE = 0.3
MAX_QUERY_TOKENS = 48


@dataclass(frozen=True, slots=True)
class Hit:
    tip: Tip
    # How likely this tip is a right answer, 0–1: a model fitted on the development
    # queries (``seeds/relevance.toml``), so 0.8 means about 8 in 10 such hits were right.
    score: float
    rank_score: float  # BM25, for ordering only


@dataclass(slots=True)
class Lexicon:
    """Stopwords and synonym groups from ``seeds/lexicon.toml``.

    Stopwords are kept in two forms. Typed with diacritics (``đã``) a word is compared
    as typed; typed without (``da``) it counts as a stopword only if no real word of
    the corpus folds to the same letters (``đá``, ``tối đa``): folding must not turn a
    content word into a filler.
    """

    stop_toned: frozenset[str] = frozenset()
    stop_en: frozenset[str] = frozenset()
    stop_phrases: frozenset[tuple[str, ...]] = frozenset()  # toned multi-word fillers
    # folded phrase (tuple of tokens) -> index of its synonym group
    phrase_group: dict[tuple[str, ...], int] = field(default_factory=dict)
    groups: list[list[tuple[str, ...]]] = field(default_factory=list)
    max_phrase_len: int = 1

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        singles: set[str] = set()
        phrases: set[tuple[str, ...]] = set()
        for word in data.get("stopwords", []):
            forms = tuple(toned for _, toned in textnorm.token_forms(word))
            if len(forms) == 1:
                singles.add(forms[0])
            elif forms:
                phrases.add(forms)
        stop_en = {t for w in data.get("stopwords_en", []) for t in textnorm.tokens(w)}
        lex = cls(stop_toned=frozenset(singles), stop_phrases=frozenset(phrases),
                  stop_en=frozenset(stop_en | {stem_en(w) for w in stop_en}))
        for group in [*data.get("synonyms", []), *data.get("synonyms_more", [])]:
            members = []
            for phrase in group:
                toks = tuple(stem_en(t) for t in textnorm.tokens(phrase))
                if toks and toks not in lex.phrase_group:
                    lex.phrase_group[toks] = len(lex.groups)
                    members.append(toks)
                    lex.max_phrase_len = max(lex.max_phrase_len, len(toks))
            lex.groups.append(members)
        return lex


_EN_SUFFIXES = (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


@lru_cache(maxsize=65536)
def stem_en(token: str) -> str:
    """A light English stemmer (``customers`` → ``customer``, ``hiring`` → ``hir``).

    Safe on folded Vietnamese: no Vietnamese syllable ends in these suffixes, except
    Telex residue (``khachs``), which this turns into the right syllable anyway.
    """
    if len(token) <= 3 or not token.isascii() or not token.isalpha():
        return token
    for suffix, repl in _EN_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            if suffix == "s" and token.endswith("ss"):
                return token
            return token[: -len(suffix)] + repl
    return token


def _bigram(a: str, b: str) -> str:
    return f"{a}_{b}"


class _Scored(Hit):
    """A hit before the relevance cut, which ``near`` ignores."""

    __slots__ = ("features", "relevant")
    features: dict[str, float]
    relevant: bool

    def __init__(self, tip: Tip, score: float, rank_score: float, relevant: bool,
                 features: dict[str, float] | None = None) -> None:
        super().__init__(tip, score, rank_score)
        object.__setattr__(self, "relevant", relevant)
        object.__setattr__(self, "features", features or {})


@dataclass(frozen=True, slots=True)
class RelevanceModel:
    """A logistic model over a hit's evidence: the chance the hit is a right answer.

    Coverage alone punished long chatty messages (fillers and names count against it)
    and let short off-topic ones through; the model weighs coverage with the evidence
    found, the words nobody wrote about, the length and the lead over the next tip.
    Fitted by ``bench/calibrate.py``; ``answer`` is the probability at which the top
    hit is worth sending, ``show`` the one at which further hits are listed.
    """

    weights: dict[str, float]
    bias: float
    mean: dict[str, float]
    scale: dict[str, float]
    # The gate: from the top hit's evidence, the chance the message asks something the
    # tips answer at all (a wrong top hit of an on-topic question still deserves the list).
    gate_weights: dict[str, float]
    gate_bias: float
    answer: float = 0.5
    show: float = 0.3

    @classmethod
    def load(cls, path: Path) -> RelevanceModel | None:
        if not path.exists():
            return None
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        return cls(dict(data["weights"]), float(data["bias"]), dict(data["mean"]),
                   dict(data["scale"]), dict(data["gate_weights"]), float(data["gate_bias"]),
                   float(data.get("answer", 0.5)), float(data.get("show", 0.3)))

    def probability(self, features: dict[str, float]) -> float:
        """The chance this hit is a right answer."""
        return self._logistic(self.weights, self.bias, features)

    def answerable(self, top: dict[str, float]) -> float:
        """The chance the message is a question the tips answer."""
        return self._logistic(self.gate_weights, self.gate_bias, top)

    def _logistic(self, weights: dict[str, float], bias: float,
                  features: dict[str, float]) -> float:
        z = bias
        for name, w in weights.items():
            z += w * (features.get(name, 0.0) - self.mean[name]) / self.scale[name]
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(slots=True)
class _Unit:
    """One thing the user asked about, with the alternative terms that satisfy it."""

    weight: float  # how much this unit counts in relevance
    alternatives: list[tuple[tuple[str, ...], float]]  # (terms, multiplier)
    pair: bool = False  # a word pair: evidence of phrasing, not of topic


@dataclass(slots=True)
class _Token:
    word: str  # folded (and English-stemmed) form used for matching
    toned: str  # as typed, lower case, canonical tones
    mult: float = 1.0  # how sure we are of ``word`` (1.0 = typed exactly)
    known: bool = True
    stop: bool = False
    # Other words it may stand for (a real-word typo seen through its neighbour), each
    # with how sure we are; the corpus decides which one matches.
    alts: tuple[tuple[str, float], ...] = ()

    def forms(self) -> list[tuple[str, float]]:
        return [(self.word, self.mult), *self.alts]


class SearchIndex:
    """An inverted index over tips, built once at start-up (milliseconds)."""

    def __init__(self, tips: Sequence[Tip], lexicon: Lexicon,
                 context: dict[str, list[str]] | None = None,
                 chatspeak: Chatspeak | None = None) -> None:
        self.tips = list(tips)
        self.lexicon = lexicon
        self.chatspeak = chatspeak
        self.model: RelevanceModel | None = None
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        self.doc_len: list[float] = []
        toned_vocab: set[str] = set()
        context = context or {}
        self.context = context
        for doc, tip in enumerate(self.tips):
            fields = {
                "principle": [tip.principle],
                "passage": [tip.passage],
                "tags": [*tip.tags, *tip.tags_en],
                "title": [tip.source.title, tip.source.author, tip.source.publisher],
                "context": context.get(tip.id, []),
                "situations": [self.expand(t) for t in tip.situations],
            }
            length = 0.0
            for name, texts in fields.items():
                weight = FIELD_WEIGHTS[name]
                for text in texts:
                    forms = textnorm.token_forms(text)
                    toned_vocab.update(t for _, t in forms)
                    toks = [stem_en(f) for f, _ in forms]
                    length += weight * len(toks)
                    for term in self._terms(toks):
                        post = self.postings[term]
                        post[doc] = post.get(doc, 0.0) + weight
            self.doc_len.append(length)
        # Plain-typed fillers: a stopword's folded form, unless a content word of the
        # corpus folds to the same letters.
        content_folds = {textnorm.fold(w) for w in toned_vocab if w not in lexicon.stop_toned}
        self._derive(frozenset(
            f for f in (textnorm.fold(w) for w in lexicon.stop_toned) if f not in content_folds
        ))

    @classmethod
    def restore(cls, tips: Sequence[Tip], lexicon: Lexicon, context: dict[str, list[str]],
                chatspeak: Chatspeak | None, model: RelevanceModel | None,
                postings: dict[str, dict[int, float]], doc_len: list[float],
                stop_plain: frozenset[str]) -> SearchIndex:
        """An index from what building it found (``bot.searchcache``): the same index
        without reading every tip and article again."""
        index = cls.__new__(cls)
        index.tips, index.lexicon, index.chatspeak = list(tips), lexicon, chatspeak
        index.context, index.model = context, model
        index.postings = postings  # a defaultdict, as built
        index.doc_len = doc_len
        index._derive(stop_plain)
        return index

    def _derive(self, stop_plain: frozenset[str]) -> None:
        """What follows from the postings: statistics, sorted words, pairs by word."""
        self.n_docs = max(1, len(self.tips))
        self.avg_len = (sum(self.doc_len) / len(self.doc_len)) if self.doc_len else 1.0
        # A term's idf depends only on how many tips hold it: one log per count, not per term.
        by_count = [self.idf_of(df) for df in range(len(self.tips) + 1)]
        self.idf = dict(zip(self.postings, map(by_count.__getitem__,
                                               map(len, self.postings.values())), strict=True))
        self.unknown_idf = self.idf_of(0)
        self.unigrams = sorted(t for t in self.postings if "_" not in t)
        self.unigram_set = frozenset(self.unigrams)
        self.bigrams = sorted(t for t in self.postings if "_" in t)
        self._pairs_by_word: dict[tuple[str, str], list[str]] = defaultdict(list)
        for pair in self.bigrams:
            left, right = pair.split("_", 1)
            self._pairs_by_word[("L", left)].append(pair)
            self._pairs_by_word[("R", right)].append(pair)
        self.stop_plain = stop_plain
        lexicon = self.lexicon
        self._stop_phrases_folded = frozenset(
            tuple(textnorm.fold(w) for w in p) for p in lexicon.stop_phrases)
        self._stop_phrase_sizes = sorted({len(p) for p in lexicon.stop_phrases})
        # Terms in (nearly) every tip rank nothing; skipping them keeps a query about
        # "khách hàng" from scoring the whole corpus.
        self.min_idf = self.idf_of(int(self.n_docs * 0.6))

    def expand(self, text: str) -> str:
        """``text`` with chat shorthand written out, as the index reads it."""
        return self.chatspeak.expand(text) if self.chatspeak else text

    def idf_of(self, df: int) -> float:
        return math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    @staticmethod
    def _terms(toks: list[str]) -> Iterable[str]:
        for i, tok in enumerate(toks):
            yield tok
            if i + 1 < len(toks):
                yield _bigram(tok, toks[i + 1])

    # --- query side ---------------------------------------------------------------
    def _is_stop(self, folded: str, toned: str) -> bool:
        if toned != folded:  # typed with diacritics: compare as typed
            return toned in self.lexicon.stop_toned
        return folded in self.stop_plain

    def _analyse_query(self, query: str) -> tuple[list[_Token], bool]:
        """Query tokens after stopword marking and repair, and whether it reads English."""
        forms = textnorm.token_forms(self.expand(query))[:MAX_QUERY_TOKENS]
        toks = [_Token(stem_en(f), t) for f, t in forms]
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
        english = self._reads_as_english(forms)
        for t in toks:
            if not t.stop and (self._is_stop(t.word, t.toned)
                               or (english and t.toned in self.lexicon.stop_en)):
                t.stop = True
        out = self._repair_all(toks)
        for t in out:
            t.known = t.word in self.unigram_set
        self._repair_pairs(out)
        return out, english

    def _repair_pairs(self, toks: list[_Token]) -> None:
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
            if _bigram(a.word, b.word) in self.postings:
                continue
            fixed = self._fuzzy_bigram(a.word, b.word)
            if fixed is None:
                continue
            left, right = fixed.split("_", 1)
            if left == a.word and right != b.word:
                b.alts = (*b.alts, (right, min(b.mult, WEIGHT_TYPO)))
            elif right == b.word and left != a.word:
                a.alts = (*a.alts, (left, min(a.mult, WEIGHT_TYPO)))

    @staticmethod
    def _reads_as_english(forms: list[tuple[str, str]]) -> bool:
        """No diacritics, and many words that cannot be Vietnamese syllables."""
        words = [f for f, t in forms if f.isalpha()]
        if not words or any(f != t for f, t in forms):
            return False
        foreign = sum(1 for w in words if not textnorm.is_vietnamese_syllable(w))
        return foreign / len(words) >= 0.4

    def _repair_all(self, toks: list[_Token]) -> list[_Token]:
        """Replace unknown tokens by the known word(s) they most likely stand for."""
        known = self.unigram_set
        out: list[_Token] = []
        for i, tok in enumerate(toks):
            if tok.stop or tok.word in known or (tok.word,) in self.lexicon.phrase_group:
                out.append(tok)
                continue
            raw = tok.toned if tok.toned.isascii() else textnorm.fold(tok.toned)
            telex = textnorm.decode_telex(raw)
            if telex != raw and telex in known:
                out.append(_Token(telex, tok.toned, WEIGHT_TELEX,
                                  stop=self._is_stop(telex, telex)))
                continue
            split = self._split(tok.word)
            if split:
                out.extend(_Token(w, w, WEIGHT_SPLIT) for w in split)
                continue
            if tok.toned != tok.word and textnorm.is_vietnamese_syllable(tok.word):
                # Typed with diacritics and well formed: a word we lack, not a typo.
                tok.known = False
                out.append(tok)
                continue
            prev = toks[i - 1].word if i > 0 else None
            nxt = toks[i + 1].word if i + 1 < len(toks) else None
            fixed = self._typo(tok.word, prev, nxt)
            if fixed:
                out.append(_Token(fixed, tok.toned, WEIGHT_TYPO))
            else:
                tok.known = False
                out.append(tok)
        return out

    def _split(self, word: str) -> list[str] | None:
        """Two words typed without the space between them (``khachhang``)."""
        if len(word) < 5 or not word.isascii():
            return None
        for cut in range(2, len(word) - 1):
            left, right = word[:cut], word[cut:]
            if left in self.unigram_set and right in self.unigram_set and \
                    _bigram(left, right) in self.postings:
                return [left, right]
        return None

    def _typo(self, word: str, prev: str | None, nxt: str | None) -> str | None:
        """The corpus word one or two edits away, preferring one that fits its neighbours.

        Vietnamese syllables are short and most one-letter changes give another real
        syllable (``vàng`` → ``bảng``), so a short word is only repaired when the
        repair forms a word pair the corpus actually contains.
        """
        if len(word) < 3 or not word.isascii() or not word.isalpha():
            return None
        limit = 1 if len(word) < 8 else 2
        candidates = process.extract(word, self.unigrams, scorer=OSA.distance,
                                     score_cutoff=limit, limit=12)
        if not candidates:
            return None
        in_context = [
            c for c, _, _ in candidates
            if (prev and _bigram(prev, c) in self.postings)
            or (nxt and _bigram(c, nxt) in self.postings)
        ]
        if in_context:
            return max(in_context, key=lambda c: len(self.postings[c]))
        if len(word) >= 6:
            best = min(candidates, key=lambda c: (c[1], -len(self.postings[c[0]])))
            return best[0]
        return None

    def _fuzzy_bigram(self, a: str, b: str) -> str | None:
        """A corpus word pair one letter away (``khac_hang`` → ``khach_hang``).

        Only pairs sharing one word exactly are candidates, so the scan covers the pairs
        of two words, not the whole vocabulary.
        """
        term = _bigram(a, b)
        if len(term) < 9:  # short pairs are a letter away from too many others
            return None
        candidates = [*self._pairs_by_word.get(("L", a), ()),
                      *self._pairs_by_word.get(("R", b), ())]
        if not candidates:
            return None
        best = process.extractOne(term, candidates, scorer=OSA.distance, score_cutoff=1)
        return best[0] if best else None

    def _units(self, query: str) -> tuple[list[_Unit], bool]:
        seq, english = self._analyse_query(query)
        lex = self.lexicon
        units: list[_Unit] = []
        covered = [False] * len(seq)
        # Synonym phrases first, longest match wins; the words inside become one unit.
        i = 0
        while i < len(seq):
            for size in range(min(lex.max_phrase_len, len(seq) - i), 0, -1):
                window = seq[i : i + size]
                if size == 1 and window[0].stop:
                    continue
                phrase = tuple(t.word for t in window)
                group = lex.phrase_group.get(phrase)
                if group is None:
                    continue
                if size > 1 and self._phrase_terms(phrase) is None and any(
                        self._known_phrase(tuple(t.word for t in seq[i : i + k]))
                        for k in range(1, size)):
                    # "thái độ tốt" is a synonym entry but no tip says it; "thái độ" is
                    # and does: match the shorter phrase the corpus knows.
                    continue
                alts: list[tuple[tuple[str, ...], float]] = []
                for member in lex.groups[group]:
                    terms = self._phrase_terms(member)
                    if terms:
                        alts.append((terms, 1.0 if member == phrase else WEIGHT_SYNONYM))
                if not alts:
                    break
                mult = min(t.mult for t in window)
                # A concept is as common as its most common wording: "khách" is in
                # every tip whichever synonym the user picked.
                weight = min(self._weight(terms) for terms, _ in alts)
                units.append(_Unit(weight, [(t, m * mult) for t, m in alts]))
                for j in range(i, i + size):
                    covered[j] = True
                i += size - 1
                break
            i += 1
        for j, tok in enumerate(seq):
            if covered[j] or tok.stop:
                continue
            if not tok.known:
                # English queries carry verbs the articles never use ("handle", "deal");
                # they count, but less than a Vietnamese word nobody wrote about.
                units.append(_Unit(self.unknown_idf * (0.5 if english else 1.0), []))
                continue
            units.append(_Unit(self.idf.get(tok.word, self.unknown_idf),
                               [((w,), m) for w, m in tok.forms() if w in self.postings]))
        # Word pairs: phrases that stand in a tip as typed count for it; pairs of known
        # words that no tip puts together count against every tip.
        for j in range(len(seq) - 1):
            a, b = seq[j], seq[j + 1]
            if not (a.known and b.known) or (covered[j] and covered[j + 1]):
                continue
            if english and (a.stop or b.stop or _bigram(a.word, b.word)
                                  not in self.postings):
                continue  # English word order says nothing about Vietnamese phrasing
            term = _bigram(a.word, b.word)
            mult = min(a.mult, b.mult)
            if a.stop or b.stop:
                # "hết mình", "giá trị của": a filler inside a real phrase still counts.
                if term in self.postings and not (a.stop and b.stop):
                    units.append(_Unit(0.0, [((term,), mult)], pair=True))
                continue
            found: list[tuple[tuple[str, ...], float]]
            found = [((_bigram(wa, wb),), min(ma, mb)) for wa, ma in a.forms()
                     for wb, mb in b.forms() if _bigram(wa, wb) in self.postings]
            if not found:
                fixed = self._fuzzy_bigram(a.word, b.word)
                if fixed is None:
                    weight = (self.idf.get(a.word, 0) + self.idf.get(b.word, 0)) / 2
                    units.append(_Unit(weight, [], pair=True))
                    continue
                found = [((fixed,), WEIGHT_TYPO)]
            weight = max(self.idf[terms[0]] for terms, _ in found) * BIGRAM_BOOST
            units.append(_Unit(weight, found, pair=True))
        return units, english

    def _known_phrase(self, phrase: tuple[str, ...]) -> bool:
        """A synonym entry that some tip actually contains."""
        return phrase in self.lexicon.phrase_group and self._phrase_terms(phrase) is not None

    def _phrase_terms(self, phrase: tuple[str, ...]) -> tuple[str, ...] | None:
        """Index terms standing for a phrase, or ``None`` if no tip contains them."""
        if len(phrase) == 1:
            terms: tuple[str, ...] = phrase
        else:
            terms = tuple(_bigram(a, b) for a, b in pairwise(phrase))
        return terms if all(t in self.postings for t in terms) else None

    def _weight(self, terms: tuple[str, ...]) -> float:
        return max(self.idf.get(t, 0.0) for t in terms)

    def _term_score(self, term: str, doc: int, tf: float) -> float:
        norm = K1 * (1 - B + B * self.doc_len[doc] / self.avg_len)
        return self.idf[term] * tf * (K1 + 1) / (tf + norm)

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        """Tips relevant to ``query``, best first; empty when nothing is relevant."""
        scored = self._scored(query)
        hits: list[Hit]
        if self.model is None:
            hits = [h for h in scored if h.relevant]
            return hits[:limit]
        if not scored or self.model.answerable(scored[0].features) < self.model.answer:
            return []
        hits = [scored[0], *(h for h in scored[1:] if h.score >= self.model.show)]
        return hits[:limit]

    def near(self, query: str, limit: int = 5) -> list[Tip]:
        """The tips closest to ``query`` even when none is relevant enough to answer:
        the nearest topics to offer instead of "nothing found" alone."""
        return [h.tip for h in self._scored(query)][:limit]

    def _scored(self, query: str) -> list[_Scored]:
        units, english = self._units(query)
        content_total = sum(u.weight for u in units if not u.pair)
        pair_total = sum(u.weight for u in units if u.pair)
        if content_total <= 0:
            return []
        n_content = sum(1 for u in units if not u.pair)
        # Long questions carry words about the asking, not the topic; ask less of them.
        threshold = max(MIN_CONFIDENCE_LONG, MIN_CONFIDENCE - 0.03 * max(0, n_content - 3))
        rank: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        content: dict[int, float] = defaultdict(float)
        pairs: dict[int, float] = defaultdict(float)
        for unit in units:
            best: dict[int, float] = {}
            for terms, mult in unit.alternatives:
                if all(self.idf.get(t, 0.0) < self.min_idf for t in terms):
                    continue
                docs: dict[int, float] | None = None
                for term in terms:
                    post = self.postings.get(term, {})
                    docs = dict(post) if docs is None else {
                        d: min(s, post[d]) for d, s in docs.items() if d in post}
                for doc, tf in (docs or {}).items():
                    s = mult * sum(self._term_score(t, doc, tf) for t in terms) / len(terms)
                    if s > best.get(doc, 0.0):
                        best[doc] = s
            for doc, s in best.items():
                rank[doc] += s
                if unit.pair:
                    pairs[doc] += unit.weight
                else:
                    content[doc] += unit.weight
                    matched[doc] += 1
        hits = []
        unknown = sum(u.weight for u in units if not u.pair and not u.alternatives)
        for doc, s in rank.items():
            cov = content[doc] / content_total
            cov_pairs = pairs[doc] / pair_total if pair_total else 1.0
            confidence = min(1.0, cov * (1 - PAIR_SHARE + PAIR_SHARE * cov_pairs))
            features = {
                "confidence": confidence, "coverage": cov, "pairs": cov_pairs,
                "rank": math.log1p(s), "found": math.log1p(content[doc]),
                "words": math.log1p(n_content), "unknown": unknown / content_total,
                "matched": matched[doc] / n_content, "english": float(english),
            }
            hits.append(_Scored(self.tips[doc], round(confidence, 3), s * (0.5 + confidence),
                                confidence >= threshold, features))
        hits.sort(key=lambda h: (-h.rank_score, h.tip.id))
        top = hits[0].rank_score if hits else 1.0
        for n, hit in enumerate(hits[:8]):
            nxt = hits[n + 1].rank_score if n + 1 < len(hits) else 0.0
            hit.features["lead"] = math.log((hit.rank_score + 1) / (nxt + 1))
            hit.features["behind"] = math.log((top + 1) / (hit.rank_score + 1))
            hit.features["first"] = float(n == 0)
            if self.model is not None:
                object.__setattr__(hit, "score", round(self.model.probability(hit.features), 3))
        if self.model is not None:
            for hit in hits[8:]:
                object.__setattr__(hit, "score", 0.0)
        return hits


def attribute_context(corpus: Corpus) -> dict[str, list[str]]:
    """Article sentences no tip quotes, attached to the tip nearest to them.

    Users search for any name or figure in an article, not only the ones a tip quotes;
    the sentence around it leads them to the tip that covers that part of the article.
    """
    context: dict[str, list[str]] = defaultdict(list)
    for article in corpus.articles:
        tips = corpus.tips_of(article.id)
        if not tips:
            continue
        sentences = [s for p in article.paragraphs for s in textnorm.split_sentences(p)]
        folded = [" ".join(textnorm.tokens(s)) for s in sentences]
        anchors: list[tuple[int, Tip]] = []
        quoted: set[int] = set()
        for tip in tips:
            for part in textnorm.split_sentences(tip.passage):
                needle = " ".join(textnorm.tokens(part))
                if not needle:
                    continue
                found = process.extractOne(needle, folded, scorer=fuzz.partial_ratio,
                                           score_cutoff=80)
                if found:
                    anchors.append((found[2], tip))
                    quoted.add(found[2])
        if not anchors:
            continue
        for idx, sentence in enumerate(sentences):
            if idx in quoted or len(folded[idx]) < 12:
                continue
            _, nearest = min(anchors, key=lambda a: (abs(a[0] - idx), a[0] > idx))
            context[nearest.id].append(sentence)
    return dict(context)


def build_index(corpus: Corpus, lexicon_path: Path | None = None,
                extra_tips: Sequence[Tip] = ()) -> SearchIndex:
    """The index the bot and the CLI use: seed tips with article context, plus extras.

    Building takes about a hundred milliseconds (every situation, every article
    sentence), which a one-shot ``python -m bot search`` should not pay each time: the
    index of the seeds is kept on disk (``bot.searchcache``: plain JSON, named by a hash
    of the seeds and of the code), so any change to either builds afresh. No cache, no
    harm: it is rebuilt.
    """
    from bot import searchcache
    from bot.corpus import seeds_dir

    cacheable = lexicon_path is None and not extra_tips
    key = searchcache.cache_key(seeds_dir(), corpus.tips) if cacheable else ""
    if key:
        cached = searchcache.read(key, corpus.tips)
        if cached is not None:
            return cached
    index = _build(corpus, lexicon_path, extra_tips)
    if key:
        searchcache.write(key, index)
    return index


def _build(corpus: Corpus, lexicon_path: Path | None, extra_tips: Sequence[Tip]) -> SearchIndex:
    from bot.corpus import seeds_dir

    lexicon = Lexicon.load(lexicon_path or seeds_dir() / "lexicon.toml")
    chatspeak = Chatspeak.load(seeds_dir() / "chatspeak.toml")
    index = SearchIndex([*corpus.tips, *extra_tips], lexicon, attribute_context(corpus),
                        chatspeak)
    index.model = RelevanceModel.load(seeds_dir() / "relevance.toml")
    return index


__all__ = ["Article", "Hit", "Lexicon", "SearchIndex", "attribute_context", "build_index"]
