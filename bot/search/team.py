"""A team's view of the search: the shared tip index plus the team's own tips.

Copying the whole index for every team cost 4 MB and 80 ms a team. Here the shared
index is never copied, and a team's own tips are kept in a few flat arrays instead of
dicts of dicts and tuples of strings, because hundreds of teams stay in memory at once:

* its words, sorted, so a word's local id is its position (found by bisection: no
  dict per team);
* its postings, for words and for word pairs alike, as sorted keys (a word's id; a
  pair's ``left * len(words) + right``) with, for each key, a range of flat arrays
  holding the tips and a code into a small table of the distinct weighted counts;
* the pairs once more sorted by their right word, so that the typo repair can list a
  word's neighbours on either side.

A team of 200 tips costs about 115 kB of arrays; a lookup is a bisection and ``dict(zip(...))``
over array slices, C loops only. Pairs, looked up by key, cost no scan.

The view answers a query with per-query caches that are dropped when the query ends:
the shared postings are returned as they are when the team has nothing to add, and a
merged copy lives only while the query that needed it runs.
"""

from __future__ import annotations

import sys
import time
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from heapq import merge
from itertools import accumulate, repeat
from operator import add
from typing import Any, TypeVar

from bot.corpus import Tip
from bot.search.analysis import index_words
from bot.search.index import SearchIndex
from bot.search.terms import COMMON_SHARE, Vocabulary, idf, tip_fields

_WORK_BETWEEN_PAUSES = 0.001  # seconds of building between two GIL hand-overs
_PAUSE = 0.0001


def _typecode(largest: int) -> str:
    """The smallest unsigned array type that holds ``largest``."""
    for code in ("B", "H", "I"):
        if largest < 1 << (8 * array(code).itemsize):
            return code
    return "Q"


def _pauser() -> Callable[[], None]:
    """What ``build`` calls before each tip: in a worker thread, now and then, a short
    sleep that hands the GIL to the event loop's thread.

    A thread that wants the GIL otherwise waits for the interpreter's switch interval
    (5 ms) each time, and an event loop that wakes every few milliseconds then spends
    most of a build waiting; with a loaded CPU the waits added up to 30-45 ms stalls.
    On the event loop's own thread there is nobody to hand it to, and it never sleeps.
    """
    # Imported here: ``bot.search`` imports this module, and a one-shot CLI search
    # needs no asyncio (15 ms of its start-up); the bot has loaded it already.
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        return _no_pause
    last = time.perf_counter()

    def pause() -> None:
        nonlocal last
        now = time.perf_counter()
        if now - last >= _WORK_BETWEEN_PAUSES:
            time.sleep(_PAUSE)
            last = time.perf_counter()

    return pause


def _no_pause() -> None:
    pass


@dataclass(frozen=True, slots=True, eq=False)
class _Postings:
    """Sorted keys, each with the tips that contain it and a code of the weighted count."""

    keys: array[int]
    start: array[int]  # key i -> its range start:start[i + 1] in doc / tf
    doc: array[int]
    tf: array[int]

    @classmethod
    def build(cls, keys: list[int], docs: list[int], tfs: list[int], n_docs: int,
              n_codes: int) -> _Postings:
        """From parallel lists of entries (key, tip, code) in tip order; C loops only."""
        order = sorted(range(len(keys)), key=keys.__getitem__)  # stable: tips ascend
        per_key = Counter(keys)
        distinct = sorted(per_key)
        return cls(array(_typecode(distinct[-1] if distinct else 0), distinct),
                   array(_typecode(len(keys)),
                         [0, *accumulate(map(per_key.__getitem__, distinct))]),
                   array(_typecode(n_docs), map(docs.__getitem__, order)),
                   array(_typecode(n_codes), map(tfs.__getitem__, order)))

    def find(self, key: int) -> tuple[int, int]:
        """The range of ``key``'s tips, empty when no tip contains it."""
        i = bisect_left(self.keys, key)
        if i == len(self.keys) or self.keys[i] != key:
            return 0, 0
        return self.start[i], self.start[i + 1]


@dataclass(frozen=True, slots=True, eq=False)
class TeamTips:
    """A team's tips reduced to what the search needs, in flat arrays (see the module).

    Building costs tens of milliseconds for 200 tips, most of it tokenising; build it
    off the event loop when you can.
    """

    tips: tuple[Tip, ...]
    words: tuple[str, ...]  # sorted; a word's local id is its position
    unigrams: _Postings  # keyed by word id
    pairs: _Postings  # keyed by left * len(words) + right
    pairs_by_right: array[int]  # sorted right * len(words) + left, for neighbours
    tf_values: tuple[float, ...]  # weighted counts by code
    doc_len: tuple[float, ...]

    @classmethod
    def build(cls, tips: Sequence[Tip], index: SearchIndex) -> TeamTips:
        first_ids: dict[str, int] = {}  # word -> id in order of appearance (build only)
        texts: list[list[tuple[float, list[int]]]] = []  # per tip: (weight, first ids)
        lengths: list[float] = []
        pause = _pauser()
        for tip in tips:
            pause()
            length = 0.0
            own: list[tuple[float, list[int]]] = []
            # Team tips have no article context; the fields are summed in the order a
            # full index sums them, so a view scores exactly as a full index would.
            for weight, values in tip_fields(tip, (), index.expand):
                for text in values:
                    toks = index_words(text)
                    length += weight * len(toks)
                    if toks:
                        own.append((weight, [first_ids.setdefault(t, len(first_ids))
                                             for t in toks]))
            texts.append(own)
            lengths.append(length)
        words = sorted(first_ids)
        n_words = len(words)
        to_sorted = [0] * n_words
        for new, word in enumerate(words):
            to_sorted[first_ids[word]] = new

        uni_keys: list[int] = []
        uni_docs: list[int] = []
        uni_tfs: list[float] = []
        pair_keys: list[int] = []
        pair_docs: list[int] = []
        pair_tfs: list[float] = []
        for doc, own in enumerate(texts):
            # Summed one occurrence at a time in text order, as TermIndex sums them.
            uni: dict[int, float] = {}
            two: dict[int, float] = {}
            for weight, first in own:
                ids = [to_sorted[i] for i in first]
                for i in ids:
                    uni[i] = uni.get(i, 0.0) + weight
                for k in map(add, map(n_words.__mul__, ids), ids[1:]):
                    two[k] = two.get(k, 0.0) + weight
            uni_keys.extend(uni)
            uni_tfs.extend(uni.values())
            uni_docs.extend(repeat(doc, len(uni)))
            pair_keys.extend(two)
            pair_tfs.extend(two.values())
            pair_docs.extend(repeat(doc, len(two)))
        codes = {tf: code for code, tf in enumerate(dict.fromkeys([*uni_tfs, *pair_tfs]))}
        unigrams = _Postings.build(uni_keys, uni_docs, list(map(codes.__getitem__, uni_tfs)),
                                   len(tips), len(codes))
        pairs = _Postings.build(pair_keys, pair_docs, list(map(codes.__getitem__, pair_tfs)),
                                len(tips), len(codes))
        by_right = sorted(map(add, map(n_words.__mul__, map(n_words.__rmod__, pairs.keys)),
                              map(n_words.__rfloordiv__, pairs.keys)))
        return cls(tips=tuple(tips),
                   words=tuple(sys.intern(w) for w in words),
                   unigrams=unigrams,
                   pairs=pairs,
                   pairs_by_right=array(pairs.keys.typecode, by_right),
                   tf_values=tuple(codes),
                   doc_len=tuple(lengths))

    # --- lookups ----------------------------------------------------------------------
    def word_id(self, word: str) -> int:
        """The local id of ``word``, or -1 when no tip of the team has it."""
        i = bisect_left(self.words, word)
        return i if i < len(self.words) and self.words[i] == word else -1

    def postings(self, term: str, offset: int) -> dict[int, float] | None:
        """Tips (numbered from ``offset``) containing ``term``, with weighted counts."""
        left, sep, right = term.partition("_")
        a = self.word_id(left)
        if a < 0:
            return None
        if sep:
            b = self.word_id(right)
            if b < 0:
                return None
            table, (lo, hi) = self.pairs, self.pairs.find(a * len(self.words) + b)
        else:
            table, (lo, hi) = self.unigrams, self.unigrams.find(a)
        if lo == hi:
            return None
        return dict(zip(map(offset.__add__, table.doc[lo:hi]),
                        map(self.tf_values.__getitem__, table.tf[lo:hi]), strict=True))

    def neighbours(self, word: str, side: str) -> set[str]:
        """Pairs of the team's tips that have ``word`` on the left ("L") or right."""
        i = self.word_id(word)
        if i < 0:
            return set()
        n = len(self.words)
        keys = self.pairs.keys if side == "L" else self.pairs_by_right
        lo, hi = bisect_left(keys, i * n), bisect_left(keys, (i + 1) * n)
        others = map(self.words.__getitem__, map(n.__rmod__, keys[lo:hi]))
        if side == "L":
            return {f"{word}_{o}" for o in others}
        return {f"{o}_{word}" for o in others}


# --- the view ---------------------------------------------------------------------------
_V = TypeVar("_V")


class _QueryCache(dict[str, _V]):
    """Terms looked up during one query; a dict so the scoring loop reads it at C speed.

    It is emptied after every query, so it holds no memory between queries. Iterating
    it or asking its length gives the terms of the current query only: the search
    never does either on these mappings (see ``terms.Vocabulary``).
    """

    def get(self, key: str, default: Any = None) -> Any:  # fills the cache, unlike dict.get
        try:
            return self[key]
        except KeyError:
            return default


class _Merged(_QueryCache[Mapping[int, float]]):
    """Shared postings and the team's as one mapping; team tips follow the shared ones."""

    def __init__(self, base: Mapping[str, Mapping[int, float]], team: TeamTips,
                 offset: int) -> None:
        super().__init__()
        self.base, self.team, self.offset = base, team, offset
        self.absent: set[str] = set()

    def __missing__(self, term: str) -> Mapping[int, float]:
        if term in self.absent:
            raise KeyError(term)
        base = self.base.get(term)
        team = self.team.postings(term, self.offset)
        merged: Mapping[int, float]
        if team is None:
            if base is None:
                self.absent.add(term)
                raise KeyError(term)
            merged = base  # not copied: the team has nothing to add
        elif base is None:
            merged = team
        else:
            merged = {**base, **team}
        self[term] = merged
        return merged

    def __contains__(self, term: object) -> bool:
        if dict.__contains__(self, term) or term in self.base:
            return True
        if not isinstance(term, str) or term in self.absent:
            return False
        try:
            self[term]
        except KeyError:
            return False
        return True

    def clear(self) -> None:
        super().clear()
        self.absent.clear()


class _Idf(_QueryCache[float]):
    """IDF over shared and team tips together, for the terms the current query uses."""

    def __init__(self, n_docs: int, postings: _Merged) -> None:
        super().__init__()
        self.n_docs, self.postings = n_docs, postings

    def __missing__(self, term: str) -> float:
        value = idf(self.n_docs, len(self.postings[term]))
        self[term] = value
        return value


class _Words:
    """The words of the shared index and the team's, for membership tests."""

    def __init__(self, base: Container[str], team: TeamTips) -> None:
        self.base, self.team = base, team

    def __contains__(self, word: object) -> bool:
        return word in self.base or (isinstance(word, str) and self.team.word_id(word) >= 0)


class TeamTerms:
    """The shared vocabulary with a team's tips added; nothing of the shared one is copied.

    It reads the shared index only through ``terms.Vocabulary``. Per-query caches are
    emptied when the query ends, so a view at rest is its lists of tips and lengths and
    a reference to its TeamTips.
    """

    def __init__(self, base: Vocabulary, team: TeamTips) -> None:
        self.base, self.team = base, team
        self.tips = [*base.tips, *team.tips]
        self.postings = _Merged(base.postings, team, len(base.tips))
        self.doc_len = [*base.doc_len, *team.doc_len]
        n_docs = max(1, len(self.tips))
        self.avg_len = sum(self.doc_len) / len(self.doc_len) if self.doc_len else 1.0
        self.idf = _Idf(n_docs, self.postings)
        self.unknown_idf = idf(n_docs, 0)
        self.min_idf = idf(n_docs, int(n_docs * COMMON_SHARE))
        self.word_set = _Words(base.word_set, team)

    @cached_property
    def _words(self) -> Sequence[str]:
        extra = [w for w in self.team.words if w not in self.base.word_set]
        shared = self.base.words()
        return list(merge(shared, extra)) if extra else shared

    def words(self) -> Sequence[str]:
        """All words, sorted as a full index sorts them; only the typo repair asks."""
        return self._words

    def pairs_of(self, side: str, word: str) -> Sequence[str]:
        """Sorted as a full index sorts them (the typo repair takes the first of equally
        close pairs)."""
        shared = self.base.pairs_of(side, word)
        extra = self.team.neighbours(word, side).difference(shared)
        if not extra:
            return shared
        return list(merge(shared, sorted(extra)))

    def end_query(self) -> None:
        self.postings.clear()
        self.idf.clear()


def team_view(base: SearchIndex, team: TeamTips) -> SearchIndex:
    """The shared index with ``team``'s tips added, without copying the shared index:
    the same analyzer and relevance model over a vocabulary that adds the team's tips."""
    return SearchIndex(TeamTerms(base.terms, team), base.analyzer, base.context, base.model,
                       base.tip_model)


__all__ = ["TeamTerms", "TeamTips", "team_view"]
