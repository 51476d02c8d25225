"""Search over tips: forgiving of how Vietnamese users type, strict about relevance.

A query goes through the modules in this order; each imports only the ones above it:

* ``analysis`` — text to index words: folding, word pairs, the light English stemmer,
  the lexicon (stopwords, synonym groups), a query's tokens.
* ``terms`` — the inverted index (``TermIndex``: postings, lengths, IDF) and
  ``Vocabulary``, the narrow interface through which everything below reads an index.
* ``repair`` — typing mistakes repaired against a vocabulary (Telex and VNI residue,
  words run together, typos).
* ``query`` — what a query says: chat shorthand, fillers, names, a story's setting,
  matters the lexicon knows; unknown words handed to ``repair``.
* ``ranking`` — a query as weighted units (words, synonym phrases, word pairs) and
  BM25 over weighted fields.
* ``tipmodel`` — which tip a query's words point to, learned from the tips' own texts
  and the development sets (``TipModel``, fitted by ``bench/fit_tips.py``): it reorders
  BM25 within what was found.
* ``relevance`` — how likely a ranked tip answers the query (``RelevanceModel``,
  fitted by ``bench/calibrate.py``), which hits are shown, and ``Hit``.
* ``index`` — ``SearchIndex``: composes an analyzer, a vocabulary, the tip model and
  the relevance model.
* ``context`` — article sentences no tip quotes, attributed to the nearest tip.
* ``cache`` — the seeds' index on disk between runs, as plain JSON.
* ``build`` — ``build_index``: the index the bot and the CLI use.
* ``team`` — a team's view: the shared vocabulary plus the team's own tips, without
  copying the shared index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.search.analysis import Lexicon, stem_en
from bot.search.build import build_index
from bot.search.context import attribute_context
from bot.search.index import SearchIndex
from bot.search.relevance import Hit, RelevanceModel, Scored
from bot.search.terms import TermIndex, Vocabulary

if TYPE_CHECKING:
    from bot.search.team import TeamTips, team_view


def __getattr__(name: str) -> Any:
    """Team views load on first use: a one-shot ``python -m bot search`` never needs
    them, and their module costs it 3 ms of start-up."""
    if name in ("TeamTips", "team_view"):
        from bot.search import team

        return getattr(team, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["Hit", "Lexicon", "RelevanceModel", "Scored", "SearchIndex", "TeamTips",
           "TermIndex", "Vocabulary", "attribute_context", "build_index", "stem_en",
           "team_view"]
