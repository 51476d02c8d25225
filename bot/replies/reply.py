"""What a reply is, whoever builds it: ``Reply`` (HTML and buttons as data), ``Button``,
``InlineItem``, Telegram's limits they keep, and every callback verb in one list, so no
two features ever claim the same one.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.render import fits_one_message
from bot.text import normalize

MAX_CALLBACK_BYTES = 64
MAX_QUERY_CHARS = 500  # longer questions are cut (and the user told so)

# Callback data: a short verb and a tip id, e.g. "tip:dh08". Old buttons stay valid as
# long as the tip id exists.
CB_TIP, CB_MORE, CB_SOURCE, CB_RANDOM, CB_HELP = "tip", "more", "src", "rand", "help"
CB_TOPIC = "topic"  # "topic:<id>" toggles a topic, "topic:*" chooses all
CB_VOTE = "vote"  # "vote:+:<tip id>" / "vote:-:<tip id>"
CB_DELETE = "del"  # "del:<team tip number>:<page>" (the page the list stays on)
CB_MYTIPS = "mytips"  # "mytips:<page>": a page of /mytips
CB_EXPORT = "pbx"  # the team's tips as an .xlsx document (bot.telegram.handlers.playbook)
CB_MISS = "miss"  # "miss:<n>": turn the n-th most asked unanswered question into a tip
CB_TOPIC_TIP = "ttip"  # "ttip:<topic id>": a tip of that topic (offered when nothing fits)


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    data: str = ""  # callback data
    switch_inline: str | None = None  # opens inline mode in the current chat
    url: str = ""  # opens a link (a t.me deep link into the private chat)
    web_app: str = ""  # opens this https page as a Telegram Mini App (private chats only)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", normalize.canonical_tones(self.text))
        if len(self.data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {self.data!r}")


@dataclass(frozen=True, slots=True)
class Reply:
    html: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    edit: bool = False  # replace the message the button was on instead of sending anew
    tip_id: str | None = None  # the tip this reply shows, if any
    missed: str = ""  # a lookup that found nothing: the words, for the team's misses
    # A question whose answer must reach the bot: Telegram opens a reply to it for the
    # person it answers, so in a group with privacy mode on the answer is delivered.
    asks: bool = False

    def __post_init__(self) -> None:
        # One tone-mark style in everything shown (hòa, thỏa, khỏe), whoever wrote it:
        # seeds, strings, a team's own tips, the user's words quoted back.
        object.__setattr__(self, "html", normalize.canonical_tones(self.html))
        # Telegram counts the visible text after entities, in UTF-16 units: a passage of
        # 1,000 `"` is 1,000 characters, not the 6,000 of its escaped HTML.
        if not fits_one_message(self.html):
            raise ValueError("reply over Telegram's 4096-character limit")


@dataclass(frozen=True, slots=True)
class InlineItem:
    id: str
    title: str
    description: str
    html: str
    buttons: tuple[tuple[Button, ...], ...] = ()

    def __post_init__(self) -> None:
        for name in ("title", "description", "html"):
            object.__setattr__(self, name, normalize.canonical_tones(getattr(self, name)))


def clip(text: str, limit: int = 60) -> str:
    """A user's words or a principle on one line, cut to ``limit`` characters with "…"."""
    text = " ".join(normalize.strip_controls(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
