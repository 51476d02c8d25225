"""Offline commands: ``search``, ``tip``, ``check``, ``chat``: the seeds and the bot's
replies, with no token, no network and no database."""

from __future__ import annotations

import argparse
import random
import sys
from typing import TYPE_CHECKING, Any

from bot.cli.common import load_corpus, print_json, print_problems

if TYPE_CHECKING:
    from bot.corpus import Corpus


def tip_json(tip: Any, score: float | None = None) -> dict[str, Any]:
    from bot.render import tip_plain

    data: dict[str, Any] = {
        "id": tip.id,
        "title": tip.principle,
        "principle": tip.principle,
        "passage": tip.passage,
        "text": tip_plain(tip),
        "source": tip.source.describe(),
        "article": tip.source.article_id,
        "tags": list(tip.tags),
        "tags_en": list(tip.tags_en),
        "topics": list(tip.topics),
    }
    if score is not None:
        data["score"] = score
    return data


_SMALLTALK = {"greeting": "a greeting", "thanks": "a thank-you", "ack": "an acknowledgement",
              "laugh": "a laugh", "bye": "a goodbye", "presence": "a check that the bot is there",
              "insult": "an insult", "instruction": "an order to the bot",
              "emoji": "emoji only"}


def cmd_search(args: argparse.Namespace) -> int:
    """The message read as the bot reads it (small talk, pasted noise, the relevance gate),
    so what the command line shows is what a user would get; ``--raw`` asks the index
    alone."""
    from bot.render import tip_plain
    from bot.search import build_index

    query = " ".join(args.query).strip()
    corpus = load_corpus()
    hits = []
    chat = None
    if query:
        index = build_index(corpus)
        if args.raw:
            hits = index.search(query, limit=args.limit)
        else:
            from bot.replies.lookup import understand

            answer = understand(query, index, limit=args.limit)
            hits, chat = answer.hits, answer.smalltalk
    if chat is not None and not args.json:
        print(f"“{_shorten(query)}” is small talk ({_SMALLTALK.get(chat.kind, chat.kind)}), "
              "not a question: the bot answers it briefly and sends no tip. "
              "(`cskh-bot search --raw …` searches the words anyway.)")
        return 0
    if args.json:
        print_json([tip_json(h.tip, h.score) for h in hits])
        if not query:
            print(EMPTY_QUERY, file=sys.stderr)
        return 0
    if not query:
        print(EMPTY_QUERY)
        return 0
    if not hits:
        print(f"No tip matches “{_shorten(query)}”. Try other words (with or without "
              "diacritics), or run `cskh-bot tip` for a random tip.")
        return 0
    print(f"Tips matching “{_shorten(query)}”, best first:")
    for n, hit in enumerate(hits, 1):
        print(f"\n{n}. [{hit.tip.id}] (score {hit.score:.2f})")
        print(tip_plain(hit.tip))
    return 0


EMPTY_QUERY = ("Type a few words to search for, for example: "
               "cskh-bot search giu chan khach hang cu")


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cmd_tip(args: argparse.Namespace) -> int:
    from bot.render import tip_plain

    corpus = load_corpus()
    if args.id:
        tip = corpus.get(args.id.strip().lower())
        if tip is None:
            print(f"cskh-bot: there is no tip with the id “{args.id}”; ids look like dh08 "
                  "(see `cskh-bot search --json WORDS`)", file=sys.stderr)
            return 1
    else:
        tip = random.choice(corpus.tips)
    if args.json:
        print_json(tip_json(tip))
    else:
        print(tip_plain(tip))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from bot.corpus import SeedError

    try:
        corpus = load_corpus(check_sources=True)
    except SeedError as exc:
        print_problems("Seeds are invalid", exc.problems)
        return 1
    print(f"OK: {len(corpus.articles)} articles, {len(corpus.tips)} tips, "
          f"{len(corpus.topics)} topics")
    print("Tips per article:")
    for article in corpus.articles:
        print(f"  {len(corpus.tips_of(article.id)):3d}  {article.id}  ({article.original_file})")
    print("Tips per topic:")
    for topic in corpus.topics:
        count = sum(1 for t in corpus.tips if topic.id in t.topics)
        print(f"  {count:3d}  {topic.id}  {topic.name}")
    for warning in corpus.warnings:
        print(f"warning: {warning}")
    for warning in _tip_model_warnings(corpus):
        print(f"warning: {warning}")
    return 0


def _tip_model_warnings(corpus: Corpus) -> list[str]:
    """What an operator who added or renamed tips must know: the tip model ranks the
    tips it was fitted on, and new ones only by BM25 until it is fitted again."""
    from bot.corpus import seeds_dir
    from bot.search.tipmodel import TipModel

    refit = "refit: python bench/fit_tips.py --folds --write && python bench/calibrate.py --write"
    model = TipModel.load(seeds_dir() / "tipmodel.json")
    if model is None:
        return [f"no usable tipmodel.json: search ranks by BM25 alone ({refit})"]
    fitted, shipped = set(model.tips), {t.id for t in corpus.tips}
    if fitted == shipped:
        return []
    new, gone = sorted(shipped - fitted), sorted(fitted - shipped)
    parts = [f"without {len(new)} tip(s) the seeds hold ({', '.join(new[:5])})"] if new else []
    if gone:
        parts.append(f"on {len(gone)} tip(s) no longer in the seeds ({', '.join(gone[:5])})")
    return [f"the tip model was fitted {' and '.join(parts)}; {refit}"]


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.cli.console import run_console
    from bot.replies import Replies
    from bot.search import build_index

    corpus = load_corpus()
    return run_console(Replies(corpus, build_index(corpus)), args.lang)
