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
the model finds it (``blend``). A tip it was not fitted on (a team's own) is not in its
factors; ``relevance.judge`` gives it the factor of the model's favourite among the tips
found, so it competes with that favourite as an equal.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from bot.search.ranking import Unit

log = logging.getLogger(__name__)

FORMAT = "cskh-bot tip model, version 2"
# Far above the shipped model (about 0.4 MB): a larger file is not read.
MAX_BYTES = 32 * 1024 * 1024
# Far above anything a fit gives (the shipped model's largest weight is about 6): a file
# with larger values is not a model this code wrote, and would overflow the softmax.
MAX_WEIGHT = 100.0


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
        the model favours, below for those it does not. A tip it does not know is not
        in the map: ``relevance.judge`` decides its factor."""
        share = len(self.tips)
        norm = 1.0 + self.blend
        return {tip: (1.0 + self.blend * share * p) / norm
                for tip, p in self.probabilities(query).items()}

    @classmethod
    def load(cls, path: Path) -> TipModel | None:
        """The model in ``path``; ``None`` (BM25 alone, one warning) when the file is
        missing or not a model this code wrote: the search works without it."""
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ValueError("too large")
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls.from_json(data)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError, KeyError, OverflowError, RecursionError,
                MemoryError) as exc:
            log.warning("%s is not a tip model (%s); ranking by BM25 alone", path.name,
                        type(exc).__name__)
            return None

    @classmethod
    def from_json(cls, data: object) -> TipModel:
        """Checked field by field: a file that is not a model this code wrote raises."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("format")
        tips, raw_bias = data["tips"], data["bias"]
        terms, counts = data["terms"], data["counts"]
        which, weights = data["which"], data["weights"]
        if not all(isinstance(v, list) for v in (tips, raw_bias, terms, counts, which, weights)):
            raise ValueError("lists were expected")
        if (not tips or len(set(tips)) != len(tips)
                or not all(isinstance(t, str) for t in (*tips, *terms))
                or len(raw_bias) != len(tips) or len(counts) != len(terms)
                or len(which) != len(weights) or sum(counts) != len(weights)
                or not set(map(type, which)) <= {int}
                or (which and (min(which) < 0 or max(which) >= len(tips)))
                or not _all_bounded(raw_bias) or not _all_bounded(weights)):
            raise ValueError("weights")
        bias = tuple(float(b) for b in raw_bias)
        pairs = zip(which, map(float, weights), strict=True)
        table = {t: tuple(islice(pairs, n)) for t, n in zip(terms, counts, strict=True)}
        blend = data["blend"]
        if not _bounded(blend) or blend < 0:
            raise ValueError("blend")
        return cls(tuple(tips), bias, table, float(blend))

    def to_json(self) -> dict[str, object]:
        """Flat lists (a term's weights follow its count), which read far faster than a
        list per term: the one-shot command line reads the model on every call."""
        terms = sorted(self.weights)
        return {"format": FORMAT, "tips": list(self.tips), "blend": self.blend,
                "bias": [round(b, 5) for b in self.bias], "terms": terms,
                "counts": [len(self.weights[t]) for t in terms],
                "which": [i for t in terms for i, _ in self.weights[t]],
                "weights": [round(w, 4) for t in terms for _, w in self.weights[t]]}


def _bounded(value: object) -> bool:
    """A number a fit could have written: finite and far from overflowing ``exp``."""
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and abs(value) <= MAX_WEIGHT)


def _all_bounded(values: list[Any]) -> bool:
    """``_bounded`` for a whole list, in C loops: the weights are tens of thousands and
    the one-shot command line reads them on every call."""
    return (set(map(type, values)) <= {int, float} and all(map(math.isfinite, values))
            and (not values or max(map(abs, values)) <= MAX_WEIGHT))


__all__ = ["FORMAT", "MAX_BYTES", "MAX_WEIGHT", "TipModel", "features"]
