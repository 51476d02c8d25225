"""Search speed: latency, index build time, memory and CLI start-up, as a Markdown table.

Latency is measured in process with ``time.perf_counter_ns`` over a mixed query list
drawn from ``tests/data/search_queries.toml`` (every kind: diacritics or not, typos,
Telex, English, long questions, off-topic), on the shipped corpus and on synthetic
corpora of 10,000 and 100,000 tips. Synthetic tips recombine the shipped tips' own
sentences, words and tags (deterministically, from a fixed seed), so the vocabulary and
term statistics are those of the real corpus. Each figure stands beside a bare
``rapidfuzz.process.extract(query, texts, scorer=fuzz.WRatio, limit=5)`` scan over the
same tips' principle + passage text.

Run: python bench/search_speed.py [--quick] [--no-hyperfine]
``--quick`` skips the 100,000-tip corpus and repeats less (a smoke run of a few seconds).
The table goes to stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import rapidfuzz  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from bot.corpus import Corpus, Tip, load_corpus, seeds_dir  # noqa: E402
from bot.search import Lexicon, SearchIndex, attribute_context, build_index  # noqa: E402
from bot.text import normalize  # noqa: E402

QUERIES = ROOT / "tests" / "data" / "search_queries.toml"
N_QUERIES = 40
SEED = 20240601
CLI_QUERY = "giữ chân khách hàng"
# Targets printed next to the figures.
TARGET_P99_SHIPPED_MS = 2.0
TARGET_RATIO_10K = 3.0
TARGET_CLI_S = 0.3
TABLE_HEADER = "| benchmark | ours | baseline | ours / baseline | target |"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- queries --------------------------------------------------------------------------
def load_queries(n: int = N_QUERIES) -> list[str]:
    """``n`` queries taken round-robin across kinds, in file order (deterministic)."""
    with QUERIES.open("rb") as fh:
        rows = tomllib.load(fh)["queries"]
    by_kind: dict[str, list[str]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row["q"])
    picked: list[str] = []
    depth = 0
    while len(picked) < n and any(depth < len(qs) for qs in by_kind.values()):
        for qs in by_kind.values():
            if depth < len(qs) and len(picked) < n:
                picked.append(qs[depth])
        depth += 1
    return picked


# --- synthetic corpora ----------------------------------------------------------------
@dataclass(frozen=True)
class Pools:
    sentences: list[str]  # passage sentences of the shipped tips
    principles: list[str]
    words: list[str]  # every word of passages and principles, as written (frequency-weighted)
    tags: list[str]
    tags_en: list[str]
    article_sentences: list[str]  # for the "context" field, as build_index attaches
    sentence_counts: list[int]  # sentences per shipped passage
    tag_counts: list[tuple[int, int]]  # (tags, tags_en) per shipped tip
    donors: list[Tip]  # source and topics come from a real tip


def make_pools(corpus: Corpus) -> Pools:
    sentences: list[str] = []
    counts: list[int] = []
    words: list[str] = []
    for tip in corpus.tips:
        parts = normalize.split_sentences(tip.passage)
        sentences.extend(parts)
        counts.append(len(parts))
        words.extend(tip.passage.split())
        words.extend(tip.principle.split())
    article_sentences = [
        s for a in corpus.articles for p in a.paragraphs for s in normalize.split_sentences(p)
    ]
    return Pools(
        sentences=sentences,
        principles=[t.principle for t in corpus.tips],
        words=words,
        tags=sorted({tag for t in corpus.tips for tag in t.tags}),
        tags_en=sorted({tag for t in corpus.tips for tag in t.tags_en}),
        article_sentences=article_sentences,
        sentence_counts=counts,
        tag_counts=[(len(t.tags), len(t.tags_en)) for t in corpus.tips],
        donors=list(corpus.tips),
    )


def _splice(rng: random.Random, a: str, b: str, words: list[str]) -> str:
    """The head of sentence ``a`` joined to the tail of ``b``, maybe with a word swapped."""
    wa, wb = a.split(), b.split()
    cut_a = rng.randint(max(1, len(wa) // 3), max(1, len(wa)))
    cut_b = rng.randint(0, max(0, len(wb) - 1))
    out = wa[:cut_a] + wb[cut_b:]
    for _ in range(rng.choice((0, 0, 1, 2))):
        out[rng.randrange(len(out))] = rng.choice(words)
    return " ".join(out)


def synthetic_corpus(corpus: Corpus, context: dict[str, list[str]], n: int,
                     seed: int = SEED) -> tuple[list[Tip], dict[str, list[str]]]:
    """``n`` tips: the shipped ones (with their context) plus recombined ones."""
    rng = random.Random(seed)
    pools = make_pools(corpus)
    tips = list(corpus.tips)
    ctx = {k: list(v) for k, v in context.items()}
    # Context sentences per shipped tip, to give synthetic tips the same share.
    ctx_rate = sum(len(v) for v in context.values()) / max(1, len(corpus.tips))
    i = 0
    while len(tips) < n:
        i += 1
        donor = rng.choice(pools.donors)
        if rng.random() < 0.5:
            principle = rng.choice(pools.principles)
        else:
            principle = _splice(rng, rng.choice(pools.principles),
                                rng.choice(pools.principles), pools.words)
        passage_parts: list[str] = []
        for _ in range(rng.choice(pools.sentence_counts)):
            if rng.random() < 0.4:
                sentence = rng.choice(pools.sentences)
            else:
                sentence = _splice(rng, rng.choice(pools.sentences),
                                   rng.choice(pools.sentences), pools.words)
            if len(" ".join([*passage_parts, sentence])) > 1000 and passage_parts:
                break
            passage_parts.append(sentence)
        tip_id = f"syn{i:06d}"
        n_tags, n_tags_en = rng.choice(pools.tag_counts)
        tips.append(Tip(
            id=tip_id,
            principle=principle,
            passage=" ".join(passage_parts)[:1000],
            source=donor.source,
            tags=tuple(rng.sample(pools.tags, n_tags)),
            tags_en=tuple(rng.sample(pools.tags_en, n_tags_en)),
            topics=donor.topics,
        ))
        n_ctx = int(ctx_rate) + (rng.random() < ctx_rate - int(ctx_rate))
        if n_ctx:
            ctx[tip_id] = rng.sample(pools.article_sentences, n_ctx)
    return tips, ctx


# --- measuring ------------------------------------------------------------------------
@dataclass
class Latency:
    median_ms: float
    p99_ms: float
    samples: int


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def time_queries(fn: Callable[[str], object], queries: list[str], rounds: int,
                 warmup: int | None = None) -> Latency:
    """Latency of ``fn`` over ``rounds`` passes of ``queries``, after a warm-up pass.

    The warm-up (all queries, or the first ``warmup``) fills caches as a running bot's
    would be; it is not timed.
    """
    for q in queries[:warmup]:
        fn(q)
    samples: list[int] = []
    gc_was_enabled = gc.isenabled()
    gc.disable()  # a collection landing in one sample would be noise, not search cost
    try:
        for _ in range(rounds):
            for q in queries:
                t0 = time.perf_counter_ns()
                fn(q)
                samples.append(time.perf_counter_ns() - t0)
            gc.collect()  # outside the timed calls
    finally:
        if gc_was_enabled:
            gc.enable()
    samples.sort()
    return Latency(statistics.median(samples) / 1e6, percentile(samples, 0.99) / 1e6,
                   len(samples))


def time_builds(build: Callable[[], SearchIndex], repeats: int) -> tuple[float, SearchIndex]:
    """Median build time in seconds, and the last index built (earlier ones are dropped)."""
    times = []
    built: SearchIndex | None = None
    for _ in range(repeats):
        built = None
        gc.collect()
        t0 = time.perf_counter_ns()
        built = build()
        times.append(time.perf_counter_ns() - t0)
    assert built is not None
    return statistics.median(times) / 1e9, built


def peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def current_rss_mib() -> float:
    """Resident set size now (Linux); elsewhere the peak so far."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return peak_rss_mib()
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def bare_texts(tips: Sequence[Tip]) -> list[str]:
    return [f"{t.principle} {t.passage}" for t in tips]


def bare_search(texts: list[str]) -> Callable[[str], object]:
    def run(query: str) -> object:
        return process.extract(query, texts, scorer=fuzz.WRatio, limit=5)
    return run


@dataclass
class CorpusResult:
    label: str
    n_tips: int
    build_s: float
    build_note: str
    ours: Latency
    bare: Latency


def measure_corpus(label: str, index: SearchIndex, build_s: float, build_note: str,
                   queries: list[str], rounds: int, bare_rounds: int) -> CorpusResult:
    log(f"  search ({rounds} rounds x {len(queries)} queries)…")
    ours = time_queries(lambda q: index.search(q, limit=5), queries, rounds)
    log(f"  bare rapidfuzz scan ({bare_rounds} rounds x {len(queries)} queries)…")
    # The bare scan has no cache to fill; one call warms it up. At 10k+ tips it is slow.
    bare = time_queries(bare_search(bare_texts(index.tips)), queries, bare_rounds, warmup=1)
    log(f"  ours median {ours.median_ms:.3f} ms p99 {ours.p99_ms:.3f} ms; "
        f"bare median {bare.median_ms:.3f} ms p99 {bare.p99_ms:.3f} ms")
    return CorpusResult(label, len(index.tips), build_s, build_note, ours, bare)


# --- CLI ------------------------------------------------------------------------------
@dataclass
class CliResult:
    search_s: float
    python_s: float
    runs: int
    tool: str


def _cli_commands() -> tuple[list[str], list[str]]:
    python = sys.executable
    return ([python, "-m", "bot", "search", "--json", CLI_QUERY], [python, "-c", "pass"])


def _check_cli(cmd: list[str]) -> None:
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                            timeout=60)
    if result.returncode != 0:
        raise SystemExit(f"{shlex.join(cmd)} failed ({result.returncode}):\n{result.stderr}")
    hits = json.loads(result.stdout)
    if not hits:
        raise SystemExit(f"{shlex.join(cmd)} found nothing; the timing would not be typical")


def _time_cli_hyperfine(hyperfine: str, commands: list[list[str]], runs: int,
                        warmup: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hyperfine.json"
        result = subprocess.run(
            [hyperfine, "-N", "--warmup", str(warmup), "--runs", str(runs), "--style", "none",
             "--export-json", str(out), *(shlex.join(c) for c in commands)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise subprocess.SubprocessError(result.stderr.strip())
        data = json.loads(out.read_text(encoding="utf-8"))
    return [r["median"] for r in data["results"]]


def _time_cli_python(commands: list[list[str]], runs: int, warmup: int) -> list[float]:
    medians = []
    for cmd in commands:
        times = []
        for i in range(warmup + runs):
            t0 = time.perf_counter_ns()
            subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=True, timeout=60)
            if i >= warmup:  # warm-up runs fill the page cache and write .pyc files
                times.append(time.perf_counter_ns() - t0)
        medians.append(statistics.median(times) / 1e9)
    return medians


def measure_cli(runs: int, warmup: int, use_hyperfine: bool) -> CliResult:
    search_cmd, python_cmd = _cli_commands()
    _check_cli(search_cmd)
    hyperfine = shutil.which("hyperfine") if use_hyperfine else None
    if hyperfine:
        log(f"  hyperfine, {runs} runs each…")
        try:
            search_s, python_s = _time_cli_hyperfine(hyperfine, [search_cmd, python_cmd], runs,
                                                     warmup)
            return CliResult(search_s, python_s, runs, "hyperfine")
        except (subprocess.SubprocessError, OSError, KeyError, ValueError) as exc:
            log(f"  hyperfine failed ({exc}); timing subprocesses in Python instead")
    log(f"  subprocess timing, {runs} runs each…")
    search_s, python_s = _time_cli_python([search_cmd, python_cmd], runs, warmup)
    return CliResult(search_s, python_s, runs, "subprocess")


# --- report ---------------------------------------------------------------------------
def _ms(value: float) -> str:
    return f"{value:.3f} ms" if value < 10 else f"{value:.1f} ms"


def _s(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(results: list[CorpusResult], rss: tuple[str, float, float], cli: CliResult,
           queries: list[str]) -> str:
    lines = [
        f"Python {platform.python_version()}, rapidfuzz {rapidfuzz.__version__}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs. "
        f"{len(queries)} queries, every kind, from `tests/data/search_queries.toml`; "
        "baseline for search is a bare `rapidfuzz.process.extract(query, texts, "
        "scorer=fuzz.WRatio, limit=5)` over each tip's principle + passage.",
        "",
        TABLE_HEADER,
        "|---|---|---|---|---|",
    ]
    for r in results:
        name = f"{r.label} ({r.n_tips:,} tips)"
        ratio_med = r.ours.median_ms / r.bare.median_ms if r.bare.median_ms else math.inf
        ratio_p99 = r.ours.p99_ms / r.bare.p99_ms if r.bare.p99_ms else math.inf
        target_med = target_p99 = ""
        if r.label == "shipped":
            target_p99 = (f"p99 ≤ {TARGET_P99_SHIPPED_MS:g} ms: "
                          f"{_verdict(r.ours.p99_ms <= TARGET_P99_SHIPPED_MS)}")
        if r.n_tips == 10_000:
            target_med = (f"≤ {TARGET_RATIO_10K:g}× bare: "
                          f"{_verdict(ratio_med <= TARGET_RATIO_10K)}")
        lines.append(f"| search median, {name} | {_ms(r.ours.median_ms)} | "
                     f"{_ms(r.bare.median_ms)} | {ratio_med:.2f}× | {target_med} |")
        lines.append(f"| search p99, {name} | {_ms(r.ours.p99_ms)} | "
                     f"{_ms(r.bare.p99_ms)} | {ratio_p99:.2f}× | {target_p99} |")
    for r in results:
        lines.append(f"| index build, {r.label} ({r.n_tips:,} tips), {r.build_note} | "
                     f"{_s(r.build_s)} | | | |")
    label, before, after = rss
    lines.append(f"| peak RSS after building the {label} index | {after:,.0f} MiB | "
                 f"{before:,.0f} MiB resident before the build | | |")
    lines.append(
        f"| `python -m bot search --json \"{CLI_QUERY}\"`, median of {cli.runs} "
        f"({cli.tool}) | {_s(cli.search_s)} | {_s(cli.python_s)} (`python -c pass`) | "
        f"{cli.search_s / cli.python_s:.1f}× | median ≤ {TARGET_CLI_S:g} s: "
        f"{_verdict(cli.search_s <= TARGET_CLI_S)} |"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="skip the 100,000-tip corpus and repeat less (smoke run)")
    parser.add_argument("--no-hyperfine", action="store_true",
                        help="time the CLI with subprocess even if hyperfine is installed")
    args = parser.parse_args()
    quick = args.quick

    # Quick: one query of each kind. Full: N_QUERIES, round-robin over the kinds.
    queries = load_queries(12 if quick else N_QUERIES)
    corpus = load_corpus(check_sources=False)
    lexicon = Lexicon.load(seeds_dir() / "lexicon.toml")
    context = attribute_context(corpus)
    results: list[CorpusResult] = []

    log(f"shipped corpus ({len(corpus.tips)} tips)…")
    repeats = 3 if quick else 7
    build_s, index = time_builds(lambda: build_index(corpus), repeats)
    results.append(measure_corpus(
        "shipped", index, build_s, f"`build_index`, median of {repeats}", queries,
        rounds=10 if quick else 100, bare_rounds=10 if quick else 100))

    sizes = [10_000] if quick else [10_000, 100_000]
    rss = ("", 0.0, 0.0)
    for size in sizes:
        log(f"synthetic corpus of {size:,} tips…")
        del index
        gc.collect()
        tips, ctx = synthetic_corpus(corpus, context, size)
        repeats = 1 if (quick or size >= 100_000) else 3
        rss_before = current_rss_mib()
        build_s, index = time_builds(
            lambda tips=tips, ctx=ctx: SearchIndex.from_tips(tips, lexicon, ctx), repeats)
        rss = (f"{size:,}-tip", rss_before, peak_rss_mib())
        note = f"median of {repeats}" if repeats > 1 else "one build"
        # The bare WRatio scan takes ~0.3 s a query at 10k tips and ~3 s at 100k.
        if size >= 100_000:
            rounds, bare_rounds = 3, 1
        else:
            rounds, bare_rounds = (2, 1) if quick else (15, 3)
        results.append(measure_corpus(f"synthetic {size // 1000}k", index, build_s,
                                      f"`SearchIndex.from_tips(...)`, {note}", queries, rounds,
                                      bare_rounds))

    log("CLI…")
    cli = measure_cli(*((5, 1) if quick else (20, 3)), use_hyperfine=not args.no_hyperfine)
    print(render(results, rss, cli, queries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
