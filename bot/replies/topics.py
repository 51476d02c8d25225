"""Topics in a conversation: the words that name one (``/tip thái độ``, ``chu de giu chan
khach``, ``topic attitude``), read by the lookup, and the ``/topics`` menu.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from rapidfuzz import fuzz

from bot.corpus import Corpus, Topic
from bot.replies.reply import CB_TOPIC, Button, Reply
from bot.strings import Strings
from bot.text import normalize


def match_topic(query: str, topics: Sequence[Topic]) -> Topic | None:
    """The topic the words name, typed any way (no diacritics, a typo, English)."""
    words = normalize.tokens(query)
    if words[:2] == ["chu", "de"]:
        words = words[2:]
    elif words[:1] == ["topic"]:
        words = words[1:]
    folded = " ".join(words)
    if not folded:
        return None
    best: tuple[float, Topic] | None = None
    for topic in topics:
        for name in (topic.id.replace("-", " "), topic.name, topic.name_en, *topic.aliases):
            candidate = " ".join(normalize.tokens(name))
            score = 100.0 if candidate == folded else (
                fuzz.ratio(candidate, folded) if len(folded) >= 6 else 0.0)
            if score >= 94 and (best is None or score > best[0]):
                best = (score, topic)
    return best[1] if best else None


class TopicReplies:
    """``/topics``: which topics the daily tip draws from."""

    corpus: Corpus

    def topics_menu(self, chosen: Sequence[str], s: Strings) -> Reply:
        """``/topics``: a toggle button per topic; none chosen means all."""
        names = {t.id: s.pick(vi=t.name, en=t.name_en) for t in self.corpus.topics}
        label = ", ".join(names[t] for t in chosen if t in names) or s.topics_all
        rows = [(Button(("✅ " if t.id in chosen else "▫️ ") + names[t.id],
                        f"{CB_TOPIC}:{t.id}"),) for t in self.corpus.topics]
        rows.append((Button(s.btn_topics_all, f"{CB_TOPIC}:*"),))
        return Reply(s.topics_header.format(chosen=escape(label)), tuple(rows), edit=True)
