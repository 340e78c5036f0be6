"""Which engine serves a folder, and opening it: in memory, or the persisted index."""

from __future__ import annotations

from pathlib import Path

from bot.corpus import Corpus, CorpusError, iter_article_files, load_corpus
from bot.index import Library, MemoryEngine

# The one place that knows the engines: settings, the command line and the bot ask here.
ENGINES = ("auto", "memory", "persisted")
# Above this much article text (about 4,000 paragraphs) rank-bm25's per-query loop over
# every paragraph passes ~6 ms, and the persisted index is faster to build and to query
# (README, "Scale": 23 ms vs 2 ms per query at 10,000 paragraphs).
AUTO_BYTES = 2_000_000
INDEX_DIRNAME = ".quotebot"


def index_path(folder: Path, index_dir: Path | None = None) -> Path:
    """Where the persisted index of a folder lives (BOT_INDEX_DIR, else inside the folder)."""
    return index_dir or folder / INDEX_DIRNAME


def corpus_bytes(folder: Path) -> int:
    """Total size of the article files below a folder."""
    return sum(p.stat().st_size for p in iter_article_files(folder) if p.is_file())


def choose_engine(folder: Path, engine: str, index_dir: Path | None = None) -> str:
    """Resolve ``auto``: the persisted engine for large folders or ones already indexed."""
    if engine != "auto":
        return engine
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}")
    if any(index_path(folder, index_dir).glob("v*/manifest.json")):
        return "persisted"
    return "persisted" if corpus_bytes(folder) > AUTO_BYTES else "memory"


def open_library(
    folder: Path, engine: str = "auto", index_dir: Path | None = None, progress: bool = False
) -> tuple[Library, list[str]]:
    """A library over a folder, and one line per file it could not serve or index change."""
    if choose_engine(folder, engine, index_dir) == "memory":
        corpus = load_corpus(folder)
        return Library(MemoryEngine(corpus)), corpus.warnings
    from bot.persisted import PersistedEngine, refresh_index  # tantivy only when needed

    path = index_path(folder, index_dir)
    report = refresh_index(folder, path, progress=progress)
    notes = list(report.warnings)
    if report.touched:
        notes.append(
            f"index refreshed: {report.added} added, {report.changed} changed, "
            f"{report.removed} removed files ({report.paragraphs} paragraphs indexed)"
        )
    engine_ = PersistedEngine(path)
    if engine_.size == 0:
        raise CorpusError(f"no quotable passage in {folder}")
    return Library(engine_), notes


def corpus_library(corpus: Corpus, engine: str, scratch: Path) -> Library:
    """A library over a corpus built in memory (SQuAD); ``persisted`` indexes into ``scratch``."""
    if engine != "persisted":
        return Library(MemoryEngine(corpus))
    from bot.persisted import PersistedEngine, build_from_corpus

    build_from_corpus(corpus, scratch)
    return Library(PersistedEngine(scratch))
