"""Typing mistakes repaired against a vocabulary: Telex and VNI residue, keys held too
long, words typed as one, one- or two-letter typos, a pair a letter away.

Repairs go in order of how certain they are, and read the vocabulary only through
``terms.Vocabulary``, so a team's view repairs against its own tips too. Vietnamese
syllables are short and most one-letter changes give another real syllable, so the
riskier repairs want the word's neighbours to agree (a pair the tips use).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.search.analysis import WEIGHT_SPLIT, WEIGHT_TELEX, WEIGHT_TYPO, Lexicon, Token, bigram
from bot.search.terms import Vocabulary
from bot.text import normalize

# Words typed without spaces are split into at most this many.
SPLIT_PARTS = 4
_DOUBLED_RE = re.compile(r"(\w)\1+")
_FINALS = frozenset("ctmnp")


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
        telex = normalize.decode_telex(normalize.decode_vni(raw))
        if telex != raw and telex in known:
            out.append(Token(telex, tok.toned, WEIGHT_TELEX, stop=is_stop(telex, telex),
                             told=tok.told))
            continue
        single = _DOUBLED_RE.sub(r"\1", raw)
        if single != raw and single in known:
            # A key held too long ("vuu", "nhữngg"), once Telex could not read it.
            out.append(Token(single, tok.toned, WEIGHT_TELEX, stop=is_stop(single, single),
                             told=tok.told))
            continue
        split = split_word(tok.word, vocab)
        if split:
            out.extend(Token(w, w, WEIGHT_SPLIT, told=tok.told) for w in split)
            continue
        prev = toks[i - 1].word if i > 0 else None
        nxt = toks[i + 1].word if i + 1 < len(toks) else None
        if tok.toned != tok.word and normalize.is_vietnamese_syllable(tok.word):
            # Typed with diacritics and well formed: a word we lack ("bánh"), unless
            # its final consonant slipped (c/t, as speech confuses them) into a phrase
            # the tips use with its neighbour ("tô son trác phấn" → "trát phấn").
            fixed = final_slip(tok.word, prev, nxt, vocab)
        else:
            fixed = typo(tok.word, prev, nxt, vocab)
            if not fixed and raw != tok.word and raw.isalpha():
                # The stemmer cut a typo's ending ("threadles" → "threadl"): try it whole.
                fixed = typo(raw, prev, nxt, vocab)
        if fixed:
            out.append(Token(fixed, tok.toned, WEIGHT_TYPO, outside=tok.outside,
                             domain=tok.domain, told=tok.told))
        else:
            tok.known = False
            out.append(tok)
    return out


def repair_pairs(toks: list[Token], vocab: Vocabulary,
                 toned: Container[str] = frozenset()) -> None:
    """Offer a real-word typo's fix through its neighbour: ``trung thàn`` → ``thành``.

    ``thàn`` is a valid syllable, so only the pair reveals the typo: no tip says
    "trung than", many say "trung thanh". The fix is added as an alternative, not a
    replacement, because a pair missing from the corpus may be a correct phrase the
    articles just never use ("tuyển nhân viên" must not become "luyện nhân viên").
    A word typed with diacritics that no tip spells so (``rắt rối``: the tips have
    "rất", never "rắt") may be a final consonant's slip (``rắc rối``), like an
    unknown one (``final_slip``); ``toned`` is the corpus's words as written.
    """
    for j in range(len(toks) - 1):
        a, b = toks[j], toks[j + 1]
        if a.stop or b.stop or not (a.known and b.known):
            continue
        if bigram(a.word, b.word) in vocab.postings:
            continue
        if toned:
            slipped = False
            for tok, prev, nxt in ((a, None, b.word), (b, a.word, None)):
                if tok.toned != tok.word and tok.toned not in toned:
                    fix = final_slip(tok.word, prev, nxt, vocab)
                    if fix is not None and all(fix != w for w, _ in tok.alts):
                        tok.alts = (*tok.alts, (fix, min(tok.mult, WEIGHT_TYPO)))
                        slipped = True
            if slipped:
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


__all__ = ["SPLIT_PARTS", "final_slip", "fuzzy_pair", "repair_pairs", "repair_words",
           "split_word", "typo"]
