"""The tip model: which tip a query's words point to, learned from examples.

It reorders what BM25 found towards the tip a message is about (a story's shape, not
the words every tip of its article shares), it is in step with the tips it was fitted
on, it never pushes a team's own tip down, and a damaged file only costs the reordering.
"""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import pytest

from bot.corpus import DEFAULT_SEEDS_DIR, Corpus, Tip
from bot.render import tip_plain
from bot.search import SearchIndex, TeamTips, team_view
from bot.search.ranking import Unit
from bot.search.tipmodel import FORMAT, TipModel, features
from bot.text import normalize

# A story written for this test (no set holds it): a customer keeps misusing the
# product and blames the shop, and the owner wants to stop serving him. Its words are
# those of every tip about customers who get things wrong; what it asks (keep serving
# them?) is one tip's: be patient with them and stay within their reach.
STORY = ("Tiệm giặt ủi của chị Hoa có ông khách cứ bỏ áo len vào máy sấy dù đã được dặn, "
         "áo co lại thì ông quay sang trách tiệm. Chị Hoa định từ nay không nhận đồ của "
         "ông nữa, có nên không?")
ANSWER = "kiên nhẫn"


def _top(index: SearchIndex, query: str, k: int = 3) -> list[str]:
    return [" ".join(normalize.tokens(tip_plain(h.tip))) for h in index.search(query, k)]


def _with(index: SearchIndex, model: TipModel | None) -> SearchIndex:
    return SearchIndex(index.terms, index.analyzer, index.context, index.model, model)


def test_the_model_brings_the_tip_a_story_asks_about_into_the_answer(
        index: SearchIndex) -> None:
    assert index.tip_model is not None
    needle = " ".join(normalize.tokens(ANSWER))
    assert any(needle in text for text in _top(index, STORY))
    assert not any(needle in text for text in _top(_with(index, None), STORY))


def test_the_shipped_model_knows_every_tip_and_nothing_else(corpus: Corpus,
                                                            index: SearchIndex) -> None:
    """A model fitted before tips were added or renamed would silently favour the old
    ones: refit (python bench/fit_tips.py --folds --write; then bench/calibrate.py)."""
    assert index.tip_model is not None
    assert sorted(index.tip_model.tips) == sorted(t.id for t in corpus.tips)


def test_features_share_a_synonym_and_weigh_long_and_short_queries_alike() -> None:
    unit = Unit(1.0, [(("khach_hang",), 1.0), (("customer",), 0.8)])
    typo = Unit(1.0, [(("trung",), 0.6), (("thanh",), 0.6)])
    found = features([unit, typo])
    assert set(found) == {"khach_hang", "customer", "trung", "thanh"}
    assert math.isclose(math.sqrt(sum(v * v for v in found.values())), 1.0)
    assert found["khach_hang"] > found["customer"] > found["trung"]
    assert features([Unit(2.0, [])]) == {}  # a word no tip holds tells the model nothing


def test_the_model_raises_the_tip_its_words_point_to_and_without_evidence_changes_nothing(
        ) -> None:
    model = TipModel(("a", "b"), (0.0, 0.0), {"x": ((0, 3.0),)}, blend=2.0)
    p = model.probabilities({"x": 1.0})
    assert math.isclose(sum(p.values()), 1.0) and p["a"] > p["b"]
    factors = model.factors({"x": 1.0})
    assert factors["a"] > 1.0 > factors["b"]
    assert model.factors({}) == {"a": 1.0, "b": 1.0}  # no evidence: no reordering


def test_a_team_tip_is_not_pushed_down_by_a_model_that_never_saw_it(
        corpus: Corpus, index: SearchIndex) -> None:
    own = Tip(id="team-1-osaka", principle="Chào khách Osaka bằng tiếng Nhật",
              passage="Khách Osaka thích được chào bằng konnichiwa.", source=corpus.tips[0].source,
              tags=("chào khách", "tiếng Nhật", "Osaka"), tags_en=("greeting", "japanese"))
    view = team_view(index, TeamTips.build([own], index))
    plain = SearchIndex(view.terms, view.analyzer, view.context, view.model, None)
    query = "chào khách osaka"

    def lead(index: SearchIndex) -> float:
        """The team tip's rank score over the best of the articles' tips."""
        scores = {s.tip.id: s.rank_score for s in index.scored(query)}
        own_score = scores.pop("team-1-osaka")
        return own_score / max(scores.values())

    assert lead(view) >= lead(plain) > 1.0
    assert view.search(query)[0].tip.id == "team-1-osaka"


# Two tips, "x" pointing to the first and "y" to the second.
_FILE = {"format": FORMAT, "tips": ["a", "b"], "bias": [0.0, 0.0], "terms": ["x", "y"],
         "counts": [1, 1], "which": [0, 1], "weights": [2.0, 2.0], "blend": 1.0}


def test_a_file_reads_each_weight_for_its_tip() -> None:
    model = TipModel.from_json(_FILE)
    assert model.probabilities({"y": 1.0})["b"] > 0.5 > model.probabilities({"x": 1.0})["b"]
    assert TipModel.from_json(model.to_json()) == model


@pytest.mark.parametrize("content", [
    "", "{", "[]", json.dumps({"format": "something else"}),
    json.dumps({**_FILE, "which": [0, 5]}),  # no such tip
    json.dumps({**_FILE, "which": [0, True]}),
    json.dumps({**_FILE, "counts": [2, 1]}),  # more weights said than given
    json.dumps({**_FILE, "weights": [1.0, "x"]}),
    json.dumps({**_FILE, "blend": float("nan")}),
    json.dumps({**_FILE, "blend": 1e308}),  # every factor infinite: every hit "certain"
    json.dumps({**_FILE, "weights": [1e308, 1e308]}),  # the softmax would overflow
    json.dumps({**_FILE, "bias": [1.7e308, 0.0]}),
    json.dumps({**_FILE, "tips": "ab"}),  # a string, not a list of tips
    json.dumps({**_FILE, "tips": ["a", "a"]}),
    "[" * 200_000 + "]" * 200_000,  # too deep for the JSON reader
])
def test_a_damaged_model_file_costs_only_the_reordering(
        tmp_path: Path, content: str, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "tipmodel.json"
    path.write_text(content, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert TipModel.load(path) is None
    assert [r.getMessage() for r in caplog.records if "tipmodel.json" in r.getMessage()]


def test_no_model_file_means_bm25_alone(tmp_path: Path) -> None:
    assert TipModel.load(tmp_path / "missing.json") is None


def test_the_shipped_file_reads_back_as_written() -> None:
    path = DEFAULT_SEEDS_DIR / "tipmodel.json"
    model = TipModel.load(path)
    assert model is not None
    assert TipModel.from_json(model.to_json()) == model
