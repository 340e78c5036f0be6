"""How often questions are refused, by folder size: the data behind the closeness bar.

    python -m tests.abstention_benchmark [--fit]

Folders of 1-15 SQuAD-2 dev articles (the file's own licence, tests/data/README.md) are asked
questions of their own articles (answerable), SQuAD-2's unanswerable questions of their own
articles (near misses) and answerable questions of the other articles (off-topic). The 40 saved
pages and the seeds are asked 600 SQuAD questions (off-topic) and their own hand-written sets
(answerable). Every figure is given with the bar and without it (``search.beyond_chance``
always true), in the same run. ``--fit`` re-derives the bar: a logistic regression of
answerable against off-topic on the closest paragraph's e5 cosine, the closest sentence's MiniLM
cosine and ln(paragraphs), cut where 0.2 % of the answerable questions fall below it.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from bot import search
from bot.corpus import Corpus, Passage
from bot.evaluate import load_squad, read_questions
from bot.index import MemoryEngine
from bot.library import corpus_library, open_library, vector_cache
from bot.search import Library
from bot.semantic import SemanticIndex

DATA = Path(__file__).parent / "data"
SQUAD = DATA / "squad2-dev.json"
SIZES = (1, 2, 3, 4, 6, 8, 11, 15)  # articles a folder
FOLDERS = 40  # folders of each size
ASKED = {"answerable": 10, "near miss": 5, "off-topic": 10}  # questions a folder
OFF_TOPIC = 600  # SQuAD questions asked of the saved pages and of the seeds
WRONG_SHARE = 0.002  # answerable questions the fitted bar may refuse

Asked = list[tuple[str, str]]  # (kind, question)


def squad_folders(seed: int) -> Iterator[tuple[str, Library, Asked]]:
    """Folders of random SQuAD articles, each with questions of every kind."""
    corpus, _ = load_squad(SQUAD)
    with tempfile.TemporaryDirectory() as scratch:
        full = corpus_library(corpus, "memory", Path(scratch), DATA, "auto")
    if full.semantic is None:
        raise SystemExit("the models are not installed: nothing to measure")
    encoder = full.semantic.encoder
    cache = vector_cache(DATA, None, encoder)
    data = json.loads(SQUAD.read_text(encoding="utf-8"))["data"]
    questions = {
        e["title"]: [
            (qa["question"], qa["is_impossible"]) for p in e["paragraphs"] for qa in p["qas"]
        ]
        for e in data
    }
    passages: dict[str, list[Passage]] = {}
    for passage in corpus.passages:
        passages.setdefault(passage.article.source, []).append(passage)
    articles = {a.source: a for a in corpus.articles}
    rng = random.Random(seed)
    for size in SIZES:
        for _ in range(FOLDERS):
            chosen = rng.sample(sorted(questions), size)
            part = Corpus([articles[t] for t in chosen], [p for t in chosen for p in passages[t]])
            library = Library(MemoryEngine(part), SemanticIndex(encoder, part.passages, cache))
            inside = [q for t in chosen for q in questions[t]]
            outside = [q for t in questions if t not in chosen for q in questions[t]]
            pools = {
                "answerable": [q for q, impossible in inside if not impossible],
                "near miss": [q for q, impossible in inside if impossible],
                "off-topic": [q for q, impossible in outside if not impossible],
            }
            asked = [
                (kind, q)
                for kind, pool in pools.items()
                for q in rng.sample(pool, min(ASKED[kind], len(pool)))
            ]
            yield f"{size:>2} SQuAD articles", library, asked


def own_folders(seed: int) -> Iterator[tuple[str, Library, Asked]]:
    """The saved pages and the seeds: their own questions, and SQuAD's as off-topic ones."""
    data = json.loads(SQUAD.read_text(encoding="utf-8"))["data"]
    squad = [qa["question"] for e in data for p in e["paragraphs"] for qa in p["qas"]]
    off = random.Random(seed).sample(squad, OFF_TOPIC)
    sets = {
        "40 saved pages": (DATA / "webpages", ["webpages-chat", "webpages-holdout"]),
        "the seeds": (Path(__file__).parent.parent / "seeds", ["seeds-dev", "seeds-dev2"]),
    }
    for name, (folder, own) in sets.items():
        library, _ = open_library(folder, "memory")
        asked = [
            ("answerable", q["q"])
            for s in own
            for q in read_questions(DATA / f"{s}.jsonl")
            if q.get("expect") and q.get("lang", "en") == "en"
        ]
        yield name, library, asked + [("off-topic", q) for q in off]


def refused(library: Library, asked: Asked, counts: dict[str, list[int]]) -> None:
    """Add each kind's (refused, asked) to ``counts``."""
    for kind, question in asked:
        tally = counts.setdefault(kind, [0, 0])
        tally[0] += not library.search(question)
        tally[1] += 1


def report(seed: int) -> None:
    """Refusals by folder and kind, with the bar and without it."""
    bar = search.beyond_chance
    for folders in (squad_folders(seed), own_folders(seed)):
        rows: dict[str, dict[bool, dict[str, list[int]]]] = {}
        for name, library, asked in folders:
            for with_bar in (True, False):
                search.beyond_chance = bar if with_bar else lambda closest: True
                refused(library, asked, rows.setdefault(name, {}).setdefault(with_bar, {}))
        search.beyond_chance = bar
        for name, by in rows.items():
            cells = [
                f"{kind} {by[True][kind][0]}/{n} (without {by[False][kind][0]})"
                for kind, (_, n) in by[True].items()
            ]
            print(f"{name:>18}: refused " + ", ".join(cells))


def features(library: Library, question: str) -> tuple[float, float, float]:
    """What the bar reads: e5's closest paragraph, MiniLM's closest sentence, ln(size)."""
    assert library.semantic is not None
    reading = library.semantic.scores(question)
    assert reading.closest_sentence is not None
    size = len(reading.closeness)
    return float(reading.closeness.max()), reading.closest_sentence, math.log(size)


def fit(seed: int) -> None:
    """The bar re-derived from the SQuAD folders (answerable against off-topic)."""
    rows, labels = [], []
    for _, library, asked in squad_folders(seed):
        for kind, question in asked:
            if kind != "near miss":
                rows.append(features(library, question))
                labels.append(kind == "answerable")
    x, y = np.array(rows), np.array(labels, dtype=float)
    mean, spread = x.mean(axis=0), x.std(axis=0)
    z = (x - mean) / spread
    w, b = np.zeros(3), 0.0
    for _ in range(4000):  # plain gradient descent: three features need no library
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= 0.5 * (z.T @ (p - y) / len(y) + 1e-3 * w)
        b -= 0.5 * float((p - y).mean())
    weights = w / spread
    scores = x @ weights + (b - weights @ mean)
    cut = float(np.quantile(scores[y == 1], WRONG_SHARE)) - (b - weights @ mean)
    e5, minilm, size = weights
    print(
        f"e5 + {minilm / e5:.3f} x MiniLM >= {cut / e5:.4f} + {-size / e5:.5f} x ln(paragraphs)"
        f"  ({len(y)} questions; now: e5 + {search.SECOND_SHARE} x MiniLM >= "
        f"{search.MIN_CLOSE} + {search.CLOSE_PER_LN} x ln(paragraphs))"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", action="store_true", help="re-derive the bar and print it")
    parser.add_argument("--seed", type=int, default=5)
    options = parser.parse_args()
    if options.fit:
        fit(options.seed)
    else:
        report(options.seed)
