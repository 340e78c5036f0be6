"""Which engine serves a folder, and opening it: in memory, or the persisted index."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from bot.corpus import (
    EXTRACTED,
    INDEX_DIRNAME,
    Corpus,
    CorpusError,
    extraction_cache,
    iter_article_files,
    load_corpus,
    nothing_quotable,
    read_document,
)
from bot.index import Engine, MemoryEngine
from bot.search import Library
from bot.semantic import (
    Encoder,
    SemanticIndex,
    VectorCache,
    embed_missing,
    embedding_work,
    load_encoder,
)

# The one place that knows the engines: settings, the command line and the bot ask here.
ENGINES = ("auto", "memory", "persisted")
# Above this much article text (about 4,000 paragraphs) rank-bm25's per-query loop over
# every paragraph passes ~6 ms, and the persisted index is faster to build and to query
# (README, "Scale": 23 ms vs 2 ms per query at 10,000 paragraphs).
AUTO_BYTES = 2_000_000
# Texts (paragraphs and sentences) a command may embed before answering: about 7 s on two
# cores. More, and it answers on the lexical path and says to run `index` (or `serve` embeds
# them in the background).
EMBED_NOW = 200
# Texts embedded a second on this 2-core machine, with the sentences' word states: the seeds'
# 103 in 3.5 s, the saved pages' 5,218 in 134 s. For the estimate a command prints.
EMBED_RATE = 30
# The persisted engine reads the models for a folder of up to this many paragraphs: their
# vectors and word states are held in memory (README, "How it works", 8); larger folders are
# answered by words alone and never load the models. The memory engine always reads them: its
# folders stay under AUTO_BYTES unless it is chosen by hand.
SEMANTIC_PARAGRAPHS = 6_000


def index_path(folder: Path, index_dir: Path | None = None) -> Path:
    """Where the persisted index of a folder lives (BOT_INDEX_DIR, else inside the folder)."""
    return index_dir or folder / INDEX_DIRNAME


def corpus_bytes(folder: Path, index_dir: Path | None = None, limit: int | None = None) -> int:
    """How much article text a folder holds, counted up to past ``limit``.

    A page or PDF counts by the text extracted from it (cached, as reading the folder would),
    not by its markup: the 40 saved pages of tests/data/webpages are 6.8 MB of HTML and
    0.33 MB of text.
    """
    cache = extraction_cache(folder, index_dir)
    total = 0
    for path in iter_article_files(folder):
        if not path.is_file():
            continue
        if path.suffix.lower() in EXTRACTED:
            try:
                total += len(read_document(path, cache).encode("utf-8"))
            except (OSError, ValueError):  # unreadable: reading the folder says so
                continue
        else:
            total += path.stat().st_size
        if limit is not None and total > limit:
            break
    return total


def choose_engine(folder: Path, engine: str, index_dir: Path | None = None) -> str:
    """Resolve ``auto``: the persisted engine for large folders or ones already indexed."""
    if engine != "auto":
        return engine
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}")
    if any(index_path(folder, index_dir).glob("v*/manifest.json")):
        return "persisted"
    text = corpus_bytes(folder, index_dir, limit=AUTO_BYTES)
    return "persisted" if text > AUTO_BYTES else "memory"


def open_library(
    folder: Path,
    engine: str = "auto",
    index_dir: Path | None = None,
    progress: bool = False,
    semantic: str = "auto",
    embed_now: int = EMBED_NOW,
) -> tuple[Library, list[str]]:
    """A library over a folder, and one line per file it could not serve or index change.

    With the model, vectors missing from the cache are embedded first when there are at most
    ``embed_now`` of them; otherwise the library answers lexically and a note says so.
    """
    if choose_engine(folder, engine, index_dir) == "memory":
        corpus = load_corpus(folder, index_dir)
        library = Library(MemoryEngine(corpus))
        notes = list(corpus.warnings)
    else:
        library, notes = _open_persisted(folder, index_dir, progress)
    if semantic == "off":
        return library, notes
    if not semantic_sized(library.engine):
        notes.append(
            f"{library.engine.size:,} paragraphs: over {SEMANTIC_PARAGRAPHS:,} the semantic "
            "rerank is off and answers come by their words alone"
        )
        return library, notes
    encoder = load_encoder(semantic)
    if encoder is not None:
        vectors = vector_cache(folder, index_dir, encoder)
        library, waiting = with_vectors(library, encoder, vectors, embed_now, progress)
        if waiting:
            seconds = waiting // EMBED_RATE + 1
            notes.append(
                f"semantic rerank waits for {waiting} vectors (about {seconds} s); "
                f"lexical search until then. Build them with: python -m bot index"
            )
    return library, notes


def _open_persisted(
    folder: Path, index_dir: Path | None, progress: bool
) -> tuple[Library, list[str]]:
    """The folder's persisted index, refreshed, and its notes."""
    from bot.persisted import PersistedEngine, refresh_index  # tantivy only when needed

    path = index_path(folder, index_dir)
    try:
        report = refresh_index(folder, path, progress=progress)
    except OSError as error:  # a read-only folder, a full disk, a file in the way
        raise CorpusError(
            f"cannot write the index in {path} ({error.strerror or error}); "
            "set BOT_INDEX_DIR to a writable folder"
        ) from None
    notes = [*report.warnings, *([report.unread] if report.unread else [])]
    if report.touched:
        notes.append(
            f"index refreshed: {report.added} added, {report.changed} changed, "
            f"{report.removed} removed files ({report.paragraphs} paragraphs indexed)"
        )
    engine_ = PersistedEngine(path)
    if engine_.size == 0:
        raise CorpusError(nothing_quotable(folder, report.unread))
    return Library(engine_), notes


def semantic_sized(engine: Engine) -> bool:
    """Whether the models read this engine's folder: ``SEMANTIC_PARAGRAPHS``."""
    return isinstance(engine, MemoryEngine) or engine.size <= SEMANTIC_PARAGRAPHS


def corpus_library(
    corpus: Corpus, engine: str, scratch: Path, folder: Path | None = None, semantic: str = "auto"
) -> Library:
    """A library over a corpus built in memory (SQuAD); ``persisted`` indexes into ``scratch``.

    With the model, vectors are cached as for a corpus in ``folder`` (embedded if missing).
    """
    if engine != "persisted":
        library = Library(MemoryEngine(corpus))
    else:
        from bot.persisted import PersistedEngine, build_from_corpus

        build_from_corpus(corpus, scratch)
        library = Library(PersistedEngine(scratch))
    if folder is None or not semantic_sized(library.engine):
        return library
    encoder = load_encoder(semantic)
    if encoder is None:
        return library
    cache = vector_cache(folder, None, encoder)
    return with_vectors(library, encoder, cache, progress=True)[0]


def vector_cache(folder: Path, index_dir: Path | None, encoder: Encoder) -> VectorCache:
    """The folder's vector cache for one model, beside its index."""
    path = index_path(folder, index_dir) / f"vectors-{encoder.name}.npz"
    return VectorCache(path, dim=sum(encoder.dims))


def with_vectors(
    library: Library,
    encoder: Encoder,
    vectors: VectorCache,
    limit: int = sys.maxsize,
    progress: bool = False,
    report: Callable[[int, int], object] = lambda done, total: None,
) -> tuple[Library, int]:
    """The library with its semantic index, and 0; or, when more than ``limit`` texts lack a
    vector, the library unchanged and how many lack one.

    Sentences' word states are not counted against ``limit``: a fifth of a vector's time
    each, they are made with the vectors. ``progress`` draws a bar on the terminal;
    ``report(done, total)`` follows each batch of either.
    """
    engine = library.engine
    if not semantic_sized(engine):
        return library, 0  # answered by words alone (README, "How it works", 8)
    texts = [p.said for p in engine.passages]  # words as read: no link addresses
    work = embedding_work(encoder, vectors, texts)
    if len(work.vectors) > limit:
        return library, len(work.vectors)
    todo = len(work.vectors) + len(work.words)
    if todo:
        from tqdm import tqdm

        with tqdm(total=todo, desc="embedding", unit=" texts", disable=not progress) as bar:
            done = 0  # counted here: a disabled bar (serve's background build) counts nothing

            def advance(count: int) -> None:
                nonlocal done
                done += count
                bar.update(count)
                report(done, todo)

            embed_missing(encoder, vectors, work, advance)
    return Library(engine, SemanticIndex(encoder, engine.passages, vectors)), 0


def semantic_pending(
    library: Library, folder: Path, settings_semantic: str, index_dir: Path | None
) -> tuple[Encoder, VectorCache] | None:
    """The model and cache still to be applied to a library, or None."""
    if library.semantic is not None or not semantic_sized(library.engine):
        return None
    encoder = load_encoder(settings_semantic)
    return None if encoder is None else (encoder, vector_cache(folder, index_dir, encoder))
