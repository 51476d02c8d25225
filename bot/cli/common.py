"""What the commands share: the seeds, JSON on the screen, settings problems, counts.

Nothing here imports the Telegram library or a database driver: the offline commands
start fast and work without a token or a network.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.corpus import Corpus


def load_corpus(check_sources: bool = False) -> Corpus:
    """The seeds, imported only when a command needs them: ``--help`` stays instant."""
    from bot.corpus import load_corpus as load

    return load(check_sources=check_sources)


def settings_or_exit(*, require_token: bool = False, prefix: str = "cskh-bot",
                     code: int = 2) -> Settings | int:
    """The settings, or ``code`` once every problem is said, one line each."""
    from bot.config import ConfigError, load_settings

    try:
        return load_settings(require_token=require_token)
    except ConfigError as exc:
        config_error(exc, prefix)
        return code


def settings_and_seeds(*, require_token: bool) -> tuple[Settings, Corpus] | int:
    """The settings and the seeds a serving command needs, or its exit code (2) once what
    is wrong is said in one line each: both commands that serve say it the same way."""
    from bot.corpus import SeedError

    settings = settings_or_exit(require_token=require_token)
    if isinstance(settings, int):
        return settings
    try:
        corpus = load_corpus()
    except SeedError as exc:
        print(f"cskh-bot: the seeds are invalid ({exc.problems[0]}); "
              "run `cskh-bot check` for the full list", file=sys.stderr)
        return 2
    return settings, corpus


def print_problems(header: str, problems: list[str]) -> None:
    """A heading and the problems under it, one line each (seeds, a tip file)."""
    print(f"{header} ({plural(len(problems), 'problem')}):", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def config_error(exc: Exception, prefix: str = "cskh-bot") -> None:
    """Every settings problem, one line each."""
    for problem in getattr(exc, "problems", [str(exc)]):
        print(f"{prefix}: {problem}", file=sys.stderr)


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
