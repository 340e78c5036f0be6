"""The words: one analysis shared by indexing and queries, whatever the engine."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

# Typographic variants folded to their ASCII form so "area’s" and "area's" agree.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-", "\u00ad": None,
    }
)  # fmt: skip

# Digit runs with thousands separators ("1,275") and decimals ("3.5"), or letter runs.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")

# The Snowball English stop list, plus question words, ordinal suffixes and the
# conversational fillers people type into a search box.
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are aren as at be because been
    before being below between both but by can cannot could couldn did didn do does doesn
    doing don down during each few for from further had hadn has hasn have haven having he
    her here hers herself him himself his how i if in into is isn it its itself let me more
    most mustn my myself no nor not of off on once only or other ought our ours ourselves out
    over own same shan she should shouldn so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was wasn
    we were weren what when where which while who whom why with won would wouldn you your
    yours yourself yourselves s t d ll m re ve y
    many much also just whose whether will shall may might must anything something
    tell know please give show find explain describe say says said mention mentioned
    st nd rd th
    hi hello hey thanks thank ok okay yes
    """.split()
)

_stemmer = Stemmer.Stemmer("english")


def normalize(text: str) -> str:
    """Fold a text to the form every comparison is made in: NFKC, case-folded, plain quotes."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()


def words(text: str) -> list[str]:
    """Split a text into searchable words, before stop words and stemming."""
    return _TOKEN.findall(_THOUSANDS.sub("", normalize(text)))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Stem one word; numbers pass through unchanged."""
    return word if word[0].isdigit() else _stemmer.stemWord(word)


def tokenize(text: str) -> list[str]:
    """The index terms of a text, in order: the one analysis for passages and questions."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def find_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the words in ``text`` whose index term is one of ``terms``."""
    spans = []
    for match in _TOKEN.finditer(text):
        if terms.intersection(tokenize(match.group())):
            spans.append(match.span())
    return spans
