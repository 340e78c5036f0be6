"""Typo tolerance: a question word the articles lack is read as the nearest word they have.

As Lucene's fuzzy queries do: up to one edit for words of 3-5 letters, two for longer ones, a
swap of neighbours counting as one (optimal string alignment). Never for a word common in
English (wordfreq): "president" must not become "resident" just because the articles lack it.
A British or American spelling is no typo: it is read as the other when the articles use that.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Collection
from types import ModuleType

from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

logger = logging.getLogger(__name__)

# Zipf 3 is once per million words. Typos sit below it ("happend" 2.8, "rivr" 0), the words
# people really mean above it ("stationed" 3.7, "weather" 4.9).
COMMON_ZIPF = 3.0

# The regular differences of British and American spelling, read each way: (British, American,
# what must come before, what may follow to the word's end). The stem before is long enough not
# to be the whole word ("four" is no "for").
_PAIRS = [
    ("our", "or", r"\w{3}", r"(?:s|ed|ing|ite|ites|able|ably|ful|less|er|ers)?"),  # armoured
    ("is", "iz", r"\w{2}", r"(?:e|es|ed|ing|er|ers|ation|ations)"),  # recognised, organisation
    ("ys", "yz", r"\w{2}", r"(?:e|es|ed|ing)"),  # analyse
    ("tre", "ter", r"\w{2}", r"s?"),  # centre
    ("ence", "ense", r"\w{2}", r"s?"),  # defence
    ("ogue", "og", r"\w{2}", r"s?"),  # catalogue
    ("ll", "l", r"\w{2}[aeiou]", r"(?:ed|ing|er|ers)"),  # travelled
]
_SPELLINGS = tuple(
    (re.compile(rf"(?<={before}){this}(?={after}$)"), that)
    for british, american, before, after in _PAIRS
    for this, that in ((british, american), (american, british))
)


# Bounded: a bot up for months meets new words without end (typos, keyboard noise, each
# reading of a word typed without its letters; ~12 looked up per question), ~13 MB at most.
@functools.lru_cache(maxsize=65_536)
def zipf(word: str, language: str = "en") -> float:
    """How common a word is (wordfreq's Zipf scale: 0 unseen, 7 "the").

    Without wordfreq every word counts as common: no typo is corrected, no word taken for a
    name, and one warning says so.
    """
    wordfreq = _wordfreq()
    return 8.0 if wordfreq is None else float(wordfreq.zipf_frequency(word, language))


@functools.cache
def _wordfreq() -> ModuleType | None:
    """wordfreq, imported on the first unknown word (~0.3 s); None, with one warning, if it
    cannot be."""
    try:
        import wordfreq
    except ImportError as error:
        logger.warning("typo tolerance off: %s", error)
        return None
    return wordfreq


def has_word_lists() -> bool:
    """Whether wordfreq's lists are at hand: without them every word counts as common."""
    return _wordfreq() is not None


def commonest_words(language: str, count: int) -> list[str]:
    """wordfreq's ``count`` commonest words of ``language``, commonest first; [] without it."""
    wordfreq = _wordfreq()
    return [] if wordfreq is None else list(wordfreq.top_n_list(language, count))


def other_spellings(word: str) -> list[str]:
    """The word as the other side of the Atlantic spells it, if it differs: "armoured" ->
    ["armored"]."""
    found = (pattern.sub(replacement, word) for pattern, replacement in _SPELLINGS)
    return [other for other in found if other != word]


def is_common(word: str) -> bool:
    """A word common enough in English to be meant as typed."""
    return zipf(word) >= COMMON_ZIPF


@functools.lru_cache(maxsize=1024)
def english_word_near(word: str, least_zipf: float) -> str | None:
    """The English word at ``least_zipf`` or more within the word's edit budget, or None:
    "hapened" is a typo of "happened", not a name the articles lack, even where they never
    say "happened". Of equally near words, as ``nearest_term``, then the commoner."""
    return nearest_term(word, _english_words(least_zipf), lambda w: round(100 * zipf(w)))


@functools.cache
def _english_words(least_zipf: float) -> tuple[str, ...]:
    """wordfreq's English words at ``least_zipf`` or more (Zipf 1.5: 174,000, ~0.2 s once)."""
    wordfreq = _wordfreq()
    if wordfreq is None:
        return ()
    least = 10 ** (least_zipf - 9)  # Zipf is log10 of the frequency per billion words
    return tuple(w for w, f in wordfreq.get_frequency_dict("en").items() if f >= least)


def max_edits(term: str) -> int:
    """Lucene's AUTO fuzziness: exact up to 2 letters, one edit up to 5, then two."""
    return 0 if len(term) < 3 else 1 if len(term) <= 5 else 2


def nearest_term(
    term: str,
    vocabulary: Collection[str],
    doc_freq: Callable[[str], int],
    edits: int | None = None,
) -> str | None:
    """The corpus term closest to ``term`` within its edit budget (``edits``, or by its
    length). Of equally close ones, the one sharing most letters in order with ``term``
    ("relgion": "religion", not "region"), then the commoner."""
    edits = max_edits(term) if edits is None else edits
    if not edits or not vocabulary:
        return None
    found = process.extract(term, vocabulary, scorer=OSA.distance, score_cutoff=edits, limit=20)
    if not found:
        return None
    best = min(distance for _, distance, _ in found)
    closest = (t for t, d, _ in found if d == best)
    return max(closest, key=lambda t: (Indel.normalized_similarity(term, t), doc_freq(t), t))
