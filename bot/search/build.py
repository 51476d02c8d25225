"""The index the bot and the CLI use, from the seeds: built, or read from the cache."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.corpus import Corpus, Tip, seeds_dir
from bot.search.analysis import Lexicon
from bot.search.cache import cache_key, read, write
from bot.search.context import attribute_context
from bot.search.index import SearchIndex
from bot.search.relevance import RelevanceModel
from bot.search.tipmodel import TipModel
from bot.text.chatspeak import Chatspeak


def build_index(corpus: Corpus, lexicon_path: Path | None = None,
                extra_tips: Sequence[Tip] = ()) -> SearchIndex:
    """The index the bot and the CLI use: seed tips with article context, plus extras.

    Building takes about a hundred milliseconds (every situation, every article
    sentence), which a one-shot ``python -m bot search`` should not pay each time: the
    index of the seeds is kept on disk (``bot.search.cache``: plain JSON, named by a hash
    of the seeds and of the code), so any change to either builds afresh. No cache, no
    harm: it is rebuilt.
    """
    cacheable = lexicon_path is None and not extra_tips
    key = cache_key(seeds_dir(), corpus.tips) if cacheable else ""
    if key:
        cached = read(key, corpus.tips)
        if cached is not None:
            return cached
    index = _build(corpus, lexicon_path, extra_tips)
    if key:
        write(key, index)
    return index


def _build(corpus: Corpus, lexicon_path: Path | None, extra_tips: Sequence[Tip]) -> SearchIndex:
    lexicon = Lexicon.load(lexicon_path or seeds_dir() / "lexicon.toml")
    chatspeak = Chatspeak.load(seeds_dir() / "chatspeak.toml")
    mixed = Chatspeak.load(seeds_dir() / "mixed.toml")
    index = SearchIndex.from_tips([*corpus.tips, *extra_tips], lexicon,
                                  attribute_context(corpus), chatspeak, mixed)
    index.model = RelevanceModel.load(seeds_dir() / "relevance.toml")
    index.tip_model = TipModel.load(seeds_dir() / "tipmodel.json")
    return index


__all__ = ["build_index"]
