"""The inverted index of tips, and the narrow interface through which the search reads it.

``Vocabulary`` is everything query repair and ranking ask of an index: a term's tips
and weighted counts, its IDF, the tips' lengths, the words for typo repair and a word's
pairs. ``TermIndex`` is the shared index built from the seeds; a team's view
(``team.TeamTerms``) answers the same questions over the shared index and the team's
own tips, so nothing above this module knows which one it reads.

Field weights: what a tip is *about* (principle, tags) counts more than the words of
the passage, and far more than the surrounding article text attributed to it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Container, Mapping, Sequence
from typing import Protocol

from bot.corpus import Tip
from bot.search.analysis import stem_en, terms
from bot.text import normalize

# Situations (example messages the tip's author wrote) count half: they are one writer's
# wording of a case, and weighed like the passage they outranked the tip's own words on
# every development set but one.
FIELD_WEIGHTS = {"principle": 2.0, "tags": 2.5, "passage": 1.0, "title": 0.6, "context": 0.5,
                 "situations": 0.5}
# Terms in at least this share of the tips rank nothing (see ``min_idf``).
COMMON_SHARE = 0.6


def tip_fields(tip: Tip, context: Sequence[str], expand: Callable[[str], str]
               ) -> list[tuple[float, Sequence[str]]]:
    """A tip's texts with their field weights, in the order their counts are summed.

    Weighted counts are sums of floats, and a float sum depends on its order: every
    index reads a tip's fields through this one function, so they all sum alike.
    """
    return [
        (FIELD_WEIGHTS["principle"], [tip.principle]),
        (FIELD_WEIGHTS["passage"], [tip.passage]),
        (FIELD_WEIGHTS["tags"], [*tip.tags, *tip.tags_en]),
        (FIELD_WEIGHTS["title"], [tip.source.title, tip.source.author, tip.source.publisher]),
        (FIELD_WEIGHTS["context"], context),
        (FIELD_WEIGHTS["situations"], [expand(normalize.drop_names(t))
                                       for t in tip.situations]),
    ]


def idf(n_docs: int, df: int) -> float:
    """BM25's IDF of a term held by ``df`` of ``n_docs`` tips."""
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))


class Vocabulary(Protocol):
    """What the search reads of an index while it answers a query.

    Tips are numbered by their position in ``tips``. The mappings are only indexed,
    tested with ``in`` and read with ``get``: a view may fill them lazily, and empties
    what one query filled in ``end_query``.
    """

    @property
    def tips(self) -> Sequence[Tip]: ...
    @property
    def postings(self) -> Mapping[str, Mapping[int, float]]: ...  # term -> tip -> count
    @property
    def idf(self) -> Mapping[str, float]: ...
    @property
    def doc_len(self) -> Sequence[float]: ...
    @property
    def avg_len(self) -> float: ...
    @property
    def unknown_idf(self) -> float: ...  # a word no tip holds
    @property
    def min_idf(self) -> float: ...  # terms below it are too common to rank
    @property
    def word_set(self) -> Container[str]: ...  # single words (no pairs)

    def words(self) -> Sequence[str]:
        """All single words, sorted (typo repair takes the first of equally close ones)."""
        ...

    def pairs_of(self, side: str, word: str) -> Sequence[str]:
        """Sorted pairs with ``word`` on the left (``"L"``) or the right (``"R"``)."""
        ...

    def end_query(self) -> None:
        """Drop what answering the last query cached."""
        ...


class TermIndex:
    """The shared inverted index: postings, lengths and what follows from them."""

    def __init__(self, tips: Sequence[Tip], postings: dict[str, dict[int, float]],
                 doc_len: list[float]) -> None:
        self.tips = list(tips)
        self.postings = postings
        self.doc_len = doc_len
        self.n_docs = max(1, len(self.tips))
        self.avg_len = (sum(doc_len) / len(doc_len)) if doc_len else 1.0
        # A term's idf depends only on how many tips hold it: one log per count, not per term.
        by_count = [self.idf_of(df) for df in range(len(self.tips) + 1)]
        self.idf = dict(zip(postings, map(by_count.__getitem__, map(len, postings.values())),
                            strict=True))
        self.unknown_idf = self.idf_of(0)
        self.min_idf = self.idf_of(int(self.n_docs * COMMON_SHARE))
        self._words = sorted(t for t in postings if "_" not in t)
        self.word_set = frozenset(self._words)
        self._pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
        for pair in sorted(t for t in postings if "_" in t):
            left, right = pair.split("_", 1)
            self._pairs[("L", left)].append(pair)
            self._pairs[("R", right)].append(pair)

    @classmethod
    def build(cls, tips: Sequence[Tip], context: Mapping[str, Sequence[str]],
              expand: Callable[[str], str]) -> tuple[TermIndex, set[str]]:
        """The index of ``tips``, and every word they hold as typed (with diacritics)."""
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        doc_len: list[float] = []
        toned: set[str] = set()
        for doc, tip in enumerate(tips):
            length = 0.0
            for weight, texts in tip_fields(tip, context.get(tip.id, []), expand):
                for text in texts:
                    forms = normalize.token_forms(text)
                    toned.update(t for _, t in forms)
                    words = [stem_en(f) for f, _ in forms]
                    length += weight * len(words)
                    for term in terms(words):
                        post = postings[term]
                        post[doc] = post.get(doc, 0.0) + weight
            doc_len.append(length)
        return cls(tips, postings, doc_len), toned

    def idf_of(self, df: int) -> float:
        return idf(self.n_docs, df)

    def words(self) -> list[str]:
        return self._words

    def pairs_of(self, side: str, word: str) -> list[str]:
        return self._pairs.get((side, word), [])

    def end_query(self) -> None:
        pass  # nothing is cached per query


__all__ = ["FIELD_WEIGHTS", "TermIndex", "Vocabulary", "idf", "tip_fields"]
