"""The tip corpus: articles, tips and topics loaded from ``seeds/`` and validated.

Content editors change the TOML files, not the code, so every problem is reported with
the file, the tip id and the field, and all problems are reported at once.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from bot.text import articles, normalize

DEFAULT_SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"

TIP_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,15}$")
MAX_PRINCIPLE = 200
MAX_PASSAGE = 1000
MAX_TITLE = 300
MAX_SENTENCES = 4
MIN_TAGS, MIN_TAGS_EN = 3, 2
# Situations: how staff would bring this tip up in chat. Seeds need several so a chatty
# message meets the tip in its own words; each stays a short message.
MIN_SITUATIONS, MAX_SITUATIONS, MAX_SITUATION = 6, 40, 300
# The short form of a principle is a quiz option (Telegram allows 100 characters).
MAX_SHORT = 100
# Seed tips must carry both once every seed file has them.
REQUIRE_COACHING = True
# A tip is sent as one Telegram message (limit 4096) with a header and buttons; keep a
# wide margin so formatting and the source line never push it over.
MAX_RENDERED = 3000
# How closely each passage sentence must match its article after normalisation. Typo
# fixes ("hcm" → "hơn") and trimmed clauses stay well above this; invented text does not.
MIN_SOURCE_MATCH = 85.0

_ARTICLE_FIELDS = {"id", "file", "original_file", "title", "author", "publisher", "date", "url"}
_TIP_FIELDS = {"id", "principle", "short", "passage", "tags", "tags_en", "topics",
               "situations"}


class SeedError(ValueError):
    """The seeds are invalid; ``problems`` lists every problem, each naming its place."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True, slots=True)
class Source:
    """Where a tip comes from: an article, or a team's own playbook."""

    title: str
    author: str = ""
    publisher: str = ""
    date: str = ""
    article_id: str = ""

    def describe(self) -> str:
        """One line naming the source as a reader would cite it."""
        parts = [self.title]
        if self.author:
            parts.append(self.author)
        if self.publisher:
            parts.append(self.publisher)
        return " — ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    title: str
    path: Path
    original_file: str
    paragraphs: tuple[str, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    name_en: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Tip:
    id: str
    principle: str
    passage: str
    source: Source
    tags: tuple[str, ...] = ()
    tags_en: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()
    short: str = ""


@dataclass(slots=True)
class Corpus:
    articles: tuple[Article, ...]
    tips: tuple[Tip, ...]
    topics: tuple[Topic, ...]
    warnings: list[str] = field(default_factory=list)
    _by_id: dict[str, Tip] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {tip.id: tip for tip in self.tips}

    def get(self, tip_id: str) -> Tip | None:
        return self._by_id.get(tip_id)

    def article(self, article_id: str) -> Article | None:
        return next((a for a in self.articles if a.id == article_id), None)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def tips_of(self, article_id: str) -> list[Tip]:
        return [t for t in self.tips if t.source.article_id == article_id]


def seeds_dir() -> Path:
    """The seeds folder: ``BOT_SEEDS_DIR`` if set, else the one beside the package."""
    configured = os.environ.get("BOT_SEEDS_DIR")
    return Path(configured) if configured else DEFAULT_SEEDS_DIR


def _read_toml(path: Path, problems: list[str]) -> dict[str, Any] | None:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        problems.append(f"{path}: cannot read: {exc.strerror or exc}")
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{path}: not valid TOML: {exc}")
    return None


def _text(value: Any) -> str | None:
    return normalize.nfc(value).strip() if isinstance(value, str) else None


def _str_list(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return tuple(normalize.nfc(v).strip() for v in value if v.strip())


def load_topics(path: Path, problems: list[str]) -> tuple[Topic, ...]:
    data = _read_toml(path, problems)
    if data is None:
        return ()
    topics: list[Topic] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("topics", [])):
        where = f"{path}: topic #{i + 1}"
        tid, name, name_en = _text(raw.get("id")), _text(raw.get("name")), _text(raw.get("name_en"))
        aliases = _str_list(raw.get("aliases", []))
        if not tid or not TIP_ID_RE.match(tid):
            problems.append(f"{where}: field 'id': required, lower-case letters, digits, '-'")
            continue
        where = f"{path}: topic '{tid}'"
        if tid in seen:
            problems.append(f"{where}: field 'id': duplicate topic id")
        seen.add(tid)
        if not name or not name_en:
            problems.append(f"{where}: fields 'name' and 'name_en' are required")
        if aliases is None:
            problems.append(f"{where}: field 'aliases': must be a list of strings")
        topics.append(Topic(tid, name or tid, name_en or tid, aliases or ()))
    if not topics:
        problems.append(f"{path}: no [[topics]] defined")
    return tuple(topics)


def _load_article(meta: Mapping[str, Any], path: Path, root: Path, problems: list[str]
                  ) -> Article | None:
    where = f"{path}: [article]"
    for key in sorted(set(meta) - _ARTICLE_FIELDS):
        problems.append(f"{where}: unknown field '{key}'")
    aid, title, rel = _text(meta.get("id")), _text(meta.get("title")), _text(meta.get("file"))
    original = _text(meta.get("original_file"))
    missing = [k for k, v in (("id", aid), ("title", title), ("file", rel),
                              ("original_file", original)) if not v]
    if missing:
        problems.append(f"{where}: missing field(s): {', '.join(missing)}")
        return None
    if title and len(title) > MAX_TITLE:
        problems.append(f"{where}: field 'title': {len(title)} characters, at most {MAX_TITLE}")
    assert aid and title and rel and original
    article_path = (root / rel).resolve()
    try:
        raw = article_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{where}: field 'file': cannot read {rel}: {exc}")
        return None
    source = Source(
        title=title,
        author=_text(meta.get("author")) or "",
        publisher=_text(meta.get("publisher")) or "",
        date=str(meta.get("date", "")),
        article_id=aid,
    )
    return Article(aid, title, article_path, original, tuple(articles.clean_article(raw)), source)


def _matchable(text: str) -> str:
    return " ".join(normalize.tokens(text))


def passage_mismatches(passage: str, article_text: str) -> list[tuple[str, float]]:
    """Passage sentences that do not appear in the article, with their best match score.

    Both sides are folded and tokenised, so fixed typos, trimmed clauses and cleaned
    punctuation still match; a sentence the editor wrote themselves does not.
    """
    haystack = _matchable(article_text)
    bad = []
    for sentence in normalize.split_sentences(passage):
        needle = _matchable(sentence)
        if not needle:
            continue
        score = fuzz.partial_ratio(needle, haystack)
        if score < MIN_SOURCE_MATCH:
            bad.append((sentence, score))
    return bad


def validate_tip_fields(raw: Mapping[str, Any], where: str, topic_ids: set[str],
                        problems: list[str], *, strict_tags: bool = True
                        ) -> dict[str, Any] | None:
    """Check one tip's fields; returns the cleaned values or ``None`` after reporting.

    Shared by the seed loader and the import of a team's tips, so both refuse the same
    things with the same words.
    """
    for key in sorted(set(raw) - _TIP_FIELDS - {"source"}):
        problems.append(f"{where}: unknown field '{key}'")
    before = len(problems)
    principle, passage = _text(raw.get("principle")), _text(raw.get("passage"))
    if not principle:
        problems.append(f"{where}: field 'principle': required, one sentence")
    elif len(principle) > MAX_PRINCIPLE:
        problems.append(f"{where}: field 'principle': {len(principle)} characters, "
                        f"at most {MAX_PRINCIPLE}")
    if not passage:
        problems.append(f"{where}: field 'passage': required, 1–{MAX_SENTENCES} sentences")
    elif len(passage) > MAX_PASSAGE:
        problems.append(f"{where}: field 'passage': {len(passage)} characters, "
                        f"at most {MAX_PASSAGE}")
    elif len(normalize.split_sentences(passage)) > MAX_SENTENCES:
        problems.append(f"{where}: field 'passage': more than {MAX_SENTENCES} sentences")
    values: dict[str, Any] = {"principle": principle, "passage": passage}
    short = _text(raw.get("short")) or ""
    if len(short) > MAX_SHORT:
        problems.append(f"{where}: field 'short': {len(short)} characters, at most {MAX_SHORT}")
    elif strict_tags and REQUIRE_COACHING and not short:
        problems.append(f"{where}: field 'short': required, the principle in at most "
                        f"{MAX_SHORT} characters")
    values["short"] = short
    situations = _str_list(raw.get("situations", []))
    if situations is None:
        problems.append(f"{where}: field 'situations': must be a list of strings")
        situations = ()
    if strict_tags and REQUIRE_COACHING and len(situations) < MIN_SITUATIONS:
        problems.append(f"{where}: field 'situations': at least {MIN_SITUATIONS} needed, "
                        f"found {len(situations)}")
    if len(situations) > MAX_SITUATIONS:
        problems.append(f"{where}: field 'situations': at most {MAX_SITUATIONS}")
    for item in situations:
        if len(item) > MAX_SITUATION:
            problems.append(f"{where}: field 'situations': “{item[:40]}…” is {len(item)} "
                            f"characters, at most {MAX_SITUATION}")
    values["situations"] = situations
    for key, minimum in (("tags", MIN_TAGS), ("tags_en", MIN_TAGS_EN), ("topics", 1)):
        items = _str_list(raw.get(key, []))
        if items is None:
            problems.append(f"{where}: field '{key}': must be a list of strings")
            continue
        if strict_tags and len(items) < minimum:
            problems.append(f"{where}: field '{key}': at least {minimum} needed, "
                            f"found {len(items)}")
        values[key] = items
    for topic in values.get("topics", ()):
        if topic not in topic_ids:
            problems.append(f"{where}: field 'topics': unknown topic '{topic}' "
                            f"(known: {', '.join(sorted(topic_ids))})")
    return values if len(problems) == before else None


def load_corpus(root: Path | None = None, *, check_sources: bool = True) -> Corpus:
    """Load and validate every article, tip and topic under ``root``.

    ``check_sources`` runs the fuzzy "is this passage really from its article" check;
    it costs a few milliseconds per tip, so the interactive paths may skip it once
    ``python -m bot check`` and the tests have passed.
    """
    root = root or seeds_dir()
    problems: list[str] = []
    warnings: list[str] = []
    topics = load_topics(root / "topics.toml", problems)
    topic_ids = {t.id for t in topics}
    tip_files = sorted((root / "tips").glob("*.toml"))
    if not tip_files:
        problems.append(f"{root / 'tips'}: no tip files (*.toml) found")
    articles: list[Article] = []
    tips: list[Tip] = []
    seen_ids: dict[str, Path] = {}
    seen_articles: set[str] = set()
    for path in tip_files:
        data = _read_toml(path, problems)
        if data is None:
            continue
        for key in sorted(set(data) - {"article", "tips"}):
            problems.append(f"{path}: unknown table '{key}'")
        article = _load_article(data.get("article", {}), path, root, problems)
        if article is None:
            continue
        if article.id in seen_articles:
            problems.append(f"{path}: [article]: field 'id': duplicate article id '{article.id}'")
        seen_articles.add(article.id)
        articles.append(article)
        article_text = "\n".join(article.paragraphs)
        raw_tips = data.get("tips", [])
        if not raw_tips:
            warnings.append(f"{path}: article '{article.id}' has no tips")
        for i, raw in enumerate(raw_tips):
            tid = raw.get("id")
            if not isinstance(tid, str) or not TIP_ID_RE.match(tid):
                problems.append(f"{path}: tip #{i + 1}: field 'id': required, 1–16 of "
                                f"a-z 0-9 '-' (got {tid!r})")
                continue
            where = f"{path}: tip '{tid}'"
            if tid in seen_ids:
                problems.append(f"{where}: field 'id': duplicate, also in {seen_ids[tid]}")
                continue
            seen_ids[tid] = path
            values = validate_tip_fields(raw, where, topic_ids, problems)
            if values is None:
                continue
            tip = Tip(
                id=tid,
                principle=values["principle"],
                passage=values["passage"],
                source=article.source,
                tags=values["tags"],
                tags_en=values["tags_en"],
                topics=values["topics"],
                situations=values["situations"],
                short=values["short"],
            )
            rendered = len(tip.principle) + len(tip.passage) + len(tip.source.describe())
            if rendered > MAX_RENDERED:
                problems.append(f"{where}: principle, passage and source together are "
                                f"{rendered} characters, at most {MAX_RENDERED} (one "
                                "Telegram message with room for buttons)")
            if check_sources:
                for sentence, score in passage_mismatches(tip.passage, article_text):
                    problems.append(
                        f"{where}: field 'passage': not found in {article.path.name} "
                        f"(best match {score:.0f}%, need {MIN_SOURCE_MATCH:.0f}%): "
                        f"“{sentence[:80]}”"
                    )
            tips.append(tip)
    for topic in topics:
        if not any(topic.id in t.topics for t in tips):
            warnings.append(f"topics.toml: topic '{topic.id}' has no tips")
    if problems:
        raise SeedError(problems)
    return Corpus(tuple(articles), tuple(tips), topics, warnings)
