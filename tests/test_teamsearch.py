"""A team's view of the search finds exactly what a full index of seeds + team would."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

from bot.corpus import Corpus, Source, Tip
from bot.search import SearchIndex
from bot.teamsearch import TeamTips, team_view

DATA = Path(__file__).parent / "data"


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
    return tips


def test_view_equals_a_full_index(corpus: Corpus, index: SearchIndex) -> None:
    team = _team(corpus, 60, 1)
    full = SearchIndex([*corpus.tips, *team], index.lexicon, index.context, index.chatspeak)
    full.model = index.model
    view = team_view(index, TeamTips.build(team, index))
    with (DATA / "search_queries.toml").open("rb") as fh:
        queries = [q["q"] for q in tomllib.load(fh)["queries"]]
    for q in [*queries, "konichiwa osaka", "chào khách osaka"]:
        assert [(h.tip.id, h.score) for h in view.search(q)] == \
            [(h.tip.id, h.score) for h in full.search(q)], q


def test_a_team_finds_its_own_tips_and_not_another_teams(corpus: Corpus,
                                                         index: SearchIndex) -> None:
    mine = team_view(index, TeamTips.build(_team(corpus, 5, 2), index))
    theirs = team_view(index, TeamTips.build(_team(corpus, 5, 3), index))
    assert mine.search("konnichiwa osaka")[0].tip.id == "team-2-osaka"
    assert theirs.search("konnichiwa osaka")[0].tip.id == "team-3-osaka"
    assert not index.search("konnichiwa osaka")  # the shared index has no team tips
