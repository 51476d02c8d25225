"""Relevance: how likely a ranked tip answers the query, and which tips are worth showing.

Ranking orders tips; relevance is a separate question: how much of what the user asked
about is found in the tip. Query words nobody wrote about (``phở``, ``bitcoin``) weigh
heavily against it, so off-topic queries return nothing instead of the least bad tip.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from bot.corpus import Tip
from bot.search.ranking import Evidence, Unit

# A tip is relevant when at least this share of the query (by weight) is found in it.
MIN_CONFIDENCE = 0.4
MIN_CONFIDENCE_LONG = 0.35
# Share of relevance that depends on the query's word pairs standing together in a tip.
PAIR_SHARE = 0.3
# The leading hits get the features that compare them with their neighbours, and a
# probability; the model scores the rest 0.
SCORED_HITS = 8
AGREE_HITS = 4
# A tip's rank grows with the support of its article: the sum of the article's next
# ``ARTICLE_HITS`` best tips, against the best such sum, weighs ``ARTICLE_SUPPORT``.
ARTICLE_SUPPORT = 0.7
ARTICLE_HITS = 3


@dataclass(frozen=True, slots=True)
class Hit:
    tip: Tip
    # How likely this tip is a right answer, 0–1: a model fitted on the development
    # queries (``seeds/relevance.toml``), so 0.8 means about 8 in 10 such hits were right.
    score: float
    rank_score: float  # BM25, for ordering only


class Scored(NamedTuple):
    """A ranked tip before the relevance cut, with the evidence the model weighs
    (``bench/calibrate.py`` fits the model on it)."""

    tip: Tip
    score: float
    rank_score: float
    relevant: bool  # enough of the query found, by coverage alone
    features: dict[str, float]

    def hit(self) -> Hit:
        return Hit(self.tip, self.score, self.rank_score)


@dataclass(frozen=True, slots=True)
class RelevanceModel:
    """A logistic model over a hit's evidence: the chance the hit is a right answer.

    Coverage alone punished long chatty messages (fillers and names count against it)
    and let short off-topic ones through; the model weighs coverage with the evidence
    found, the words nobody wrote about, the length and the lead over the next tip.
    Fitted by ``bench/calibrate.py``; ``answer`` is the probability at which the top
    hit is worth sending, ``show`` the one at which further hits are listed.
    """

    weights: dict[str, float]
    bias: float
    mean: dict[str, float]
    scale: dict[str, float]
    # The gate: from the top hit's evidence, the chance the message asks something the
    # tips answer at all (a wrong top hit of an on-topic question still deserves the list).
    gate_weights: dict[str, float]
    gate_bias: float
    answer: float = 0.5
    show: float = 0.3

    @classmethod
    def load(cls, path: Path) -> RelevanceModel | None:
        if not path.exists():
            return None
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        return cls(dict(data["weights"]), float(data["bias"]), dict(data["mean"]),
                   dict(data["scale"]), dict(data["gate_weights"]), float(data["gate_bias"]),
                   float(data.get("answer", 0.5)), float(data.get("show", 0.3)))

    def probability(self, features: dict[str, float]) -> float:
        """The chance this hit is a right answer."""
        return self._logistic(self.weights, self.bias, features)

    def answerable(self, top: dict[str, float]) -> float:
        """The chance the message is a question the tips answer."""
        return self._logistic(self.gate_weights, self.gate_bias, top)

    def _logistic(self, weights: dict[str, float], bias: float,
                  features: dict[str, float]) -> float:
        z = bias
        for name, w in weights.items():
            z += w * (features.get(name, 0.0) - self.mean[name]) / self.scale[name]
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def judge(query_units: list[Unit], english: bool, found: Evidence, tips: Sequence[Tip],
          model: RelevanceModel | None, *, domain: bool = False,
          asks: bool = False, story: bool = False,
          prior: Mapping[str, float] | None = None,
          asked_outside: bool = False) -> list[Scored]:
    """Every tip ``rank`` found, best first, with its relevance and evidence.

    ``story``: the message tells one (``Reading.story``). ``prior``: by tip id,
    the factor the tip model (``tipmodel``) puts on its rank. ``asked_outside``: the
    question itself (a story's question sentence, not its telling) names a matter the
    articles skip: a customer who "asked for a refund" is a story, "how long does a
    refund take?" a question for someone else."""
    # A tip the model was never fitted on (a team's own) gets the factor of the model's
    # favourite among the tips found: it competes with that favourite as an equal, not
    # with a score the model multiplied many times over.
    unfitted = max((prior[tips[d].id] for d in found.rank if tips[d].id in prior),
                   default=1.0) if prior else 1.0
    content_total = sum(u.weight for u in query_units if not u.pair)
    pair_total = sum(u.weight for u in query_units if u.pair)
    if content_total <= 0:
        return []
    n_content = sum(1 for u in query_units if not u.pair)
    # Long questions carry words about the asking, not the topic; ask less of them.
    threshold = max(MIN_CONFIDENCE_LONG, MIN_CONFIDENCE - 0.03 * max(0, n_content - 3))
    unknown = sum(u.weight for u in query_units if not u.pair and not u.alternatives)
    outside = sum(u.weight for u in query_units if not u.pair and u.outside) / content_total
    # Whether the message names a party of customer care, and how many of its word pairs
    # stand anywhere in the tips: syllables the articles hold, strung into phrases they
    # never use ("thoi tiet ha noi"), are a coincidence of spelling, not a topic.
    names_party = float(domain or any(u.domain for u in query_units if not u.pair))
    named = float(any(u.named for u in query_units if not u.pair))
    word_pairs = [u for u in query_units if u.pair]
    phrased = (sum(1 for u in word_pairs if u.alternatives) / len(word_pairs)
               if word_pairs else 1.0)
    content, pairs, matched = found.content, found.pairs, found.matched
    # First the confidence and base rank of each tip (floats only: a lookup must not
    # leave the garbage collector a pile of containers), then the article's support.
    confidences: dict[int, float] = {}
    base: dict[int, float] = {}
    for doc, s in found.rank.items():
        cov = content[doc] / content_total
        cov_pairs = pairs[doc] / pair_total if pair_total else 1.0
        confidence = min(1.0, cov * (1 - PAIR_SHARE + PAIR_SHARE * cov_pairs))
        confidences[doc] = confidence
        base[doc] = s * (0.5 + confidence)
    boost = _article_support(base, tips)
    rows: list[tuple[Tip, float, float, dict[str, float]]] = []
    for doc, s in found.rank.items():
        cov = content[doc] / content_total
        cov_pairs = pairs[doc] / pair_total if pair_total else 1.0
        confidence = confidences[doc]
        tip = tips[doc]
        factor = prior.get(tip.id, unfitted) if prior else 1.0
        likelier = math.log(factor)
        features = {
            "confidence": confidence, "coverage": cov, "pairs": cov_pairs,
            "rank": math.log1p(s), "found": math.log1p(content[doc]),
            "words": math.log1p(n_content), "unknown": unknown / content_total,
            "matched": matched[doc] / n_content, "english": float(english),
            "outside": outside, "domain": names_party, "phrased": phrased,
            "named": named, "asks": float(asks),
            # How much likelier than chance the tip model finds this tip.
            "prior": likelier,
            # A story's setting is words nobody wrote about: it covers less of itself than
            # a question does, and the gate must not read that as off-topic.
            "story": float(story), "story_coverage": float(story) * cov,
            # A story strings its words into phrases no tip uses, and its shape is what
            # the tip model reads: the gate weighs both otherwise for a story.
            "story_phrased": float(story) * phrased, "story_prior": float(story) * likelier,
            "asked_outside": float(asked_outside),
        }
        rows.append((tip, confidence, base[doc] * boost[tip.source.article_id] * factor,
                     features))
    rows.sort(key=lambda r: (-r[2], r[0].id))
    top = rows[0][2] if rows else 1.0
    # A question the articles answer draws its leading hits from one article; words
    # that only brush the domain scatter them ("agree": the share of the next hits
    # from the first hit's article).
    first_article = rows[0][0].source.article_id if rows else ""
    agree = sum(1 for r in rows[1:AGREE_HITS] if first_article
                and r[0].source.article_id == first_article) / (AGREE_HITS - 1)
    scored: list[Scored] = []
    for n, (tip, confidence, rank_score, features) in enumerate(rows):
        score = round(confidence, 3)
        if n < SCORED_HITS:
            nxt = rows[n + 1][2] if n + 1 < len(rows) else 0.0
            features["lead"] = math.log((rank_score + 1) / (nxt + 1))
            features["behind"] = math.log((top + 1) / (rank_score + 1))
            features["first"] = float(n == 0)
            features["agree"] = agree
            if model is not None:
                score = round(model.probability(features), 3)
        elif model is not None:
            score = 0.0
        scored.append(Scored(tip, score, rank_score, confidence >= threshold, features))
    return scored


def _article_support(base: dict[int, float], tips: Sequence[Tip]) -> dict[str, float]:
    """By article, the factor its tips' rank scores are raised by.

    A story or a situation brushes its article's tips many times over in words of its
    own (each tip holds a few of them), while a tip elsewhere matching one striking word
    stands alone: the article that several tips point at is the likelier answer, and its
    best tip should lead (the tip ahead of it by a single word should not). The support
    is the sum of the article's next ``ARTICLE_HITS`` best tips after its first.
    """
    by_article: dict[str, list[float]] = {}
    for doc, score in base.items():
        by_article.setdefault(tips[doc].source.article_id, []).append(score)
    support = {a: sum(sorted(v, reverse=True)[1 : 1 + ARTICLE_HITS])
               for a, v in by_article.items()}
    most = max(support.values(), default=0.0) or 1.0
    return {a: 1 + ARTICLE_SUPPORT * v / most for a, v in support.items()}


def _all_found(top: dict[str, float]) -> bool:
    """Every word of a message of two or more found in one tip, none unknown, none about
    a matter the articles skip, and the next hits from the same article: refusing that
    would cost more than an imperfect answer ("đam mê trong kinh doanh" is short, so its
    BM25 is low, but nothing is missing). Words found all over ("phần mềm help desk
    nào") scatter the hits and get no such pass, unless one of them is an article's
    own name."""
    everything = top["matched"] >= 1.0 and top["unknown"] == 0.0 and top["outside"] == 0.0
    # One of the articles' own names with every other word found beside it in the same
    # tip ("Threadless ao phong") looks that detail up, however short the message.
    return everything and (top.get("named", 0.0) > 0.0 or (
        top["words"] >= math.log1p(2) and top["agree"] >= 2 / 3))


def select(scored: list[Scored], model: RelevanceModel | None, limit: int) -> list[Hit]:
    """The hits worth showing: none when the best one does not answer the message."""
    if model is None:
        return [h.hit() for h in islice((h for h in scored if h.relevant), limit)]
    if not scored or (model.answerable(scored[0].features) < model.answer
                      and not _all_found(scored[0].features)):
        return []
    chosen = [scored[0], *(h for h in scored[1:] if h.score >= model.show)]
    return [h.hit() for h in chosen[:limit]]


__all__ = ["ARTICLE_HITS", "ARTICLE_SUPPORT", "MIN_CONFIDENCE", "MIN_CONFIDENCE_LONG",
           "PAIR_SHARE", "Hit", "RelevanceModel", "Scored", "judge", "select"]
