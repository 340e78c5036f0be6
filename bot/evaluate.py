"""Retrieval quality: question sets with expected passages, and SQuAD paragraph retrieval."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.corpus import Article, Corpus, Passage
from bot.index import MemoryEngine
from bot.library import corpus_library, vector_cache
from bot.render import shown_text
from bot.search import Library, follow_up
from bot.semantic import SemanticIndex

DEPTH = 10  # hits examined for MRR


class EvalError(Exception):
    """A question set that cannot be read; the message names the file and line."""


@dataclass
class Tally:
    """Counts for one group of questions (all, one style, one language)."""

    answerable: int = 0
    at_1: int = 0
    at_3: int = 0
    false_refusals: int = 0  # answerable, but no quote given
    unanswerable: int = 0
    refused: int = 0  # unanswerable, and rightly no quote

    def add(self, rank: int | None, answered: bool, answerable: bool) -> None:
        if answerable:
            self.answerable += 1
            self.at_1 += rank == 1
            self.at_3 += rank is not None and rank <= 3
            self.false_refusals += not answered
        else:
            self.unanswerable += 1
            self.refused += not answered


@dataclass(frozen=True)
class Report:
    """Figures for one question set; fields not measured by a format stay None."""

    kind: str
    questions: int
    hit_at_1: float
    hit_at_3: float | None
    hit_at_5: float | None
    mrr: float
    abstained_offtopic: tuple[int, int] | None = None  # (abstained, off-topic questions)
    false_abstentions: int = 0
    groups: dict[str, Tally] = field(default_factory=dict)  # "style paraphrase", "lang ru"
    ranks: list[tuple[str, int | None, bool]] = field(default_factory=list)  # (q, rank, answered)
    latency_ms: tuple[float, float] | None = None  # median and 95th percentile per question


def _first_rank(found: list[bool]) -> int | None:
    return next((i + 1 for i, ok in enumerate(found) if ok), None)


def read_questions(path: Path) -> list[dict[str, Any]]:
    """The cases of a JSONL question set, checked: each needs "q" and an "expect" list."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError:
            raise EvalError(f"{path}:{number}: not a JSON object") from None
        if not isinstance(case, dict) or not isinstance(case.get("q"), str):
            raise EvalError(f'{path}:{number}: needs "q", the question as a string')
        if not isinstance(case.get("expect", []), list):
            raise EvalError(f'{path}:{number}: "expect" must be a list of substrings')
        after = case.get("after", "")
        if not isinstance(after, str) and not (
            isinstance(after, list) and after and all(isinstance(a, str) for a in after)
        ):
            raise EvalError(
                f'{path}:{number}: "after" must be the earlier question as a string, or a '
                "thread of them as a list, oldest first"
            )
        cases.append(case)
    if not cases:
        raise EvalError(f"{path}: no questions")
    return cases


def evaluate_questions(library: Library, path: Path) -> Report:
    """Score a JSONL file of ``{"q": ..., "expect": [substring, ...]}`` against a library.

    Optional ``style`` and ``lang`` labels get figures of their own; ``after`` makes the
    question a follow-up of that earlier one.
    """
    ranks: list[int | None] = []
    groups: dict[str, Tally] = {}
    listing: list[tuple[str, int | None, bool]] = []
    total = Tally()
    for case in read_questions(path):
        hits = library.answer(case["q"], DEPTH, *follow_up(case.get("after", ""))).hits
        expect = case.get("expect", [])
        rank = _first_rank([any(e in shown_text(h.passage) for e in expect) for h in hits])
        labels = [f"{key} {case[key]}" for key in ("style", "lang") if key in case]
        for tally in [total, *(groups.setdefault(label, Tally()) for label in labels)]:
            tally.add(rank, bool(hits), bool(expect))
        listing.append((case["q"], rank, bool(hits)))
        if expect:
            ranks.append(rank)
    return Report(
        kind="questions",
        questions=len(listing),
        hit_at_1=_share(ranks, 1),
        hit_at_3=_share(ranks, 3),
        hit_at_5=None,
        mrr=_mrr(ranks),
        abstained_offtopic=(total.refused, total.unanswerable),
        false_abstentions=total.false_refusals,
        groups=dict(sorted(groups.items())),
        ranks=listing,
    )


def load_squad(path: Path) -> tuple[Corpus, list[tuple[str, Passage]]]:
    """A corpus of SQuAD paragraphs and its answerable questions with their own paragraph."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    corpus = Corpus()
    questions: list[tuple[str, Passage]] = []
    for entry in data:
        article = Article(source=entry["title"], title=entry["title"].replace("_", " "))
        corpus.articles.append(article)
        for number, para in enumerate(entry["paragraphs"], start=1):
            passage = Passage(article, number, number, para["context"])
            corpus.passages.append(passage)
            answerable = [qa for qa in para["qas"] if not qa["is_impossible"]]
            questions += [(qa["question"], passage) for qa in answerable]
    return corpus, questions


def evaluate_squad(
    path: Path, engine: str = "auto", semantic: str = "auto", per_article: bool = False
) -> Report:
    """Paragraph retrieval over a SQuAD file: is the question's own paragraph found?

    ``per_article``: each question is searched in its own article only, a corpus as small as
    a reader's folder, where more of a question's words are absent. Vectors are cached beside
    the file (``.quotebot/``): the first run embeds every paragraph.
    """
    corpus, questions = load_squad(path)
    with tempfile.TemporaryDirectory() as scratch:
        # Per article, every corpus is small enough for the memory engine, whatever ``engine``.
        chosen = "memory" if per_article else engine
        library = corpus_library(corpus, chosen, Path(scratch), path.parent, semantic)
        if not per_article:
            return _squad_report(lambda _: library, questions)
        parts = {a.source: Corpus([a]) for a in corpus.articles}
        for passage in corpus.passages:
            parts[passage.article.source].passages.append(passage)
        encoder = library.semantic.encoder if library.semantic else None
        cache = vector_cache(path.parent, None, encoder) if encoder else None
        libraries = {
            source: Library(
                MemoryEngine(part),
                SemanticIndex(encoder, part.passages, cache) if encoder and cache else None,
            )
            for source, part in parts.items()
        }
        return _squad_report(lambda passage: libraries[passage.article.source], questions)


def _squad_report(
    library_for: Callable[[Passage], Library], questions: list[tuple[str, Passage]]
) -> Report:
    listing: list[tuple[str, int | None, bool]] = []
    abstained = 0
    times = []
    for question, passage in questions:
        library = library_for(passage)
        started = time.perf_counter()
        hits = library.search(question, top=DEPTH)
        times.append((time.perf_counter() - started) * 1000)
        abstained += not hits
        found = [(h.passage.article.source, h.passage.number) for h in hits]
        rank = _first_rank([f == (passage.article.source, passage.number) for f in found])
        listing.append((question, rank, bool(hits)))
    ranks = [rank for _, rank, _ in listing]
    return Report(
        kind="squad",
        questions=len(questions),
        hit_at_1=_share(ranks, 1),
        hit_at_3=_share(ranks, 3),
        hit_at_5=_share(ranks, 5),
        mrr=_mrr(ranks),
        false_abstentions=abstained,
        ranks=listing,
        latency_ms=(statistics.median(times), sorted(times)[int(len(times) * 0.95)]),
    )


def is_squad(path: Path) -> bool:
    """SQuAD files are one JSON document with a ``data`` list; question sets are JSONL."""
    with path.open(encoding="utf-8") as f:
        head = f.read(200).lstrip()
    return head.startswith("{") and ('"data"' in head or '"version"' in head)


def _share(ranks: list[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def _mrr(ranks: list[int | None]) -> float:
    return sum(1 / r for r in ranks if r) / len(ranks) if ranks else 0.0
