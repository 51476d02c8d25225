"""A team's view of the search: the shared tip index plus the team's own tips.

Copying the whole index for every team cost 4 MB and 80 ms a team, and the copy was
built on the event loop. Here the shared index is never copied: a team keeps only its
own words (which tips contain each word, and each tip's words in order), and the view
answers "which tips contain this term" by merging the shared postings with the team's.
Word pairs are not stored for a team at all: a pair's tips are found from the tips of
its two words, by looking at what stands next to what. A team of 200 tips then costs a
few hundred kilobytes, and a view is built in a few milliseconds from a prepared team.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from bot import textnorm
from bot.corpus import Tip
from bot.search import FIELD_WEIGHTS, SearchIndex, stem_en

# Fields of a team tip (team tips have no article context).
_TEAM_FIELDS = ("principle", "passage", "tags", "title", "situations")
_PAIR_CACHE = 4096


@dataclass(frozen=True, slots=True)
class TeamTips:
    """A team's tips reduced to what the search needs; built off the event loop."""

    tips: tuple[Tip, ...]
    # word -> {local doc: weighted count}
    words: dict[str, dict[int, float]]
    # per local doc: (field weight, the field's words in order) for each text
    texts: tuple[tuple[tuple[float, tuple[str, ...]], ...], ...]
    doc_len: tuple[float, ...]

    @classmethod
    def build(cls, tips: Sequence[Tip], index: SearchIndex) -> TeamTips:
        words: dict[str, dict[int, float]] = {}
        texts: list[tuple[tuple[float, tuple[str, ...]], ...]] = []
        lengths: list[float] = []
        for doc, tip in enumerate(tips):
            fields = {
                "principle": [tip.principle],
                "passage": [tip.passage],
                "tags": [*tip.tags, *tip.tags_en],
                "title": [tip.source.title],
                "situations": [index.expand(t) for t in tip.situations],
            }
            doc_texts: list[tuple[float, tuple[str, ...]]] = []
            length = 0.0
            for name in _TEAM_FIELDS:
                weight = FIELD_WEIGHTS[name]
                for text in fields[name]:
                    toks = tuple(_intern(stem_en(f)) for f, _ in textnorm.token_forms(text))
                    if not toks:
                        continue
                    doc_texts.append((weight, toks))
                    length += weight * len(toks)
                    for tok in toks:
                        post = words.setdefault(tok, {})
                        post[doc] = post.get(doc, 0.0) + weight
            texts.append(tuple(doc_texts))
            lengths.append(length)
        return cls(tuple(tips), words, tuple(texts), tuple(lengths))

    def pair(self, left: str, right: str) -> dict[int, float]:
        """Local docs where ``left right`` stand together, with weighted counts."""
        a, b = self.words.get(left), self.words.get(right)
        if not a or not b:
            return {}
        found: dict[int, float] = {}
        for doc in a.keys() & b.keys():
            for weight, toks in self.texts[doc]:
                for x, y in itertools.pairwise(toks):
                    if x == left and y == right:
                        found[doc] = found.get(doc, 0.0) + weight
        return found

    def neighbours(self, word: str, side: str) -> set[str]:
        """Pairs of the team's tips that have ``word`` on the left ("L") or right."""
        out: set[str] = set()
        for doc in self.words.get(word, ()):
            for _, toks in self.texts[doc]:
                for x, y in itertools.pairwise(toks):
                    if (side == "L" and x == word) or (side == "R" and y == word):
                        out.add(f"{x}_{y}")
        return out


_INTERNED: dict[str, str] = {}


def _intern(word: str) -> str:
    """One string object per distinct word across every team."""
    return _INTERNED.setdefault(word, word)


class _Postings(Mapping[str, dict[int, float]]):
    """Shared postings and the team's, as one mapping; team doc ids follow the shared."""

    def __init__(self, base: Mapping[str, dict[int, float]], team: TeamTips,
                 offset: int) -> None:
        self.base, self.team, self.offset = base, team, offset
        self._cache: dict[str, dict[int, float]] = {}

    def _team_part(self, term: str) -> dict[int, float]:
        left, sep, right = term.partition("_")
        local = self.team.pair(left, right) if sep else self.team.words.get(term, {})
        return {self.offset + d: w for d, w in local.items()}

    def __getitem__(self, term: str) -> dict[int, float]:
        cached = self._cache.get(term)
        if cached is not None:
            return cached
        team = self._team_part(term)
        base = self.base.get(term)
        if base is None and not team:
            raise KeyError(term)
        merged = {**base, **team} if base and team else (team or base or {})
        if len(self._cache) >= _PAIR_CACHE:
            self._cache.clear()
        self._cache[term] = merged
        return merged

    def __contains__(self, term: object) -> bool:
        if not isinstance(term, str):
            return False
        if term in self.base or term in self._cache:
            return True
        try:
            self[term]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        yield from self.base
        yield from (w for w in self.team.words if w not in self.base)

    def __len__(self) -> int:
        return len(self.base) + sum(1 for w in self.team.words if w not in self.base)


class _Idf(Mapping[str, float]):
    """IDF over shared and team tips together, computed for the terms a query uses."""

    def __init__(self, view: SearchIndex, postings: _Postings) -> None:
        self.view, self.postings = view, postings
        self._cache: dict[str, float] = {}

    def __getitem__(self, term: str) -> float:
        value = self._cache.get(term)
        if value is None:
            value = self.view.idf_of(len(self.postings[term]))
            if len(self._cache) >= _PAIR_CACHE:
                self._cache.clear()
            self._cache[term] = value
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self.postings)

    def __len__(self) -> int:
        return len(self.postings)


class _Pairs(Mapping[tuple[str, str], list[str]]):
    """Word pairs by their left or right word, shared and the team's."""

    def __init__(self, base: Mapping[tuple[str, str], list[str]], team: TeamTips) -> None:
        self.base, self.team = base, team

    def __getitem__(self, key: tuple[str, str]) -> list[str]:
        side, word = key
        shared = self.base.get(key, [])
        extra = self.team.neighbours(word, side) - set(shared)
        if not shared and not extra:
            raise KeyError(key)
        return [*shared, *sorted(extra)]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.base)

    def __len__(self) -> int:
        return len(self.base)


def team_view(base: SearchIndex, team: TeamTips) -> SearchIndex:
    """The shared index with ``team``'s tips added, without copying the shared index."""
    view = object.__new__(SearchIndex)
    offset = len(base.tips)
    postings = _Postings(base.postings, team, offset)
    view.tips = [*base.tips, *team.tips]
    view.lexicon, view.chatspeak, view.context = base.lexicon, base.chatspeak, base.context
    view.model = base.model
    view.postings = postings  # type: ignore[assignment]  # a read-only merged mapping
    view.doc_len = [*base.doc_len, *team.doc_len]
    view.n_docs = max(1, len(view.tips))
    view.avg_len = sum(view.doc_len) / len(view.doc_len) if view.doc_len else 1.0
    view.idf = _Idf(view, postings)  # type: ignore[assignment]  # computed on demand
    view.unknown_idf = view.idf_of(0)
    view.min_idf = view.idf_of(int(view.n_docs * 0.6))
    extra_words = [w for w in team.words if w not in base.unigram_set]
    view.unigrams = [*base.unigrams, *sorted(extra_words)]
    view.unigram_set = base.unigram_set | frozenset(extra_words)
    view.bigrams = base.bigrams
    view._pairs_by_word = _Pairs(base._pairs_by_word, team)  # type: ignore[assignment]  # read-only
    view.stop_plain = base.stop_plain
    view._stop_phrases_folded = base._stop_phrases_folded
    view._stop_phrase_sizes = base._stop_phrase_sizes
    return view


__all__ = ["TeamTips", "team_view"]
