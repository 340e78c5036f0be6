"""Retrieval quality: question sets with expected passages, and SQuAD paragraph retrieval."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.corpus import Article, Corpus, Passage
from bot.index import Library
from bot.library import corpus_library

DEPTH = 10  # hits examined for MRR


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


def _first_rank(found: list[bool]) -> int | None:
    return next((i + 1 for i, ok in enumerate(found) if ok), None)


def evaluate_questions(library: Library, path: Path) -> Report:
    """Score a JSONL file of ``{"q": ..., "expect": [substring, ...]}`` against a library."""
    ranks: list[int | None] = []
    offtopic = abstained = false_abstentions = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        hits = library.search(case["q"], top=DEPTH)
        if not case["expect"]:
            offtopic += 1
            abstained += not hits
            continue
        false_abstentions += not hits
        ranks.append(_first_rank([any(e in h.passage.text for e in case["expect"]) for h in hits]))
    return Report(
        kind="questions",
        questions=len(ranks) + offtopic,
        hit_at_1=_share(ranks, 1),
        hit_at_3=_share(ranks, 3),
        hit_at_5=None,
        mrr=_mrr(ranks),
        abstained_offtopic=(abstained, offtopic),
        false_abstentions=false_abstentions,
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


def evaluate_squad(path: Path, engine: str = "auto") -> Report:
    """Paragraph retrieval over a SQuAD file: is the question's own paragraph found?"""
    corpus, questions = load_squad(path)
    with tempfile.TemporaryDirectory() as scratch:
        return _squad_report(corpus_library(corpus, engine, Path(scratch)), questions)


def _squad_report(library: Library, questions: list[tuple[str, Passage]]) -> Report:
    ranks = []
    abstained = 0
    for question, passage in questions:
        hits = library.search(question, top=DEPTH)
        abstained += not hits
        found = [(h.passage.article.source, h.passage.number) for h in hits]
        ranks.append(_first_rank([f == (passage.article.source, passage.number) for f in found]))
    return Report(
        kind="squad",
        questions=len(questions),
        hit_at_1=_share(ranks, 1),
        hit_at_3=_share(ranks, 3),
        hit_at_5=_share(ranks, 5),
        mrr=_mrr(ranks),
        false_abstentions=abstained,
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
