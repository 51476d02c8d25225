"""Ranking: what the user asked about, as weighted units, and BM25 over them.

A query becomes units: one per thing asked about (a word, or a synonym phrase with its
alternative wordings) and one per adjacent word pair. Each unit weighs what its words
say about the topic (their IDF). Ranking sums BM25 over weighted fields for the best
alternative of each unit; how much of the query a tip covers is gathered alongside, for
``relevance`` to judge.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from bot.search.analysis import (
    WEIGHT_SYNONYM,
    WEIGHT_TYPO,
    Lexicon,
    Token,
    bigram,
)
from bot.search.repair import fuzzy_pair
from bot.search.terms import Vocabulary

K1, B = 1.2, 0.5
BIGRAM_BOOST = 1.5


@dataclass(slots=True)
class Unit:
    """One thing the user asked about, with the alternative terms that satisfy it."""

    weight: float  # how much this unit counts in relevance
    alternatives: list[tuple[tuple[str, ...], float]]  # (terms, multiplier)
    pair: bool = False  # a word pair: evidence of phrasing, not of topic
    outside: bool = False  # about a matter the articles never cover
    domain: bool = False  # names a party of customer care (customers, staff, the boss)
    named: bool = False  # one of the articles' own names (Threadless, Disney)


@dataclass(slots=True)
class Evidence:
    """Per tip (by number): its BM25 sum, and the weight of the units it matched."""

    rank: defaultdict[int, float]
    content: defaultdict[int, float]  # topic units found
    pairs: defaultdict[int, float]  # word pairs found
    matched: defaultdict[int, int]  # how many topic units found


def units(seq: list[Token], english: bool, lexicon: Lexicon, vocab: Vocabulary, *,
          story: bool = False) -> list[Unit]:
    """The units of an analysed query (see ``query.QueryAnalyzer.analyse``; ``story``:
    its ``Reading.story``)."""
    idf, postings = vocab.idf, vocab.postings
    out: list[Unit] = []
    covered = [False] * len(seq)
    # Synonym phrases first, longest match wins; the words inside become one unit.
    i = 0
    while i < len(seq):
        for size in range(min(lexicon.max_phrase_len, len(seq) - i), 0, -1):
            window = seq[i : i + size]
            if size == 1 and window[0].stop:
                continue
            phrase = tuple(t.word for t in window)
            group = lexicon.phrase_group.get(phrase)
            if group is None or not lexicon.spelled_as(phrase, window):
                continue
            if size > 1 and _phrase_terms(phrase, vocab) is None and any(
                    _known_phrase(tuple(t.word for t in seq[i : i + k]), lexicon, vocab)
                    for k in range(1, size)):
                # "thái độ tốt" is a synonym entry but no tip says it; "thái độ" is
                # and does: match the shorter phrase the corpus knows.
                continue
            alts: list[tuple[tuple[str, ...], float]] = []
            for member in lexicon.groups[group]:
                member_terms = _phrase_terms(member, vocab)
                if member_terms:
                    alts.append((member_terms, 1.0 if member == phrase else WEIGHT_SYNONYM))
            if not alts:
                break
            mult = min(t.mult for t in window)
            # A concept is as common as its most common wording: "khách" is in
            # every tip whichever synonym the user picked.
            weight = min(max(idf.get(t, 0.0) for t in ts) for ts, _ in alts)
            out.append(Unit(weight, [(t, m * mult) for t, m in alts],
                            outside=any(t.outside for t in window),
                            domain=any(t.domain for t in window),
                            named=any(t.named for t in window)))
            for j in range(i, i + size):
                covered[j] = True
            i += size - 1
            break
        i += 1
    # In a story, words nobody wrote about are mostly its setting (the bakery, the
    # water filter, the gym), not what is asked: they count less the longer it runs.
    for j, tok in enumerate(seq):
        if covered[j] or tok.stop:
            continue
        if not tok.known:
            # English queries carry verbs the articles never use ("handle", "deal");
            # they count, but less than a Vietnamese word nobody wrote about.
            out.append(Unit(vocab.unknown_idf * (0.5 if english or story else 1.0), [],
                            outside=tok.outside, domain=tok.domain, named=tok.named))
            continue
        out.append(Unit(idf.get(tok.word, vocab.unknown_idf),
                        [((w,), m) for w, m in tok.forms() if w in postings],
                        outside=tok.outside, domain=tok.domain, named=tok.named))
    # Word pairs: phrases that stand in a tip as typed count for it; pairs of known
    # words that no tip puts together count against every tip.
    for j in range(len(seq) - 1):
        a, b = seq[j], seq[j + 1]
        if not (a.known and b.known) or (covered[j] and covered[j + 1]):
            continue
        if english and (a.stop or b.stop or bigram(a.word, b.word) not in postings):
            continue  # English word order says nothing about Vietnamese phrasing
        term = bigram(a.word, b.word)
        mult = min(a.mult, b.mult)
        if a.stop or b.stop:
            # "hết mình", "giá trị của": a filler inside a real phrase still counts.
            if term in postings and not (a.stop and b.stop):
                out.append(Unit(0.0, [((term,), mult)], pair=True))
            continue
        pairs: list[tuple[tuple[str, ...], float]]
        pairs = [((bigram(wa, wb),), min(ma, mb)) for wa, ma in a.forms()
                 for wb, mb in b.forms() if bigram(wa, wb) in postings]
        if not pairs:
            fixed = fuzzy_pair(a.word, b.word, vocab)
            if fixed is None:
                weight = (idf.get(a.word, 0) + idf.get(b.word, 0)) / 2
                out.append(Unit(weight, [], pair=True))
                continue
            pairs = [((fixed,), WEIGHT_TYPO)]
        weight = max(idf[ts[0]] for ts, _ in pairs) * BIGRAM_BOOST
        out.append(Unit(weight, pairs, pair=True))
    return out


def _known_phrase(phrase: tuple[str, ...], lexicon: Lexicon, vocab: Vocabulary) -> bool:
    """A synonym entry that some tip actually contains."""
    return phrase in lexicon.phrase_group and _phrase_terms(phrase, vocab) is not None


def _phrase_terms(phrase: tuple[str, ...], vocab: Vocabulary) -> tuple[str, ...] | None:
    """Index terms standing for a phrase, or ``None`` if no tip contains them."""
    if len(phrase) == 1:
        found: tuple[str, ...] = phrase
    else:
        found = tuple(bigram(a, b) for a, b in pairwise(phrase))
    return found if all(t in vocab.postings for t in found) else None


def rank(query_units: list[Unit], vocab: Vocabulary) -> Evidence:
    """BM25 of every tip that matches a unit, with the units it matched."""
    idf, postings, doc_len, avg_len = vocab.idf, vocab.postings, vocab.doc_len, vocab.avg_len
    min_idf = vocab.min_idf

    def term_score(term: str, doc: int, tf: float) -> float:
        norm = K1 * (1 - B + B * doc_len[doc] / avg_len)
        return idf[term] * tf * (K1 + 1) / (tf + norm)

    found = Evidence(defaultdict(float), defaultdict(float), defaultdict(float),
                     defaultdict(int))
    for unit in query_units:
        best: dict[int, float] = {}
        for unit_terms, mult in unit.alternatives:
            if all(idf.get(t, 0.0) < min_idf for t in unit_terms):
                continue
            docs: dict[int, float] | None = None
            for term in unit_terms:
                post = postings.get(term, {})
                docs = dict(post) if docs is None else {
                    d: min(s, post[d]) for d, s in docs.items() if d in post}
            for doc, tf in (docs or {}).items():
                s = mult * sum(term_score(t, doc, tf) for t in unit_terms) / len(unit_terms)
                if s > best.get(doc, 0.0):
                    best[doc] = s
        for doc, s in best.items():
            found.rank[doc] += s
            if unit.pair:
                found.pairs[doc] += unit.weight
            else:
                found.content[doc] += unit.weight
                found.matched[doc] += 1
    return found


__all__ = ["BIGRAM_BOOST", "K1", "B", "Evidence", "Unit", "rank", "units"]
