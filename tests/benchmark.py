"""Engine benchmark: build, restart, query latency, peak memory and index size, with peers.

    python -m tests.benchmark --paragraphs 10000 100000 1000000

The corpus is synthetic English: paragraphs of ~85 words drawn from the word frequencies of
the SQuAD paragraphs in tests/data, in files of 1,000 paragraphs. Queries are real SQuAD
questions. Each engine runs in its own process, so its peak RSS is its own. Not part of CI.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SQUAD = ROOT / "tests/data/squad2-dev.json"
PER_FILE = 1_000
WORDS = 85
QUERIES = 300
# rank-bm25 keeps a dict per paragraph and loops over all of them per term: past this it
# takes minutes to build and several GB (README has the measured 1M figure from elsewhere).
IN_MEMORY_MAX = 100_000


def squad_texts() -> tuple[list[str], list[str]]:
    data = json.loads(SQUAD.read_text(encoding="utf-8"))["data"]
    contexts = [p["context"] for a in data for p in a["paragraphs"]]
    questions = [q["question"] for a in data for p in a["paragraphs"] for q in p["qas"]]
    return contexts, questions


def make_corpus(folder: Path, paragraphs: int, seed: int = 1) -> None:
    """Write ``paragraphs`` synthetic paragraphs into files of PER_FILE each."""
    contexts, _ = squad_texts()
    counts = Counter(w for c in contexts for w in c.split())
    vocab = np.array(list(counts))
    weights = np.array(list(counts.values()), dtype=float)
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, paragraphs, PER_FILE):
        n = min(PER_FILE, paragraphs - start)
        words = vocab[rng.choice(len(vocab), size=(n, WORDS), p=weights / weights.sum())]
        body = "\n\n".join(" ".join(row) + "." for row in words)
        (folder / f"part-{start // PER_FILE:05d}.txt").write_text(body + "\n", encoding="utf-8")


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def latencies(search: Callable[[str], object], questions: list[str]) -> tuple[float, float]:
    times = []
    for question in questions:
        start = time.perf_counter()
        search(question)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def run_engine(name: str, corpus: Path, work: Path, questions: list[str]) -> dict[str, object]:
    """Measure one engine inside this (fresh) process."""
    result: dict[str, object] = {"engine": name}
    start = time.perf_counter()
    if name in ("ours-persisted", "ours-memory"):
        from bot.library import index_path, open_library

        engine = "persisted" if name == "ours-persisted" else "memory"
        library, _ = open_library(corpus, engine, work)
        result["build_s"] = time.perf_counter() - start
        search = library.search
        if engine == "persisted":
            result["index_mb"] = folder_mb(index_path(corpus, work))
    elif name == "rank-bm25":
        from rank_bm25 import BM25Okapi

        from bot.corpus import load_corpus
        from bot.text import tokenize

        tokens = [tokenize(p.text) for p in load_corpus(corpus).passages]
        bm25 = BM25Okapi(tokens)
        result["build_s"] = time.perf_counter() - start

        def search(q: str) -> object:
            return np.argsort(-bm25.get_scores(tokenize(q)))[:10]
    elif name == "bm25s":
        import bm25s
        import Stemmer

        from bot.corpus import load_corpus

        stemmer = Stemmer.Stemmer("english")
        texts = [p.text for p in load_corpus(corpus).passages]
        retriever = bm25s.BM25()
        retriever.index(bm25s.tokenize(texts, stemmer=stemmer, show_progress=False),
                        show_progress=False)  # fmt: skip
        retriever.save(str(work / "bm25s"))
        result["build_s"] = time.perf_counter() - start
        result["index_mb"] = folder_mb(work / "bm25s")

        def search(q: str) -> object:
            tokens = bm25s.tokenize([q], stemmer=stemmer, show_progress=False)
            return retriever.retrieve(tokens, k=10, show_progress=False)
    elif name == "tantivy":
        search = _tantivy_peer(corpus, work, result, start)
    else:
        raise SystemExit(f"unknown engine {name}")
    search(questions[0])
    result["p50_ms"], result["p99_ms"] = latencies(search, questions)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def _tantivy_peer(
    corpus: Path, work: Path, result: dict[str, object], start: float
) -> Callable[[str], object]:
    """tantivy as it comes: its own English stemming analyzer and query parser."""
    import tantivy

    from bot.corpus import iter_article_files, read_text, split_paragraphs

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    schema = builder.build()
    (work / "tantivy").mkdir()
    index = tantivy.Index(schema, path=str(work / "tantivy"))
    writer = index.writer(256_000_000)
    for path in iter_article_files(corpus):
        for _, text in split_paragraphs(read_text(path)):
            writer.add_document(tantivy.Document(body=text))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    result["build_s"] = time.perf_counter() - start
    result["index_mb"] = folder_mb(work / "tantivy")
    searcher = index.searcher()

    def search(q: str) -> object:
        query = index.parse_query_lenient(q, ["body"])[0]
        return searcher.search(query, 10).hits

    return search


def restart_seconds(corpus: Path, work: Path, question: str) -> float:
    """A cold ``python -m bot ask`` on the persisted index: load and answer one question."""
    env = {**os.environ, "BOT_INDEX_DIR": str(work)}
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", "--engine", "persisted", "--corpus", str(corpus),
             question], env=env, capture_output=True, check=False, cwd=ROOT,
        )  # fmt: skip
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(paragraphs: int, engines: list[str]) -> list[dict[str, object]]:
    _, questions = squad_texts()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, paragraphs)
        for engine in engines:
            if engine in ("ours-memory", "rank-bm25") and paragraphs > IN_MEMORY_MAX:
                continue
            work = Path(tmp) / engine
            work.mkdir()
            command = [sys.executable, "-m", "tests.benchmark", "--run", engine,
                       "--corpus", str(corpus), "--work", str(work)]  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
            if done.returncode != 0:
                print(f"{engine}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            row = json.loads(done.stdout.strip().splitlines()[-1])
            if engine == "ours-persisted":
                row["restart_s"] = restart_seconds(corpus, work, questions[1])
            elif engine == "ours-memory":
                row["restart_s"] = row["build_s"]  # rebuilt at every start
            rows.append({"paragraphs": paragraphs, **row})
            print(format_row(rows[-1]), flush=True)
            shutil.rmtree(work, ignore_errors=True)
    return rows


def format_row(row: dict[str, object]) -> str:
    def cell(key: str, fmt: str) -> str:
        value = row.get(key)
        return format(value, fmt) if isinstance(value, float | int) else "–"

    return (
        f"| {row['paragraphs']:,} | {row['engine']} | {cell('build_s', '.1f')} | "
        f"{cell('restart_s', '.2f')} | {cell('p50_ms', '.2f')} | {cell('p99_ms', '.2f')} | "
        f"{cell('peak_rss_mb', '.0f')} | {cell('index_mb', '.0f')} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--engines", nargs="+",
        default=["ours-persisted", "ours-memory", "rank-bm25", "bm25s", "tantivy"],
    )  # fmt: skip
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        _, questions = squad_texts()
        print(json.dumps(run_engine(args.run, args.corpus, args.work, questions[:QUERIES])))
        return
    print(
        "| paragraphs | engine | build s | restart s | p50 ms | p99 ms | peak RSS MB | index MB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for paragraphs in args.paragraphs:
        measure(paragraphs, args.engines)


if __name__ == "__main__":
    main()
