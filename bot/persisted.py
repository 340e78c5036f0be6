"""The persisted engine: a tantivy index on disk, refreshed incrementally, for large folders.

Terms come from our own ``tokenize`` (joined by spaces, split again by tantivy's whitespace
tokenizer), so quotes, matches and abstention behave as with the in-memory engine; so do typos,
read against the index's own lists of terms and of words as written.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import tempfile
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import tantivy

from bot.corpus import (
    CATALOG,
    EXTRACTED,
    Article,
    Corpus,
    CorpusError,
    Passage,
    extraction_cache,
    iter_article_files,
    read_article,
    read_catalog,
    unread_note,
)
from bot.extract import extractor_stamp
from bot.text import analyse_texts, held_term

# Raised whenever what is stored changes, the analysis in bot.text included (3: dotted dates
# split; words of any script whole; 4: contractions without apostrophe are stop words; 5: a
# loose list is one passage; 6: the words as written, for typos; 7: Russian stemmed, its stop
# words dropped; 8: Turkish "İ" folds to "i"; 9: Turkish and Azerbaijani cut to five letters, their
# stop words dropped; 10: so are ASCII words of their paragraphs; 11: German, French, Spanish,
# Italian, Portuguese and Dutch stemmed, their stop words dropped; 12: a note's raised number
# after a figure no longer joins it; 13: nor its raised letters a word; 14: a Markdown link's
# address is no word of its paragraph, and a picture alone, a title without its site's name and
# a byline with its date no passage): an index of another version is rebuilt, not misread.
SCHEMA_VERSION = 14
WRITER_HEAP = 256_000_000  # bytes, shared by tantivy's indexing threads
IN_PROCESS_BYTES = 2_000_000  # below this much changed text, parse without worker processes


Row = tuple[int, int, str, str]  # paragraph number, line, text, space-joined index terms


@dataclass(frozen=True)
class Parsed:
    """One file read and analysed for the index, or the reason it was skipped."""

    source: str
    article: Article | None
    rows: list[Row]
    written: str  # the file's words as written, each once, joined by spaces
    warning: str


def parse_for_index(path: Path, source: str, meta: dict[str, str], cache: Path) -> Parsed:
    """Read, split and tokenize one file: the unit of work sent to worker processes."""
    article, passages, warning = read_article(path, source, meta, cache)
    rows, written = _rows(passages)
    return Parsed(source, article, rows, written, warning)


def _rows(passages: Sequence[Passage]) -> tuple[list[Row], str]:
    """The passages' rows, and their words as written (``Parsed.written``)."""
    terms, written = analyse_texts(p.said for p in passages)
    rows = [(p.number, p.line, p.text, t) for p, t in zip(passages, terms, strict=True)]
    return rows, " ".join(written)


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("terms", stored=False, tokenizer_name="ws", index_option="freq")
    # A file's words as written, on its first passage only: listed for typos
    # (``PersistedEngine.spellings``), never searched.
    builder.add_text_field("written", stored=False, tokenizer_name="ws", index_option="basic")
    builder.add_text_field("source", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("number", stored=True, indexed=True)
    builder.add_unsigned_field("line", stored=True)
    builder.add_bytes_field("text", stored=True)
    return builder.build()


def _open(path: Path) -> tantivy.Index:
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(_schema(), path=str(path))
    whitespace = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    index.register_tokenizer("ws", whitespace)
    return index


@dataclass
class Manifest:
    """What the index holds: each file's size and mtime when read, and its article."""

    files: dict[str, dict[str, object]] = field(default_factory=dict)
    catalog: list[int | str] = field(default_factory=list)  # catalog.json size and mtime
    version: int = SCHEMA_VERSION

    @classmethod
    def load(cls, path: Path) -> Manifest | None:
        try:
            raw = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        manifest = cls(**raw)
        return manifest if manifest.version == SCHEMA_VERSION else None

    def save(self, path: Path) -> None:
        """Write atomically: readers see the old manifest or the new one, never half of one."""
        fd, tmp = tempfile.mkstemp(dir=path, prefix=".manifest-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(asdict(self), f, ensure_ascii=False)
        Path(tmp).replace(path / "manifest.json")

    def articles(self) -> list[Article]:
        return [
            Article(**meta["article"])  # type: ignore[arg-type]
            for _, meta in sorted(self.files.items())
            if meta.get("article")
        ]


def _state(path: Path) -> list[int | str]:
    """A file's size and mtime; for a page or PDF also what extracts it, so that an upgraded
    extractor reads it again as the in-memory engine does (its cache is keyed the same way)."""
    stat = path.stat()
    if path.suffix.lower() in EXTRACTED:
        return [stat.st_size, stat.st_mtime_ns, extractor_stamp()]
    return [stat.st_size, stat.st_mtime_ns]


@dataclass
class Refresh:
    """What one refresh changed."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    paragraphs: int = 0
    warnings: list[str] = field(default_factory=list)
    unread: str = ""  # the files of other kinds: ``unread_note``

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def versioned(root: Path) -> Path:
    """The folder of this schema version's index under ``root``: old versions stay readable."""
    return root / f"v{SCHEMA_VERSION}"


def refresh_index(folder: Path, root: Path, progress: bool = False) -> Refresh:
    """Bring the index under ``root`` up to date with ``folder``: only changed files are read."""
    path = versioned(root)
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}")
    catalog_path = folder / CATALOG
    catalog_state = _state(catalog_path) if catalog_path.is_file() else []
    old = Manifest.load(path) or Manifest()
    others: list[Path] = []
    scan = {p.relative_to(folder).as_posix(): p for p in iter_article_files(folder, others)}
    states = {source: _state(p) for source, p in scan.items() if p.is_file()}
    todo, gone = _changes(old, scan, states, reread_all=old.catalog != catalog_state)
    report = Refresh(
        added=sum(s not in old.files for s in todo),
        changed=sum(s in old.files for s in todo),
        removed=len(gone),
        unread=unread_note(others),
    )
    if not report.touched and (path / "meta.json").exists():
        report.warnings = [str(m["warning"]) for m in old.files.values() if m.get("warning")]
        return report
    index = _open(path)
    try:
        writer = index.writer(WRITER_HEAP)
    except ValueError:
        raise CorpusError(f"another process is updating the index in {path}") from None
    new = Manifest(files=dict(old.files), catalog=catalog_state)
    for source in [*gone, *todo]:
        writer.delete_documents_by_term("source", source)
        new.files.pop(source, None)
    catalog = read_catalog(folder)
    cache = extraction_cache(folder, root)
    jobs = [(scan[s], s, catalog.get(s, {}), cache) for s in todo]
    sizes = [int(states.get(s, [0])[0]) for s in todo]
    for parsed in _parse_all(jobs, sizes, progress):
        entry: dict[str, object] = {"state": states.get(parsed.source)}
        if parsed.warning:
            entry["warning"] = parsed.warning
        if parsed.article is not None:
            entry["article"] = asdict(parsed.article)
            _write(writer, parsed.source, parsed.rows, parsed.written)
            report.paragraphs += len(parsed.rows)
        new.files[parsed.source] = entry
    new.save(path)  # first: a reader may see metadata for passages not yet committed, not less
    writer.commit()
    writer.wait_merging_threads()
    report.warnings = [str(m["warning"]) for m in new.files.values() if m.get("warning")]
    return report


def _changes(
    old: Manifest, scan: dict[str, Path], states: dict[str, list[int | str]], reread_all: bool
) -> tuple[list[str], list[str]]:
    """Files to (re)read and files gone since the manifest was written.

    A changed catalog may change the metadata of every file: then all are read again.
    """
    todo = [
        s
        for s in scan
        if reread_all or s not in old.files or old.files[s].get("state") != states.get(s)
    ]
    return todo, [s for s in old.files if s not in scan]


def _parse_all(
    jobs: list[tuple[Path, str, dict[str, str], Path]], sizes: list[int], progress: bool
) -> Iterator[Parsed]:
    """Parse files in worker processes, a few at a time, yielding results in job order."""
    if sum(sizes) < IN_PROCESS_BYTES:  # a small refresh: starting workers costs more
        yield from (parse_for_index(*job) for job in jobs)
        return
    bar = None
    if progress:
        from tqdm import tqdm  # only the index command on a terminal shows progress

        bar = tqdm(total=sum(sizes), unit="B", unit_scale=True, desc="indexing", leave=False)
    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=workers, initializer=gc.disable) as pool:
        pending: deque[Future[Parsed]] = deque()
        for job, size in zip([*jobs, None], [*sizes, 0], strict=True):
            if job is not None:
                pending.append(pool.submit(parse_for_index, *job))
            while pending and (job is None or len(pending) > 2 * workers):
                yield pending.popleft().result()  # bounded: memory stays flat on any corpus
            if bar is not None:
                bar.update(size)
    if bar is not None:
        bar.close()


def _write(writer: tantivy.IndexWriter, source: str, rows: Iterable[Row], written: str) -> None:
    for at, (number, line, text, terms) in enumerate(rows):
        doc = tantivy.Document()
        doc.add_text("terms", terms)
        if at == 0:  # on the first passage: a file's passages are deleted together
            doc.add_text("written", written)
        doc.add_text("source", source)
        doc.add_unsigned("number", number)
        doc.add_unsigned("line", line)
        doc.add_bytes("text", text.encode())
        writer.add_document(doc)


def build_from_corpus(corpus: Corpus, root: Path) -> None:
    """Index an in-memory corpus (the SQuAD evaluation uses this)."""
    path = versioned(root)
    index = _open(path)
    writer = index.writer(WRITER_HEAP)
    by_source: dict[str, list[Passage]] = {}
    for p in corpus.passages:
        by_source.setdefault(p.article.source, []).append(p)
    for source, passages in by_source.items():
        _write(writer, source, *_rows(passages))
    writer.commit()
    writer.wait_merging_threads()
    Manifest(files={a.source: {"article": asdict(a)} for a in corpus.articles}).save(path)


class PersistedEngine:
    """Searches a tantivy index built by ``refresh_index``."""

    def __init__(self, root: Path) -> None:
        self._path = versioned(root)
        self._index = _open(self._path)
        self._schema = _schema()
        self.reload()

    def reload(self) -> None:
        """See the latest committed index and manifest."""
        manifest = Manifest.load(self._path) or Manifest()
        self.articles: Sequence[Article] = manifest.articles()
        self._articles = {a.source: a for a in self.articles}
        self._order = {a.source: i for i, a in enumerate(self.articles)}
        self._index.reload()
        self._searcher = self._index.searcher()
        self._passages: list[Passage] | None = None
        self._terms = _Listed(self._searcher, "terms")
        self._spellings = _Spellings(_Listed(self._searcher, "written"), self.doc_freq)

    @property
    def passages(self) -> Sequence[Passage]:
        """Every passage in article order, read from the index once: only folders small
        enough for the semantic index ask (``bot.library.SEMANTIC_PARAGRAPHS``)."""
        if self._passages is None:
            found = self._searcher.search(tantivy.Query.all_query(), max(self.size, 1))
            passages = [self._passage(address) for _, address in found.hits]
            passages.sort(key=lambda p: (self._order.get(p.article.source, 0), p.number))
            self._passages = passages
        return self._passages

    @property
    def size(self) -> int:
        return int(self._searcher.num_docs)

    @property
    def vocabulary(self) -> Collection[str]:
        return self._terms

    @property
    def spellings(self) -> Mapping[str, str]:
        return self._spellings

    def doc_freq(self, term: str) -> int:
        return int(self._searcher.doc_freq("terms", term))

    def top(self, terms: Sequence[str], limit: int) -> list[tuple[Passage, float]]:
        clauses = [
            (tantivy.Occur.Should, tantivy.Query.term_query(self._schema, "terms", t))
            for t in terms
        ]
        result = self._searcher.search(tantivy.Query.boolean_query(clauses), limit, count=False)
        ranked = [(self._passage(address), float(score)) for score, address in result.hits]
        ranked.sort(key=lambda h: (-h[1], self._order.get(h[0].article.source, 0), h[0].number))
        return ranked

    def around(self, passage: Passage, radius: int) -> list[Passage]:
        in_article = tantivy.Query.term_query(self._schema, "source", passage.article.source)
        found = []
        for number in range(max(1, passage.number - radius), passage.number + radius + 1):
            paragraph = tantivy.Query.term_query(self._schema, "number", number)
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, in_article), (tantivy.Occur.Must, paragraph)]
            )
            hits = self._searcher.search(query, 1, count=False).hits
            if hits:
                found.append(passage if number == passage.number else self._passage(hits[0][1]))
        return found

    def _passage(self, address: tantivy.DocAddress) -> Passage:
        fields = self._searcher.doc(address).to_dict()
        source = str(fields["source"][0])
        article = self._articles.get(source) or Article(source=source, title=source)
        text = bytes(fields["text"][0]).decode()
        return Passage(article, int(fields["number"][0]), int(fields["line"][0]), text)


class _Listed(Collection[str]):
    """A field's terms, read from the index's term dictionary on first use: only a question
    with a word the corpus lacks needs them, and a large index holds hundreds of thousands."""

    def __init__(self, searcher: tantivy.Searcher, field: str) -> None:
        self._searcher = searcher
        self._field = field

    @functools.cached_property
    def _terms(self) -> list[str]:
        return [term for term, _ in self._searcher.terms_with_prefix(self._field, "")]

    def __len__(self) -> int:
        return len(self._terms)

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self._searcher.doc_freq(self._field, term) > 0


class _Spellings(Mapping[str, str]):
    """The words as written, each with its index term, worked out only for the few near a
    typo: stemming every word of a large index would cost a second."""

    def __init__(self, written: _Listed, held: Callable[[str], int]) -> None:
        self._written = written
        self._held = held

    def __getitem__(self, word: str) -> str:
        if word not in self._written:
            raise KeyError(word)
        return held_term(word, self._held)

    def __len__(self) -> int:
        return len(self._written)

    def __iter__(self) -> Iterator[str]:
        return iter(self._written)
