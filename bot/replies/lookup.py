"""What a message to the bot asks for: small talk, a topic, a search over tips, or nothing
we know.

The one place that decides it, so the Telegram layer, the console, the CLI and the
quality benchmark all read a message the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from bot.corpus import Topic
from bot.replies.topics import match_topic
from bot.search import Hit, SearchIndex
from bot.search.analysis import bigram, stem_en
from bot.text import articles, normalize, redact
from bot.text.smalltalk import SmallTalk, SmallTalkTable

# Fewer words than this beside a link, a phone number or an order code: a paste.
PASTED_WORDS = 4
# At most this many words the small-talk table lacks, beside more words it has: small
# talk whatever the search would say ("oki em cảm ơn ạ, để em thử").
LOOSE_LEFT = 2
# The kinds of small talk whose words are no content word of a question; "chết", "đói",
# "hiểu", "tốt" (insults, moods, praise) may be one ("đừng chết vì thiếu hiểu biết").
SOCIAL = frozenset({"thanks", "greeting", "bye"})
# How a message speaks to the bot.
BOT_NAMES = frozenset({"bot", "ad", "admin"})
# Question words, folded ("sao", "nào", "gì", "đâu", "cách", "how", "which"…).
QUESTION_WORDS = frozenset({"sao", "nao", "gi", "dau", "cach", "nen", "khong", "ko", "chua",
                            "how", "what", "which", "why", "where", "when", "who", "can",
                            "should", "do", "does"})


@dataclass(frozen=True, slots=True)
class Understood:
    """Exactly one of: small talk, a topic named, hits, or none (nothing found)."""

    smalltalk: SmallTalk | None = None
    hits: list[Hit] = field(default_factory=list)
    topic: Topic | None = None


@lru_cache(maxsize=4)
def smalltalk_table(path: Path | None = None) -> SmallTalkTable:
    from bot.corpus import seeds_dir

    return SmallTalkTable.load(path or seeds_dir() / "smalltalk.toml")


def strip_noise(text: str) -> str:
    """``text`` without links, addresses, phone numbers and order codes: pasted things
    that carry no question (``bot.text.redact`` says what they look like)."""
    return redact.strip(text)


def understand(text: str, index: SearchIndex, *, limit: int = 5,
               table: SmallTalkTable | None = None, topics: Sequence[Topic] = ()) -> Understood:
    """A topic named (``/tip thái độ``: one of ``topics``, when given), then small talk (a
    thank-you must never fetch a tip), then the search.

    Scrape residue (the articles' download prompts and ads, pasted back at the bot) and
    bare links or numbers find nothing: their words are the articles' own, so the search
    alone would happily match them.
    """
    topic = match_topic(text, topics) if topics else None
    if topic is not None:
        return Understood(topic=topic)
    expanded = index.chatspeak.expand(text) if index.chatspeak else text
    table = table or smalltalk_table()
    chat = table.classify(expanded)
    if chat is not None and not _a_phrase_of_the_tips(chat, expanded, index):
        return Understood(smalltalk=chat)
    cleaned = searchable(text)
    loose = table.loose(expanded)
    if loose is not None:
        chat, covered, left = loose
        # Mostly small talk with a word or two the table lacks ("oki em cảm ơn ạ, để
        # em thử"): small talk, whatever those words match.
        if left <= LOOSE_LEFT and left < covered and chat.kind in SOCIAL:
            return Understood(smalltalk=chat)
    if cleaned is None:
        return Understood()
    hits = index.search(cleaned, limit=limit)
    if (not hits and loose is not None and not _names_a_party(expanded, index)
            and (loose[0].kind in SOCIAL or _addresses_the_bot(expanded)
                 or not _asks(expanded))):
        # Small talk with more words of its own ("bye bot, mai nói chuyện tiếp", "bot
        # ngu thế, trả lời sai bét"), and nothing found: small talk's answer, not
        # "nothing found". A customer or a colleague named ("khách chê chậm") keeps it a
        # question the tips missed, and so does a question with a mood or a word of
        # praise not said to the bot ("làm sao chặn tin nhắn rác": "rác" is no insult).
        return Understood(smalltalk=loose[0])
    if not hits and _addresses_the_bot(expanded) and not _names_a_party(expanded, index):
        # Said to the bot, about no customer or colleague, and nothing found ("ê bot,
        # bot tên là gì thế", "bot có biết nói tiếng Anh không"): a chat with the bot,
        # answered by saying what it is for.
        return Understood(smalltalk=SmallTalk("presence", None))
    return Understood(hits=hits)


def _a_phrase_of_the_tips(chat: SmallTalk, text: str, index: SearchIndex) -> bool:
    """Typed without diacritics, words of small talk that the tips use together ("doi
    ngu" is "đội ngũ", not "đói" and "ngu"; "doi thu" is "đối thủ"): a lookup. Thanks, a
    greeting or a goodbye stay small talk ("cam on" is only ever "cảm ơn")."""
    if chat.kind in SOCIAL:
        return False
    forms = normalize.token_forms(text)
    if len(forms) < 2 or any(f != t for f, t in forms):
        return False
    words = [stem_en(f) for f, _ in forms]
    postings = index.terms.postings
    return all(bigram(a, b) in postings for a, b in pairwise(words))


def _addresses_the_bot(text: str) -> bool:
    return any(w in BOT_NAMES for w in normalize.tokens(text))


def _asks(text: str) -> bool:
    """A question mark or a question word: "nothing found" is the honest answer."""
    return "?" in text or any(w in QUESTION_WORDS for w in normalize.tokens(text))


def _names_a_party(text: str, index: SearchIndex) -> bool:
    """Whether ``text`` names a party of customer care (``Lexicon.domain``)."""
    words = [stem_en(w) for w in normalize.tokens(text)]
    domain = index.lexicon.domain
    return any(tuple(words[i : i + size]) in domain
               for size in (1, 2, 3) for i in range(len(words) - size + 1))


def searchable(text: str) -> str | None:
    """The part of ``text`` worth searching, or ``None`` for scrape residue and noise."""
    if any(articles.is_boilerplate(line) for line in text.splitlines() if line.strip()):
        return None
    if redact.has_code(text):
        # A bank's or a shop's text with a one-time code, pasted: however many of its
        # words ("Quý khách", "giao dịch", "nhân viên") the articles hold, it asks nothing.
        return None
    cleaned = strip_noise(text)
    words = normalize.tokens(cleaned)
    if cleaned != text and len(words) < PASTED_WORDS:
        # An order confirmation or a tracking link with a word or two around it
        # ("Đơn DH2403… đã giao"): pasted, not asked.
        return None
    return cleaned if words else None


__all__ = ["Understood", "searchable", "smalltalk_table", "strip_noise", "understand"]
