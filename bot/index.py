"""The index and search: ranked, cited hits for a question, or none when nothing matches."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

import numpy as np
from rank_bm25 import BM25Okapi

from bot.corpus import Article, Corpus, Passage
from bot.text import tokenize

# Share of the question's idf weight that must fall on words the corpus knows at all; words
# it has never seen weigh as much as its rarest. Calibrated in README, "Abstention".
MIN_KNOWN = 0.35
# A passage must hold this share of the weight the best passage holds, so weak tails drop.
MIN_RELATIVE = 0.3
K1, B = 0.9, 0.75  # chosen on SQuAD-2 dev and seeds-dev; README, "Measured"
# A runner-up from another article is preferred when within this ratio of the next best score.
DIVERSITY_RATIO = 0.9
MAX_QUESTION_CHARS = 4000


@dataclass(frozen=True, slots=True)
class Hit:
    """One passage that answers a question, with why it matched."""

    passage: Passage
    score: float
    rank: int
    matched: frozenset[str]  # index terms shared with the question, for highlighting


class Miss(Enum):
    """Why a question got no quote: the interfaces word each reason their own way."""

    EMPTY = "empty"  # nothing but white space
    NO_WORDS = "no words"  # only stop words or punctuation
    NO_MATCH = "no match"  # words, but no passage answers them well enough


@dataclass(frozen=True)
class Answer:
    """The hits for one question, or why there are none."""

    question: str
    hits: list[Hit] = field(default_factory=list)
    miss: Miss | None = None


def idf(doc_freq: int, size: int) -> float:
    """Lucene's BM25 idf: positive for every term, falling as the term gets commoner."""
    return math.log(1 + (size - doc_freq + 0.5) / (doc_freq + 0.5))


class Engine(Protocol):
    """What an index engine provides; every engine gets the same analysed terms."""

    @property
    def articles(self) -> Sequence[Article]: ...

    @property
    def size(self) -> int: ...

    def doc_freq(self, term: str) -> int: ...

    def top(self, terms: Sequence[str], limit: int) -> list[tuple[Passage, float]]:
        """Passages sharing a term with the query, best first, ties by corpus position."""
        ...

    def around(self, passage: Passage, radius: int) -> list[Passage]:
        """The passage with up to ``radius`` neighbours each side in its article."""
        ...


class SoundBM25(BM25Okapi):  # type: ignore[misc]  # rank-bm25 ships no type hints
    """BM25Okapi with an idf that never reaches zero or goes negative.

    rank-bm25 gives a term in exactly half the paragraphs idf 0 and floors commoner terms at a
    share of the average idf, which can itself be negative (rank_bm25 #39, #43, PR #26): on a
    small corpus a common query word could then outrank or cancel a rare one.
    """

    def _calc_idf(self, nd: dict[str, int]) -> None:
        self.doc_count = nd  # paragraphs holding each term, kept for abstention
        self.idf = {word: idf(freq, self.corpus_size) for word, freq in nd.items()}


class MemoryEngine:
    """rank-bm25 over passages held in memory: the engine for ordinary folders."""

    def __init__(self, corpus: Corpus) -> None:
        self.articles = corpus.articles
        self.passages = corpus.passages
        # Tokenize ourselves: BM25Okapi(tokenizer=...) opens a process Pool it never closes.
        self._bm25 = SoundBM25([tokenize(p.text) for p in self.passages], k1=K1, b=B)
        self._doc_freq: dict[str, int] = self._bm25.doc_count
        self._position = {id(p): i for i, p in enumerate(self.passages)}

    @property
    def size(self) -> int:
        return len(self.passages)

    def doc_freq(self, term: str) -> int:
        return self._doc_freq.get(term, 0)

    def top(self, terms: Sequence[str], limit: int) -> list[tuple[Passage, float]]:
        known = [t for t in terms if t in self._doc_freq]
        if not known:
            return []
        scores = self._bm25.get_scores(known)
        order = np.argsort(-scores, kind="stable")[:limit]  # stable: ties keep corpus order
        return [(self.passages[i], float(scores[i])) for i in order if scores[i] > 0]

    def around(self, passage: Passage, radius: int) -> list[Passage]:
        at = self._position[id(passage)]
        window = self.passages[max(0, at - radius) : at + radius + 1]
        return [p for p in window if p.article is passage.article]


class Library:
    """Search over one engine: abstention, diversity across articles, matched terms."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def articles(self) -> Sequence[Article]:
        return self.engine.articles

    def search(self, question: str, top: int = 3) -> list[Hit]:
        """The best passages for a question; empty when no passage answers it well enough."""
        return self.answer(question, top).hits

    def answer(self, question: str, top: int = 3) -> Answer:
        """The best passages for a question, or the reason there are none."""
        if not question.strip():
            return Answer(question, miss=Miss.EMPTY)
        terms = list(dict.fromkeys(tokenize(question[:MAX_QUESTION_CHARS])))
        if not terms:
            return Answer(question, miss=Miss.NO_WORDS)
        hits = self._rank(terms, top)
        return Answer(question, hits, None if hits else Miss.NO_MATCH)

    def _rank(self, terms: list[str], top: int) -> list[Hit]:
        if top < 1:
            return []
        size = self.engine.size
        counts = {t: self.engine.doc_freq(t) for t in terms}
        weights = {t: idf(n, size) for t, n in counts.items()}
        known = sum(w for t, w in weights.items() if counts[t])
        if known < MIN_KNOWN * sum(weights.values()):
            return []
        found = []
        for passage, score in self.engine.top(terms, limit=max(20, top * 5)):
            matched = frozenset(terms).intersection(tokenize(passage.text))
            found.append((passage, score, matched, sum(weights[t] for t in matched)))
        best = max((f[3] for f in found), default=0.0)
        candidates = [(p, s, m) for p, s, m, w in found if w >= MIN_RELATIVE * best]
        chosen = diversify(candidates, top)
        return [Hit(p, s, rank, m) for rank, (p, s, m) in enumerate(chosen, start=1)]


def diversify(
    ranked: list[tuple[Passage, float, frozenset[str]]], top: int
) -> list[tuple[Passage, float, frozenset[str]]]:
    """Take the best of each article first while its score is close to the best remaining."""
    remaining = list(ranked)
    chosen: list[tuple[Passage, float, frozenset[str]]] = []
    seen: set[str] = set()
    while remaining and len(chosen) < top:
        pick = 0
        if remaining[0][0].article.source in seen:
            for i, (passage, score, _) in enumerate(remaining):
                if score < DIVERSITY_RATIO * remaining[0][1]:
                    break
                if passage.article.source not in seen:
                    pick = i
                    break
        chosen.append(remaining.pop(pick))
        seen.add(chosen[-1][0].article.source)
    return chosen
