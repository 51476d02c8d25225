"""``python -m bot chat``: talk to the bot in a terminal, no token, no network.

The same ``Replies`` the Telegram adapter uses, rendered as plain text. Buttons are
listed with numbers; typing the number presses the button, as tapping would (👍/👎
are recorded as votes; a number with no such button is answered, not searched). The
subscription commands run on the same services as in Telegram, over a SQLite file
that lives as long as the session; since nobody wants to wait until 08:00, each answer
about the schedule is followed by the dates the next tips would arrive.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from bot import commands, schedule
from bot.commands import SubscriptionCommands
from bot.config import DEFAULT_TIMEZONE
from bot.replies import CB_TOPIC, CB_VOTE, Button, Replies, Reply
from bot.services.subscriptions import Subscriptions
from bot.storage import open_storage
from bot.strings import Strings, for_language

_TAG_RE = re.compile(r"<[^>]+>")

MAX_BUTTON_DIGITS = 2  # "1"…"99" press a button; longer numbers are questions
BYE = {"/quit", "/exit", "/thoat", "quit", "exit", "thoát"}
CONSOLE_CHAT = 1  # the console is one private chat, so its user may change everything
UPCOMING = 3  # how many next deliveries to list
# Commands that show when the next tips come.
SCHEDULE_SHOWN = {"subscribe", "status", "pause", "resume", "digest"}


def html_to_text(markup: str) -> str:
    """Telegram HTML as a terminal shows it: tags dropped, entities decoded."""
    return html.unescape(_TAG_RE.sub("", markup))


class Console:
    def __init__(self, replies: Replies, strings: Strings, subscriptions: Subscriptions,
                 write: Callable[[str], None] = print, chat_id: int = CONSOLE_CHAT) -> None:
        self.replies = replies
        self.s = strings
        self.subscriptions = subscriptions
        self.commands = SubscriptionCommands(subscriptions, replies)
        self.write = write
        self.chat_id = chat_id
        self.buttons: list[Button] = []

    def show(self, reply: Reply) -> None:
        self.write("bot> " + html_to_text(reply.html).replace("\n", "\n     "))
        self.buttons = [b for row in reply.buttons for b in row if b.data]
        for n, button in enumerate(self.buttons, 1):
            self.write(f"     [{n}] {button.text}")
        self.write("")

    async def handle(self, line: str) -> bool:
        """Answer one line; False when the user wants to leave."""
        text = line.strip()
        if text.lower() in BYE:
            return False
        if text.isdigit() and len(text) <= MAX_BUTTON_DIGITS:
            if 1 <= int(text) <= len(self.buttons):
                await self.press(self.buttons[int(text) - 1].data)
            else:
                self.write("bot> " + self.s.console_no_button.format(n=int(text)) + "\n")
            return True
        word, _, rest = text.partition(" ")
        name = commands.canonical(word) if word.startswith("/") else None
        if name == "start":
            self.show(self.replies.start(self.s))
        elif name == "tip":
            self.show(self.replies.tip(rest, self.s))
        elif name == "search":
            self.show(self.replies.search_command(rest, self.s))
        elif name in SubscriptionCommands.NAMES:
            self.show(await self.commands.run(name, self.chat_id, rest.split(), self.s,
                                              admin=True))
            if name in SCHEDULE_SHOWN:
                await self.show_upcoming(digest=name == "digest")
        elif word.startswith("/"):  # /help, and what only Telegram groups have (/stats …)
            self.show(self.replies.help(self.s))
        else:
            self.show(self.replies.text(text, self.s))
        return True

    async def press(self, data: str) -> None:
        """A numbered button: topic toggles change the subscription, the rest are replies."""
        if data.startswith(f"{CB_TOPIC}:"):
            self.show(await self.commands.toggle_topic(self.chat_id, data, self.s))
        elif data.startswith(f"{CB_VOTE}:"):
            await self.vote(data)
        else:
            self.show(self.replies.button(data, self.s))

    async def vote(self, data: str) -> None:
        """👍/👎: the vote is stored as Telegram stores it (the console's user is the chat);
        the toast Telegram would pop up is printed, and the buttons stay as they were."""
        _, sign, tip_id = [*data.split(":", 2), "", ""][:3]
        tip = self.replies.corpus.get(tip_id)
        if tip is None or sign not in ("+", "-"):
            self.show(self.replies.button(data, self.s))
            return
        _, _, mine = await self.subscriptions.storage.vote(
            self.chat_id, tip.id, self.chat_id, 1 if sign == "+" else -1)
        toast = self.s.vote_removed if mine == 0 else (
            self.s.vote_up_done if mine > 0 else self.s.vote_down_done)
        self.write(f"bot> {toast}\n")

    async def show_upcoming(self, *, digest: bool = False) -> None:
        """The next deliveries' dates (and the next digest), instead of waiting for them."""
        sub = await self.subscriptions.get(self.chat_id)
        if sub is None or not sub.active:
            return
        moments = await self.subscriptions.next_deliveries(self.chat_id, UPCOMING)
        if moments:
            self.write(self.s.console_next.format(moments=" · ".join(
                schedule.describe_moment(m, sub.timezone, self.s) for m in moments)))
        if digest and sub.digest_next_due_utc is not None:
            self.write(self.s.console_next_digest.format(moment=schedule.describe_moment(
                sub.digest_next_due_utc, sub.timezone, self.s)))
        self.write("")

    async def loop(self, lines: Iterable[str]) -> None:
        self.show(self.replies.start(self.s))
        self.write(self.s.console_hint)
        for line in lines:
            if not await self.handle(line):
                break


def _stdin_lines(prompt: str) -> Iterable[str]:
    interactive = sys.stdin.isatty()
    while True:
        try:
            line = input(prompt) if interactive else sys.stdin.readline()
        except EOFError:
            return
        if not interactive:
            if not line:
                return
            print(prompt + line.rstrip("\n"))
        yield line


async def session(replies: Replies, lang: str, lines: Iterable[str],
                  write: Callable[[str], None] = print, *,
                  timezone: str = DEFAULT_TIMEZONE) -> None:
    """One console session over a throw-away SQLite file."""
    with tempfile.TemporaryDirectory(prefix="cskh-chat-") as folder:
        storage = await open_storage(Path(folder) / "console.sqlite3")
        try:
            subscriptions = Subscriptions(storage, default_timezone=timezone,
                                          topics=[t.id for t in replies.corpus.topics])
            await Console(replies, for_language(lang), subscriptions, write).loop(lines)
        finally:
            await storage.close()


def run_console(replies: Replies, lang: str = "vi") -> int:
    try:
        asyncio.run(session(replies, lang, _stdin_lines(for_language(lang).console_prompt)))
    except KeyboardInterrupt:
        print()
    return 0
