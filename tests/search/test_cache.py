"""The search index cache cannot run code, and is not taken from a folder others may write.

What an attacker can do with a cache folder they can write (a shared ``BOT_CACHE_DIR``,
one under ``/tmp``): plant a file. A pickle there used to run their code; now nothing
in the folder is ever executed, a file that is not an index this code wrote is ignored
and rebuilt, and a folder someone else owns or may write is not used at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.corpus import DEFAULT_SEEDS_DIR, Corpus, load_corpus
from bot.search import SearchIndex, build_index
from bot.search import cache as searchcache

ROOT = Path(__file__).resolve().parents[2]
QUERY = "giữ chân khách hàng"


@pytest.fixture()
def shipped() -> Corpus:
    return load_corpus(DEFAULT_SEEDS_DIR, check_sources=False)


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("BOT_CACHE_DIR", str(folder))
    monkeypatch.delenv("BOT_SEEDS_DIR", raising=False)
    return folder


def _answers(index: SearchIndex, query: str = QUERY) -> list[tuple[str, float]]:
    return [(h.tip.id, h.score) for h in index.search(query)]


def _key(corpus: Corpus) -> str:
    return searchcache.cache_key(DEFAULT_SEEDS_DIR, corpus.tips)


class Planted:
    """A pickle that, if loaded, leaves a file behind: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _rewrite(path: Path, change: object) -> None:
    """The cache file with its body changed and its header made consistent again, as a
    writer who knows the format would (the checksum is no defence against them)."""
    _, _, payload = path.read_bytes().partition(b"\n")
    body = json.loads(payload)
    change(body)  # type: ignore[operator]
    payload = json.dumps(body, ensure_ascii=False).encode()
    header = {"format": searchcache.FORMAT, "key": path.stem.removeprefix("index-"),
              "sha256": hashlib.sha256(payload).hexdigest(), "bytes": len(payload)}
    path.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def test_the_cache_is_json_and_gives_the_same_answers(cache: Path, shipped: Corpus) -> None:
    built = build_index(shipped)
    files = list(cache.iterdir())
    assert [f.name for f in files] == [f"index-{_key(shipped)}.json"]
    assert files[0].stat().st_mode & 0o777 == 0o600
    json.loads(files[0].read_bytes().partition(b"\n")[2])  # plain JSON, nothing else
    loaded = build_index(shipped)
    assert loaded is not built
    for query in (QUERY, "khach hang phan nan", "how to handle angry customers", "phở bò"):
        assert [(h.tip.id, h.score, h.rank_score) for h in loaded.search(query)] == \
            [(h.tip.id, h.score, h.rank_score) for h in built.search(query)]


def test_a_planted_pickle_never_runs(cache: Path, shipped: Corpus, tmp_path: Path) -> None:
    marker = tmp_path / "code-ran"
    planted = pickle.dumps(Planted(marker))
    key = _key(shipped)
    for name in (f"index-{key}.pickle", f"index-{key}.json"):  # the old name and the new
        (cache / name).write_bytes(planted)
    index = build_index(shipped)
    assert _answers(index)
    assert not marker.exists()
    assert [f.name for f in cache.iterdir()] == [f"index-{key}.json"]  # replaced by an index
    assert not marker.exists()


@pytest.mark.parametrize("damage", [
    lambda raw: raw[: len(raw) // 2],  # truncated (a full disk, a crash while writing)
    lambda raw: b"",
    lambda raw: b"\x00" * 4096,
    lambda raw: raw.replace(b'"docs":[', b'"docs":[9', 1),  # one byte off: checksum
    lambda raw: raw.partition(b"\n")[0] + b"\n" + b"[" * 100_000 + b"]" * 100_000,
])
def test_a_damaged_cache_file_is_rebuilt(cache: Path, shipped: Corpus, damage: object) -> None:
    expected = _answers(build_index(shipped))
    path = cache / f"index-{_key(shipped)}.json"
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert _answers(build_index(shipped)) == expected
    assert _answers(build_index(shipped)) == expected  # and it was written again


@pytest.mark.parametrize("change", [
    lambda body: body.__setitem__("docs", [10**9] * len(body["docs"])),  # no such tip
    lambda body: body.__setitem__("weights", ["x"] * len(body["weights"])),
    lambda body: body.__setitem__("doc_len", body["doc_len"][:-1]),
    lambda body: body.__setitem__("counts", [0] * len(body["counts"])),
    lambda body: body["model"]["scale"].update(dict.fromkeys(body["model"]["scale"], 0)),
    lambda body: body["lexicon"].__setitem__("groups", [[["x"]], [["x"]]]),
    lambda body: body.__setitem__("chatspeak", [{"typed": [[]], "means": "x"}]),
    lambda body: body.__setitem__("context", {"tt03": [1, 2]}),
    lambda body: body.__setitem__("tips", list(reversed(body["tips"]))),
    lambda body: body["tip_model"]["which"].__setitem__(0, 10**6),  # no such tip
    lambda body: body["tip_model"].__setitem__("blend", -1),
    lambda body: body["tip_model"].__setitem__("bias", body["tip_model"]["bias"][:-1]),
    lambda body: body.clear(),
])
def test_a_consistent_but_wrong_cache_file_is_rebuilt(cache: Path, shipped: Corpus,
                                                      change: object) -> None:
    expected = _answers(build_index(shipped))
    path = cache / f"index-{_key(shipped)}.json"
    _rewrite(path, change)
    assert _answers(build_index(shipped)) == expected


def _poison(cache: Path, corpus: Corpus) -> None:
    """A well-formed index whose every weight is tiny: read, it changes the answers."""
    build_index(corpus)
    _rewrite(cache / f"index-{_key(corpus)}.json",
             lambda body: body.__setitem__("weights", [1e-9] * len(body["weights"])))


def test_a_folder_others_may_write_is_not_used(cache: Path, shipped: Corpus,
                                               caplog: pytest.LogCaptureFixture) -> None:
    expected = _answers(build_index(shipped))
    _poison(cache, shipped)
    assert _answers(build_index(shipped)) != expected  # a trusted folder is read…
    cache.chmod(0o777)
    with caplog.at_level(logging.WARNING, logger="bot.search.cache"):
        assert _answers(build_index(shipped)) == expected  # …this one is not
        assert _answers(build_index(shipped)) == expected
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.search.cache"]
    assert len(warnings) == 1 and str(cache) in warnings[0]
    assert "may be written by other users" in warnings[0]
    cache.chmod(0o770)  # group-writable is refused too, and nothing is written there
    for old in cache.iterdir():
        old.unlink()
    assert _answers(build_index(shipped)) == expected
    assert list(cache.iterdir()) == []


def test_a_folder_of_another_user_is_not_used(tmp_path: Path, shipped: Corpus,
                                              monkeypatch: pytest.MonkeyPatch,
                                              caplog: pytest.LogCaptureFixture) -> None:
    if os.geteuid() == 0:  # root can make a folder that belongs to someone else
        folder = tmp_path / "theirs"
        folder.mkdir(mode=0o755)
        os.chown(folder, 65534, 65534)
    else:  # otherwise a system folder is one
        folder = Path("/usr")
    monkeypatch.setenv("BOT_CACHE_DIR", str(folder))
    monkeypatch.delenv("BOT_SEEDS_DIR", raising=False)
    with caplog.at_level(logging.WARNING, logger="bot.search.cache"):
        assert _answers(build_index(shipped))
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.search.cache"]
    assert len(warnings) == 1 and "owned by another user" in warnings[0]
    assert not list(folder.glob("index-*"))


@pytest.mark.process
def test_search_from_a_shared_folder_answers_with_one_warning_line(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp
    env = {**os.environ, "BOT_CACHE_DIR": str(shared)}
    env.pop("BOT_SEEDS_DIR", None)
    result = subprocess.run([sys.executable, "-m", "bot", "search", "--json", QUERY],
                            cwd=ROOT, env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "BOT_CACHE_DIR" in lines[0], result.stderr
    assert not list(shared.iterdir())


def test_the_key_covers_every_module_of_the_bot(shipped: Corpus, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit anywhere in ``bot/``, in the search package or outside it, builds afresh:
    the cache sits in ``bot/search/`` but hashes the whole package."""
    copy = tmp_path / "bot"
    shutil.copytree(ROOT / "bot", copy, ignore=shutil.ignore_patterns("__pycache__"))
    real = _key(shipped)
    monkeypatch.setattr(searchcache, "_PACKAGE", copy)
    assert _key(shipped) == real  # the same files: the key hashes bot/, no more, no less
    for module in ("replies/__init__.py", "search/terms.py", "storage/base.py"):
        path = copy / module
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        edited = _key(shipped)
        assert edited != real, module
        real = edited
