"""``python -m bot chat``: talk to the bot in a terminal, no token, no network.

The same ``Replies`` the Telegram adapter uses, rendered as plain text. Buttons are
listed with numbers; typing the number presses the button, as tapping would.
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Callable, Iterable

from bot.replies import Button, Replies, Reply
from bot.strings import Strings, for_language

_TAG_RE = re.compile(r"<[^>]+>")

PROMPT = "bạn> "
BYE = {"/quit", "/exit", "/thoat", "quit", "exit", "thoát"}


def html_to_text(markup: str) -> str:
    """Telegram HTML as a terminal shows it: tags dropped, entities decoded."""
    return html.unescape(_TAG_RE.sub("", markup))


class Console:
    def __init__(self, replies: Replies, strings: Strings,
                 write: Callable[[str], None] = print) -> None:
        self.replies = replies
        self.s = strings
        self.write = write
        self.buttons: list[Button] = []

    def show(self, reply: Reply) -> None:
        self.write("bot> " + html_to_text(reply.html).replace("\n", "\n     "))
        self.buttons = [b for row in reply.buttons for b in row if b.data]
        for n, button in enumerate(self.buttons, 1):
            self.write(f"     [{n}] {button.text}")
        self.write("")

    def handle(self, line: str) -> bool:
        """Answer one line; False when the user wants to leave."""
        text = line.strip()
        if text.lower() in BYE:
            return False
        if text.isdigit() and 1 <= int(text) <= len(self.buttons):
            self.show(self.replies.button(self.buttons[int(text) - 1].data, self.s))
            return True
        command, _, rest = text.partition(" ")
        command = command.split("@", 1)[0].lower()
        if command == "/start":
            self.show(self.replies.start(self.s))
        elif command == "/help":
            self.show(self.replies.help(self.s))
        elif command in ("/tip", "/meo"):
            self.show(self.replies.tip(rest, self.s))
        elif command in ("/search", "/tim"):
            self.show(self.replies.search_command(rest, self.s))
        elif command.startswith("/"):
            self.show(self.replies.help(self.s))
        else:
            self.show(self.replies.text(text, self.s))
        return True

    def loop(self, lines: Iterable[str]) -> None:
        self.show(self.replies.start(self.s))
        hint = ("(gõ câu hỏi, /tip, /search …; số để bấm nút; /quit để thoát)"
                if self.s.lang == "vi" else
                "(type a question, /tip, /search …; a number presses a button; /quit to leave)")
        self.write(hint)
        for line in lines:
            if not self.handle(line):
                break


def _stdin_lines() -> Iterable[str]:
    interactive = sys.stdin.isatty()
    while True:
        try:
            line = input(PROMPT) if interactive else sys.stdin.readline()
        except EOFError:
            return
        if not interactive:
            if not line:
                return
            print(PROMPT + line.rstrip("\n"))
        yield line


def run_console(replies: Replies, lang: str = "vi") -> int:
    try:
        Console(replies, for_language(lang)).loop(_stdin_lines())
    except KeyboardInterrupt:
        print()
    return 0
