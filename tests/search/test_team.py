"""A team's view of the search finds exactly what a full index of seeds + team would."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

from bot.corpus import Corpus, Source, Tip
from bot.search import SearchIndex, TeamTips, team_view

DATA = Path(__file__).parents[1] / "data"


def _team(corpus: Corpus, n: int, seed: int) -> list[Tip]:
    rng = random.Random(seed)
    sentences = [s for t in corpus.tips for s in t.passage.split(". ")]
    tips = [Tip(id=f"team-{seed}-{k}", principle=rng.choice(sentences)[:150],
                passage=". ".join(rng.sample(sentences, 3)), source=Source("Mẹo của đội"))
            for k in range(n)]
    tips.append(Tip(id=f"team-{seed}-osaka",
                    principle="Chào khách Osaka bằng tiếng Nhật",
                    passage="Khách Osaka thích được chào bằng konnichiwa.",
                    source=Source("Mẹo của đội")))
    # Every field a tip can have, and a title word repeated: the title's weight (0.6)
    # is not exact in binary, so its counts must be summed in the full index's order.
    tips.append(Tip(id=f"team-{seed}-fields", principle="Gọi lại cho khách trong ngày",
                    passage="Gọi lại gọi lại gọi lại: khách nhớ ai gọi lại trước.",
                    source=Source("Gọi lại gọi lại gọi lại", author="Trưởng nhóm Gọi",
                                  publisher="Đội gọi lại"),
                    tags=("gọi lại", "hotline"), tags_en=("call back",),
                    situations=("kh gọi hotline 3 lần ko ai nghe máy",)))
    return tips


def test_view_equals_a_full_index(corpus: Corpus, index: SearchIndex) -> None:
    team = _team(corpus, 60, 1)
    full = SearchIndex.from_tips([*corpus.tips, *team], index.lexicon, index.context,
                                 index.chatspeak,
                                 index.analyzer.mixed)
    full.model = index.model
    full.tip_model = index.tip_model
    view = team_view(index, TeamTips.build(team, index))
    with (DATA / "search_queries.toml").open("rb") as fh:
        queries = [q["q"] for q in tomllib.load(fh)["queries"]]
    for q in [*queries, "konichiwa osaka", "chào khách osaka", "goi lai hotline",
              "call back customers", "khách gọi hotline ko ai nghe", "goij laij"]:
        assert [(h.tip.id, h.score, h.rank_score) for h in view.search(q)] == \
            [(h.tip.id, h.score, h.rank_score) for h in full.search(q)], q
        assert [t.id for t in view.near(q)] == [t.id for t in full.near(q)], q


def test_view_parts_equal_a_full_index(corpus: Corpus, index: SearchIndex) -> None:
    """What the typo repair reads: the words in order, and a word's pairs in order."""
    team = _team(corpus, 30, 4)
    full = SearchIndex.from_tips([*corpus.tips, *team], index.lexicon, index.context,
                                 index.chatspeak,
                                 index.analyzer.mixed).terms
    view = team_view(index, TeamTips.build(team, index)).terms
    assert list(view.words()) == list(full.words())
    assert view.avg_len == full.avg_len
    assert (view.unknown_idf, view.min_idf) == (full.unknown_idf, full.min_idf)
    assert list(view.doc_len) == list(full.doc_len)
    for word in ["khach", "hang", "goi", "lai", "osaka", "konnichiwa", "nhat", "zzz"]:
        assert (word in view.word_set) == (word in full.word_set), word
        for side in ("L", "R"):
            assert list(view.pairs_of(side, word)) == list(full.pairs_of(side, word)), \
                (side, word)
    for term in ["khach", "khach_hang", "goi_lai", "lai_goi", "osaka", "zzz", "hang_khach"]:
        assert (term in view.postings) == (term in full.postings), term
        if term in full.postings:
            assert view.postings[term] == full.postings[term], term
            assert view.idf[term] == full.idf[term], term
    view.end_query()


def test_a_team_finds_its_own_tips_and_not_another_teams(corpus: Corpus,
                                                         index: SearchIndex) -> None:
    mine = team_view(index, TeamTips.build(_team(corpus, 5, 2), index))
    theirs = team_view(index, TeamTips.build(_team(corpus, 5, 3), index))
    assert mine.search("konnichiwa osaka")[0].tip.id == "team-2-osaka"
    assert theirs.search("konnichiwa osaka")[0].tip.id == "team-3-osaka"
    assert not index.search("konnichiwa osaka")  # the shared index has no team tips
