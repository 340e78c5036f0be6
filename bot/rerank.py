"""Reranking BM25's candidates: words close together, the kind of answer asked for, meaning.

Weights chosen on SQuAD-2 dev (2,910 questions) over a grid; the top of that grid is flat
(89.4-89.6 % top-1 for many neighbours), so the values are not fitted to a few questions.
README, "Retrieval quality", gives the grid's command and figures.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

import numpy as np

from bot.text import normalize, passage_language, split_sentences, tokenize, words

SENTENCE_WEIGHT = 0.5  # the best sentence's share of the question's weight
WINDOW_WEIGHT = 1.0  # the best 12-word window's share
KIND_WEIGHT = 0.3  # the paragraph offers what "how many", "when", "who" ask for
WINDOW = 12
LEXICAL_SHARE = 0.3  # of the fused score, with the model; the rest is meaning
# With the second model: its best-sentence cosine's share, taken from e5's (SQuAD-2 dev grid,
# README "Measured": 0.3 / 0.5 / 0.2 tops top-1 at 0.899 against 0.895 for 0.3 / 0.7).
SECOND_SHARE = 0.2
# With the second model's word states: their match's share of the whole (SQuAD-2 dev grid over
# 0.1-0.4, README "Measured": 0.2 gives 0.903 / 0.979 against 0.897 / 0.976 without).
WORD_MATCH_SHARE = 0.2

_NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred hundreds thousand thousands million millions billion billions trillion "
    "dozen dozens percent single both half twice".split()
)
_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "century centuries decade decades year years".split()
)
_COUNT = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty"
    r"|thirty|forty|fifty|hundreds?|thousands?|millions?|several|few|many|a|an)"
)
_UNIT = (
    r"(?:km|kilomet(?:er|re)s?|mi|miles?|met(?:er|re)s?|m|feet|foot|ft|inch(?:es)?|cm|mm"
    r"|yards?|seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?"
    r"|centur(?:y|ies)|acres?|hectares?|square)"
)
# A number with its unit ("25 km", "three days", "12-year", "a decade"), an age ("the age of
# 18"), or a span of time ("since 1950", "since the Treaty of Rome 1957", "from 1596 until
# 1795", "within seconds", "into the nineteenth century").
_MEASURE = re.compile(
    rf"\b{_COUNT}[\s-]*{_UNIT}\b"
    r"|\b(?:since|until|till|through|throughout)\s+(?:[\w']+[\s-]+){0,4}\d"
    r"|\bage[ds]?\s+(?:of\s+)?\d"
    r"|\bfrom\s+(?:the\s+)?\d[\w\s,]{0,30}?\b(?:to|until|till)\s+(?:the\s+)?\d"
    r"|\b(?:for|within|in|over|after|into)\s+(?:the\s+|a\s+)?(?:[a-z]+\s+)?"
    r"(?:seconds|minutes|hours|days|weeks|months|years|decades|centur(?:y|ies))\b"
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")


@functools.lru_cache(maxsize=8192)
def _analysed(text: str) -> tuple[tuple[str, ...], tuple[frozenset[str], ...]]:
    """A paragraph's terms, and each sentence's set of terms, read in the paragraph's language
    (a short sentence may not tell it): the same paragraphs come back."""
    language = passage_language(text)  # once: _analysed is remembered itself
    sentences = split_sentences(text)
    return tuple(tokenize(text, language)), tuple(
        frozenset(tokenize(s, language)) for s in sentences
    )


def coverage(text: str, weights: Mapping[str, float]) -> tuple[float, float]:
    """Shares of the question's term weight held by the best sentence and best 12-word window."""
    total = sum(weights.values())
    if not total:
        return 0.0, 0.0
    terms, sentences = _analysed(text)
    best_sentence = max(
        (sum(w for t, w in weights.items() if t in s) for s in sentences), default=0.0
    )
    hits = [(i, t) for i, t in enumerate(terms) if t in weights]
    best_window = 0.0
    for start, (at, _) in enumerate(hits):
        inside = {t for i, t in hits[start:] if i < at + WINDOW}
        best_window = max(best_window, sum(weights[t] for t in inside))
    return best_sentence / total, best_window / total


def offers(text: str, kind: str | None) -> bool:
    """Whether a paragraph holds the kind of thing asked for: a measure, number, date, name."""
    if kind == "measure":
        return bool(_MEASURE.search(normalize(text)))
    if kind == "number":
        return any(c.isdigit() for c in text) or not _NUMBER_WORDS.isdisjoint(words(text))
    if kind == "date":
        return any(c.isdigit() for c in text) or not _DATE_WORDS.isdisjoint(words(text))
    if kind == "person":
        return bool(_NAME.search(text))
    return False


def lexical_scores(
    texts: Sequence[str], bm25: Sequence[float], weights: Mapping[str, float], kind: str | None
) -> np.ndarray:
    """BM25 (scaled to 0-1 over the candidates) plus proximity and answer kind."""
    scores = minmax(bm25)
    for i, text in enumerate(texts):
        sentence, window = coverage(text, weights)
        scores[i] += SENTENCE_WEIGHT * sentence + WINDOW_WEIGHT * window
        scores[i] += KIND_WEIGHT * offers(text, kind)
    return scores


def fuse(
    lexical: np.ndarray,
    meaning: np.ndarray,
    second: np.ndarray | None = None,
    word_match: np.ndarray | None = None,
    known: float = 1.0,
) -> np.ndarray:
    """One score from all views, each scaled to 0-1 over the candidates first.

    ``known``: the share of the question's weight on words the corpus has. The lexical view
    reads only those, so it speaks for that share of its part; the models read the rest
    ("the psychological scars it left on people": BM25 sees "left" and "people" alone).
    """
    lexical_share = LEXICAL_SHARE * known
    models = (1 - lexical_share) / (1 - LEXICAL_SHARE)  # the models' parts grow to fill it
    if second is None:
        return lexical_share * minmax(lexical) + (1 - lexical_share) * minmax(meaning)
    texts = (
        lexical_share * minmax(lexical)
        + models * (1 - LEXICAL_SHARE - SECOND_SHARE) * minmax(meaning)
        + models * SECOND_SHARE * minmax(second)
    )
    if word_match is None:
        return texts
    return (1 - WORD_MATCH_SHARE) * texts + WORD_MATCH_SHARE * minmax(word_match)


def minmax(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Scale to 0-1; all ones when every value is the same (each is then the best)."""
    array = np.asarray(values, dtype=np.float64)
    if not len(array):
        return array
    low, high = array.min(), array.max()
    return (array - low) / (high - low) if high > low else np.ones_like(array)
