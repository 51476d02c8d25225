"""The documentation tells the truth about the tree: a newcomer who copies a path, a
command, a setting or a link from README.md or docs/*.md finds it.

Paths move (issue 20 moved most modules), settings are added, subcommands change; prose
does not notice. Nothing here starts a process: the CLI's subcommands come from its
parser, the settings from the source.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])

# The two commands the README opens with, as a newcomer types them (issue 20: "the
# README's two commands still work as written").
FIRST_COMMANDS = [
    "make run     # set up .venv on first use, then run the Telegram bot (token in .env)",
    "make test    # set up .venv with dev tools on first use, then lint, type check, seed "
    "check and all tests",
]

# Paths the design notes name on purpose though they do not exist (yet).
PROPOSED = {"bot/zalo/"}  # docs/design.md: what a second chat platform would implement
# Folders the tests make as they run (git-ignored): named where their output is found.
MADE_BY_TESTS = {"tests/artifacts/"}  # the browser tests' screenshots

_PATH = re.compile(r"(?<![\w./~-])((?:bot|tests|bench|deploy|seeds|docs)/[\w./*-]*)")
_PYTHON_M_BOT = re.compile(r"python -m bot ([A-Za-z][\w-]*)")
_CSKH_BOT = re.compile(r"`cskh-bot ([a-z][\w-]*)")
_MAKE = re.compile(r"`make ([a-z][\w-]*)|^make ([a-z][\w-]*)", re.MULTILINE)
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_SETTING_IN_DOCS = re.compile(r"(?<![A-Z_])BOT_[A-Z_]+[A-Z]")


def _text(doc: Path) -> str:
    return doc.read_text(encoding="utf-8")


def _where(doc: Path) -> str:
    return str(doc.relative_to(ROOT))


def test_there_is_documentation_to_check() -> None:
    names = {_where(d) for d in DOCS}
    assert {"README.md", "docs/guide.vi.md", "docs/guide.en.md", "docs/operations.md",
            "docs/design.md", "docs/benchmarks.md"} <= names


def test_readme_opens_with_the_two_commands() -> None:
    text = _text(ROOT / "README.md")
    first_block = re.search(r"```\w*\n(.*?)```", text, re.DOTALL)
    assert first_block is not None
    assert "\n## " not in text[: first_block.start()], "a section comes before the commands"
    assert first_block.group(1).splitlines() == FIRST_COMMANDS


def test_readme_stays_short() -> None:
    assert len(_text(ROOT / "README.md").splitlines()) <= 130


@pytest.mark.parametrize("doc", DOCS, ids=_where)
def test_every_path_exists(doc: Path) -> None:
    missing = []
    for match in _PATH.finditer(_text(doc)):
        path = match.group(1).rstrip(".,")
        if path in PROPOSED or path in MADE_BY_TESTS:
            continue
        if "*" in path:
            if not list(ROOT.glob(path)):
                missing.append(path)
        elif not (ROOT / path).exists():
            missing.append(path)
    assert not missing, f"{_where(doc)} names paths that do not exist: {sorted(set(missing))}"


def _subcommands() -> set[str]:
    parser = build_parser()
    for action in parser._actions:  # argparse offers no public way to list subcommands
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    raise AssertionError("the CLI has no subcommands")


def test_the_cli_parser_is_where_the_subcommands_come_from() -> None:
    assert {"run", "chat", "search", "check", "health"} <= _subcommands()


@pytest.mark.parametrize("doc", DOCS, ids=_where)
def test_every_command_line_mentioned_is_offered(doc: Path) -> None:
    offered = _subcommands()
    text = _text(doc)
    named = {m.group(1) for m in _PYTHON_M_BOT.finditer(text)}
    named |= {m.group(1) for m in _CSKH_BOT.finditer(text)}
    named = {word for word in named if not word.isupper()}  # COMMAND, a placeholder
    assert named <= offered, f"{_where(doc)}: no such subcommand {sorted(named - offered)}"


def _make_targets() -> set[str]:
    makefile = _text(ROOT / "Makefile")
    return set(re.findall(r"^([a-z][\w-]*):", makefile, re.MULTILINE))


@pytest.mark.parametrize("doc", DOCS, ids=_where)
def test_every_make_target_mentioned_exists(doc: Path) -> None:
    named = {a or b for a, b in _MAKE.findall(_text(doc))}
    targets = _make_targets()
    assert named <= targets, f"{_where(doc)}: no such make target {sorted(named - targets)}"


def _settings_read_by_the_bot() -> set[str]:
    names = set(re.findall(r'"((?:BOT|TELEGRAM|WEBHOOK|LOG)_[A-Z_]+)"',
                           _text(ROOT / "bot" / "config.py")))
    for module in (ROOT / "bot").rglob("*.py"):
        names |= set(re.findall(r'environ\.get\(\s*"(BOT_[A-Z_]+)"', _text(module)))
    return names


def test_every_setting_is_documented_in_operations() -> None:
    settings = _settings_read_by_the_bot()
    assert {"TELEGRAM_BOT_TOKEN", "BOT_DB_URL", "BOT_CACHE_DIR"} <= settings
    operations = _text(ROOT / "docs" / "operations.md")
    undocumented = sorted(s for s in settings if f"`{s}`" not in operations)
    assert not undocumented, f"docs/operations.md does not document {undocumented}"


@pytest.mark.parametrize("doc", DOCS, ids=_where)
def test_every_setting_mentioned_is_read_somewhere(doc: Path) -> None:
    sources = "".join(_text(p) for folder in ("bot", "tests", "bench")
                      for p in (ROOT / folder).rglob("*.py") if p.name != "test_docs.py")
    named = set(_SETTING_IN_DOCS.findall(_text(doc)))
    unknown = sorted(s for s in named if s not in sources)
    assert not unknown, f"{_where(doc)} names settings nothing reads: {unknown}"


def _anchors(doc: Path) -> set[str]:
    """Heading anchors as GitHub makes them: lower case, punctuation dropped, spaces to
    hyphens."""
    anchors = set()
    in_code = False
    for line in _text(doc).splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            heading = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", heading).replace(" ", "-"))
    return anchors


@pytest.mark.parametrize("doc", DOCS, ids=_where)
def test_every_link_inside_the_repository_leads_somewhere(doc: Path) -> None:
    broken = []
    for match in _LINK.finditer(_text(doc)):
        target = match.group(1)
        if re.match(r"[a-z]+:", target):
            continue  # https://…, mailto:…
        file_part, _, anchor = target.partition("#")
        path = (doc.parent / file_part).resolve() if file_part else doc
        unknown_anchor = bool(anchor) and path.suffix == ".md" and (
            not path.exists() or anchor not in _anchors(path))
        if not path.exists() or unknown_anchor:
            broken.append(target)
    assert not broken, f"{_where(doc)} has broken links: {broken}"


def _bot_commands() -> set[str]:
    from bot.replies.commands import ALIASES

    words = {word for name, others in ALIASES.items() for word in (name, *others)}
    for module in (ROOT / "bot" / "telegram" / "handlers").glob("*.py"):
        words |= set(re.findall(r'CommandHandler\(\s*"(\w+)"', _text(module)))
    return words


@pytest.mark.parametrize("guide", ["guide.vi.md", "guide.en.md"])
def test_every_command_in_the_user_guide_is_one_the_bot_knows(guide: str) -> None:
    known = _bot_commands()
    assert {"tip", "meo", "bxh", "cancel", "skip"} <= known
    named = set(re.findall(r"`/([a-z]+)", _text(ROOT / "docs" / guide)))
    assert named, "the guide shows no command"
    assert named <= known, f"docs/{guide}: the bot has no command {sorted(named - known)}"


def test_the_readme_maps_every_package() -> None:
    """A new package gets its line in the README's map (the table it replaced drifted)."""
    readme = _text(ROOT / "README.md")
    packages = sorted(p.parent.name for p in (ROOT / "bot").glob("*/__init__.py"))
    assert "search" in packages
    unmapped = [name for name in packages if f"| `bot/{name}/` |" not in readme]
    assert not unmapped, f"README.md's package map leaves out {unmapped}"


def test_folders_the_tests_make_are_never_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert all("/" + folder in ignored for folder in MADE_BY_TESTS)
