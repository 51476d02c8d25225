"""The search as callers see it: a query in, relevant tips out.

``SearchIndex`` only composes the pieces: a ``QueryAnalyzer`` (what the query says), a
``Vocabulary`` (the index it is read against: the shared ``TermIndex``, or a team's
view of it), ranking and the relevance model. Swapping one piece leaves the others as
they are; a team's view is a ``SearchIndex`` over another vocabulary, not a subclass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.corpus import Tip
from bot.search.analysis import Lexicon
from bot.search.query import QueryAnalyzer, read_as_written
from bot.search.ranking import rank, units
from bot.search.relevance import Hit, RelevanceModel, Scored, judge, select
from bot.search.terms import TermIndex, Vocabulary
from bot.search.tipmodel import TipModel, features
from bot.text.chatspeak import Chatspeak


class SearchIndex:
    """Tips searchable by what users type; built once at start-up (milliseconds)."""

    def __init__(self, terms: Vocabulary, analyzer: QueryAnalyzer,
                 context: Mapping[str, list[str]], model: RelevanceModel | None = None,
                 tip_model: TipModel | None = None) -> None:
        self.terms = terms
        self.analyzer = analyzer
        self.context = context  # article sentences attributed to each tip, by tip id
        self.model = model
        self.tip_model = tip_model

    @classmethod
    def from_tips(cls, tips: Sequence[Tip], lexicon: Lexicon,
                  context: Mapping[str, list[str]] | None = None,
                  chatspeak: Chatspeak | None = None,
                  mixed: Chatspeak | None = None) -> SearchIndex:
        """An index of ``tips`` (without a relevance model: coverage alone decides)."""
        context = context or {}

        def expand(text: str) -> str:
            return read_as_written(text, chatspeak, mixed)

        terms, toned_words = TermIndex.build(tips, context, expand)
        return cls(terms, QueryAnalyzer.for_corpus(lexicon, chatspeak, toned_words, mixed),
                   context)

    @property
    def tips(self) -> Sequence[Tip]:
        return self.terms.tips

    @property
    def lexicon(self) -> Lexicon:
        return self.analyzer.lexicon

    @property
    def chatspeak(self) -> Chatspeak | None:
        return self.analyzer.chatspeak

    def expand(self, text: str) -> str:
        """``text`` with chat shorthand written out, as the index reads it."""
        return self.analyzer.expand(text)

    def search(self, query: str, limit: int = 5) -> list[Hit]:
        """Tips relevant to ``query``, best first; empty when nothing is relevant."""
        return select(self.scored(query), self.model, limit)

    def near(self, query: str, limit: int = 5) -> list[Tip]:
        """The tips closest to ``query`` even when none is relevant enough to answer:
        the nearest topics to offer instead of "nothing found" alone."""
        return [h.tip for h in self.scored(query)][:limit]

    def scored(self, query: str) -> list[Scored]:
        """Every tip that matches ``query``, best first, before the relevance cut."""
        try:
            seq, english, story = self.analyzer.analyse(query, self.terms)
            query_units = units(seq, english, self.analyzer.lexicon, self.terms, story=story)
            found = rank(query_units, self.terms)
            prior = (self.tip_model.factors(features(query_units))
                     if self.tip_model is not None else None)
            # Named anywhere, fillers and a story's setting included ("phụ huynh"); a
            # story names its parties by their names and trades ("bà Sáu", "tiệm sửa
            # laptop"), which no list of words holds.
            domain = story or any(t.domain for t in seq)
            asks = any(t.asks for t in seq)
            asked_outside = any(t.outside and not t.told for t in seq)
            return judge(query_units, english, found, self.terms.tips, self.model,
                         domain=domain, asks=asks, story=story, prior=prior,
                         asked_outside=asked_outside)
        finally:
            self.terms.end_query()


__all__ = ["SearchIndex"]
