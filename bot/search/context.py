"""Article context: the sentences of an article no tip quotes, given to the nearest tip.

Users search for any name or figure in an article, not only the ones a tip quotes; the
sentence around it leads them to the tip that covers that part of the article. The
index weighs this context least of a tip's fields (``terms.FIELD_WEIGHTS``).
"""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz, process

from bot.corpus import Corpus, Tip
from bot.text import normalize


def attribute_context(corpus: Corpus) -> dict[str, list[str]]:
    """Article sentences no tip quotes, attached to the tip nearest to them, by tip id."""
    context: dict[str, list[str]] = defaultdict(list)
    for article in corpus.articles:
        tips = corpus.tips_of(article.id)
        if not tips:
            continue
        sentences = [s for p in article.paragraphs for s in normalize.split_sentences(p)]
        folded = [" ".join(normalize.tokens(s)) for s in sentences]
        anchors: list[tuple[int, Tip]] = []
        quoted: set[int] = set()
        for tip in tips:
            for part in normalize.split_sentences(tip.passage):
                needle = " ".join(normalize.tokens(part))
                if not needle:
                    continue
                found = process.extractOne(needle, folded, scorer=fuzz.partial_ratio,
                                           score_cutoff=80)
                if found:
                    anchors.append((found[2], tip))
                    quoted.add(found[2])
        if not anchors:
            continue
        for idx, sentence in enumerate(sentences):
            if idx in quoted or len(folded[idx]) < 12:
                continue
            _, nearest = min(anchors, key=lambda a: (abs(a[0] - idx), a[0] > idx))
            context[nearest.id].append(sentence)
    return dict(context)


__all__ = ["attribute_context"]
