"""Search quality on the development query set: hit@1, hit@3 and off-topic rejection.

A query is a hit@k when one of the first k tips contains one of its expected phrases
(compared folded, so diacritics do not matter). Off-topic queries must return nothing.
Run: python bench/search_quality.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot import textnorm  # noqa: E402
from bot.corpus import load_corpus  # noqa: E402
from bot.render import tip_plain  # noqa: E402
from bot.search import SearchIndex, build_index  # noqa: E402

QUERIES = ROOT / "tests" / "data" / "search_queries.toml"


@dataclass
class Outcome:
    kind: str
    query: str
    expect: list[str]
    got: list[str]
    hit1: bool
    hit3: bool


def _folded(text: str) -> str:
    return " ".join(textnorm.tokens(text))


def evaluate(index: SearchIndex, queries: list[dict]) -> list[Outcome]:
    outcomes = []
    for q in queries:
        hits = index.search(q["q"], limit=3)
        texts = [_folded(tip_plain(h.tip)) for h in hits]
        expect = [_folded(e) for e in q.get("expect", [])]
        if not expect:
            ok = not hits
            outcomes.append(Outcome(q["kind"], q["q"], [], [h.tip.id for h in hits], ok, ok))
            continue

        def contains(text: str, expect: list[str] = expect) -> bool:
            return any(e in text for e in expect)

        outcomes.append(Outcome(q["kind"], q["q"], q["expect"], [h.tip.id for h in hits],
                                bool(texts) and contains(texts[0]),
                                any(contains(t) for t in texts)))
    return outcomes


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    on = [o for o in outcomes if o.expect]
    off = [o for o in outcomes if not o.expect]
    return {
        "queries": len(outcomes),
        "hit@1": sum(o.hit1 for o in on) / max(1, len(on)),
        "hit@3": sum(o.hit3 for o in on) / max(1, len(on)),
        "offtopic_rejected": sum(o.hit1 for o in off) / max(1, len(off)),
    }


def load_queries() -> list[dict]:
    with QUERIES.open("rb") as fh:
        return tomllib.load(fh)["queries"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    args = parser.parse_args()
    index = build_index(load_corpus(check_sources=False))
    outcomes = evaluate(index, load_queries())
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_kind[o.kind].append(o)
    print(f"{'kind':<14}{'n':>4}{'hit@1':>8}{'hit@3':>8}")
    for kind, items in sorted(by_kind.items()):
        s = summary(items)
        if kind == "offtopic":
            print(f"{kind:<14}{len(items):>4}{'rejected':>10} {s['offtopic_rejected']:.2f}")
        else:
            print(f"{kind:<14}{len(items):>4}{s['hit@1']:>8.2f}{s['hit@3']:>8.2f}")
    s = summary(outcomes)
    print(f"\nall: {s['queries']} queries  hit@1 {s['hit@1']:.3f}  hit@3 {s['hit@3']:.3f}  "
          f"off-topic rejected {s['offtopic_rejected']:.3f}")
    if args.verbose:
        for o in outcomes:
            if not o.hit3 or (o.expect and not o.hit1):
                mark = "MISS3" if not o.hit3 else "miss1"
                print(f"{mark} [{o.kind}] {o.query!r} expect={o.expect} got={o.got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
