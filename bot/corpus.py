"""The articles: reading a folder into cited, quotable passages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.boilerplate import find_boilerplate
from bot.text import normalize

SUFFIXES = (".txt", ".md")
CATALOG = "catalog.json"
_FIELDS = ("title", "author", "url", "date")
_BYLINE = re.compile(r"^(?:by|written by|author:)\s+(.{1,80})$", re.IGNORECASE)
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_TITLE_WORDS = 20
# A "paragraph" this long is a data dump or a failed extraction, not something to quote:
# it could never be sent in one message, and would dominate the index.
MAX_PARAGRAPH_CHARS = 100_000


class CorpusError(Exception):
    """The folder cannot serve as a corpus (missing, or no quotable passage)."""


@dataclass(frozen=True, slots=True)
class Article:
    """One source file and what is known about who wrote it."""

    source: str  # path relative to the corpus folder, with forward slashes
    title: str
    author: str = ""
    url: str = ""
    date: str = ""
    paragraphs: int = 0  # quotable paragraphs


@dataclass(frozen=True, slots=True)
class Passage:
    """One quotable paragraph, exactly as in its file."""

    article: Article
    number: int  # 1-based among the article's quotable paragraphs, as a reader counts
    line: int  # 1-based line of the file where it starts
    text: str


@dataclass
class Corpus:
    """Everything read from a folder, plus one warning per file that could not be served."""

    articles: list[Article] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def iter_article_files(folder: Path) -> Iterator[Path]:
    """Article files below a folder, in a stable order."""
    for path in sorted(folder.rglob("*")):
        hidden = any(p.startswith(".") for p in path.relative_to(folder).parts)
        if path.suffix.lower() in SUFFIXES and not hidden:
            yield path


def fingerprint(folder: Path) -> frozenset[tuple[str, int, int]]:
    """Name, size and mtime of every article file and the catalog: changes when they do."""
    paths = [*iter_article_files(folder), folder / CATALOG]
    state = set()
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        state.add((path.as_posix(), stat.st_size, stat.st_mtime_ns))
    return frozenset(state)


def read_text(path: Path) -> str:
    """A file's text as UTF-8; raises ValueError naming why it cannot be served."""
    if not path.is_file():
        raise ValueError("not a regular file")
    data = path.read_bytes()
    if b"\x00" in data:
        raise ValueError("binary file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 (byte {error.start})") from None
    # Universal newlines, as open() would give: quotes are compared against this text.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_catalog(folder: Path) -> dict[str, dict[str, str]]:
    """Per-file metadata from the folder's catalog.json, if there is one."""
    path = folder / CATALOG
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CorpusError(f"{path}: unreadable catalog ({error})") from None
    if not isinstance(raw, dict):
        raise CorpusError(f"{path}: the catalog must map file names to metadata")
    return {
        name: {k: str(v) for k, v in meta.items() if k in _FIELDS}
        for name, meta in raw.items()
        if isinstance(meta, dict)
    }


def split_front_matter(text: str) -> tuple[dict[str, str], str, int]:
    """Metadata from a leading ``---`` block of ``key: value`` lines, the rest, lines consumed."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            meta = {}
            for line in lines[1:end]:
                key, sep, value = line.partition(":")
                if sep and key.strip().lower() in _FIELDS:
                    meta[key.strip().lower()] = value.strip().strip("\"'")
            return meta, "\n".join(lines[end + 1 :]), end + 1
    return {}, text, 0


def split_paragraphs(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Paragraphs with their starting line: blank-line separated, else one per line."""
    lines = text.split("\n")
    if all(line.strip() for line in text.strip().split("\n")):
        return [(first_line + i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    paragraphs: list[tuple[int, str]] = []
    start, block = 0, list[str]()
    for i, line in enumerate([*lines, ""]):
        if line.strip():
            start = start if block else first_line + i
            block.append(line)
        elif block:
            paragraphs.append((start, "\n".join(block).strip()))
            block = []
    return paragraphs


def _is_quotable(text: str) -> bool:
    """Headings and rules carry no sentence of the source worth quoting."""
    return any(c.isalnum() for c in text) and not _HEADING.match(text)


def _leading_metadata(paragraphs: list[str], meta: dict[str, str]) -> int:
    """How many leading paragraphs are a title or byline rather than content; fills meta."""
    taken = 0
    for text in paragraphs[:3]:
        heading = _HEADING.match(text)
        byline = _BYLINE.match(text)
        if "title" in meta and normalize(text).strip("# ") == normalize(meta["title"]):
            taken += 1
        elif "title" not in meta and taken == 0 and _looks_like_title(text):
            meta["title"] = heading.group(1) if heading else text
            taken += 1
        elif byline and "\n" not in text:
            meta.setdefault("author", byline.group(1).strip())
            taken += 1
        else:
            break
    return taken


def _looks_like_title(text: str) -> bool:
    return bool(_HEADING.match(text)) or (
        "\n" not in text and len(text.split()) <= _TITLE_WORDS and not text.endswith(".")
    )


def parse_article(
    source: str, text: str, meta: dict[str, str]
) -> tuple[Article, list[Passage], int]:
    """One article's metadata, its quotable passages, and how many were too long to quote."""
    front, body, consumed = split_front_matter(text)
    meta = {**meta, **front}
    found = split_paragraphs(body, first_line=consumed + 1)
    dropped = find_boilerplate([p for _, p in found])
    kept = [(line, p) for i, (line, p) in enumerate(found) if i not in dropped]
    kept = kept[_leading_metadata([p for _, p in kept], meta) :]
    if "title" not in meta:
        meta["title"] = Path(source).stem.replace("_", " ").replace("-", " ")
    quotable = [(line, p) for line, p in kept if _is_quotable(p)]
    fitting = [(line, p) for line, p in quotable if len(p) <= MAX_PARAGRAPH_CHARS]
    article = Article(source=source, paragraphs=len(fitting), **meta)
    passages = [Passage(article, n, line, p) for n, (line, p) in enumerate(fitting, start=1)]
    return article, passages, len(quotable) - len(fitting)


def read_article(
    path: Path, source: str, meta: dict[str, str]
) -> tuple[Article | None, list[Passage], str]:
    """Read one file: its article and passages, and a warning line when not all is served."""
    try:
        text = read_text(path)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        return None, [], f"skipped {source}: {reason}"
    article, passages, too_long = parse_article(source, text, meta)
    long_note = f"{too_long} paragraph(s) over {MAX_PARAGRAPH_CHARS:,} characters"
    if not passages:
        reason = long_note if too_long else "no quotable paragraph"
        return None, [], f"skipped {source}: {reason}"
    return article, passages, f"{source}: left out {long_note}" if too_long else ""


def load_corpus(folder: Path) -> Corpus:
    """Read every article below a folder; unreadable files become warnings, not failures."""
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}")
    catalog = read_catalog(folder)
    corpus = Corpus()
    for path in iter_article_files(folder):
        source = path.relative_to(folder).as_posix()
        article, passages, warning = read_article(path, source, catalog.get(source, {}))
        if warning:
            corpus.warnings.append(warning)
        if article is not None:
            corpus.articles.append(article)
            corpus.passages.extend(passages)
    if not corpus.passages:
        raise CorpusError(f"no quotable passage in {folder}")
    return corpus
