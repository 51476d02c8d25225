"""Every text a user reads, in Vietnamese and English side by side, one section per feature.

A translator owns this package. Each text is written once with both languages together::

    no_results = text(
        vi="Mình chưa tìm thấy mẹo nào phù hợp với “{query}”.",
        en="I found no tip matching “{query}”.",
    )

and the code reads it in the reader's language: ``strings.no_results`` on ``VI`` or ``EN``
(``for_language`` picks one from Telegram's ``language_code``). Vietnamese is the default.

The rules a translator keeps (``tests/strings/test_strings.py`` checks them):

- ``{name}`` is filled in by the bot (``str.format``); both languages use the same names.
- A count followed by a noun is written with its forms: ``{count:# tip|# tips}`` shows
  "1 tip" or "3 tips", ``#`` standing for the number. Vietnamese nouns do not change,
  so Vietnamese writes ``{count} mẹo``.
- Texts sent as Telegram HTML may contain ``<b>``, ``<i>``, ``<code>``; the values put
  into them are escaped by the code, never here.

Sections are plain classes so that a text sits next to the texts of its feature; a
missing language is a ``TypeError`` when this package is imported, never a ``KeyError``
in front of a user. A new text goes into its feature's class; a new feature gets a
module and a class of its own, added to ``Strings``' bases below. The modules, in the
order of ``Strings``' bases:

* ``base`` — ``text``, ``table``, ``words`` (what a section is written with) and ``Both``.
* ``profile`` — the bot's profile and command menu, shown before anyone talks to it.
* ``welcome`` — /start, /help and the buttons that lead on from them.
* ``tips`` — a tip as people read it, with its source.
* ``search`` — finding tips: a question in words, /tip, /search, inline mode.
* ``smalltalk`` — answers to chat that is not a question.
* ``trouble`` — something went wrong, or a person is faster than the bot.
* ``dates`` — days, dates, times and time zones, wherever the bot names them.
* ``daily_tip`` — /subscribe, /status, /pause, /resume, /unsubscribe.
* ``topics`` — /topics.
* ``votes`` — 👍/👎 and /stats.
* ``misses`` — what the team asked that no tip answered, and /privacy.
* ``digest`` — the weekly digest.
* ``team_tips`` — /addtip and /mytips.
* ``quiz`` — /quiz, the daily quiz, the leaderboard and streaks.
* ``playbook_file`` — what is wrong with a playbook file or one of its rows.
* ``playbook_import`` — /import: the preview, the confirmation, the export.
* ``console`` — the offline console.
* ``charts`` — the image /stats and the digest send.
* ``dashboard`` — the team dashboard (Mini App): its page and the buttons that open it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from bot.strings.base import Both, Template, table, text, words
from bot.strings.charts import Charts
from bot.strings.console import Console
from bot.strings.daily_tip import DailyTip
from bot.strings.dashboard import Dashboard
from bot.strings.dates import Calendar
from bot.strings.digest import Digest
from bot.strings.misses import Misses
from bot.strings.playbook_file import PlaybookFile
from bot.strings.playbook_import import PlaybookImport
from bot.strings.profile import Profile
from bot.strings.quiz import Quiz
from bot.strings.search import Search
from bot.strings.smalltalk import SmallTalk
from bot.strings.team_tips import TeamTips
from bot.strings.tips import Tips
from bot.strings.topics import Topics
from bot.strings.trouble import Trouble
from bot.strings.votes import Votes
from bot.strings.welcome import Welcome

__all__ = ["EN", "LANGUAGES", "VI", "Both", "Strings", "Template", "for_language", "table",
           "text", "words"]

T = TypeVar("T")


class Strings(Profile, Welcome, Tips, Search, SmallTalk, Trouble, Calendar, DailyTip, Topics,
              Votes, Misses, Digest, TeamTips, Quiz, PlaybookFile, PlaybookImport, Console,
              Charts, Dashboard):
    """Every text in one language: ``VI.no_results``, ``EN.no_results``."""

    __slots__ = ("_lang",)

    def __init__(self, lang: str) -> None:
        self._lang = lang

    @property
    def lang(self) -> str:
        return self._lang

    def __repr__(self) -> str:
        return f"Strings({self._lang!r})"

    def pick(self, *, vi: T, en: T) -> T:
        """This language's one of a pair from elsewhere (a topic's two names)."""
        return en if self._lang == "en" else vi

    @classmethod
    def texts(cls) -> dict[str, Both[Any]]:
        """Every text by name, section by section in the order of the bases."""
        found: dict[str, Both[Any]] = {}
        for section in cls.__mro__:  # Profile, Welcome, …: the bases in order
            for name, value in vars(section).items():
                if isinstance(value, Both):
                    if name in found:
                        raise ValueError(f"{name} is in two sections")
                    found[name] = value
        return found


def _strings_in(lang: str) -> Strings:
    """``Strings`` with this language's texts as plain class attributes.

    The ``Both`` descriptors would answer the same, through a Python call per lookup;
    a reply reads tens of texts, so each language gets its own subclass with the
    values themselves (an attribute read as fast as a dataclass field's)."""
    values = {name: both.by_lang[lang] for name, both in Strings.texts().items()}
    language = type(f"Strings_{lang}", (Strings,), {"__slots__": (), **values})
    made: Strings = language(lang)
    return made


VI = _strings_in("vi")
EN = _strings_in("en")
LANGUAGES = {"vi": VI, "en": EN}


def for_language(code: str | None) -> Strings:
    """Strings for a Telegram ``language_code`` (``en-GB`` → English; else Vietnamese)."""
    if code and code.lower().split("-")[0] == "en":
        return EN
    return VI


def _check_complete() -> None:
    """Every language has every text, and no section hides another's text."""
    for name, both in Strings.texts().items():
        if set(both.by_lang) != set(LANGUAGES):
            raise ValueError(f"{name} lacks a language")


_check_complete()
