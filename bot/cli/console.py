"""``python -m bot chat``: talk to the bot in a terminal, no token, no network.

The same ``Replies`` the Telegram adapter uses, rendered as plain text. Buttons are
listed with numbers; typing the number presses the button, as tapping would (👍/👎
are recorded as votes; a number with no such button is answered, not searched). The
subscription commands run on the same services as in Telegram, over a SQLite file
that lives as long as the session; since nobody wants to wait until 08:00, each answer
about the schedule is followed by the dates the next tips would arrive.

The console is a private chat with the bot, so the rest answers as there: ``/quiz``
prints the question and numbered options, and the number typed is the answer (counted
by the same ``Quizzes`` service, so it ranks on the console's ``/leaderboard`` and
decides what comes back); the explanation follows, as Telegram shows it. ``/stats`` is
the private chat's. What needs Telegram itself (a file to send, team tips, the daily
quiz's schedule) is named in one line with where it works, never answered with the help
as if the command did not exist.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import random
import re
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot import schedule
from bot.config import DEFAULT_TIMEZONE
from bot.models import QuizPoll
from bot.quiz.polls import Quiz
from bot.replies import CB_TOPIC, CB_VOTE, Button, Replies, Reply, commands
from bot.replies.commands import SubscriptionCommands
from bot.services import misses
from bot.services.charts import Charts
from bot.services.quizzes import Quizzes
from bot.services.subscriptions import Subscriptions
from bot.storage import Storage, open_storage
from bot.strings import Strings, for_language

_TAG_RE = re.compile(r"<[^>]+>")

MAX_BUTTON_DIGITS = 2  # "1"…"99" press a button; longer numbers are questions
BYE = {"/quit", "/exit", "/thoat", "quit", "exit", "thoát"}
CONSOLE_CHAT = 1  # the console is one private chat, so its user may change everything
UPCOMING = 3  # how many next deliveries to list
# Commands that show when the next tips come.
SCHEDULE_SHOWN = {"subscribe", "status", "pause", "resume", "digest"}
# Commands that need Telegram itself, and where they work instead (a ``Strings`` field).
ELSEWHERE = {"addtip": "console_where_telegram", "mytips": "console_where_telegram",
             "privacy": "console_where_telegram", "import": "console_where_import"}

# /stats' chart as a file: (storage, chat, strings, folder) → the PNG's path, or None
# when there is nothing to draw.
ChartMaker = Callable[[Storage, int, Strings, Path], Awaitable[Path | None]]


@dataclass(frozen=True, slots=True)
class _Asked:
    """A quiz printed and not answered yet: typed numbers answer it."""

    quiz: Quiz
    poll: QuizPoll


def html_to_text(markup: str) -> str:
    """Telegram HTML as a terminal shows it: tags dropped, entities decoded."""
    return html.unescape(_TAG_RE.sub("", markup))


class Console:
    def __init__(self, replies: Replies, strings: Strings, subscriptions: Subscriptions,
                 write: Callable[[str], None] = print, chat_id: int = CONSOLE_CHAT, *,
                 quizzes: Quizzes | None = None, charts: ChartMaker | None = None,
                 folder: Path | None = None) -> None:
        self.replies = replies
        self.s = strings
        self.subscriptions = subscriptions
        self.commands = SubscriptionCommands(subscriptions, replies)
        self.quizzes = quizzes or Quizzes(subscriptions.storage, replies.corpus,
                                          default_timezone=subscriptions.default_timezone)
        self.charts = charts
        self.folder = folder or Path(tempfile.gettempdir())
        self.write = write
        self.chat_id = chat_id  # a private chat: its id is its user's
        self.buttons: list[Button] = []
        self.asked: _Asked | None = None
        self.polls = 0

    def show(self, reply: Reply) -> None:
        self.write("bot> " + html_to_text(reply.html).replace("\n", "\n     "))
        self.buttons = [b for row in reply.buttons for b in row if b.data]
        if self.buttons:  # the latest numbered message is the one numbers answer
            self.asked = None
        for n, button in enumerate(self.buttons, 1):
            self.write(f"     [{n}] {button.text}")
        self.write("")

    async def handle(self, line: str) -> bool:
        """Answer one line; False when the user wants to leave."""
        text = line.strip()
        if text.lower() in BYE:
            return False
        if text.isdigit() and len(text) <= MAX_BUTTON_DIGITS:
            if self.asked is not None and 1 <= int(text) <= len(self.asked.quiz.options):
                await self.answer(int(text) - 1)
            elif 1 <= int(text) <= len(self.buttons):
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
        elif name == "quiz":
            await self.quiz(rest.split())
        elif name == "leaderboard":
            self.show(Reply(await self.quizzes.leaderboard(self.chat_id, self.s)))
        elif name == "stats":
            await self.stats()
        elif name in ELSEWHERE:
            self.elsewhere(word, getattr(self.s, ELSEWHERE[name]))
        elif word.startswith("/"):  # /help, and a command the bot does not know
            self.show(self.replies.help(self.s))
        else:
            self.show(self.replies.text(text, self.s))
        return True

    def elsewhere(self, command: str, where: str) -> None:
        """One line: this command needs Telegram, and where it works."""
        self.write("bot> " + self.s.console_unavailable.format(command=command, where=where)
                   + "\n")

    async def quiz(self, args: list[str]) -> None:
        """``/quiz``: a question to practise now, as a private chat gets it (the daily
        quiz is the running bot's: its setting is named, not run)."""
        if commands.quiz_setting_words(args) is not None:
            self.elsewhere("/quiz " + " ".join(args), self.s.console_where_daily_quiz)
            return
        made = await self.quizzes.new_quiz(self.chat_id, self.s, user_id=self.chat_id)
        if made is None:
            self.show(Reply(self.s.quiz_none))
            return
        quiz, day = made
        self.polls += 1
        poll = await self.quizzes.record_sent(quiz, self.chat_id, day, f"console-{self.polls}",
                                              None, anonymous=False)
        self.write("bot> 🧠 " + quiz.question)
        for n, option in enumerate(quiz.options, 1):
            self.write(f"     [{n}] {option}")
        self.write("     " + self.s.console_quiz_how.format(count=len(quiz.options)))
        self.write("")
        self.buttons, self.asked = [], _Asked(quiz, poll)

    async def answer(self, chosen: int) -> None:
        """A typed number answers the quiz: recorded as Telegram's answer would be, then
        right or wrong and the explanation; a right answer shows the streak, as in a
        private chat. A quiz is answered once."""
        assert self.asked is not None
        quiz, poll = self.asked.quiz, self.asked.poll
        self.asked = None

        async def member(chat_id: int, user_id: int) -> bool | None:
            return True  # the console's user is the chat's only member

        done = await self.quizzes.answer(poll.poll_id, self.chat_id, self.s.console_you,
                                         [chosen], member)
        right = done is not None and done.correct
        verdict = self.s.console_quiz_right if right else self.s.console_quiz_wrong.format(
            n=quiz.correct_index + 1, option=quiz.options[quiz.correct_index])
        lines = [verdict, "💡 " + quiz.explanation]
        if right:
            days = await self.quizzes.streak(self.chat_id, self.chat_id)
            lines.append(html_to_text(self.s.streak_personal.format(days=days)))
        self.write("bot> " + "\n     ".join(lines) + "\n")

    async def stats(self) -> None:
        """``/stats`` as a private chat's owner reads it, and the chart's file if any."""
        storage = self.subscriptions.storage
        sub = await self.subscriptions.get(self.chat_id)
        reply = self.replies.stats(sub.delivered_count if sub else 0,
                                   await storage.votes.voters(self.chat_id),
                                   await storage.votes.by_tip(self.chat_id), self.s, private=True)
        reply = self.replies.with_misses(reply, await misses.top(storage, self.chat_id), self.s,
                                         kept=await misses.kept(storage, self.chat_id))
        figures = await self.quizzes.figures_text(self.chat_id, self.s)
        if figures:
            reply = Reply(f"{reply.html}\n\n{figures}", reply.buttons)
        self.show(reply)
        chart = await self.charts(storage, self.chat_id, self.s, self.folder) \
            if self.charts else None
        if chart is not None:
            self.write(self.s.console_chart.format(path=chart) + "\n")

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
        _, _, mine = await self.subscriptions.storage.votes.cast(
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


def stats_chart(charts: Charts, timezone: str) -> ChartMaker:
    """/stats' quiz chart, drawn as Telegram's is, into the session's folder: the console
    prints the file's path (a team without quiz answers gets none)."""

    async def make(storage: Storage, chat_id: int, s: Strings, folder: Path) -> Path | None:
        today = dt.datetime.now(schedule.zone(timezone)).date()
        image = await charts.image(chat_id, today, s)
        if image is None:
            return None
        path = folder / "stats.png"
        path.write_bytes(image)
        return path

    return make


async def session(replies: Replies, lang: str, lines: Iterable[str],
                  write: Callable[[str], None] = print, *,
                  timezone: str = DEFAULT_TIMEZONE, rng: random.Random | None = None,
                  charts: ChartMaker | None = None) -> None:
    """One console session over a throw-away SQLite file (and folder, for charts)."""
    with tempfile.TemporaryDirectory(prefix="cskh-chat-") as folder:
        storage = await open_storage(Path(folder) / "console.sqlite3")
        try:
            subscriptions = Subscriptions(storage, default_timezone=timezone,
                                          topics=[t.id for t in replies.corpus.topics])
            quizzes = Quizzes(storage, replies.corpus, default_timezone=timezone, rng=rng)
            drawn = Charts(storage, replies.corpus)
            try:
                await Console(replies, for_language(lang), subscriptions, write,
                              quizzes=quizzes, charts=charts or stats_chart(drawn, timezone),
                              folder=Path(folder)).loop(lines)
            finally:
                await drawn.close()  # its worker process, if a chart was drawn
        finally:
            await storage.close()


def run_console(replies: Replies, lang: str = "vi") -> int:
    try:
        asyncio.run(session(replies, lang, _stdin_lines(for_language(lang).console_prompt)))
    except KeyboardInterrupt:
        print()
    return 0
