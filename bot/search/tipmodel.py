"""Which of the articles' tips a query's words point to, learned from examples.

BM25 weighs a word by how rare it is, not by which tip it tells apart: in a story about
a customer who misuses the product, "làm sai" is in every tip of that article, while
"từ chối phục vụ" or "có đáng hỗ trợ" decides between "be patient with them" and "prove
them wrong". The tip model is a softmax regression over a query's index terms (the
alternatives of its units, so synonyms share what they learn), fitted by
``bench/fit_tips.py`` on the tips' own texts (situations, principles, tags, passage
sentences) and the development query sets; it is kept as plain JSON in
``seeds/tipmodel.json`` and scored here without numpy (a query has a few dozen terms).

Ranking keeps BM25 and multiplies each tip's score by how much more likely than chance
the model finds it (``blend``). Tips it was not fitted on (a team's own tips) get the
chance share, so they keep their score.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from bot.search.ranking import Unit

log = logging.getLogger(__name__)

FORMAT = "cskh-bot tip model, version 2"


def features(query_units: Iterable[Unit]) -> dict[str, float]:
    """A query's model features: every index term its units may match, with how sure
    the reading is, scaled to unit length (long stories and two-word lookups alike).

    The one reading of a query for the model: ``bench/fit_tips.py`` fits on it and the
    search scores with it.
    """
    found: dict[str, float] = {}
    for unit in query_units:
        for terms, mult in unit.alternatives:
            for term in terms:
                if mult > found.get(term, 0.0):
                    found[term] = mult
    norm = math.sqrt(sum(v * v for v in found.values()))
    return {t: v / norm for t, v in found.items()} if norm else {}


@dataclass(frozen=True, slots=True)
class TipModel:
    """Per term, its weight for each tip (pruned of the negligible ones), a bias per
    tip, and how strongly the probabilities reorder BM25 (``blend``)."""

    tips: tuple[str, ...]  # tip ids, in the order of the bias and the weights' indexes
    bias: tuple[float, ...]
    weights: Mapping[str, Sequence[tuple[int, float]]]  # term -> (tip index, weight)
    blend: float

    def probabilities(self, query: Mapping[str, float]) -> dict[str, float]:
        """The chance each fitted tip is the one the query asks about."""
        z = list(self.bias)
        for term, value in query.items():
            for tip, w in self.weights.get(term, ()):
                z[tip] += w * value
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        return {tip: e / total for tip, e in zip(self.tips, exp, strict=True)}

    def factors(self, query: Mapping[str, float]) -> dict[str, float]:
        """By tip id, the factor its rank score is multiplied by: above 1 for the tips
        the model favours, below for those it does not; a tip it does not know is not
        in the map (its factor is 1)."""
        share = len(self.tips)
        norm = 1.0 + self.blend
        return {tip: (1.0 + self.blend * share * p) / norm
                for tip, p in self.probabilities(query).items()}

    @classmethod
    def load(cls, path: Path) -> TipModel | None:
        """The model in ``path``; ``None`` (BM25 alone, one warning) when the file is
        missing or not a model this code wrote: the search works without it."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls.from_json(data)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError) as exc:
            log.warning("%s is not a tip model (%s); ranking by BM25 alone", path.name,
                        type(exc).__name__)
            return None

    @classmethod
    def from_json(cls, data: object) -> TipModel:
        """Checked field by field: a file that is not a model this code wrote raises."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("format")
        tips = tuple(str(t) for t in data["tips"])
        bias = tuple(float(b) for b in data["bias"])
        terms, counts = data["terms"], data["counts"]
        which, weights = data["which"], data["weights"]
        if not all(isinstance(v, list) for v in (terms, counts, which, weights)):
            raise ValueError("weights")
        if (len(bias) != len(tips) or not tips or len(counts) != len(terms)
                or len(which) != len(weights) or sum(counts) != len(weights)
                or (which and (min(which) < 0 or max(which) >= len(tips)))
                or not all(isinstance(i, int) for i in which)
                or not math.isfinite(math.fsum(weights)) or not math.isfinite(math.fsum(bias))):
            raise ValueError("weights")
        pairs = zip(which, map(float, weights), strict=True)
        table = {str(t): tuple(islice(pairs, n)) for t, n in zip(terms, counts, strict=True)}
        blend = float(data["blend"])
        if not (math.isfinite(blend) and blend >= 0):
            raise ValueError("blend")
        return cls(tips, bias, table, blend)

    def to_json(self) -> dict[str, object]:
        """Flat lists (a term's weights follow its count), which read far faster than a
        list per term: the one-shot command line reads the model on every call."""
        terms = sorted(self.weights)
        return {"format": FORMAT, "tips": list(self.tips), "blend": self.blend,
                "bias": [round(b, 5) for b in self.bias], "terms": terms,
                "counts": [len(self.weights[t]) for t in terms],
                "which": [i for t in terms for i, _ in self.weights[t]],
                "weights": [round(w, 4) for t in terms for _, w in self.weights[t]]}


__all__ = ["FORMAT", "TipModel", "features"]
