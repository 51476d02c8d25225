"""The search index of the seeds, kept on disk between runs in a form that cannot run code.

Building the index reads every tip, situation and article sentence (about 100 ms);
``python -m bot search`` should not pay that on every call, so what the build found is
kept in ``BOT_CACHE_DIR``. It used to be a pickle, and loading a pickle runs whatever
code the file names: anyone who could write the folder (a shared cache folder, one under
``/tmp``) could make the bot run their code. Now it is plain JSON (words, numbers, lists),
read by ``json`` and checked field by field, so the worst a bad file can do is be
ignored; and a folder that someone else owns or may write is not used at all (the index
is built in memory, with one warning line).

The file is named by a hash of the whole ``bot`` package's source, of every file of the
seeds, of the Python version and of ``FORMAT``: any change to any of them builds afresh.
A file that is damaged, truncated, hostile or from another format is ignored and
replaced; nothing here ever stops the bot.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import stat
import sys
from collections import defaultdict
from collections.abc import Sequence
from itertools import islice, repeat
from pathlib import Path
from typing import Any

from bot.corpus import Tip
from bot.search.analysis import Lexicon
from bot.search.index import SearchIndex
from bot.search.query import QueryAnalyzer
from bot.search.relevance import RelevanceModel
from bot.search.terms import TermIndex
from bot.search.tipmodel import TipModel
from bot.text.chatspeak import Chatspeak, Rule

log = logging.getLogger(__name__)

FORMAT = "cskh-bot search index, JSON, version 8"
# Far above the shipped index (about 0.4 MB): a file larger than this is not read.
MAX_BYTES = 256 * 1024 * 1024
_PACKAGE = Path(__file__).resolve().parents[1]  # all of bot/, not only the search
_warned: set[str] = set()


class _Bad(Exception):
    """The cache file is not an index this code wrote: ignore it."""


def cache_dir() -> Path:
    """``BOT_CACHE_DIR``, else the user's cache folder (``XDG_CACHE_HOME``)."""
    configured = os.environ.get("BOT_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cskh-bot"


def cache_key(seeds: Path, tips: Sequence[Tip]) -> str:
    """A hash of everything the index depends on; ``""`` when a file cannot be read."""
    digest = hashlib.sha256(f"{FORMAT}\n{sys.version}\n".encode())
    try:
        for root, pattern in ((_PACKAGE, "*.py"), (seeds, "*")):
            for path in sorted(p for p in root.rglob(pattern) if p.is_file()):
                name = path.relative_to(root).as_posix().encode()
                data = path.read_bytes()
                digest.update(b"%d:%s%d:" % (len(name), name, len(data)))
                digest.update(data)
    except OSError:
        return ""
    digest.update("\n".join(t.id for t in tips).encode())
    return digest.hexdigest()[:32]


def _file_name(key: str) -> str:
    return f"index-{key}.json"


def _open_folder(folder: Path, *, create: bool) -> int | None:
    """A descriptor of ``folder`` if it is safe to read code-free data from and write to:
    owned by this user and writable by nobody else. ``None`` otherwise (one warning).

    The checks are made on the opened folder itself (``fstat``), and files are then
    opened relative to it, so swapping the folder for another after the check changes
    nothing.
    """
    if os.name != "posix":
        return None
    if create:
        try:
            folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        except OSError:
            return None  # a read-only home or a full disk: the index is built in memory
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    info = os.fstat(fd)
    problem = ""
    if info.st_uid != os.geteuid():
        problem = "is owned by another user"
    elif info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        problem = "may be written by other users"
    if problem:
        os.close(fd)
        if str(folder) not in _warned:
            _warned.add(str(folder))
            log.warning("search index cache %s %s: not used, the index is built in memory "
                        "(set BOT_CACHE_DIR to a folder of your own, or chmod go-w it)",
                        folder, problem)
        return None
    return fd


def read(key: str, tips: Sequence[Tip]) -> SearchIndex | None:
    """The cached index for ``key``, or ``None``: none, unsafe, damaged or not ours."""
    fd = _open_folder(cache_dir(), create=False)
    if fd is None:
        return None
    try:
        file = os.open(_file_name(key), os.O_RDONLY | os.O_NOFOLLOW, dir_fd=fd)
    except OSError:
        os.close(fd)
        return None
    try:
        info = os.fstat(file)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() \
                or info.st_size > MAX_BYTES:
            return None
        with os.fdopen(file, "rb", closefd=False) as fh:
            raw = fh.read(MAX_BYTES + 1)
        return _decode(raw, key, tips)
    except (OSError, _Bad, ValueError, TypeError, KeyError, IndexError, AttributeError,
            OverflowError, RecursionError, MemoryError):
        return None
    finally:
        os.close(file)
        os.close(fd)


def write(key: str, index: SearchIndex) -> None:
    """Keep ``index`` for the next run; any failure only costs that run the rebuild."""
    vocab = index.terms
    if not isinstance(vocab, TermIndex):
        return  # a view over another index: not the seeds' index
    fd = _open_folder(cache_dir(), create=True)
    if fd is None:
        return
    tmp = f".index-{key}.{os.getpid()}.tmp"
    try:
        for name in os.listdir(fd):
            if name.startswith("index-"):  # older indexes, pickles of old versions too
                os.unlink(name, dir_fd=fd)
        file = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600,
                       dir_fd=fd)
        with os.fdopen(file, "wb") as fh:
            fh.write(_encode(key, index, vocab))
        os.replace(tmp, _file_name(key), src_dir_fd=fd, dst_dir_fd=fd)
    except OSError:  # a full disk, a read-only folder: the next run builds it again
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=fd)
    finally:
        os.close(fd)


# --- the format -------------------------------------------------------------------------
# Line 1: {"format", "key", "sha256", "bytes"} of line 2; line 2: the index as one JSON
# object. Postings are three flat lists (words, how many tips each, then every tip number
# and weight in that order), which read several times faster than nested objects.


def _encode(key: str, index: SearchIndex, vocab: TermIndex) -> bytes:
    lexicon, model, postings = index.lexicon, index.model, vocab.postings
    terms = list(postings)
    body: dict[str, Any] = {
        "tips": [t.id for t in vocab.tips],
        "terms": terms,
        "counts": [len(postings[t]) for t in terms],
        "docs": [d for t in terms for d in postings[t]],
        "weights": [w for t in terms for w in postings[t].values()],
        "doc_len": vocab.doc_len,
        "context": index.context,
        "stop_plain": sorted(index.analyzer.stop_plain),
        "toned": sorted(index.analyzer.toned),
        "lexicon": {
            "stop_toned": sorted(lexicon.stop_toned),
            "stop_en": sorted(lexicon.stop_en),
            "stop_phrases": sorted(lexicon.stop_phrases),
            "groups": lexicon.groups,
            "outside": sorted(lexicon.outside),
            "outside_toned": sorted(lexicon.outside_toned),
            "domain": sorted(lexicon.domain),
            "setting": sorted(lexicon.setting),
            "asks": sorted(lexicon.asks),
            "spellings": [[list(k), sorted(v)] for k, v in lexicon.spellings.items()],
        },
        "chatspeak": _rules(index.chatspeak),
        "mixed": _rules(index.analyzer.mixed),
        "model": None if model is None else {
            "weights": model.weights, "bias": model.bias, "mean": model.mean,
            "scale": model.scale, "gate_weights": model.gate_weights,
            "gate_bias": model.gate_bias, "answer": model.answer, "show": model.show},
        "tip_model": None if index.tip_model is None else index.tip_model.to_json(),
    }
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"),
                         allow_nan=False).encode()
    header = {"format": FORMAT, "key": key, "sha256": hashlib.sha256(payload).hexdigest(),
              "bytes": len(payload)}
    return json.dumps(header).encode() + b"\n" + payload


def _rules(table: Chatspeak | None) -> list[dict[str, Any]] | None:
    return None if table is None else [
        {"typed": sorted(r.typed), "means": r.means, "after": sorted(r.after),
         "before": sorted(r.before), "not_after": sorted(r.not_after),
         "not_before": sorted(r.not_before)} for r in table.rules]


def _no_constants(name: str) -> float:
    raise _Bad(f"{name} is no number an index holds")


def _loads(raw: bytes) -> Any:
    return json.loads(raw, parse_constant=_no_constants)


def _decode(raw: bytes, key: str, tips: Sequence[Tip]) -> SearchIndex:
    first, _, payload = raw.partition(b"\n")
    header = _loads(first)
    if not isinstance(header, dict) or header.get("format") != FORMAT \
            or header.get("key") != key or header.get("bytes") != len(payload) \
            or header.get("sha256") != hashlib.sha256(payload).hexdigest():
        raise _Bad("not this index")
    body = _loads(payload)
    if not isinstance(body, dict) or body.get("tips") != [t.id for t in tips]:
        raise _Bad("another set of tips")
    n_docs = len(tips)
    terms, counts = _strs(body["terms"]), _ints(body["counts"])
    docs, weights = _ints(body["docs"]), _floats(body["weights"])
    if len(counts) != len(terms) or len(set(terms)) != len(terms) \
            or sum(counts) != len(docs) or len(weights) != len(docs) \
            or (docs and (min(docs) < 0 or max(docs) >= n_docs)) \
            or (counts and min(counts) < 1):
        raise _Bad("postings do not add up")
    pairs = zip(docs, weights, strict=True)
    postings: defaultdict[str, dict[int, float]] = defaultdict(
        dict, zip(terms, map(dict, map(islice, repeat(pairs), counts)), strict=True))
    doc_len = _floats(body["doc_len"])
    if len(doc_len) != n_docs:
        raise _Bad("lengths do not match the tips")
    context = body["context"]
    if not isinstance(context, dict) or not all(_strs(v) is v for v in context.values()):
        raise _Bad("context")
    analyzer = QueryAnalyzer(_lexicon(body["lexicon"]), _chatspeak(body["chatspeak"]),
                             frozenset(_strs(body["stop_plain"])), _chatspeak(body["mixed"]),
                             frozenset(_strs(body["toned"])))
    return SearchIndex(TermIndex(tips, postings, doc_len), analyzer, context,
                       _model(body["model"]), _tip_model(body["tip_model"]))


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise _Bad("a list was expected")
    return value


def _strs(value: object) -> list[str]:
    items = _list(value)
    if not set(map(type, items)) <= {str}:
        raise _Bad("words were expected")
    return items


def _ints(value: object) -> list[int]:
    items = _list(value)
    if not set(map(type, items)) <= {int}:
        raise _Bad("whole numbers were expected")
    return items


def _floats(value: object) -> list[float]:
    items = _list(value)
    kinds = set(map(type, items))
    if not kinds <= {float, int} or not math.isfinite(math.fsum(items)):
        raise _Bad("numbers were expected")
    return items if int not in kinds else [float(v) for v in items]


def _phrase(value: object) -> tuple[str, ...]:
    return tuple(_strs(value))


def _lexicon(data: object) -> Lexicon:
    if not isinstance(data, dict):
        raise _Bad("lexicon")
    groups = [[_phrase(m) for m in _list(g)] for g in _list(data["groups"])]
    lexicon = Lexicon(stop_toned=frozenset(_strs(data["stop_toned"])),
                      stop_en=frozenset(_strs(data["stop_en"])),
                      stop_phrases=frozenset(_phrase(p) for p in _list(data["stop_phrases"])),
                      groups=groups,
                      outside=frozenset(_phrase(p) for p in _list(data["outside"])),
                      outside_toned=frozenset(_phrase(p) for p in _list(data["outside_toned"])),
                      domain=frozenset(_phrase(p) for p in _list(data["domain"])),
                      setting=frozenset(_phrase(p) for p in _list(data["setting"])),
                      asks=frozenset(_phrase(p) for p in _list(data["asks"])),
                      spellings={_phrase(k): frozenset(_phrase(f) for f in _list(v))
                                 for k, v in map(_list, _list(data["spellings"]))})
    for n, group in enumerate(groups):
        for member in group:
            if not member or member in lexicon.phrase_group:
                raise _Bad("synonym groups")
            lexicon.phrase_group[member] = n
            lexicon.max_phrase_len = max(lexicon.max_phrase_len, len(member))
    return lexicon


def _chatspeak(data: object) -> Chatspeak | None:
    if data is None:
        return None
    rules = []
    for raw in _list(data):
        if not isinstance(raw, dict) or not isinstance(raw["means"], str):
            raise _Bad("chatspeak rule")
        typed = frozenset(_phrase(t) for t in _list(raw["typed"]))
        if not typed or not all(typed):
            raise _Bad("chatspeak rule")
        rules.append(Rule(typed, raw["means"], *(frozenset(_strs(raw[k])) for k in
                                                 ("after", "before", "not_after",
                                                  "not_before"))))
    return Chatspeak(rules)


def _model(data: object) -> RelevanceModel | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise _Bad("model")

    def table(name: str) -> dict[str, float]:
        value = data[name]
        if not isinstance(value, dict):
            raise _Bad("model")
        return dict(zip(value, _floats(list(value.values())), strict=True))

    weights, gate = table("weights"), table("gate_weights")
    mean, scale = table("mean"), table("scale")
    used = set(weights) | set(gate)
    if not used <= set(mean) or not used <= set(scale) or any(scale[k] == 0 for k in used):
        raise _Bad("model")
    number = _floats([data["bias"], data["gate_bias"], data["answer"], data["show"]])
    return RelevanceModel(weights, number[0], mean, scale, gate, number[1], number[2],
                          number[3])


def _tip_model(data: object) -> TipModel | None:
    if data is None:
        return None
    try:
        return TipModel.from_json(data)
    except (ValueError, TypeError, KeyError) as exc:
        raise _Bad("tip model") from exc


__all__ = ["cache_dir", "cache_key", "read", "write"]
