"""Shared fixtures: the shipped corpus and index are built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.corpus import DEFAULT_SEEDS_DIR, Corpus, load_corpus
from bot.search import SearchIndex, build_index


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(DEFAULT_SEEDS_DIR)


@pytest.fixture(scope="session")
def index(corpus: Corpus) -> SearchIndex:
    return build_index(corpus, DEFAULT_SEEDS_DIR / "lexicon.toml")


@pytest.fixture()
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped seeds, for tests that break or extend them."""
    target = tmp_path / "seeds"
    shutil.copytree(DEFAULT_SEEDS_DIR, target)
    for path in target.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return target
