"""What a section is written with: ``text``, ``table`` and ``words``, and ``Both``, the
descriptor they make, which answers in the language of the ``Strings`` it is read on.

Sections import this module only, never the package, so ``bot.strings`` can assemble
them without a cycle.
"""

from __future__ import annotations

import string
from typing import Any, Generic, Protocol, TypeVar, overload

T = TypeVar("T")


class _PluralFormatter(string.Formatter):
    """``str.format`` plus ``{n:# one|# other}``: the first form for exactly one."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" not in format_spec:
            return format(value, format_spec)
        one, other = format_spec.split("|")
        return (one if value == 1 else other).replace("#", str(value))


_PLURALS = _PluralFormatter()


class Template(str):
    """A text with plural forms: a ``str`` whose ``format`` also picks the form.

    Texts without them stay plain ``str``, so their ``format`` is the C one."""

    __slots__ = ()

    def format(self, *args: object, **kwargs: object) -> str:
        return _PLURALS.vformat(self, args, kwargs)


def _template(words: str) -> str:
    plural = any(spec and "|" in spec for _, name, spec, _ in _PLURALS.parse(words)
                 if name is not None)
    return Template(words) if plural else words


class Reader(Protocol):
    """What a text is read on: ``Strings`` in one language (``bot.strings``)."""

    @property
    def lang(self) -> str: ...


class Both(Generic[T]):
    """One text in every language; reading it on ``VI`` or ``EN`` gives that language's."""

    __slots__ = ("by_lang", "name")

    def __init__(self, *, vi: T, en: T) -> None:
        self.by_lang: dict[str, T] = {"vi": vi, "en": en}
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, strings: None, owner: type | None = None) -> Both[T]: ...
    @overload
    def __get__(self, strings: Reader, owner: type | None = None) -> T: ...
    def __get__(self, strings: Reader | None, owner: type | None = None) -> Both[T] | T:
        if strings is None:
            return self
        return self.by_lang[strings.lang]


def text(*, vi: str, en: str) -> Both[str]:
    """A text in both languages (``bot.strings``' docstring says what it may contain)."""
    if not vi.strip() or not en.strip():
        raise ValueError(f"a text is empty: vi={vi!r}, en={en!r}")
    return Both(vi=_template(vi), en=_template(en))


def table(*rows: tuple[str, str, str]) -> Both[tuple[tuple[str, str], ...]]:
    """``(key, vietnamese, english)`` rows: one key, the words for it in each language."""
    return Both(vi=tuple((key, vi) for key, vi, _ in rows),
                en=tuple((key, en) for key, _, en in rows))


def words(*rows: tuple[str, str]) -> Both[tuple[str, ...]]:
    """``(vietnamese, english)`` rows: a list of words, such as the weekdays, in order."""
    return Both(vi=tuple(vi for vi, _ in rows), en=tuple(en for _, en in rows))
