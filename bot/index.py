"""The engines: BM25 over passages, in memory with rank-bm25 (persisted.py has the other)."""

from __future__ import annotations

import functools
import math
from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

import numpy as np
from rank_bm25 import BM25Okapi

from bot.corpus import Article, Corpus, Passage
from bot.text import analyse_texts, held_term, tokenize

K1, B = 0.9, 0.75  # chosen on SQuAD-2 dev and seeds-dev; README, "Measured"


def idf(doc_freq: int, size: int) -> float:
    """Lucene's BM25 idf: positive for every term, falling as the term gets commoner."""
    return math.log(1 + (size - doc_freq + 0.5) / (doc_freq + 0.5))


class Engine(Protocol):
    """What an index engine provides; every engine gets the same analysed terms."""

    @property
    def articles(self) -> Sequence[Article]: ...

    @property
    def size(self) -> int: ...

    @property
    def passages(self) -> Sequence[Passage]:
        """Every passage in corpus order, for the semantic index (read on first use)."""
        ...

    @property
    def vocabulary(self) -> Collection[str]:
        """Every index term, for typo tolerance: read only for a word the corpus lacks."""
        ...

    @property
    def spellings(self) -> Mapping[str, str]:
        """Words as the passages spell them, each with its index term (for typo tolerance: a
        typo is nearer the word than its stem); listed on the first word the corpus lacks."""
        ...

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
        self._bm25 = SoundBM25([tokenize(p.said) for p in self.passages], k1=K1, b=B)
        self._doc_freq: dict[str, int] = self._bm25.doc_count
        self._position = {id(p): i for i, p in enumerate(self.passages)}

    @property
    def size(self) -> int:
        return len(self.passages)

    @property
    def vocabulary(self) -> Collection[str]:
        return self._doc_freq.keys()

    @functools.cached_property
    def spellings(self) -> Mapping[str, str]:
        """Made on the first word a question misspells; ~0.1 s for SQuAD's 646 paragraphs."""
        _, written = analyse_texts(p.said for p in self.passages)
        return {word: held_term(word, self.doc_freq) for word in written}

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
