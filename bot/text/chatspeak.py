"""Chat shorthand (teencode) read as the words it stands for.

Staff write to the bot the way they write to colleagues: ``kh hàng ko rep ib, sếp bảo
lm j bh``. The search only knows words, so the message is expanded first: ``khách hàng
không trả lời nhắn tin, sếp bảo làm gì bây giờ``. The table is data
(``seeds/chatspeak.toml``) and context decides: ``k`` after a number is *nghìn*,
``kh`` before ``hàng`` is *khách*. Words that are not shorthand keep their exact form,
diacritics included, so the search still sees what was typed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.text import normalize

NUMBER = "<number>"
# A word (letters, digits, đ, slashes inside like "a/c") or any other single character.
_PIECE_RE = re.compile(r"[^\W_]+(?:/[^\W_]+)?|\s+|.", re.UNICODE)
# "50k", "2tr", "8h": a number glued to a unit, split so the rules see both.
_GLUED_RE = re.compile(r"(?<![^\W_])(\d+(?:[.,]\d+)?)([^\W\d_]{1,2})\b")
_IS_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


@dataclass(frozen=True, slots=True)
class Rule:
    typed: frozenset[tuple[str, ...]]
    means: str
    after: frozenset[str] = frozenset()
    before: frozenset[str] = frozenset()
    not_after: frozenset[str] = frozenset()
    not_before: frozenset[str] = frozenset()

    def fits(self, prev: str | None, nxt: str | None) -> bool:
        if self.after and not _matches(prev, self.after):
            return False
        if self.before and not _matches(nxt, self.before):
            return False
        if self.not_after and _matches(prev, self.not_after):
            return False
        return not (self.not_before and _matches(nxt, self.not_before))


def _matches(word: str | None, allowed: frozenset[str]) -> bool:
    if word is None:
        return False
    if NUMBER in allowed and _IS_NUMBER.match(word):
        return True
    return word in allowed


@lru_cache(maxsize=65536)
def _canon_lower(word: str) -> str:
    """A word as the table spells its forms; remembered, as words repeat endlessly."""
    return normalize.canonical_tones(word).lower()


def _key(text: str) -> tuple[str, ...]:
    return tuple(normalize.canonical_tones(normalize.nfc(text)).lower().split())


class Chatspeak:
    """Expands shorthand in a message; built once from the table."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self.by_first: dict[str, list[tuple[tuple[str, ...], Rule]]] = {}
        for rule in rules:
            for typed in rule.typed:
                self.by_first.setdefault(typed[0], []).append((typed, rule))
        for options in self.by_first.values():
            # Longer forms first ("mn ơi" before "mn"); rule order kept otherwise.
            options.sort(key=lambda o: -len(o[0]))

    @classmethod
    def load(cls, path: Path) -> Chatspeak:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        return cls([_rule(raw, i, path) for i, raw in enumerate(data.get("rule", []), 1)])

    def expand(self, text: str) -> str:
        """The message with its shorthand written out; other words as typed."""
        if not text:
            return text
        text = _GLUED_RE.sub(r"\1 \2", normalize.nfc(text))
        pieces = _PIECE_RE.findall(text)
        words = [(i, p) for i, p in enumerate(pieces) if p[:1].isalnum()]
        lowered = [_canon_lower(p) for _, p in words]
        out = list(pieces)
        k = 0
        while k < len(words):
            replaced = self._at(lowered, k)
            if replaced is None:
                k += 1
                continue
            size, means = replaced
            first = words[k][0]
            last = words[k + size - 1][0]
            out[first] = means
            for j in range(first + 1, last + 1):
                out[j] = ""
            # The expansion is the context of the next word ("kh hàng": hàng stays).
            lowered[k + size - 1] = means.split()[-1]
            k += size
        return "".join(out)

    def _at(self, words: list[str], k: int) -> tuple[int, str] | None:
        options = self.by_first.get(words[k])
        if not options:
            return None
        prev = words[k - 1] if k > 0 else None
        for typed, rule in options:
            size = len(typed)
            if tuple(words[k : k + size]) != typed:
                continue
            nxt = words[k + size] if k + size < len(words) else None
            if rule.fits(prev, nxt):
                return size, rule.means
        return None


def _rule(raw: dict[str, object], n: int, path: Path) -> Rule:
    def words(key: str) -> frozenset[str]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{path}: rule #{n}: '{key}' must be a list of strings")
        return frozenset(v if v == NUMBER else " ".join(_key(v)) for v in value)

    typed = raw.get("typed")
    means = raw.get("means")
    if not isinstance(typed, list) or not typed or not all(isinstance(t, str) for t in typed):
        raise ValueError(f"{path}: rule #{n}: 'typed' must be a non-empty list of strings")
    if not isinstance(means, str) or not means.strip():
        raise ValueError(f"{path}: rule #{n}: 'means' is required")
    return Rule(frozenset(_key(t) for t in typed if _key(t)), normalize.nfc(means.strip()),
                words("after"), words("before"), words("not_after"), words("not_before"))


__all__ = ["Chatspeak", "Rule"]
