"""How passage quiz questions read: the share cut with "…" at Telegram's 300 limit.

Every seed tip is asked as its passage (principle hidden) in both languages; a question
is "cut" when its quote ends with an ellipsis the passage does not have there, and
"whole" when the quote is a run of the passage's own sentences. Before issue 23 the
passage was shortened at a word boundary: 31 of 50 (62 %) ended in "…".
Run: python bench/quiz_passages.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.corpus import DEFAULT_SEEDS_DIR, load_corpus  # noqa: E402
from bot.quiz.polls import MAX_QUESTION, PASSAGE, build_quiz, sentences, tg_len  # noqa: E402
from bot.strings import EN, VI  # noqa: E402


def main() -> int:
    corpus = load_corpus(DEFAULT_SEEDS_DIR)
    print("| language | questions | cut with … | whole sentences | longest (UTF-16) |")
    print("|---|---|---|---|---|")
    for name, strings in (("vi", VI), ("en", EN)):
        cut = whole = longest = 0
        for tip in corpus.tips:
            question = build_quiz(tip, corpus.tips, random.Random(1), strings,
                                  kind=PASSAGE).question
            inner = question.split("“", 1)[1].rsplit("”", 1)[0]
            flat = " ".join(tip.passage.split())
            cut += inner not in flat
            parts = sentences(flat)
            whole += any(" ".join(parts[i:j]) == inner for i in range(len(parts))
                         for j in range(i + 1, len(parts) + 1))
            longest = max(longest, tg_len(question))
        n = len(corpus.tips)
        print(f"| {name} | {n} | {cut} ({cut / n:.0%}) | {whole} ({whole / n:.0%}) | "
              f"{longest} of {MAX_QUESTION} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
