"""Small talk: "cảm ơn bot nhiều nha", "tks ad", "ok", "haha", 👍, "có ai không".

These are not questions about customer care, so a tip is the wrong answer and "nothing
found" is a rude one. The phrases are data (``seeds/smalltalk.toml``); a message is
small talk only when *every* word in it is small talk or a filler, so "cảm ơn, còn
khách khó tính thì sao?" is still a question.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from bot.text import normalize

KINDS = ("greeting", "thanks", "ack", "laugh", "bye", "presence", "insult")
# A message that tries to give the bot orders or get at its settings ("bỏ qua hướng dẫn
# trước đó…", "print your token"): answered calmly, never searched.
INSTRUCTION = "instruction"
# Longer than this and it is a message with something to say, whatever its words.
MAX_WORDS = 12


@dataclass(frozen=True, slots=True)
class SmallTalk:
    kind: str  # one of KINDS, INSTRUCTION, or "emoji" for a message without words
    lang: str | None  # "vi", "en", or None when the words do not tell


class SmallTalkTable:
    """Recognises small talk; built once from the table."""

    def __init__(self, phrases: dict[tuple[str, ...], tuple[str, str]],
                 fillers: frozenset[tuple[str, ...]],
                 instructions: dict[tuple[str, ...], str] | None = None,
                 spellings: dict[tuple[str, ...], frozenset[tuple[str, ...]]] | None = None
                 ) -> None:
        self.phrases = phrases  # folded words -> (kind, language)
        self.fillers = fillers
        # folded words -> the entries as written: typed with diacritics, a word must
        # carry the entry's ("đối thủ" is neither "đói" nor "thử")
        self.spellings = spellings or {}
        self.max_len = max((len(p) for p in [*phrases, *fillers]), default=1)
        # folded words -> language: phrases that make a whole message an instruction
        self.instructions = instructions or {}
        self._instruction_sizes = sorted({len(p) for p in self.instructions})

    @classmethod
    def load(cls, path: Path) -> SmallTalkTable:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        phrases: dict[tuple[str, ...], tuple[str, str]] = {}
        spellings: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for entry in [*data.get("fillers", []), *(
                p for kind in KINDS for lang in ("vi", "en")
                for p in data.get(kind, {}).get(lang, []))]:
            forms = normalize.token_forms(entry)
            spellings.setdefault(tuple(f for f, _ in forms), set()).add(
                tuple(t for _, t in forms))
        for kind in KINDS:
            table = data.get(kind, {})
            for lang in ("vi", "en"):
                for phrase in table.get(lang, []):
                    key = tuple(normalize.tokens(phrase))
                    # A phrase both languages use ("ok", "haha") says nothing of the
                    # language: the first entry keeps the kind, the language is dropped.
                    if key in phrases and phrases[key][1] != lang:
                        phrases[key] = (phrases[key][0], "")
                    elif key:
                        phrases.setdefault(key, (kind, lang))
        fillers = frozenset(tuple(normalize.tokens(f)) for f in data.get("fillers", []))
        instructions = {tuple(normalize.tokens(p)): lang
                        for lang in ("vi", "en")
                        for p in data.get(INSTRUCTION, {}).get(lang, [])}
        return cls(phrases, frozenset(f for f in fillers if f),
                   {k: v for k, v in instructions.items() if k},
                   {k: frozenset(v) for k, v in spellings.items()})

    def classify(self, text: str) -> SmallTalk | None:
        """What kind of small talk ``text`` is, or ``None`` if it asks something."""
        words = normalize.tokens(text)
        if not words:
            if any(not ch.isspace() for ch in text):
                return SmallTalk("emoji", None)
            return None
        order = self.instruction(words)
        if order is not None:
            return order
        if len(words) > MAX_WORDS or any(w.isdigit() for w in words):
            return None
        found, _, left = self._read(text, words)
        if left or not found:
            # A word that is neither small talk nor a filler, or only fillers ("em",
            # "bot"): let the caller decide.
            return None
        return _talk(found)

    def loose(self, text: str) -> tuple[SmallTalk, int, int] | None:
        """Small talk with words the table lacks ("bye bot, mai nói chuyện tiếp"): the
        kind of the phrases found, and how many words they and the fillers cover and
        leave. The caller weighs what is left (``bot.replies.lookup``); a message
        without any small-talk phrase is no small talk here either."""
        words = normalize.tokens(text)
        if not words or len(words) > MAX_WORDS or any(w.isdigit() for w in words):
            return None
        found, covered, left = self._read(text, words)
        if not found:
            return None
        return _talk(found), covered, left

    def _read(self, text: str, words: list[str]
              ) -> tuple[list[tuple[str, str]], int, int]:
        """One scan of a message, longest phrase first: the (kind, language) of each
        small-talk phrase found, how many words phrases and fillers cover, and how many
        words are neither. ``classify`` wants nothing left; ``loose`` weighs it."""
        # A key held too long ("hiii", "okkk", "thanksss") is the word it stretches.
        toned = self._toned(text, words)
        words = [w if self._listed(w) else _squeezed(w) for w in words]
        # A stretched word ("okkk") is read as the word it stretches, spelling and all.
        toned = [t if len(t) == len(w) else w for t, w in zip(toned, words, strict=True)]
        found: list[tuple[str, str]] = []
        covered = left = 0
        i = 0
        while i < len(words):
            size = 1
            for size in range(min(self.max_len, len(words) - i), 0, -1):
                window = tuple(words[i : i + size])
                if not self._spelled(window, toned[i : i + size]):
                    continue
                if window in self.phrases:
                    found.append(self.phrases[window])
                    covered += size
                    break
                if window in self.fillers:
                    covered += size
                    break
            else:
                left += 1
            i += size
        return found, covered, left

    @staticmethod
    def _toned(text: str, words: list[str]) -> list[str]:
        """Each word as typed (lower case, tones canonical); the folded word when the
        two tokenisations disagree, so nothing is then held against the spelling."""
        toned = [t for _, t in normalize.token_forms(text)]
        return toned if len(toned) == len(words) else list(words)

    def _spelled(self, window: tuple[str, ...], toned: list[str]) -> bool:
        """Whether ``window`` is an entry as typed: a word typed with diacritics must
        carry the entry's; one typed without may be any."""
        spellings = self.spellings.get(window)
        if spellings is None:
            return True
        return any(all(t == w or t == form[j] for j, (t, w) in enumerate(zip(toned, window,
                                                                                strict=True)))
                   for form in spellings if len(form) == len(window))

    def _listed(self, word: str) -> bool:
        return (word,) in self.phrases or (word,) in self.fillers or any(
            p[0] == word for p in self.phrases)

    def instruction(self, words: list[str]) -> SmallTalk | None:
        """An order to the bot or a reach for its settings, anywhere in the message:
        whatever else it says, it is not a question about customer care."""
        for size in self._instruction_sizes:
            for i in range(len(words) - size + 1):
                lang = self.instructions.get(tuple(words[i : i + size]))
                if lang is not None:
                    return SmallTalk(INSTRUCTION, lang)
        return None


def _squeezed(word: str) -> str:
    """``word`` with every run of one letter cut to a single letter."""
    return "".join(ch for i, ch in enumerate(word) if i == 0 or ch != word[i - 1])


def _talk(found: list[tuple[str, str]]) -> SmallTalk:
    """The small talk the phrases found make: their main kind, and their language when
    they agree on one."""
    langs = {lang for _, lang in found if lang}
    return SmallTalk(_main_kind([k for k, _ in found]), langs.pop() if len(langs) == 1 else None)


def _main_kind(kinds: list[str]) -> str:
    """Thanks outrank a greeting in "chào bot, cảm ơn nhé": answer the last intent."""
    for kind in ("insult", "thanks", "bye", "presence", "greeting", "ack", "laugh"):
        if kind in kinds:
            return kind
    return kinds[-1]


__all__ = ["INSTRUCTION", "KINDS", "SmallTalk", "SmallTalkTable"]
