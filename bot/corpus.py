"""The articles: reading a folder into cited, quotable passages."""

from __future__ import annotations

import bisect
import codecs
import functools
import hashlib
import json
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.boilerplate import find_boilerplate, plain
from bot.frontmatter import FIELDS, TITLE_SEPARATOR, split_front_matter
from bot.markup import is_web_address, link_labels, reader_text
from bot.text import normalize

# Read through bot.extract, like pages added by `add`: each suffix's kind and what it is.
_EXTRACTED_KINDS = {
    ".html": ("html", "web page"),
    ".htm": ("html", "web page"),
    ".mhtml": ("mhtml", "saved web page"),
    ".mht": ("mhtml", "saved web page"),
    ".webarchive": ("webarchive", "saved web page"),
    ".pdf": ("pdf", "PDF"),
    ".docx": ("docx", "Word document"),
    ".docm": ("docx", "Word document"),  # macro-enabled: the same text, the macros not run
    ".dotx": ("docx", "Word document"),  # a template: the same package
    ".dotm": ("docx", "Word document"),
    ".doc": ("doc", "Word 97-2003 document"),
    ".odt": ("odt", "OpenDocument text"),
    ".rtf": ("rtf", "Rich Text Format document"),
    ".epub": ("epub", "EPUB book"),
    ".eml": ("eml", "e-mail"),
    ".msg": ("msg", "Outlook e-mail"),
}
EXTRACTED = tuple(_EXTRACTED_KINDS)
# A document is read as what it holds, whatever its name says: programs save RTF as ".doc".
_DOCUMENTS = {"docx", "doc", "odt", "rtf"}
# A saved page and a mail are both MIME messages: read as the name says.
_MESSAGES = {"mhtml", "eml"}
KIND_BY_SUFFIX = {suffix: kind for suffix, (kind, _) in _EXTRACTED_KINDS.items()}
SUFFIXES = (".txt", ".md", *EXTRACTED)
# What a chat's export (.json) or a feed saved from a browser is named.
_EXPORTS_AND_FEEDS = (".xml", ".rss", ".atom", ".json")
KINDS_READ = (
    ".txt, .md, .html, .htm, .mhtml, .mht, .webarchive, .pdf, .docx, .docm, .dotx, .dotm, .doc, "
    ".odt, .rtf, .epub, .eml or .msg"
)
CATALOG = "catalog.json"
INDEX_DIRNAME = ".quotebot"
_BYLINE = re.compile(r"^(?:by|written by|words by|story by|author:)\s+(.{1,80})$", re.IGNORECASE)
# A byline's date after the name: "· March 5, 2024", "| 05.03.2024", ", Feb. 19, 2020 4 AM".
_BYLINE_DATE = re.compile(r"(?:\s+[·|•—–-]|,)\s+((?=[^·|•—–]*\b(?:19|20)\d\d\b)[^·|•—–]{4,40})$")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
# An item of a Markdown list: "- milk", "* step", "3. step".
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s")
# A list whose items stand apart (blank lines between, as HTML extraction writes them) is
# quoted as one passage up to this size; a longer one in pieces of about this size.
LIST_CHARS = 1_000
_TITLE_WORDS = 20
_LEADING = 3  # paragraphs at the top that may be a title or byline
# Dropped, but not as furniture: they do not count toward "most of this file was dropped".
_NOT_DROPPED = ("heading", "fragment", "picture", "title (metadata)", "byline (metadata)")
_PAGE_FOLDER = re.compile(r"[_-](?:files|dateien|fichiers)$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
_QUESTION = re.compile(r"\?[\"'”’»)\]*]*$")
_ASKED_WORDS = 30  # a question is a sentence, not a paragraph that ends in one
_ENDS_SENTENCE = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
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
    site: str = ""
    paragraphs: int = 0  # quotable paragraphs
    # A PDF's extraction: the line each page after the first starts on ("12 40 95").
    page_starts: str = ""
    # A page of several people's posts read whole (``add`` stores each post): how many.
    posts: str = ""

    @property
    def markdown(self) -> bool:
        """Whether the text is Markdown (shown to readers without its markup)."""
        return is_markdown(self.source)

    @property
    def byline(self) -> str:
        """Whose words these are, as a citation names them: the author and the publication
        ("Jon Porter, The Verge"), for a writer's words are also the outlet's; one of them when
        only one is known, or when the author names the site already ("AzerNEWS Staff,
        AzerNEWS")."""
        author, site = self.author, self.site
        if author and site and site.casefold() not in author.casefold():
            return f"{author}, {site}"
        return author or site

    @property
    def extracted(self) -> bool:
        """Whether the text comes from a page or PDF: its line numbers are the extraction's."""
        return self.source.lower().endswith(EXTRACTED)


@dataclass(frozen=True, slots=True)
class Passage:
    """One quotable paragraph, exactly as in its file."""

    article: Article
    number: int  # 1-based among the article's quotable paragraphs, as a reader counts
    line: int  # 1-based line of the file where it starts
    text: str

    @property
    def said(self) -> str:
        """The paragraph's words as a reader reads them, which its words are matched in: a
        Markdown link's or picture's address is no word of it ("[the plans](https://x.example/
        plans)" says "the plans", not "example"). Only a text with a link or picture changes.
        """
        if not self.article.markdown or ("[" not in self.text and "<" not in self.text):
            return self.text
        return reader_text(self.text)

    @property
    def quotation(self) -> bool:
        """Whether the article sets the paragraph apart as a quotation (a Markdown block
        quote, as extraction writes a page's ``<blockquote>``): someone's words it quotes, a
        tweet or a book, not its author's, so the citation says so."""
        if not self.article.markdown:
            return False
        lines = [line for line in self.text.splitlines() if line.strip()]
        said = [line for line in lines if not _HEADING.match(line)]
        return bool(said) and all(line.startswith(">") for line in said)

    @property
    def page(self) -> int | None:
        """The page of a PDF the paragraph starts on, where the reader finds it; None for
        other articles."""
        starts = self.article.page_starts.split()
        if not starts or not all(s.isascii() and s.isdigit() for s in starts):
            return None
        return 1 + bisect.bisect_right([int(s) for s in starts], self.line)


def citation_fields(passage: Passage, where: str = "") -> list[str]:
    """Whose words these are: title, author and publisher, paragraph (or ``where``) and a
    PDF's page, date; "quoted in paragraph 3" for a quotation the article sets apart."""
    article = passage.article
    place = where or f"{'quoted in ' if passage.quotation else ''}paragraph {passage.number}"
    if (page := passage.page) is not None:
        place += f" on page {page}"
    parts = [article.title, article.byline, place, article.date]
    return [p for p in parts if p]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One paragraph of a file: quotable (no reason), or dropped and why."""

    line: int
    text: str
    reason: str = ""


@dataclass
class Corpus:
    """Everything read from a folder, plus one warning per file that could not be served."""

    articles: list[Article] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def iter_article_files(folder: Path, others: list[Path] | None = None) -> Iterator[Path]:
    """Article files below a folder, in a stable order; ``others`` collects the files of
    other kinds, which are not read (hidden ones, the catalog and a saved page's own folder
    left out)."""
    paths = sorted(folder.rglob("*"))
    companions = _page_folders(paths)
    for path in paths:
        if any(p.startswith(".") for p in path.relative_to(folder).parts):
            continue
        if companions and not companions.isdisjoint(path.parents):
            continue
        if path.suffix.lower() in SUFFIXES:
            yield path
        elif others is not None and path.name != CATALOG and path.is_file():
            others.append(path)


def _page_folders(paths: list[Path]) -> set[Path]:
    """The folders a browser saved beside a page ("Web Page, complete"), named for it:
    "Story.html" and "Story_files" (Chrome, Edge, Firefox; "Story-Dateien", "Story_fichiers"
    in German and French Firefox). They hold the page's pictures, scripts and frames (an ad's,
    a widget's HTML, which is no article) and are not read."""
    pages = {(p.parent, p.stem.casefold()) for p in paths if p.suffix.lower() in (".html", ".htm")}
    return {
        path
        for path in paths
        if (found := _PAGE_FOLDER.search(path.name))
        and (path.parent, path.name[: found.start()].casefold()) in pages
        and path.is_dir()
    }


def unread_note(others: list[Path]) -> str:
    """One line on the files a folder holds that are not articles, by kind: a ".docx" folder
    otherwise just finds nothing."""
    if not others:
        return ""
    from bot.extract import file_head
    from bot.feeds import is_feed
    from bot.tgexport import is_export

    kinds = Counter(p.suffix.lower() or "no extension" for p in others)
    listed = ", ".join(f"{count} {kind}" for kind, count in kinds.most_common(5))
    more = ", …" if len(kinds) > 5 else ""
    files = "1 file of another kind" if len(others) == 1 else f"{len(others)} files of other kinds"
    note = f"skipped {files} ({listed}{more}); articles are {KINDS_READ} files"
    # Each file that may be a chat's export or a feed read once, for both questions.
    heads = {p: file_head(p, 65536) for p in others if p.suffix.lower() in _EXPORTS_AND_FEEDS}
    if chats := [p.name for p, head in heads.items() if is_export(head)]:
        note += (
            f"; {', '.join(chats)}: a Telegram export, whose posts are added one by one with "
            "`python -m bot add FILE --url https://t.me/CHANNEL`"
        )
    if feeds := [p.name for p, head in heads.items() if is_feed(head)]:
        note += (
            f"; {', '.join(feeds)}: a site's feed, whose entries are added one by one "
            "with `python -m bot add FILE` (or its address)"
        )
    return note


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


# UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text(path: Path) -> str:
    """A file's text as UTF-8; raises ValueError naming why it cannot be served."""
    if not path.is_file():
        raise ValueError("not a regular file")
    data = path.read_bytes()
    # Windows Notepad's "Unicode" is UTF-16 with a byte-order mark, which names the encoding
    # for certain; any other 8-bit encoding would be a guess, and a guess can misquote.
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8-sig")
    if encoding == "utf-8-sig" and b"\x00" in data:
        raise ValueError("binary file")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        named = "UTF-8" if encoding == "utf-8-sig" else encoding.upper()
        raise ValueError(f"not {named} text at byte {error.start}; save it as UTF-8") from None
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
        name: {k: str(v) for k, v in meta.items() if k in FIELDS}
        for name, meta in raw.items()
        if isinstance(meta, dict)
    }


def split_paragraphs(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Paragraphs with their starting line: blank-line separated, else one per line; within
    a block, an indented first line marks each paragraph when the lines after it stand flush
    (a plain-text book's paragraphs, set without blank lines between)."""
    lines = text.split("\n")
    if all(line.strip() for line in text.strip().split("\n")):
        return [(first_line + i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    paragraphs: list[tuple[int, str]] = []
    start, block = 0, list[str]()
    for i, line in enumerate([*lines, ""]):
        if line.strip():
            start = start if block else first_line + i
            block.append(line)
        elif block and not block[0][:1].isspace():  # most blocks: no first-line indent
            paragraphs.append((start, "\n".join(block).strip()))
            block = []
        elif block:
            for offset, lines_of in _indented(block):
                paragraphs.append((start + offset, "\n".join(lines_of).strip()))
            block = []
    return paragraphs


def _indented(block: list[str]) -> list[tuple[int, list[str]]]:
    """A block of lines split before each indented line, when the first is indented (by a
    tab or up to 8 spaces) and some line after it is not: paragraphs set with a first-line
    indent. Otherwise the block, whole: a list's hanging indent (its first line flush), code
    (every line indented)."""
    starts = [i for i, line in enumerate(block) if line[:1].isspace()]
    first = block[0].expandtabs(8)
    if starts[:1] != [0] or len(starts) == len(block) or len(first) - len(first.lstrip()) > 8:
        return [(0, block)]
    return [(a, block[a:b]) for a, b in zip(starts, [*starts[1:], len(block)], strict=True)]


def _fragment(text: str) -> bool:
    """Two words or fewer that end no sentence: in a PDF's text, a table's cell or a chart's
    label ("Year of", "launch"), which says nothing quoted alone and, being short, outranked
    whole paragraphs. (On a web page such a line may be a ranked list's entry: "100. Ray
    Gillen".)"""
    plain_text = reader_text(text).strip()
    return len(_WORD.findall(plain_text)) <= 2 and not _ENDS_SENTENCE.search(plain_text)


def _is_heading(text: str) -> bool:
    """Headings and rules carry no sentence of the source worth quoting."""
    return not any(c.isalnum() for c in text) or bool(_HEADING.match(text))


def _title_block(text: str, meta: dict[str, str]) -> bool:
    """A leading title, byline, or two-line title-and-byline block; fills ``meta``."""
    lines = text.split("\n")
    # A Markdown heading's title reads without its markup ("# How **ARPANET** began").
    first = reader_text(lines[0]).strip() if _HEADING.match(lines[0]) else lines[0].strip()
    bylines = [_BYLINE.match(plain(line)) for line in lines[1:]]
    if len(lines) > 1 and all(bylines) and _looks_like_title(lines[0]):
        meta.setdefault("title", first)
        _read_byline(lines[1], meta)
        return True
    if len(lines) > 1:
        return False
    if "title" in meta and _same_title(first, meta["title"]):
        return True
    if "title" not in meta and _looks_like_title(text):
        meta["title"] = first
        return True
    return False


def _same_title(first: str, title: str) -> bool:
    """Whether an article's first line is its title: the title whole, or without the site's
    name a page's title ends in ("Bridge approved" under "Bridge approved - Elbe Courier")."""
    said = normalize(first)
    cuts = TITLE_SEPARATOR.finditer(title)
    return said == normalize(title) or any(said == normalize(title[: c.start()]) for c in cuts)


def _read_byline(line: str, meta: dict[str, str]) -> bool:
    """Whether a line is a byline that names someone; its name and any date fill ``meta``
    where it has none: "By Anna Berg · March 5, 2024" is Anna Berg's, of March 5, 2024."""
    match = _BYLINE.match(reader_text(line).strip())
    said = match.group(1).strip() if match else ""
    dated = _BYLINE_DATE.search(said)
    name = said[: dated.start()] if dated else said
    if name:
        meta.setdefault("author", name)
        if dated:
            meta.setdefault("date", dated.group(1))
    return bool(name)


def _names_metadata(text: str, meta: dict[str, str]) -> bool:
    """Whether a paragraph is only the article's author, publisher or date, as a book's title
    page or a page's byline sets them under the title: metadata, not a quote."""
    said = normalize(plain(text))
    return any(said == normalize(meta[key]) for key in ("author", "site", "date") if meta.get(key))


def _looks_like_title(text: str) -> bool:
    return bool(_HEADING.match(text)) or (
        "\n" not in text and len(text.split()) <= _TITLE_WORDS and not text.endswith(".")
    )


def is_markdown(source: str) -> bool:
    """Whether an article file's text is Markdown: all but a ``.txt`` file's."""
    return not source.lower().endswith(".txt")


def inspect_article(
    text: str, meta: dict[str, str], markdown: bool = True
) -> tuple[dict[str, str], list[Candidate]]:
    """Every paragraph of a file, kept or dropped with its reason, and the article's metadata.

    The first paragraphs may be a title and byline (metadata, not quotes); furniture is
    dropped by ``bot.boilerplate``; headings, a PDF's fragments (``_fragment``) and
    paragraphs too long to send are left out.
    """
    front, body, consumed = split_front_matter(text)
    meta = {**meta, **front}
    laid_out = "page_starts" in meta  # a PDF's text, its tables' cells loose
    found = split_paragraphs(body, first_line=consumed + 1)
    dropped = find_boilerplate([link_labels(p) if markdown else p for _, p in found])
    candidates = []
    leading = True
    for i, (line, paragraph) in enumerate(found):
        reason = dropped.get(i, "")
        if leading and reason in ("", "byline") and _names_metadata(paragraph, meta):
            reason = "byline (metadata)"
        elif leading and i < _LEADING and reason in ("", "byline"):
            if "\n" not in paragraph and _read_byline(paragraph, meta):
                reason = "byline (metadata)"
            elif _title_block(paragraph, meta):
                reason = "title (metadata)"
        leading = leading and reason.endswith("(metadata)")
        if not reason and _is_heading(paragraph):
            reason = "heading"
        elif (
            not reason and "![" in paragraph and not any(map(str.isalnum, reader_text(paragraph)))
        ):
            reason = "picture"  # an image's Markdown ("![](…/bridge.jpg)"): no words to quote
        elif not reason and laid_out and _fragment(paragraph):
            reason = "fragment"
        elif not reason and len(paragraph) > MAX_PARAGRAPH_CHARS:
            reason = f"over {MAX_PARAGRAPH_CHARS:,} characters"
        candidates.append(Candidate(line, paragraph, reason))
    lines = text.split("\n")
    return meta, _join_answers(lines, _join_headings(lines, _join_lists(lines, candidates)))


def _join_lists(lines: list[str], candidates: list[Candidate]) -> list[Candidate]:
    """Neighbouring kept items of one list travel together, as one quote, up to LIST_CHARS.

    "- 65mg" alone answers nothing and matches by accident; as part of its list it reads in
    context.
    """

    def same_list(previous: Candidate, candidate: Candidate) -> bool:
        return (
            not previous.reason
            and not candidate.reason
            and bool(_LIST_ITEM.match(previous.text))
            and bool(_LIST_ITEM.match(candidate.text))
            and len(previous.text) + len(candidate.text) <= LIST_CHARS
        )

    return _join(lines, candidates, same_list)


def _join_headings(lines: list[str], candidates: list[Candidate]) -> list[Candidate]:
    """A section heading travels with the paragraph under it, as one quote.

    The heading's words help find the section, and a heading alone answers nothing.
    """

    def under_heading(previous: Candidate, candidate: Candidate) -> bool:
        return (
            previous.reason == "heading" and previous.text.startswith("#") and not candidate.reason
        )

    return _join(lines, candidates, under_heading)


def _join_answers(lines: list[str], candidates: list[Candidate]) -> list[Candidate]:
    """A question on a line of its own travels with the paragraph after it, its answer, as
    one quote: an interview's "Q: …?", a FAQ's question in bold, a riddle.

    The question alone answers nothing, and the answer alone does not say what it answers
    ("With a pumpkin patch.").
    """

    def answered(previous: Candidate, candidate: Candidate) -> bool:
        return (
            not previous.reason
            and not candidate.reason
            and _asks(previous.text)
            and not _asks(candidate.text)
            and not candidate.text.startswith("#")  # the next section, not an answer
        )

    return _join(lines, candidates, answered)


def _asks(text: str) -> bool:
    """Whether a quote ends in a question on a line of its own (under a heading, maybe)."""
    last = text.rsplit("\n\n", 1)[-1].strip()
    said = reader_text(last)
    return "\n" not in last and bool(_QUESTION.search(said)) and len(said.split()) <= _ASKED_WORDS


def _join(
    lines: list[str], candidates: list[Candidate], together: Callable[[Candidate, Candidate], bool]
) -> list[Candidate]:
    """Each candidate merged into the one before when ``together`` says so; the quote then runs
    from the first's line to the last's end exactly as in the file, blank lines included."""
    joined: list[Candidate] = []
    for candidate in candidates:
        if joined and together(joined[-1], candidate):
            first = joined[-1].line
            end = candidate.line + candidate.text.count("\n")
            joined[-1] = Candidate(first, "\n".join(lines[first - 1 : end]).strip())
        else:
            joined.append(candidate)
    return joined


def parse_article(
    source: str, text: str, meta: dict[str, str]
) -> tuple[Article, list[Passage], list[Candidate], str]:
    """One article's metadata, its quotable passages, every candidate paragraph, and the
    address it gives if that is no web address (left out: a link or button could not open
    it, and Telegram refuses a button to one)."""
    meta, candidates = inspect_article(text, meta, is_markdown(source))
    if "title" not in meta:
        meta["title"] = Path(source).stem.replace("_", " ").replace("-", " ")
    unusable = meta.pop("url") if meta.get("url") and not is_web_address(meta["url"]) else ""
    kept = [c for c in candidates if not c.reason]
    article = Article(source=source, paragraphs=len(kept), **meta)
    passages = [Passage(article, n, c.line, c.text) for n, c in enumerate(kept, start=1)]
    return article, passages, candidates, unusable


def read_article(
    path: Path, source: str, meta: dict[str, str], cache: Path | None = None
) -> tuple[Article | None, list[Passage], str]:
    """Read one file: its article and passages, and a warning line when not all is served."""
    article, passages, _, warning = read_candidates(path, source, meta, cache)
    return (article if passages else None), passages, warning


def read_candidates(
    path: Path, source: str, meta: dict[str, str], cache: Path | None = None
) -> tuple[Article | None, list[Passage], list[Candidate], str]:
    """Read one file: its article (None if unreadable), passages, candidates and warning."""
    try:
        text = read_document(path, cache)
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else error
        return None, [], [], f"skipped {source}: {reason}"
    article, passages, candidates, unusable = parse_article(source, text, meta)
    warning = judge(source, passages, candidates)
    if unusable and passages:
        note = f"{source}: url {unusable!r} is no http(s) address, so its quotes link nowhere"
        warning = f"{warning}; {note}" if warning else note
    return article, passages, candidates, warning


def judge(source: str, passages: list[Passage], candidates: list[Candidate]) -> str:
    """The warning for a file that serves nothing, or leaves much out; else ""."""
    too_long = sum(c.reason.startswith("over ") for c in candidates)
    long_note = f"{too_long} paragraph(s) over {MAX_PARAGRAPH_CHARS:,} characters"
    if not passages:
        return f"skipped {source}: {long_note if too_long else 'no quotable paragraph'}"
    if too_long:
        return f"{source}: left out {long_note}"
    notes = []
    if (posts := passages[0].article.posts).isdigit():  # as extraction writes it
        notes.append(
            f"{source}: {posts} posts by several people, read as one article that names none "
            "of them; to cite each as its writer's, add the page with `python -m bot add FILE`"
        )
    furniture = sum(bool(c.reason) and c.reason not in _NOT_DROPPED for c in candidates)
    if furniture > len(passages):
        notes.append(
            f"{source}: {furniture} of {furniture + len(passages)} paragraphs dropped as "
            f"page furniture (see: python -m bot passages {source})"
        )
    return "; ".join(notes)


def read_document(path: Path, cache: Path | None = None) -> str:
    """The text of an article file; a page, PDF, Word or OpenDocument file is extracted to Markdown
    (and cached)."""
    if path.suffix.lower() not in EXTRACTED:
        return read_text(path)
    from bot.extract import (
        ExtractError,
        extract_document,
        extractor_stamp,
        sniff_kind,
        to_markdown,
    )

    if not path.is_file():
        raise ValueError("not a regular file")
    data = path.read_bytes()
    key = hashlib.blake2b(data, digest_size=16).hexdigest()
    cached = cache / f"{extractor_stamp()}-{key}.md" if cache else None
    if cached is not None and cached.is_file():
        return cached.read_text(encoding="utf-8")
    kind = sniff_kind(data)
    expected, name = _EXTRACTED_KINDS[path.suffix.lower()]
    if kind == "mbox":  # each of its mails an article: `add` writes them one a file
        raise ValueError("a mailbox of several e-mails; add it with `python -m bot add FILE`")
    if kind == "telegram":  # many people's posts: read as one page, one article of nobody's
        raise ValueError(
            "a Telegram chat's exported page, whose posts are added one by one with "
            "`python -m bot add FILE --url https://t.me/CHANNEL`"
        )
    if kind is not None and {kind, expected} <= _MESSAGES:
        kind = expected
    if kind is None or (kind != expected and not {kind, expected} <= _DOCUMENTS):
        raise ValueError(f"not {'an' if name[0] in 'AEIOU' else 'a'} {name}")
    try:
        text = to_markdown(extract_document(data, kind))
    except ExtractError as error:
        raise ValueError(str(error)) from None
    if cached is not None:
        write_atomic(cached, text)
    return text


def write_atomic(path: Path, text: str) -> None:
    """Write a file whole or not at all; a cache that cannot be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
        ) as handle:
            handle.write(text)
        Path(handle.name).replace(path)
    except OSError:
        return


def extraction_cache(folder: Path, index_dir: Path | None = None) -> Path:
    """Where pages and PDFs of a folder are kept once extracted, beside its index."""
    path = (index_dir or folder / INDEX_DIRNAME) / "extracted"
    if path.is_dir():
        _drop_older_extractions(path)
    return path


@functools.cache
def _drop_older_extractions(cache: Path) -> None:
    """Delete what an earlier extractor wrote (once a process): no key finds it again, and
    every upgrade would leave a copy of each page's text behind."""
    from bot.extract import extractor_stamp

    current = f"{extractor_stamp()}-"
    try:
        for old in cache.glob("*.md"):
            if not old.name.startswith(current):
                old.unlink(missing_ok=True)
    except OSError:  # a read-only folder: the cache is only bigger
        return


def load_corpus(folder: Path, index_dir: Path | None = None) -> Corpus:
    """Read every article below a folder; unreadable files become warnings, not failures."""
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}")
    catalog = read_catalog(folder)
    cache = extraction_cache(folder, index_dir)
    corpus = Corpus()
    others: list[Path] = []
    for path in iter_article_files(folder, others):
        source = path.relative_to(folder).as_posix()
        article, passages, warning = read_article(path, source, catalog.get(source, {}), cache)
        if warning:
            corpus.warnings.append(warning)
        if article is not None:
            corpus.articles.append(article)
            corpus.passages.extend(passages)
    unread = unread_note(others)
    if not corpus.passages:
        raise CorpusError(nothing_quotable(folder, unread))
    if unread:
        corpus.warnings.append(unread)
    return corpus


def nothing_quotable(folder: Path, unread: str) -> str:
    """The error for a folder without a paragraph to quote, with what it holds instead."""
    return f"no quotable passage in {folder}" + (f"; {unread}" if unread else "")


def inspect_folder(
    folder: Path, index_dir: Path | None = None, only: Path | None = None
) -> Iterator[tuple[Article | None, list[Candidate], str]]:
    """Each article file's candidate paragraphs with what was kept, and its warning line;
    for the whole folder, last, the files of other kinds (``unread_note``) as a warning."""
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}")
    catalog = read_catalog(folder)
    cache = extraction_cache(folder, index_dir)
    others: list[Path] = []
    paths = [only] if only is not None else iter_article_files(folder, others)
    for path in paths:
        source = path.relative_to(folder).as_posix()
        article, _, candidates, warning = read_candidates(
            path, source, catalog.get(source, {}), cache
        )
        yield article, candidates, warning
    if others:
        yield None, [], unread_note(others)
