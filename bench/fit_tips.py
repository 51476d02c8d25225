"""Fit the tip model (``seeds/tipmodel.json``; see ``bot/search/tipmodel.py``).

Examples: each tip's own texts (its situations without their names, principle, short
form, tags and passage sentences) and every answerable query of the development sets
(``bench/calibrate.py``'s ``TRAIN``), labelled with the tips holding an expected phrase.
Features: the index terms of the query as the search reads it (``tipmodel.features``).
Model: a softmax regression over the tips, L2-regularised, fitted by batch gradient
descent on sparse rows (numpy, which matplotlib brings).

``--folds`` estimates what the model does for a set it has never seen: each development
set in turn is left out of the fit and ranked, for each candidate ``blend``; the blend
with the best hit@3 (then hit@1) summed over the left-out sets is written. The held-out
sets (``search_quality.HELD_OUT``) are never read here.

Then refit the relevance model, whose features depend on the order: ``python
bench/calibrate.py --write``.
Run: python bench/fit_tips.py [--folds] [--write]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.corpus import load_corpus, seeds_dir  # noqa: E402
from bot.render import tip_plain  # noqa: E402
from bot.replies.lookup import searchable  # noqa: E402
from bot.search import SearchIndex  # noqa: E402
from bot.search.build import _build  # noqa: E402
from bot.search.ranking import units  # noqa: E402
from bot.search.tipmodel import TipModel, features  # noqa: E402
from bot.text import normalize  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_quality  # noqa: E402

# The development sets: every set search_quality.py reports but holds out.
TRAIN = {name: path for name, path in search_quality.SETS.items()
         if name not in search_quality.HELD_OUT}
L2 = 1e-4
STEPS = 300
RATE = 2.0
MOMENTUM = 0.9
BLENDS = (0.5, 1.0, 2.0)
DEFAULT_BLEND = 2.0  # what --folds chose for the shipped model (1.0 within two queries)
# Weights this small change no probability the ranking would notice; leaving them out
# keeps the file small and its loading quick.
PRUNE = 0.1


@dataclass
class Example:
    text: str
    tips: list[int]  # the right tips (by position)


def query_features(index: SearchIndex, text: str) -> dict[str, float]:
    seq, english, story = index.analyzer.analyse(text, index.terms)
    try:
        return features(units(seq, english, index.analyzer.lexicon, index.terms, story=story))
    finally:
        index.terms.end_query()


def own_examples(index: SearchIndex) -> list[Example]:
    """Each tip's own texts, labelled with the tip."""
    out: list[Example] = []
    for n, tip in enumerate(index.tips):
        texts = [normalize.drop_names(s) for s in tip.situations]
        texts += [tip.principle, tip.short, *tip.tags, *tip.tags_en]
        texts += [s for s in re.split(r"(?<=[.!?])\s+", tip.passage) if s]
        out.extend(Example(t, [n]) for t in texts)
    return out


def folded(text: str) -> str:
    """Text as the sets' expected phrases are compared with a tip (``right``)."""
    return " ".join(normalize.tokens(text))


def right(tip_text: str, expect: Sequence[str]) -> bool:
    """Whether a tip (its ``folded(tip_plain(...))``) holds one of a query's expected
    phrases (folded): the one label of a right answer, here and in calibrate.py."""
    return any(e in tip_text for e in expect)


def set_examples(index: SearchIndex, path: Path) -> list[Example]:
    """A development set's answerable queries, as the bot would search them."""
    texts = [folded(tip_plain(t)) for t in index.tips]
    with path.open("rb") as fh:
        queries = tomllib.load(fh)["queries"]
    out: list[Example] = []
    for q in queries:
        expect = [folded(e) for e in q.get("expect", [])]
        text = searchable(q["q"])
        tips = [n for n, t in enumerate(texts) if right(t, expect)]
        if expect and tips and text is not None:
            out.append(Example(text, tips))
    return out


def fit(index: SearchIndex, examples: Sequence[Example], blend: float) -> TipModel:
    """Softmax regression by batch gradient descent over sparse rows."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    n_tips = len(index.tips)
    y = np.zeros((len(examples), n_tips))
    for r, ex in enumerate(examples):
        for term, value in query_features(index, ex.text).items():
            rows.append(r)
            cols.append(vocab.setdefault(term, len(vocab)))
            vals.append(value)
        y[r, ex.tips] = 1.0 / len(ex.tips)
    # Rows without a single known term teach nothing and would break the row sums.
    keep = sorted(set(rows))
    y = y[keep]
    renumber = {r: k for k, r in enumerate(keep)}
    row = np.array([renumber[r] for r in rows])
    col = np.array(cols)
    val = np.array(vals)[:, None]
    # Sparse products by sums over runs: rows are in order; columns are sorted once.
    row_starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    by_col = np.argsort(col, kind="stable")
    col_sorted = col[by_col]
    col_starts = np.flatnonzero(np.r_[True, col_sorted[1:] != col_sorted[:-1]])
    col_ids = col_sorted[col_starts]
    # float64 throughout: the same weights on every machine (float32's exp differs by CPU).
    w = np.zeros((len(vocab), n_tips))
    b = np.zeros(n_tips)
    vw = np.zeros_like(w)
    vb = np.zeros_like(b)
    n = len(keep)
    for _ in range(STEPS):
        # Nesterov's momentum: the gradient where the step is heading.
        la_w = w + MOMENTUM * vw
        la_b = b + MOMENTUM * vb
        z = np.add.reduceat(val * la_w[col], row_starts) + la_b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) / n
        gw = L2 * la_w
        gw[col_ids] += np.add.reduceat((val * g[row])[by_col], col_starts)
        vw = MOMENTUM * vw - RATE * gw
        vb = MOMENTUM * vb - RATE * g.sum(axis=0)
        w += vw
        b += vb
    terms = {t: [(k, float(w[i, k])) for k in range(n_tips) if abs(w[i, k]) >= PRUNE]
             for t, i in vocab.items()}
    return TipModel(tuple(t.id for t in index.tips), tuple(float(v) for v in b),
                    {t: row_ for t, row_ in terms.items() if row_}, blend)


def hits(index: SearchIndex, examples: Sequence[Example]) -> tuple[int, int]:
    """hit@1 and hit@3 of the ranking before the relevance cut."""
    one = three = 0
    for ex in examples:
        ranked = [index.tips.index(s.tip) for s in index.scored(ex.text)[:3]]
        one += bool(ranked) and ranked[0] in ex.tips
        three += bool(set(ranked) & set(ex.tips))
    return one, three


def left_out_models(index: SearchIndex, own: Sequence[Example],
                    sets: dict[str, list[Example]], blend: float) -> dict[str, TipModel]:
    """By development set, the model fitted without it: how the search ranks a set by
    an author it has never read (``--folds``, and ``bench/calibrate.py``, whose
    relevance model must learn from such orderings, not from ones fitted on the very
    queries it sees)."""
    return {name: fit(index, [*own, *(e for other, ex in sets.items() if other != name
                                      for e in ex)], blend)
            for name in sets}


def choose_blend(index: SearchIndex, folds: dict[str, TipModel],
                 sets: dict[str, list[Example]]) -> float:
    """The blend with the best hit@3 (then hit@1) summed over the left-out sets."""
    totals = {b: [0, 0] for b in (0.0, *BLENDS)}
    for name, model in folds.items():
        line = f"{name:<6} {len(sets[name]):4d}"
        for b in totals:
            index.tip_model = TipModel(model.tips, model.bias, model.weights, b)
            one, three = hits(index, sets[name])
            totals[b][0] += one
            totals[b][1] += three
            line += f"  blend {b}: {one}/{three}"
        index.tip_model = None
        print(line, flush=True)
    blend = max(BLENDS, key=lambda b: (totals[b][1], totals[b][0]))
    print("left-out sets, hit@1/hit@3 summed: "
          + "  ".join(f"{b}: {v[0]}/{v[1]}" for b, v in totals.items()) + f"; blend {blend}")
    return blend


def prepare() -> tuple[SearchIndex, list[Example], dict[str, list[Example]]]:
    """The index without a tip model (features do not depend on it), and the examples."""
    index = _build(load_corpus(check_sources=False), None, ())
    index.tip_model = None
    return index, own_examples(index), {n: set_examples(index, p) for n, p in TRAIN.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", action="store_true",
                        help="choose the blend on left-out development sets")
    parser.add_argument("--write", action="store_true", help="write seeds/tipmodel.json")
    args = parser.parse_args()
    index, own, sets = prepare()
    blend = DEFAULT_BLEND
    if args.folds:
        blend = choose_blend(index, left_out_models(index, own, sets, blend), sets)
    model = fit(index, [*own, *(e for ex in sets.values() for e in ex)], blend)
    size = sum(len(r) for r in model.weights.values())
    print(f"{len(own)} examples from the tips, {sum(map(len, sets.values()))} from the sets; "
          f"{len(model.weights)} terms, {size} weights; blend {blend}")
    if args.write:
        path = seeds_dir() / "tipmodel.json"
        path.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":"))
                        + "\n", encoding="utf-8")
        print(f"wrote {path}; now refit the relevance model: python bench/calibrate.py --write")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
