"""The commands both front ends share: their names and aliases, and how they answer.

Vietnamese speakers type ``/meo`` and ``/tim`` as readily as ``/tip`` and ``/search``;
the Telegram handlers and the offline console must agree on what each word means and
on what a subscription command replies, so neither keeps its own copy. The command
menus (``Strings.commands``) show the canonical names only.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import schedule
from bot.replies import Replies, Reply
from bot.services import tippool
from bot.services.quizzes import DAILY_WORDS, OFF_WORDS
from bot.services.subscriptions import NotPaused, NotSubscribed, Subscriptions
from bot.strings import Strings
from bot.text import normalize

# canonical name → the other words that mean it
ALIASES: dict[str, tuple[str, ...]] = {
    "start": (),
    "help": (),
    "tip": ("meo",),
    "search": ("tim",),
    "subscribe": (),
    "unsubscribe": (),
    "status": (),
    "pause": (),
    "resume": (),
    "topics": (),
    "digest": (),
    "stats": (),
    "addtip": (),
    "mytips": (),
    "import": ("nhap",),
    "privacy": ("riengtu",),
    "quiz": ("cauhoi", "docau"),
    "leaderboard": ("bxh",),
}

# The command menus Telegram shows, per kind of chat (the narrowest scope that applies
# wins). In a private chat the user runs everything; in a group every member may use
# these, and admins get the whole list (the rest only admins may run there).
GROUP_MEMBER_MENU: tuple[str, ...] = ("tip", "search", "quiz", "leaderboard", "status", "help")

_CANONICAL = {word: name for name, others in ALIASES.items() for word in (name, *others)}


def names(command: str) -> list[str]:
    """Every word for ``command`` (for a ``CommandHandler``), canonical name first."""
    return [command, *ALIASES[command]]


def canonical(word: str) -> str | None:
    """``/Meo@cskh_bot`` → ``tip``; an unknown command → ``None``.

    Telegram matches commands case-insensitively and strips ``@botname`` itself; the
    console does it here, the same way.
    """
    return _CANONICAL.get(word.removeprefix("/").split("@", 1)[0].lower())


def quiz_setting_words(args: Sequence[str]) -> list[str] | None:
    """The words of ``/quiz …`` that set the daily quiz (``daily 16h`` → ``16h``; ``off``),
    else ``None``: the asker wants a quiz now.

    ``/quiz 16h`` means the daily quiz too: a time can only be that.
    """
    folded = [normalize.fold(a) for a in args]
    for n in (2, 1):
        if " ".join(folded[:n]) in DAILY_WORDS:
            return list(args[n:])
    if " ".join(folded) in OFF_WORDS:
        return list(args)
    if args and schedule.looks_like_time(args[0]):
        return list(args)
    return None


class SubscriptionCommands:
    """The subscription commands as both front ends run them: words in, a ``Reply`` out.

    Who may run them is the front end's business (in Telegram groups only admins;
    the console is a private chat). ``run`` maps each outcome of
    ``bot.services.subscriptions`` to what the user is told, once for both.
    """

    NAMES = ("subscribe", "unsubscribe", "status", "pause", "resume", "digest", "topics")

    def __init__(self, subscriptions: Subscriptions, replies: Replies) -> None:
        self.subscriptions = subscriptions
        self.replies = replies

    async def run(self, name: str, chat_id: int, args: Sequence[str], s: Strings, *,
                  user_id: int | None = None, admin: bool = False) -> Reply:
        """Run ``/name args`` for the chat; ``name`` is one of ``NAMES``.

        ``admin``: the asker may change the chat's subscription, so ``/status`` also
        previews the next tip's principle (what the team gets tomorrow).
        """
        subs, replies = self.subscriptions, self.replies
        try:
            if name == "subscribe":
                done = await subs.subscribe(chat_id, args, s, created_by=user_id)
                return replies.subscribed(done.subscription, s, updated=done.updated)
            if name == "unsubscribe":
                return Reply(s.unsub_done if await subs.unsubscribe(chat_id) else s.unsub_none)
            if name == "status":
                sub = await subs.get(chat_id)
                coming = await tippool.upcoming(subs.storage, replies.corpus, sub) \
                    if admin and sub is not None and sub.active else None
                return replies.status(sub, s, subs.today(sub) if sub else None, coming)
            if name == "pause":
                return replies.paused(await subs.pause(chat_id, " ".join(args)), s)
            if name == "resume":
                return replies.resumed(await subs.resume(chat_id), s)
            if name == "digest":
                sub = await subs.set_digest(chat_id, args)
                return Reply(s.digest_off) if sub is None else replies.digest_on(sub, s)
            if name == "topics":
                return replies.topics_menu(await subs.topics(chat_id), s)
        except NotSubscribed:
            return Reply(s.unsub_none)
        except NotPaused:
            return Reply(s.resume_not_paused)
        except schedule.ScheduleError as exc:
            return replies.schedule_error(exc, s)
        raise ValueError(f"not a subscription command: {name}")

    async def toggle_topic(self, chat_id: int, data: str, s: Strings) -> Reply:
        """A ``topic:<id>`` button pressed: the menu as it is after the toggle."""
        try:
            chosen = await self.subscriptions.toggle_topic(chat_id, data.partition(":")[2])
        except NotSubscribed:
            return Reply(s.unsub_none)
        return self.replies.topics_menu(chosen, s)
